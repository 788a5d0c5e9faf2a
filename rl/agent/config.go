package agent

import (
	"fmt"
	"math"
	"strings"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
)

// Algo names an actor-critic algorithm.
type Algo string

// The algorithms: the plain actor-critic methods of Section 3.3 and their
// Stackelberg versions of Section 4.
const (
	AC     Algo = "ac"     // on-policy actor-critic, Eq. 2–6, GAE advantages
	STAC   Algo = "stac"   // Stackelberg AC: actor leads with Eq. 15, ∇θL by Prop. 1
	DDPG   Algo = "ddpg"   // Eq. 7–8
	STDDPG Algo = "stddpg" // Stackelberg DDPG: Eq. 11–12 (actor leads) or 13–14 (critic leads)
	SAC    Algo = "sac"    // Eq. 9–10, twin Q, fixed entropy coefficient
	STSAC  Algo = "stsac"  // Stackelberg SAC
)

// OnPolicy reports whether the algorithm is AC or STAC.
func (a Algo) OnPolicy() bool { return a == AC || a == STAC }

// Stackelberg reports whether the leader follows a total derivative.
func (a Algo) Stackelberg() bool { return a == STAC || a == STDDPG || a == STSAC }

// Leader is the player that follows the total derivative.
type Leader string

// Leader designations (Section 4.1): actor leads (AL) or critic leads (CL).
const (
	ActorLeads  Leader = "actor"
	CriticLeads Leader = "critic"
)

// MixedEstimator names an estimator of STAC's mixed term ∇wθL·z in the
// total derivative of Eq. 15.
type MixedEstimator string

// The estimators of the mixed term.
const (
	// MixedTheorem1 is the paper's estimator (Theorem 1, Proposition 1 with
	// every visited state as a start state; ∇wJ from J = E[r + γV_w(s')]),
	// see onPolicy.stackelbergCorrection. It is the zero value.
	MixedTheorem1 MixedEstimator = ""
	// MixedAuthors is the estimator of the authors' public code: ∇wJ is
	// the gradient of the mean of V_w over the batch's states, and the
	// mixed term is the θ-derivative of the surrogate
	// 2·mean_t(log π(a_t|s_t) Â_t)·(R̂_0 − V_w(s_0)) built from the first
	// sample's residual only. Its product with z is
	// −2(∇wV_w(s_0)·z)·∇θJ, so the "total derivative" it gives is the
	// individual gradient rescaled by the scalar 1 + 2∇wV_w(s_0)·z: it
	// never changes the gradient's direction.
	MixedAuthors MixedEstimator = "authors"
)

// String returns "theorem1" or "authors".
func (m MixedEstimator) String() string {
	if m == MixedTheorem1 {
		return "theorem1"
	}
	return string(m)
}

// ParseMixedEstimator parses "theorem1" or "authors".
func ParseMixedEstimator(s string) (MixedEstimator, error) {
	switch strings.ToLower(s) {
	case "theorem1":
		return MixedTheorem1, nil
	case "authors":
		return MixedAuthors, nil
	}
	return "", fmt.Errorf("%s; want theorem1 (the paper's Theorem 1) or authors (the authors' code)", safeyaml.ValueText(s))
}

// HessianPrecision selects the element type of the follower's
// Hessian–vector products (the CG solve of the total derivative and the
// Lanczos diagnostics) and of the total derivative's mixed product.
type HessianPrecision string

// The Hessian precisions.
const (
	// HessianAuto, the zero value, is float64 when λ can reach 0 (CG.Lambda
	// = 0, or a decay to a floor of 0) and Config.DType otherwise. Without
	// regularisation the follower Hessian is indefinite and has
	// eigenvalues near 0 (the Lanczos estimates on CartPole's critic
	// span −50…50), so the ten CG steps amplify the products' rounding by
	// its condition number: at the same network state and batch, float32
	// products move the solution z = H⁻¹∇wJ by 10–1100 % on most epochs
	// of a STAC run after the first ten, and the total derivative by more
	// than 1 % on a quarter of them; with float64 products (the networks'
	// other passes in float32) it stays within a median 10⁻⁶ of the
	// all-float64 one. With
	// λ = 500 (Appendix E's continuous tasks) H + λI is well conditioned
	// and float32 products suffice.
	HessianAuto HessianPrecision = ""
	// HessianFloat32 computes the products in float32.
	HessianFloat32 HessianPrecision = "float32"
	// HessianFloat64 computes the products in float64.
	HessianFloat64 HessianPrecision = "float64"
)

// String returns "auto", "float32" or "float64".
func (h HessianPrecision) String() string {
	if h == HessianAuto {
		return "auto"
	}
	return string(h)
}

// ParseHessianPrecision parses "auto", "float32" or "float64".
func ParseHessianPrecision(s string) (HessianPrecision, error) {
	switch h := HessianPrecision(strings.ToLower(s)); h {
	case "auto":
		return HessianAuto, nil
	case HessianFloat32, HessianFloat64:
		return h, nil
	}
	return "", fmt.Errorf("%s; want auto, float32 or float64", safeyaml.ValueText(s))
}

// CG configures the inverse-Hessian–vector product of the leader's total
// derivative and its regularisation λ (Section 4.5, Algorithm 2).
type CG struct {
	// Iters caps the conjugate-gradient iterations (default 10; positive;
	// config key rl.cg.iters).
	Iters int
	// Tol stops CG once the residual is at most Tol·‖b‖ (default 1e-10).
	// In the Stackelberg algorithms it must be positive (CG reads 0 as
	// 1e-10) and below 1: CG starts from z = 0, whose residual is ‖b‖,
	// so Tol ≥ 1 would stop it before its first iteration and make the
	// total derivative the individual gradient. Config key
	// rl.options.cg_tol.
	Tol float64
	// Lambda is the regularisation λ added to the follower Hessian at epoch
	// 0 (Appendix E: 0 for discrete actions, 500 for continuous ones;
	// config key rl.cg.lambda).
	Lambda float64
	// LambdaDecay multiplies λ after every epoch (default 1: constant; in
	// [0, 1], 0 keeping Lambda for epoch 0 only). With a decay below 1 the
	// leader moves from the individual gradient (λ → ∞) towards the
	// Stackelberg gradient (λ → 0), Proposition 2. Config key
	// rl.options.lambda_decay.
	LambdaDecay float64
	// LambdaMin is the floor of a decaying λ (default 0). In the
	// Stackelberg algorithms it must not exceed Lambda: a floor above
	// Lambda would be λ at every epoch from the first, Lambda ignored
	// (give Lambda that value instead). With LambdaDecay = 1 it never
	// binds. Config key rl.options.lambda_min.
	LambdaMin float64
	// Hessian is the element type of the follower's Hessian–vector and
	// mixed products (default HessianAuto; see Config.HessianDType;
	// config key rl.options.hessian_dtype).
	Hessian HessianPrecision
}

// reachesZero reports whether λ can reach (or tend to) 0: λ = 0, or a
// decay below 1 to a floor of 0.
func (c CG) reachesZero() bool {
	return c.Lambda == 0 || (c.LambdaDecay < 1 && c.LambdaMin == 0)
}

// LambdaSchedule returns λ as a schedule over epochs e counting from 0:
// max(LambdaMin, Lambda·LambdaDecay^e).
func (c CG) LambdaSchedule() loop.Schedule {
	return loop.Exponential{A: c.Lambda, R: c.LambdaDecay, Min: c.LambdaMin}
}

// Config holds every hyper-parameter of a run. Start from Defaults, which
// fills in Appendix E's values, and override fields.
//
// Each field's documentation gives the configuration key that sets it in
// a stackel configuration file (rl.…, rl.options.…), because Validate's
// errors name the field by that key, as the command line reports them:
// "rl.options.batch_size: 0 must be positive" is about BatchSize. CG's
// fields are under rl.cg (Iters, Lambda) and rl.options (the others).
type Config struct {
	// Env is a registered environment name (env.Make), e.g. "CartPole-v1"
	// (config key rl.env). For an agent of NewWithEnv, which builds its
	// environments with a factory of the caller's, it is that
	// environment's name, which labels errors and checkpoints and need
	// not be registered.
	Env string
	// Algo is the algorithm (config key rl.algo).
	Algo Algo
	// Leader is the leading player of STDDPG and STSAC (STAC: actor); for
	// DDPG and SAC it names the player whose partner Unroll repeats (AC:
	// actor only, its critic always being the one repeated). Required for
	// every algorithm: ActorLeads (what Defaults sets) or CriticLeads
	// where allowed; "" is an error, so set it only to change it. Config
	// key rl.leader: an empty Leader is refused as
	// `rl.leader: "" is not actor or critic`.
	Leader Leader
	// Seed selects every random stream of the run (config key seed, at
	// the top level of a configuration).
	Seed uint64
	// DType is the element type the networks are evaluated and
	// differentiated in: every forward pass and gradient of an update, and
	// its Hessian–vector and mixed products unless HessianDType differs
	// (float64 when λ can reach 0) — ad.Float32 by default, as PyTorch's;
	// ad.Float64 for the previous behaviour, bit for bit. The parameter
	// vectors, Adam's moments and the conjugate-gradient iterates stay
	// float64 whatever the DType (see the package documentation). The
	// zero value is Float64, so configurations and checkpoints from before
	// the field existed keep their meaning. Config key rl.dtype.
	DType ad.DType

	// Steps is the total number of environment steps (300 000 on-policy,
	// 50 000 off-policy, 10⁶ on a MuJoCo task); StepsPerEpoch the number
	// per epoch (4000; 10 000 off-policy on a MuJoCo task). Config keys
	// rl.steps and rl.steps_per_epoch: Steps below StepsPerEpoch is
	// refused as "rl.steps: S is less than one epoch (steps_per_epoch
	// E)" (a *StepsError).
	Steps, StepsPerEpoch int
	// Hidden are the hidden-layer widths of every network and Activation
	// their nonlinearity (64×32 tanh on-policy, 256×256 relu off-policy;
	// config keys rl.hidden and rl.options.activation).
	Hidden     []int
	Activation nn.Activation
	// Gamma is the discount factor γ (0.99; config key rl.options.gamma).
	Gamma float64
	// Optimizer is "sgd" or "adam" (SGD on-policy, Adam off-policy;
	// config key rl.options.optimizer).
	Optimizer string
	// ActorLR and CriticLR are the learning rates α_θ and α_w (config keys
	// rl.options.actor_lr and rl.options.critic_lr).
	ActorLR, CriticLR float64
	// Unroll is the number m of follower steps per leader step
	// (Algorithm 2). On-policy it is the number of critic iterations per
	// epoch (80, Spinning Up's value iterations); off-policy it is 1. For
	// the plain algorithms it plays the same role for the critic (or, with
	// Leader = critic, the actor). Config key rl.unroll.
	Unroll int
	// CG configures the total derivative of the Stackelberg algorithms
	// (config keys rl.cg.iters, rl.cg.lambda and rl.options.cg_tol,
	// lambda_decay, lambda_min, hessian_dtype; see CG's fields).
	CG CG

	// Lam is GAE's λ (0.97) for AC and STAC (config key rl.options.lam).
	Lam float64
	// InitLogStd is the initial log σ of the Gaussian policy of AC/STAC on
	// continuous actions (−0.5); finite, with e^{±InitLogStd} finite in
	// DType. Config key rl.options.init_log_std.
	InitLogStd float64

	// BatchSize is the mini-batch size of off-policy updates (100; config
	// key rl.options.batch_size).
	BatchSize int
	// ReplaySize is the replay-buffer capacity (10⁶; config key
	// rl.options.replay_size).
	ReplaySize int
	// StartSteps are the first steps taken with uniformly random actions
	// (10000); UpdateAfter the steps before the first update (1000);
	// UpdateEvery the steps between bursts of as many updates (50).
	// Config keys rl.options.start_steps, update_after and update_every.
	StartSteps, UpdateAfter, UpdateEvery int
	// Polyak is the target-network averaging coefficient ρ in
	// target ← ρ·target + (1−ρ)·online (0.995), in [0, 1): 0 copies the
	// online network at every update, 1 would never move the target.
	// AC and STAC, which keep no target networks, ignore it. Config key
	// rl.options.polyak.
	Polyak float64
	// ActNoise is the standard deviation of DDPG's Gaussian exploration
	// noise, as a fraction of the action half-width (0.1; Spinning Up's
	// act_noise is absolute, the same where the half-width is 1). Config
	// key rl.options.act_noise.
	ActNoise float64
	// Alpha is SAC's fixed entropy coefficient η of Eq. 9–10 (0.2; config
	// key rl.options.alpha).
	Alpha float64

	// TestEpisodes is the number of deterministic-policy episodes run after
	// every epoch (10). On an environment registered without a time limit
	// (env.Spec.MaxEpisodeSteps 0) a test episode that has not ended is
	// truncated after max(StepsPerEpoch, 1000) steps, as a training
	// episode of it is cut at the epoch's end: without the cap one that
	// never terminates never ended its epoch. Config key
	// rl.options.test_episodes.
	TestEpisodes int
	// GradNoise is the standard deviation σ of Gaussian noise added to
	// every element of both players' gradients before each plain step,
	// θ ← θ + α_θ(∇J + σε) and w ← w − α_w(∇wL + σε), ε ~ N(0, I), as in
	// the authors' code (σ = 0.05 in their experiment grid). AC and STAC
	// only; 0 (the default) adds none and draws nothing. Config key
	// rl.options.grad_noise.
	GradNoise float64
	// RawAdvantages turns off the advantage normalisation of AC and STAC
	// (Spinning Up's Â ← (Â − mean Â)/sd Â, which the authors' code also
	// does). Default false: advantages are normalised. Config key
	// rl.options.normalize_advantages, negated: RawAdvantages true is
	// normalize_advantages: false, and Validate's error names both.
	RawAdvantages bool
	// ClipActions clips the Gaussian policy's actions of AC and STAC to
	// the environment's action box before the environment sees them, in
	// training and test episodes; the rollout keeps the action as drawn,
	// whose log-likelihood the policy gradient differentiates
	// (Stable-Baselines3's convention for Box actions). Default false: the
	// environment gets the action as drawn, as in Spinning Up, and a
	// MuJoCo task charges its control cost on it (Gymnasium's v4 tasks
	// do, before MuJoCo clamps the control). Config key
	// rl.options.clip_actions.
	ClipActions bool
	// Mixed selects STAC's estimator of the total derivative's mixed term
	// (default MixedTheorem1, the paper's; MixedAuthors the authors' code's;
	// config key rl.options.mixed_estimator).
	Mixed MixedEstimator

	// LanczosIters is the number of Lanczos steps on follower
	// Hessian–vector products used to estimate the Hessian's extreme
	// eigenvalues once per epoch (10; 0 disables). It has its own random
	// stream, so turning it on or off does not change the learning.
	// Config key rl.options.lanczos_iters.
	LanczosIters int
}

// Defaults returns the configuration of Appendix E (and Spinning Up, which
// the paper's implementation builds on) for algo on the named environment.
// It reads only the environment's registered spaces, so it also answers
// for a task this binary was built without (a MuJoCo task in the default
// build): a report or a job list of runs made elsewhere needs their
// configuration, not the engine. New then fails, saying how to build a
// binary that has the task (env.Spec.Available). An environment whose
// spaces no network fits is an error: no observation coordinates, no
// actions, or, for DDPG and SAC, an action box with an infinite bound.
func Defaults(envName string, algo Algo) (Config, error) {
	spec, ok := env.Lookup(envName)
	if !ok {
		return Config{}, fmt.Errorf("rl.env: unknown environment %s; valid names: %s", safeyaml.ValueText(envName), strings.Join(env.Names(), ", "))
	}
	return defaultsSpec(envName, spec, algo)
}

// defaultsSpec is Defaults for the environment spec describes, registered
// under envName or (userEnv) built by a caller's EnvFactory.
func defaultsSpec(envName string, spec env.Spec, algo Algo) (Config, error) {
	act := spec.ActionSpace() // built once: it may construct an instance
	if act == nil && spec.Act == nil && spec.New != nil && spec.Available() == nil {
		// No space because New gave no environment (not one whose space
		// is nil): said as env.Make says it, not as "no action space".
		if _, err := env.Make(envName); err != nil {
			return Config{}, fmt.Errorf("rl.env: %s", strings.TrimPrefix(err.Error(), "env: "))
		}
	}
	_, discrete := act.(env.Discrete)
	c := Config{
		Env: envName, Algo: algo, Leader: ActorLeads, Seed: 0, DType: ad.Float32,
		StepsPerEpoch: 4000, Gamma: 0.99,
		CG:           CG{Iters: 10, Tol: 1e-10, LambdaDecay: 1},
		TestEpisodes: 10, LanczosIters: 10,
	}
	if !discrete {
		c.CG.Lambda = 500
	}
	switch algo {
	case AC, STAC:
		c.Steps = 300_000
		c.Hidden, c.Activation = []int{64, 32}, nn.Tanh
		c.Optimizer = "sgd"
		// The paper gives no learning rates. STAC's step is smaller
		// because its total derivative is about 1/(1−γ) times the
		// individual gradient: with a critic at its best response, ∇wJ
		// raises V_w(s') along the whole future, and Proposition 1 sums
		// γ^{t−k} over it. With λ = 0 (the paper's CartPole setting) the
		// follower Hessian is often indefinite and the total derivative
		// occasionally spikes to ~300× the individual gradient; a step
		// that large saturates the softmax policy for good. Measured with
		// m = 80 on CartPole (first reaching average return 475 within
		// 300k steps): actor step 0.05 on 2/5 of seeds 1–5 and 4/5 of
		// seeds 6–10, 0.03 on 5/5 and 5/5, 0.02 on 4/5 of seeds 1–5 but
		// later. AC reaches it on 5/5 with 2.
		c.ActorLR, c.CriticLR = 2, 0.01
		if algo == STAC {
			c.ActorLR = 0.03
		}
		c.Unroll = 80
		c.Lam = 0.97
		c.InitLogStd = -0.5
	case DDPG, STDDPG, SAC, STSAC:
		if discrete {
			return Config{}, fmt.Errorf("rl.algo: %s needs continuous actions, %s has %v", algo, envName, act)
		}
		if err := boundedBox(algo, envName, act); err != nil {
			return Config{}, err
		}
		c.Steps = 50_000
		c.Hidden, c.Activation = []int{256, 256}, nn.Relu
		c.Optimizer = "adam"
		c.ActorLR, c.CriticLR = 1e-3, 1e-3
		c.Unroll = 1
		c.BatchSize, c.ReplaySize = 100, 1_000_000
		c.StartSteps, c.UpdateAfter, c.UpdateEvery = 10_000, 1000, 50
		c.Polyak = 0.995
		c.ActNoise = 0.1
		c.Alpha = 0.2
	default:
		return Config{}, fmt.Errorf("rl.algo: unknown algorithm %s; valid: ac, stac, ddpg, stddpg, sac, stsac", safeyaml.ValueText(string(algo)))
	}
	if err := someActions(envName, act); err != nil {
		return Config{}, err
	}
	if obs := spec.ObservationSpace(); obs == nil || obs.Dim() < 1 {
		// The networks take the observation as input (nn.Params.Add
		// panicked on a width of 0, New on a nil space).
		return Config{}, fmt.Errorf("rl.env: %s's observation space %v is empty; the networks need at least one input", envName, obs)
	}
	if spec.Tag == "mujoco" {
		// On the MuJoCo tasks: runs of 10⁶ steps (stackel's choice: neither
		// Section 5 nor Appendix E states Fig. 3's horizon, and the figure's
		// axes are not in the paper's text); the off-policy test return
		// every 10 000 steps over ten episodes (Appendix E). AC/STAC keep
		// their 4000-step batches.
		c.Steps = 1_000_000
		if !algo.OnPolicy() {
			c.StepsPerEpoch = 10_000
		}
	}
	return c, nil
}

// someActions returns an error unless sp, the action space of envName,
// has at least one action for a policy network to output: a Discrete
// space of N ≥ 1 actions or a box of one dimension or more (a space of
// another kind is left to New). Before this check an empty space (a
// user's environment, env.Register) passed Validate and New panicked in
// package nn ("nn.NewCategorical: 0 actions", "Params.Add(4, 0)"), and a
// nil one with a nil-pointer dereference.
func someActions(envName string, sp env.Space) error {
	switch s := sp.(type) {
	case nil:
		return fmt.Errorf("rl.env: %s has no action space (its ActionSpace is nil)", envName)
	case env.Discrete:
		if s.N < 1 {
			return fmt.Errorf("rl.env: %s's action space %v has no actions; want N ≥ 1", envName, sp)
		}
	case *env.Box:
		if s == nil || s.Dim() == 0 || len(s.High) != len(s.Low) {
			return fmt.Errorf("rl.env: %s's action space %v has no actions or unpaired bounds; want a box of one dimension or more", envName, sp)
		}
	}
	return nil
}

// boundedBox returns an error unless sp, the action space of envName, is a
// box with finite bounds low ≤ high: DDPG's and SAC's policies squash their
// output into [low, high] (nn.Deterministic, nn.Squashed), which needs
// both bounds finite. Before this check such an environment (one a user
// registers, env.Register) passed Validate and New panicked in package nn.
// A space of another kind is left to New, which names it.
func boundedBox(algo Algo, envName string, sp env.Space) error {
	box, ok := sp.(*env.Box)
	if !ok {
		return nil
	}
	if box == nil || len(box.High) != len(box.Low) {
		return nil // someActions names it
	}
	for j := range box.Low {
		if lo, hi := box.Low[j], box.High[j]; !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			return fmt.Errorf("rl.algo: %s squashes its actions into the action box and needs finite bounds low ≤ high; %s's action %d is in [%v, %v] (ac and stac take unbounded actions)", algo, envName, j, box.Low[j], box.High[j])
		}
	}
	return nil
}

// Validate checks every field and names the first invalid one with its
// value, by the config key that sets it (rl.…, rl.options.…), as the
// command line reports a configuration file's errors; each field's
// documentation gives its key (e.g. rl.options.batch_size is BatchSize,
// rl.cg.lambda CG.Lambda, rl.options.cg_tol CG.Tol, rl.steps_per_epoch
// and the steps_per_epoch in "rl.steps: … (steps_per_epoch E)"
// StepsPerEpoch, rl.options.normalize_advantages the negation of
// RawAdvantages).
//
// A field that c.Algo does not read (the CG settings outside the
// Stackelberg algorithms, the off-policy sizes on-policy, …) need not be
// positive, so that a hand-built Config may leave it zero; a value no
// setting could take (a NaN, infinite or negative float, a negative
// start_steps or update_after) is refused whatever the algorithm. A
// non-default switch that c.Algo would ignore (grad_noise,
// clip_actions, normalize_advantages, mixed_estimator) is an error.
//
// Validate looks c.Env up in the environment registry (env.Register); a
// Config for an environment of one's own built by an EnvFactory is
// validated by NewWithEnv and LoadWithEnv instead, against the spaces of
// the factory's instance.
func (c Config) Validate() error { return c.validate(nil) }

// validate is Validate on the environment u describes, or with u nil on
// the registered c.Env.
func (c Config) validate(u *userEnv) error {
	spec := env.Spec{}
	if u == nil {
		if _, err := Defaults(c.Env, c.Algo); err != nil {
			return err
		}
		spec, _ = env.Lookup(c.Env)
	} else {
		spec = u.spec
		if _, err := defaultsSpec(c.Env, spec, c.Algo); err != nil {
			return err
		}
	}
	if c.DType != ad.Float32 && c.DType != ad.Float64 {
		return fmt.Errorf("rl.dtype: %v; want float32 or float64", c.DType)
	}
	switch c.CG.Hessian {
	case HessianAuto, HessianFloat32, HessianFloat64:
	default:
		return fmt.Errorf("rl.options.hessian_dtype: %s; want auto, float32 or float64", safeyaml.ValueText(string(c.CG.Hessian)))
	}
	if c.Leader != ActorLeads && c.Leader != CriticLeads {
		return fmt.Errorf("rl.leader: %s is not actor or critic", safeyaml.ValueText(string(c.Leader)))
	}
	if c.Algo == STAC && c.Leader != ActorLeads {
		return fmt.Errorf("rl.leader: %q; STAC's leader is the actor (Section 4.2)", c.Leader)
	}
	if c.Algo == AC && c.Leader != ActorLeads {
		// The on-policy update always repeats the critic's step (Unroll
		// critic iterations after the actor's one): a critic "leader",
		// whose partner the actor Unroll would repeat, would be ignored.
		return fmt.Errorf("rl.leader: %q; not used by ac, whose critic always takes the rl.unroll steps after the actor's (a critic leads in stddpg and stsac; in ddpg and sac it makes the actor the one repeated)", c.Leader)
	}
	pos := []struct {
		name string
		v    int
	}{
		{"rl.steps", c.Steps}, {"rl.steps_per_epoch", c.StepsPerEpoch},
		{"rl.unroll", c.Unroll},
	}
	if c.Algo.Stackelberg() {
		pos = append(pos, struct {
			name string
			v    int
		}{"rl.cg.iters", c.CG.Iters})
	}
	if !c.Algo.OnPolicy() {
		pos = append(pos, []struct {
			name string
			v    int
		}{{"rl.options.batch_size", c.BatchSize}, {"rl.options.replay_size", c.ReplaySize}, {"rl.options.update_every", c.UpdateEvery}}...)
	}
	for _, p := range pos {
		if p.v <= 0 {
			return fmt.Errorf("%s: %d must be positive", p.name, p.v)
		}
	}
	if c.Steps < c.StepsPerEpoch {
		return &StepsError{fmt.Sprintf("rl.steps: %d is less than one epoch (steps_per_epoch %d)", c.Steps, c.StepsPerEpoch)}
	}
	if len(c.Hidden) == 0 {
		return fmt.Errorf("rl.hidden: empty; give at least one hidden width")
	}
	for i, h := range c.Hidden {
		if h <= 0 {
			return fmt.Errorf("rl.hidden[%d]: %d must be positive", i, h)
		}
	}
	if err := c.checkLimits(); err != nil {
		return err
	}
	if c.Activation != nn.Tanh && c.Activation != nn.Relu {
		return fmt.Errorf("rl.options.activation: %v; want tanh or relu", c.Activation)
	}
	if c.Optimizer != "sgd" && c.Optimizer != "adam" {
		return fmt.Errorf("rl.options.optimizer: %s; want sgd or adam", safeyaml.ValueText(c.Optimizer))
	}
	unit := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"rl.options.gamma", c.Gamma, 0, 1}, {"rl.options.lam", c.Lam, 0, 1},
		{"rl.options.lambda_decay", c.CG.LambdaDecay, 0, 1},
	}
	for _, u := range unit {
		if !(u.v >= u.lo && u.v <= u.hi) {
			return fmt.Errorf("%s: %v outside [%v, %v]", u.name, u.v, u.lo, u.hi)
		}
	}
	switch {
	case c.Algo.OnPolicy():
		// No target networks: Polyak is unused, as BatchSize is.
	case c.Polyak == 1:
		// τ = 1 − ρ = 0 in optim.Polyak (offpolicy.go): the critic would be
		// fitted to a randomly initialised network's values for ever.
		return fmt.Errorf("rl.options.polyak: 1 keeps the target networks at their initial parameters for ever (target ← ρ·target + (1−ρ)·online, Spinning Up's convention); want [0, 1): 0 copies the networks at once, 0.995 is the default")
	case !(c.Polyak >= 0 && c.Polyak < 1):
		return fmt.Errorf("rl.options.polyak: %v outside [0, 1)", c.Polyak)
	}
	nonneg := []struct {
		name string
		v    float64
	}{
		{"rl.options.actor_lr", c.ActorLR}, {"rl.options.critic_lr", c.CriticLR}, {"rl.cg.lambda", c.CG.Lambda},
		{"rl.options.lambda_min", c.CG.LambdaMin}, {"rl.options.cg_tol", c.CG.Tol}, {"rl.options.act_noise", c.ActNoise},
		{"rl.options.alpha", c.Alpha},
	}
	for _, n := range nonneg {
		if !(n.v >= 0) || math.IsInf(n.v, 0) {
			return fmt.Errorf("%s: %v must be a finite non-negative number", n.name, n.v)
		}
	}
	if c.Algo.Stackelberg() {
		if err := c.CG.check(); err != nil {
			return err
		}
	}
	if err := c.checkInitLogStd(); err != nil {
		return err
	}
	if !(c.GradNoise >= 0) || math.IsInf(c.GradNoise, 0) {
		return fmt.Errorf("rl.options.grad_noise: %v must be a finite non-negative number", c.GradNoise)
	}
	if c.GradNoise > 0 && !c.Algo.OnPolicy() {
		return fmt.Errorf("rl.options.grad_noise: %v; gradient noise is implemented for ac and stac, not %s", c.GradNoise, c.Algo)
	}
	if c.ClipActions {
		if !c.Algo.OnPolicy() {
			return fmt.Errorf("rl.options.clip_actions: applies to ac and stac, not %s (whose actions are in the box already)", c.Algo)
		}
		if spec.ActionSpace() != nil {
			if _, box := spec.ActionSpace().(*env.Box); !box {
				return fmt.Errorf("rl.options.clip_actions: %s's actions are %v, not a box (clip_actions applies to ac's and stac's Gaussian policy on continuous actions)", c.Env, spec.ActionSpace())
			}
		}
	}
	if c.RawAdvantages && !c.Algo.OnPolicy() {
		// Named by the key and the field: the configuration's false is a
		// Go caller's RawAdvantages true.
		return fmt.Errorf("rl.options.normalize_advantages: false (Config.RawAdvantages true) applies to ac and stac, not %s", c.Algo)
	}
	if c.Mixed != MixedTheorem1 && (c.Mixed != MixedAuthors || c.Algo != STAC) {
		return fmt.Errorf("rl.options.mixed_estimator: %s; the authors' estimator applies to stac only (valid: theorem1, authors)", safeyaml.ValueText(string(c.Mixed)))
	}
	for _, f := range []struct {
		key string
		v   int
	}{{"rl.options.start_steps", c.StartSteps}, {"rl.options.update_after", c.UpdateAfter}, {"rl.options.lanczos_iters", c.LanczosIters}, {"rl.options.test_episodes", c.TestEpisodes}} {
		if f.v < 0 {
			return fmt.Errorf("%s: %d must not be negative", f.key, f.v)
		}
	}
	if !c.Algo.OnPolicy() {
		// The first burst of updates comes at the first multiple of
		// update_every at or after update_after (offpolicy.go); a run
		// shorter than that only gathers random data, and would report
		// the untrained actor's returns as the algorithm's.
		// By division, not as a product: update_after or update_every
		// near the largest int would overflow it.
		k := c.UpdateAfter / c.UpdateEvery // the first update is the k-th multiple
		if c.UpdateAfter%c.UpdateEvery != 0 || k == 0 {
			k++
		}
		if k > c.Steps/c.UpdateEvery {
			at := fmt.Sprintf("step %d", k*c.UpdateEvery)
			if k > math.MaxInt/c.UpdateEvery {
				at = fmt.Sprintf("beyond step %d", math.MaxInt)
			}
			// An update_every beyond the steps leaves no update whatever
			// update_after is: the advice names it then.
			smaller := "update_after"
			if c.UpdateEvery > c.Steps {
				smaller = "update_every"
			}
			return &StepsError{fmt.Sprintf("rl.steps: %d ends before the first update (%s: the first multiple of rl.options.update_every %d at or after rl.options.update_after %d); %s would never update its networks: give more steps or a smaller %s", c.Steps, at, c.UpdateEvery, c.UpdateAfter, c.Algo, smaller)}
		}
	}
	return nil
}

// StepsError is Validate's refusal of Config.Steps as too short for the
// other settings: a run that would end within its first epoch
// (StepsPerEpoch), or, off-policy, before its first update (UpdateAfter,
// UpdateEvery). A caller may match it with errors.As to name the setting
// that makes the steps too few; its text begins "rl.steps: ".
type StepsError struct{ text string }

// Error returns the refusal's text.
func (e *StepsError) Error() string { return e.text }

// check refuses the CG settings that the Stackelberg algorithms cannot
// use as written; Validate has refused NaN, infinite and negative values
// already.
func (c CG) check() error {
	switch {
	case c.Tol == 0:
		// ad.CG reads 0 as its default 1e-10: a request to run every
		// iteration would be silently ignored.
		return fmt.Errorf("rl.options.cg_tol: 0 must be positive (CG stops once the residual is below cg_tol·‖b‖; to run a fixed number of iterations give a tiny cg_tol, e.g. 1e-300, and cg.iters)")
	case c.Tol >= 1:
		// From z = 0 the residual is ‖b‖ ≤ Tol·‖b‖: no iteration, z = 0.
		return fmt.Errorf("rl.options.cg_tol: %v must be below 1 (CG starts from z = 0, whose residual is ‖b‖, and stops once it is at most cg_tol·‖b‖: it would take no iteration, and the total derivative would be the individual gradient)", c.Tol)
	case c.LambdaMin > c.Lambda:
		return fmt.Errorf("rl.options.lambda_min: %v is above rl.cg.lambda %v; λ in epoch E (from 1) is max(lambda_min, lambda·lambda_decay^(E−1)), so it would be %v at every epoch and rl.cg.lambda ignored: give rl.cg.lambda that value for a constant λ, or a lambda_min at most rl.cg.lambda for a floor", c.LambdaMin, c.Lambda, c.LambdaMin)
	}
	return nil
}

// checkInitLogStd refuses an initial log σ whose σ = e^v or 1/σ is not
// finite in DType (|v| beyond log of the largest finite value: 709.78 in
// float64, 88.72 in float32), NaN included. The Gaussian policy samples
// with σ and its log-likelihood divides by it (nn.Gaussian), so such a
// value made the first rollout's actions or the first actor gradient NaN,
// and the run stopped with an error blaming the environment ("the reward
// is NaN") or the actor update rather than the setting.
func (c Config) checkInitLogStd() error {
	limit := math.Log(math.MaxFloat64)
	if c.DType == ad.Float32 {
		limit = math.Log(math.MaxFloat32)
	}
	if !(math.Abs(c.InitLogStd) <= limit) {
		return fmt.Errorf("rl.options.init_log_std: %v; want a finite log σ within ±%.4g (σ and 1/σ finite in %v)", c.InitLogStd, limit, c.DType)
	}
	return nil
}

// HessianDType is the element type of the follower's Hessian–vector
// products and of the total derivative's mixed product: CG.Hessian when
// set, else (HessianAuto) float64 when λ can reach 0 and DType otherwise.
// The networks' other passes stay in DType.
func (c Config) HessianDType() ad.DType {
	switch {
	case c.CG.Hessian == HessianFloat32:
		return ad.Float32
	case c.CG.Hessian == HessianFloat64, c.CG.reachesZero():
		return ad.Float64
	}
	return c.DType
}

// Epochs returns the number of epochs, ⌈Steps/StepsPerEpoch⌉ (without
// overflow for any Steps).
func (c Config) Epochs() int {
	n := c.Steps / c.StepsPerEpoch
	if c.Steps%c.StepsPerEpoch > 0 {
		n++
	}
	return n
}
