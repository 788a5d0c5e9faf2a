package repro

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/learn/uncoupled"
)

// The search for schedules under which the roles of Algorithm 2 settle
// (issue 16): the three games of `negotiation`, each under a few meta-step
// scales and horizons, 8 seeds each, reporting the roles every seed ends
// in. The README's claims on which schedules settle which game are this
// reproduction's table.
func init() {
	Register(Reproduction{
		Name: "negotiation-schedules",
		Description: "Loftin et al. Algorithm 2: which meta steps β_n and horizons make the roles of `negotiation` settle on each game " +
			"(κ = 0.3, τ = 20000 stages; β × 1, × 10 over 200 meta-intervals, × 10, × 3, × 1 over 1000, × 3 over 3000), 8 seeds",
		Jobs:     negotiationScheduleJobs,
		Report:   reportNegotiationSchedules,
		Variants: negotiationScheduleSlugs(),
		// A failed seed is left out of its game's row only, with one
		// schedule (seed-major) as with several.
		MarksFailed: true,
		QuickSettings: func(opt Options) string {
			return quickSettings("a fiftieth of each schedule's meta-intervals (at least 4)", quickSeeds(opt, 8, 2))
		},
	})
}

// negotiationSchedule is one schedule of the search: the games' meta steps
// β scaled by Scale over Meta meta-intervals of τ = 20000 stages; κ_n and
// τ_n stay those of NegotiationConfig (κ = 0.3 constant).
type negotiationSchedule struct {
	Slug  string
	Scale float64
	Meta  int
}

// negotiationSchedules are the schedules searched, in the README's order.
// The first is the `negotiation` reproduction itself (its seeds 0–7 are
// the same tasks, with the same job IDs).
var negotiationSchedules = []negotiationSchedule{
	{"beta1-meta200", 1, 200},
	{"beta10-meta200", 10, 200},
	{"beta10-meta1000", 10, 1000},
	{"beta3-meta1000", 3, 1000},
	{"beta1-meta1000", 1, 1000},
	{"beta3-meta3000", 3, 3000},
}

// negotiationSettled are the roles (player 1/player 2, as roleOf names
// them) each game should settle in: what its payoffs predict.
var negotiationSettled = map[string]string{"cournot": "lead/lead", "cooperative": "follow/follow", "same-leader": "lead/follow"}

func negotiationScheduleSlugs() []string {
	var s []string
	for _, sc := range negotiationSchedules {
		s = append(s, sc.Slug)
	}
	return s
}

// negotiationSchedulePlan returns the schedules (those of --variants, if
// given) and the number of seeds: 8, or with --quick 2 seeds and a fiftieth
// of each horizon (at least 4 meta-intervals).
func negotiationSchedulePlan(opt Options) ([]negotiationSchedule, int) {
	seeds := planSeeds(opt, 8, 2)
	var out []negotiationSchedule
	for _, sc := range negotiationSchedules {
		if len(opt.Variants) > 0 && !slices.Contains(opt.Variants, sc.Slug) {
			continue
		}
		if opt.Quick {
			sc.Meta = max(4, sc.Meta/50)
		}
		out = append(out, sc)
	}
	return out, seeds
}

// negotiationScheduleJobs lists one negotiation task per schedule, seed
// and game, in <schedule>/<game>/seed<k>/ (seed-major within a schedule).
func negotiationScheduleJobs(opt Options) ([]experiment.Job, error) {
	scheds, seeds := negotiationSchedulePlan(opt)
	games := negotiationGames()
	var jobs []experiment.Job
	for _, sc := range scheds {
		scale := sc.Scale
		if scale == 1 {
			scale = 0 // omitted: the default task of `negotiation`
		}
		js, err := seedTaskJobs(negotiationTaskKind, seeds, scheduleGameNames(sc, games),
			func(i int) any { return negotiationTask{Game: games[i].name, Meta: sc.Meta, BetaScale: scale} },
			func(i int) map[string]string { return map[string]string{"schedule": sc.Slug, "game": games[i].name} })
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, js...)
	}
	return jobs, nil
}

// scheduleGameNames are the job directories <schedule>/<game> of one
// schedule, in the order of games.
func scheduleGameNames(sc negotiationSchedule, games []negotiationGame) []string {
	names := make([]string, len(games))
	for i, ng := range games {
		names[i] = sc.Slug + "/" + ng.name
	}
	return names
}

// negotiationScheduleFigureNames are the figures reportNegotiationSchedules
// can draw, <schedule>_<game> for every schedule (whichever the options
// select) and game (resetReport).
func negotiationScheduleFigureNames() []string {
	var names []string
	for _, sc := range negotiationSchedules {
		for _, ng := range negotiationGames() {
			names = append(names, sc.Slug+"_"+ng.name)
		}
	}
	return names
}

// reportNegotiationSchedules tabulates, per schedule and game, the roles
// the seeds end in and how many end in the game's predicted roles, and
// draws the lead probabilities of each (mean ± s.e. over seeds). A
// failed run is left out of its row, which counts the seeds that finished
// and names the failed ones ("failed: seed k (error)").
func reportNegotiationSchedules(_ context.Context, opt Options, jobs []experiment.Job) error {
	scheds, seeds := negotiationSchedulePlan(opt)
	games := negotiationGames()
	if len(jobs) != len(scheds)*seeds*len(games) {
		return fmt.Errorf("negotiation-schedules: %d jobs for %d schedules × %d seeds × %d games", len(jobs), len(scheds), seeds, len(games))
	}
	resetReport(opt.Out, negotiationScheduleFigureNames()...)
	t := Table{
		Title: fmt.Sprintf("Role negotiation under other schedules (κ = 0.3, τ = 20000 stages; %s): roles at the end, player 1/player 2", seedCount(seeds)),
		Header: []string{"schedule", "β scale", "meta-intervals", "game", "β", "settled in the predicted roles", "roles at the end (seeds)",
			"P(1 leads) at the end (mean ± sd)", "P(2 leads) at the end (mean ± sd)"},
		Notes: []string{
			"Roles: lead if sin²w > 0.95, follow if < 0.05, else mixed. Predicted: Cournot lead/lead, cooperative follow/follow, " +
				"same-leader (both prefer player 1 to lead) lead/follow. P: mean ± sd over seeds.",
			"Figures <schedule>_<game>.png: both lead probabilities, mean ± one standard error over seeds.",
			spreadRule,
		},
	}
	if note := sharedScheduleNote(opt, scheds, seeds); note != "" {
		t.Notes = append(t.Notes, note)
	}
	result := map[string]any{"seeds": seeds, "tau": 20000, "kappa": 0.3}
	per := seeds * len(games)
	errs := failedRuns(opt.Out, jobs)
	for n, sc := range scheds {
		// runs[i]: game i's seeds that finished; lost[i]: those that
		// failed, "seed k (error)", left out of its row and figure.
		runs := make([][]uncoupled.NegotiationResult, len(games))
		lost := make([][]string, len(games))
		for k, j := range jobs[n*per : (n+1)*per] {
			seed, i := k/len(games), k%len(games)
			if e, ok := errs[j.ID]; ok {
				lost[i] = append(lost[i], fmt.Sprintf("seed %d (%s)", seed, e))
				continue
			}
			var r uncoupled.NegotiationResult
			if err := readTaskSummary(opt.Out, j, &r); err != nil {
				return fmt.Errorf("seed %d, %s: %w", seed, scheduleGameNames(sc, games)[i], err)
			}
			if err := checkNegotiationRun(r, sc.Meta); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(opt.Out, j.Out, experiment.SummaryFile), err)
			}
			runs[i] = append(runs[i], r)
		}
		sres := map[string]any{"beta_scale": sc.Scale, "meta_intervals": sc.Meta}
		for i, ng := range games {
			want := negotiationSettled[ng.name]
			failedNote := "failed: " + strings.Join(lost[i], ", ")
			if len(runs[i]) == 0 {
				t.Add(sc.Slug, sc.Scale, sc.Meta, ng.name, ng.beta*sc.Scale, fmt.Sprintf("0/0 (%s)", want), failedNote, "—", "—")
				sres[ng.name] = map[string]any{"beta": ng.beta * sc.Scale, "predicted": want, "seeds_reported": 0, "failed": lost[i]}
				continue
			}
			outcomes := map[string]int{}
			var p1, p2 []float64
			for _, r := range runs[i] {
				last := r.Steps[len(r.Steps)-1]
				outcomes[roleOf(last.P[0])+"/"+roleOf(last.P[1])]++
				p1, p2 = append(p1, last.P[0]), append(p2, last.P[1])
			}
			roles := countList(outcomes)
			res := map[string]any{"beta": ng.beta * sc.Scale, "final_roles": outcomes, "settled": outcomes[want], "predicted": want}
			if len(lost[i]) > 0 {
				roles += "; " + failedNote
				res["seeds_reported"], res["failed"] = len(runs[i]), lost[i]
			}
			t.Add(sc.Slug, sc.Scale, sc.Meta, ng.name, ng.beta*sc.Scale, fmt.Sprintf("%d/%d (%s)", outcomes[want], len(runs[i]), want),
				roles, pm(p1), pm(p2))
			sres[ng.name] = res
			if err := negotiationFigure(filepath.Join(opt.Out, sc.Slug+"_"+ng.name), fmt.Sprintf("%s, β × %g, %d meta-intervals", ng.short, sc.Scale, sc.Meta), runs[i]); err != nil {
				return err
			}
		}
		result[sc.Slug] = sres
	}
	if errs != nil {
		t.Notes = append(t.Notes, fmt.Sprintf("Failed runs: %d; a row with one counts only its seeds that finished (\"settled\" k/n of those n), "+
			"names the failed ones under the roles, and its figure is of the seeds that finished (none drawn when every seed failed); "+
			"results.json gives such a game \"seeds_reported\" and \"failed\".", len(errs)))
	}
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	return experiment.WriteJSON(opt.Out, "results.json", result)
}

// sharedScheduleNote says which runs of schedule beta1-meta200 are those of
// the `negotiation` reproduction (the same tasks: seeds 0…seeds−1 of a run
// of full length), or, with --quick, that they are not (the quick schedule
// is shorter than `negotiation --quick`); "" when the schedule is not
// among scheds (--variants).
func sharedScheduleNote(opt Options, scheds []negotiationSchedule, seeds int) string {
	i := slices.IndexFunc(scheds, func(sc negotiationSchedule) bool { return sc.Slug == "beta1-meta200" })
	if i < 0 {
		return ""
	}
	if _, meta := negotiationPlan(opt); scheds[i].Meta != meta {
		return fmt.Sprintf("Schedule beta1-meta200 runs %d meta-intervals here (quick), not the %d of `negotiation` with the same options: "+
			"its runs are not that reproduction's.", scheds[i].Meta, meta)
	}
	if seeds == 1 {
		return "Schedule beta1-meta200 is the `negotiation` reproduction (its seed 0: the same runs)."
	}
	return fmt.Sprintf("Schedule beta1-meta200 is the `negotiation` reproduction (its seeds 0–%d: the same runs).", seeds-1)
}
