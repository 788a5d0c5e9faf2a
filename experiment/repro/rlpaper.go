package repro

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// The settings Zheng et al. state for their Fig. 3 (Section 5 and
// Appendix E), which an RL reproduction's report compares its own with.
var (
	// zhengOnPolicyHidden and zhengOffPolicyHidden are the networks of
	// AC/STAC (64×32 tanh) and of DDPG, SAC and their Stackelberg versions
	// (256×256 relu).
	zhengOnPolicyHidden  = []int{64, 32}
	zhengOffPolicyHidden = []int{256, 256}
)

const (
	// zhengBatchSteps are AC/STAC's environment steps per batch (epoch).
	zhengBatchSteps = 4000
	// zhengMiniBatch is the off-policy algorithms' Adam mini-batch.
	zhengMiniBatch = 100
	// zhengTestEvery and zhengTestEpisodes: the off-policy algorithms are
	// tested every 10 000 steps on ten episodes without action noise.
	zhengTestEvery, zhengTestEpisodes = 10000, 10
	// zhengLambdaDiscrete and zhengLambdaContinuous are the Hessian
	// regularisation λ on CartPole and on the continuous tasks.
	zhengLambdaDiscrete, zhengLambdaContinuous = 0.0, 500.0
)

// paperNotePrefix begins the note of paperSettingsNote.
const paperNotePrefix = "Against the paper (Zheng et al., Section 5 and Appendix E): "

// zhengLambda is the paper's λ for the task envName: 0 on CartPole (its
// one discrete task), 500 on the others.
func zhengLambda(envName string) float64 {
	if strings.HasPrefix(envName, "CartPole") {
		return zhengLambdaDiscrete
	}
	return zhengLambdaContinuous
}

// zhengTask reports whether envName is one of the kinds of task of the
// paper's Fig. 3: CartPole and the MuJoCo locomotion tasks.
func zhengTask(envName string) bool {
	for _, p := range []string{"CartPole", "Hopper", "HalfCheetah", "Walker2d", "Ant"} {
		if strings.HasPrefix(envName, p) {
			return true
		}
	}
	return false
}

// paperSettingsNote says, for the report of r's variants run on seeds
// seeds, of which at most finished finished for any variant (the count
// that decides, as in bandNote, whether the curves have a band), with
// threshold th, which of the settings Zheng et al. state for
// Fig. 3 (Section 5, Appendix E) the runs share, which they change, and
// which are the reproduction's own because the paper states none (step
// sizes, seeds, length, threshold, bands, ...) and which of those it takes
// from the authors' code instead (r.FromAuthors). It is built from the runs' resolved
// configurations, so a --quick, --steps or --seeds run says what it
// changes too.
//
// Every RL reproduction's report.md carries it as the last note under its
// first table, beginning with paperNotePrefix.
func paperSettingsNote(r rlRepro, variants []rlVariant, seeds, finished int, th experiment.RLThreshold) (string, error) {
	cfgs := make([]agent.Config, len(variants))
	for i, v := range variants {
		c, err := experiment.RLAgentConfig(v.RL, 1)
		if err != nil {
			return "", err
		}
		cfgs[i] = c
	}
	var same, differ, unstated []string
	c0 := cfgs[0]
	net := func(c agent.Config) string {
		var w []string
		for _, h := range c.Hidden {
			w = append(w, strconv.Itoa(h))
		}
		return strings.Join(w, "×") + " " + c.Activation.String()
	}
	lambdas := map[float64]bool{}
	for _, c := range cfgs {
		if c.Algo.Stackelberg() {
			lambdas[c.CG.Lambda] = true
		}
	}
	wantLambda := zhengLambda(r.Env)
	switch {
	case len(lambdas) == 0:
	case len(lambdas) == 1 && lambdas[wantLambda]:
		same = append(same, "the Hessian regularisation λ = "+paperNum(wantLambda))
	default:
		var ls []string
		for l := range lambdas {
			ls = append(ls, paperNum(l))
		}
		slices.Sort(ls)
		differ = append(differ, fmt.Sprintf("λ = %s (the paper: %s on this task)", strings.Join(ls, ", "), paperNum(wantLambda)))
	}
	if c0.Algo.OnPolicy() {
		if slices.Equal(c0.Hidden, zhengOnPolicyHidden) && c0.Activation.String() == "tanh" {
			same = append(same, "networks 64×32 tanh")
		} else {
			differ = append(differ, fmt.Sprintf("networks %s (the paper: 64×32 tanh)", net(c0)))
		}
		if c0.StepsPerEpoch == zhengBatchSteps {
			same = append(same, "batches of 4000 environment steps")
		} else {
			differ = append(differ, fmt.Sprintf("batches of %s environment steps (the paper: 4000)", paperNum(float64(c0.StepsPerEpoch))))
		}
		if c0.Optimizer == "sgd" {
			same = append(same, "plain gradient steps")
		} else {
			differ = append(differ, fmt.Sprintf("optimizer %s (the paper: plain gradient steps)", optimizerText(c0.Optimizer)))
		}
		same = append(same, "GAE advantages, a Monte Carlo critic", "the statistic: the average return of each batch's training episodes")
		for i, c := range cfgs {
			if c.GradNoise > 0 {
				differ = append(differ, fmt.Sprintf("%s: Gaussian gradient noise σ = %g (the authors' code, not the paper)", variants[i].Label, c.GradNoise))
			}
			if c.Mixed == agent.MixedAuthors {
				differ = append(differ, fmt.Sprintf("%s: the mixed term of the authors' code, not Theorem 1's", variants[i].Label))
			}
		}
		unstated = append(unstated, spinningUp([]spinUpSetting{
			{"γ = ", c0.Gamma, 0.99, ""}, {" and GAE's λ = ", c0.Lam, 0.97, ""},
		}))
	} else {
		if slices.Equal(c0.Hidden, zhengOffPolicyHidden) && c0.Activation.String() == "relu" {
			same = append(same, "networks 256×256 relu")
		} else {
			differ = append(differ, fmt.Sprintf("networks %s (the paper: 256×256 relu)", net(c0)))
		}
		if c0.Optimizer == "adam" && c0.BatchSize == zhengMiniBatch {
			same = append(same, "Adam on mini-batches of 100")
		} else {
			differ = append(differ, fmt.Sprintf("%s on mini-batches of %d (the paper: Adam on mini-batches of 100)", optimizerText(c0.Optimizer), c0.BatchSize))
		}
		policy := "the deterministic policy"
		if strings.HasSuffix(string(c0.Algo), "sac") {
			policy = "the mean policy"
		}
		same = append(same, fmt.Sprintf("the statistic: the test return of %s without action noise", policy))
		if c0.TestEpisodes == zhengTestEpisodes {
			same = append(same, "10 test episodes")
		} else {
			differ = append(differ, fmt.Sprintf("%d test episodes (the paper: 10)", c0.TestEpisodes))
		}
		if c0.StepsPerEpoch == zhengTestEvery {
			same = append(same, "a test every 10 000 steps")
		} else {
			differ = append(differ, fmt.Sprintf("a test every %s steps (the paper: every 10 000)", paperNum(float64(c0.StepsPerEpoch))))
		}
		settings := []spinUpSetting{
			{"γ = ", c0.Gamma, 0.99, ""},
			{", a replay buffer of ", float64(c0.ReplaySize), 1e6, ""},
			{", ", float64(c0.StartSteps), 10000, " steps of random actions"},
			{", updates from step ", float64(c0.UpdateAfter), 1000, ""},
			{" in bursts every ", float64(c0.UpdateEvery), 50, " steps"},
			{", Polyak ρ = ", c0.Polyak, 0.995, ""},
		}
		if strings.HasSuffix(string(c0.Algo), "ddpg") {
			settings = append(settings, spinUpSetting{", action noise ", c0.ActNoise, 0.1, ""})
		} else {
			settings = append(settings, spinUpSetting{", entropy coefficient η = ", c0.Alpha, 0.2, ""})
		}
		unstated = append(unstated, spinningUp(settings))
	}
	// Settings taken from the authors' code (r.FromAuthors) are said
	// apart from the reproduction's own.
	var authors []string
	switch {
	case !zhengTask(r.Env):
		differ = append(differ, fmt.Sprintf("the task: %s is not one of the paper's (CartPole and MuJoCo tasks)", r.Env))
	case slices.Contains(r.FromAuthors, authorsTask):
		authors = append(authors, fmt.Sprintf("the task's version (%s)", r.Env))
	default:
		unstated = append(unstated, fmt.Sprintf("the task's version (%s)", r.Env))
	}
	// own and fromAuthors split the variants by whose step key is: the
	// authors' code's where the variant sets key and r says it takes key
	// from there.
	split := func(key string) (own, fromAuthors []int) {
		for i, v := range variants {
			if _, set := v.RL.Extra[key]; set && slices.Contains(r.FromAuthors, key) {
				fromAuthors = append(fromAuthors, i)
			} else {
				own = append(own, i)
			}
		}
		return own, fromAuthors
	}
	// stepText writes the steps of the variants idx: a value alone when
	// they share it and are every variant or the rest (not named), else
	// each value (in the variants' order) followed by the variants that
	// have it.
	stepText := func(who string, idx []int, named bool, step func(agent.Config) float64) string {
		labels := map[float64][]string{}
		var order []float64
		for _, i := range idx {
			lr := step(cfgs[i])
			if _, ok := labels[lr]; !ok {
				order = append(order, lr)
			}
			labels[lr] = append(labels[lr], variants[i].Label)
		}
		if len(order) == 1 && (len(idx) == len(variants) || !named) {
			return fmt.Sprintf("the %s's step %g", who, order[0])
		}
		var parts []string
		for _, lr := range order {
			parts = append(parts, fmt.Sprintf("%g (%s)", lr, strings.Join(labels[lr], ", ")))
		}
		if len(order) == 1 {
			return fmt.Sprintf("the %s's step %s", who, parts[0])
		}
		return fmt.Sprintf("the %s's steps %s", who, strings.Join(parts, ", "))
	}
	actorLR := func(c agent.Config) float64 { return c.ActorLR }
	criticLR := func(c agent.Config) float64 { return c.CriticLR }
	ownActor, authorsActor := split("actor_lr")
	ownCritic, authorsCritic := split("critic_lr")
	for _, s := range []struct {
		to    *[]string
		who   string
		idx   []int
		named bool
		step  func(agent.Config) float64
	}{
		{&unstated, "actor", ownActor, false, actorLR}, {&authors, "actor", authorsActor, true, actorLR},
		{&unstated, "critic", ownCritic, false, criticLR}, {&authors, "critic", authorsCritic, true, criticLR},
	} {
		if len(s.idx) > 0 {
			*s.to = append(*s.to, stepText(s.who, s.idx, s.named, s.step))
		}
	}
	// Step sizes: the paper gives none, and asks for equal ones between a
	// Stackelberg algorithm and its plain counterpart.
	actor := map[float64]bool{}
	for _, c := range cfgs {
		actor[c.ActorLR] = true
	}
	if len(actor) > 1 {
		// Whose steps: stackel's default for the algorithm, or one a
		// variant sets (stac-cartpole-ablations' steps 0.1 / 0.01).
		var own []string
		for i, v := range variants {
			d, err := experiment.RLAgentConfig(experiment.RLConfig{Env: v.RL.Env, Algo: v.RL.Algo}, 1)
			if err != nil {
				return "", err
			}
			if cfgs[i].ActorLR != d.ActorLR {
				own = append(own, v.Label)
			}
		}
		whose := "stackel's per-algorithm defaults"
		switch {
		case len(own) == len(variants):
			whose = "the variants' own steps"
		case len(own) > 0:
			whose += ", but for the step " + strings.Join(own, ", ") + " sets"
		}
		differ = append(differ, "the actor's step is not the same for every algorithm, where Section 5 sets the actor's and critic's hyper-parameters equal "+
			"between a Stackelberg algorithm and its plain counterpart ("+whose+"; the README's Reinforcement-learning results say why)")
	}
	if len(lambdas) > 0 {
		unstated = append(unstated, fmt.Sprintf("%d conjugate-gradient iterations", c0.CG.Iters))
	}
	unstated = append(unstated, seedCount(seeds), paperNum(float64(c0.Steps))+" steps per run")
	if th.Value == th.Value { // not NaN
		unstated = append(unstated, "the threshold "+paperNum(th.Value))
	}
	switch { // MeanBand's band of one run has no width
	case seeds == 1:
		unstated = append(unstated, "no band about the curves (one seed; the paper does not say what its shaded regions show)")
	case finished == 0:
		unstated = append(unstated, "no curves yet (no run has finished; the paper does not say what its shaded regions show)")
	case finished == 1:
		unstated = append(unstated, "no band about the curves (one finished run per variant; the paper does not say what its shaded regions show)")
	default:
		unstated = append(unstated, "the curves' band (one standard deviation here; the paper does not say what its shaded regions show)")
	}
	note := paperNotePrefix + "as there, " + strings.Join(same, ", ") + "."
	if len(differ) > 0 {
		note += " Unlike the paper: " + strings.Join(differ, "; ") + "."
	}
	note += " Not stated by the paper (the reproduction's own settings): " + strings.Join(unstated, "; ") + "."
	if len(authors) > 0 {
		note += " From the authors' code (not stated by the paper; the README's CartPole as in the authors' code (issue 16)): " + strings.Join(authors, "; ") + "."
	}
	return note, nil
}

// authorsTask in rlRepro.FromAuthors says that the reproduction's task
// (its Env) is the one of the authors' code.
const authorsTask = "task"

// optimizerText names an optimizer (agent.Config.Optimizer) as the note
// writes it: Adam, or plain gradient steps for sgd (Appendix E's "vanilla
// gradient descent").
func optimizerText(o string) string {
	switch o {
	case "adam":
		return "Adam"
	case "sgd":
		return "plain gradient steps"
	}
	return o
}

// spinUpSetting is one of the settings the paper leaves to Spinning Up:
// its text (before and after the value), the run's value and Spinning
// Up's default.
type spinUpSetting struct {
	before     string
	value, def float64
	after      string
}

// spinningUp writes settings one after another (each begins with its
// separator), saying that they are Spinning
// Up's defaults only where they are: a value that differs (a --quick run's
// 200 steps of random actions) is followed by Spinning Up's.
func spinningUp(settings []spinUpSetting) string {
	var parts []string
	allDefault := true
	for _, s := range settings {
		p := s.before + paperNum(s.value) + s.after
		if s.value != s.def {
			allDefault = false
			p += " (Spinning Up: " + paperNum(s.def) + ")"
		}
		parts = append(parts, p)
	}
	text := strings.Join(parts, "")
	if allDefault {
		return text + " (Spinning Up's defaults)"
	}
	return text + " (otherwise Spinning Up's defaults)"
}

// paperNum writes x for the note: an integer of five or more digits in
// groups of three separated by spaces (1 000 000, as the note's "every
// 10 000 steps"), a negative number with a minus sign (−200), anything
// else as %g.
func paperNum(x float64) string {
	sign := ""
	if x < 0 {
		sign, x = "−", -x
	}
	if x != math.Trunc(x) || x >= 1e15 {
		return sign + strconv.FormatFloat(x, 'g', -1, 64)
	}
	d := strconv.FormatFloat(x, 'f', 0, 64)
	if len(d) < 5 {
		return sign + d
	}
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}
