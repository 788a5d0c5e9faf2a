package repro

import (
	"context"
	"fmt"

	"github.com/stackel/stackel/experiment"
)

// The reproductions without a configuration form (hic-cournot,
// stackelberg-oligopoly, negotiation, fiez-torus) share one shape: a task
// per seed and variant, listed seed-major in <variant>/seed<k>/, whose
// function decodes its parameters and writes its outcome as summary.json,
// and a report that reads every outcome back by variant and seed. The
// helpers below are that shape, once.

// seedTaskJobs lists one task job of kind per seed 0…seeds−1 and variant
// (seed-major: every variant of seed 0 first), variant i in
// names[i]/seed<k>/ with parameters params(i) and, when labels is not nil,
// labels(i).
func seedTaskJobs(kind string, seeds int, names []string, params func(i int) any, labels func(i int) map[string]string) ([]experiment.Job, error) {
	var jobs []experiment.Job
	for seed := 0; seed < seeds; seed++ {
		for i, name := range names {
			j, err := experiment.NewTaskJob(kind, params(i), uint64(seed), fmt.Sprintf("%s/seed%d", name, seed))
			if err != nil {
				return nil, err
			}
			if labels != nil {
				j.Labels = labels(i)
			}
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// readSeedSummaries decodes the summary.json of every finished job of a
// seed-major list (seedTaskJobs with these names) into out[variant][seed].
// An error names the seed and the variant.
func readSeedSummaries[T any](root string, jobs []experiment.Job, names []string) ([][]T, error) {
	out := make([][]T, len(names))
	seeds := len(jobs) / max(1, len(names))
	for i := range out {
		out[i] = make([]T, seeds)
	}
	for k, j := range jobs {
		seed, i := k/len(names), k%len(names)
		if err := readTaskSummary(root, j, &out[i][seed]); err != nil {
			return nil, fmt.Errorf("seed %d, %s: %w", seed, names[i], err)
		}
	}
	return out, nil
}

// summaryTask makes the function of a task whose parameters are a P
// (registered with experiment.RegisterTypedTask, which decodes them
// strictly): run computes the outcome, which is written as the job's
// summary.json.
func summaryTask[P any](run func(ctx context.Context, p P, seed uint64) (any, error)) func(context.Context, P, uint64, string, experiment.ProgressFunc) error {
	return func(ctx context.Context, p P, seed uint64, out string, _ experiment.ProgressFunc) error {
		res, err := run(ctx, p, seed)
		if err != nil {
			return err
		}
		return experiment.WriteJSON(out, experiment.SummaryFile, res)
	}
}

// planSeeds is a reproduction's number of seeds: opt.Seeds when given,
// else quick for a --quick run and full otherwise.
func planSeeds(opt Options, full, quick int) int {
	switch {
	case opt.Seeds > 0:
		return opt.Seeds
	case opt.Quick:
		return quick
	}
	return full
}
