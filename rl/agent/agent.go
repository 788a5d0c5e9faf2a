package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/rl/optim"
)

// Random streams of a run, all seeded from Config.Seed.
const (
	streamInit   = 1 // network initialisation
	streamAgent  = 2 // actions, exploration noise, mini-batches, Lanczos starts
	streamEnv    = 3 // training-environment resets
	streamTest   = 4 // test-environment resets
	streamDiag   = 5 // Lanczos start vectors (diagnostics never perturb learning)
	streamNoise  = 6 // gradient noise (Config.GradNoise), drawn only when σ > 0
	seedConstant = 0x57ac_e1be_96
)

// algorithm is one family of actor-critic methods: the on-policy AC/STAC or
// the off-policy DDPG and SAC with their Stackelberg versions.
type algorithm interface {
	// epoch runs n environment steps with their updates, filling st.
	epoch(ctx context.Context, a *Agent, n int, st *EpochStats) error
	// testAction writes the deterministic policy's action for obs; it
	// fails where the policy is undefined.
	testAction(a *Agent, obs, dst []float64) error
	// behaviour writes the action of the policy that acts in training
	// (after the first StartSteps of an off-policy run) for obs, its draws
	// from rng; it fails where the policy is undefined.
	behaviour(a *Agent, rng *rand.Rand, obs, dst []float64) error
}

// Agent trains one algorithm on one environment, one epoch at a time. It is
// deterministic: the same Config gives the same numbers bit for bit, and an
// Agent restored from a checkpoint continues exactly as the original would
// have. An Agent is not safe for concurrent use.
type Agent struct {
	cfg   Config
	epoch int // completed epochs
	steps int // environment steps taken

	env, testEnv        env.Env
	obsDim, actDim      int
	agentSrc, envSrc    *rand.PCG
	testSrc, diagSrc    *rand.PCG
	rng, envRng, testRn *rand.Rand
	diagRng             *rand.Rand
	noiseSrc            *rand.PCG
	noiseRng            *rand.Rand

	// actor holds θ, critic w (both Q-networks for SAC), target the
	// Polyak-averaged critic of DDPG and SAC.
	actor, critic, target *nn.Params
	actorGrad, criticGrad []float64
	actorOpt, criticOpt   optim.Optimizer

	solver *solver
	lz     lanczos
	algo   algorithm

	obs  []float64 // current observation (copy)
	test []float64 // test action scratch
	// testLimit is the length at which evaluate truncates a test episode:
	// 0 (none) for an environment whose Spec has a time limit (Make
	// applies it), testEpisodeCap(StepsPerEpoch) for one without.
	testLimit int

	// failed is the error of an epoch that stopped part-way (RunEpoch's
	// error after the agent's state began to change), closed whether Close
	// was called: the agent then refuses to run (and, failed, to save or
	// extend) instead of going on from a state no configured run has.
	failed error
	closed bool
	// user, when not nil, builds the agent's environments (NewWithEnv,
	// LoadWithEnv) in place of the registry's env.Make(cfg.Env).
	user *userEnv
	// policyOnly marks an agent LoadPolicy loaded for evaluation: an
	// off-policy one has no replay buffer, and RunEpoch, Save and Extend
	// refuse it (trainable).
	policyOnly bool
}

// New builds an agent for cfg, which must be valid, on the environment
// registered as cfg.Env (env.Register). NewWithEnv builds one on an
// environment of the caller's, without the registry.
func New(cfg Config) (*Agent, error) { return newAgent(cfg, false, nil) }

// newAgent is New; with policyOnly it builds the agent LoadPolicy
// restores, without an off-policy run's replay buffer. With u not nil
// (NewWithEnv, LoadWithEnv) the environments are u's, built by the
// caller's factory: u's first instance is the training environment.
func newAgent(cfg Config, policyOnly bool, u *userEnv) (*Agent, error) {
	if err := cfg.validate(u); err != nil {
		return nil, err
	}
	cfg.Hidden = append([]int(nil), cfg.Hidden...)
	var e, te env.Env
	var err error
	if u == nil {
		if e, err = env.Make(cfg.Env); err != nil {
			return nil, err
		}
		te, _ = env.Make(cfg.Env)
	} else {
		e, u.first = u.first, nil
		if te, err = u.make(); err != nil {
			closeEnv(e)
			return nil, err
		}
	}
	a := &Agent{cfg: cfg, env: e, testEnv: te, solver: newSolver(cfg.DType, cfg.HessianDType()), policyOnly: policyOnly, user: u}
	if u != nil {
		if !timeLimited(e) {
			a.testLimit = testEpisodeCap(cfg.StepsPerEpoch)
		}
	} else if spec, _ := env.Lookup(cfg.Env); spec.MaxEpisodeSteps == 0 {
		a.testLimit = testEpisodeCap(cfg.StepsPerEpoch)
	}
	a.obsDim = e.ObservationSpace().Dim()
	a.actDim = e.ActionSpace().Dim()
	a.agentSrc = rand.NewPCG(cfg.Seed, seedConstant+streamAgent)
	a.envSrc = rand.NewPCG(cfg.Seed, seedConstant+streamEnv)
	a.testSrc = rand.NewPCG(cfg.Seed, seedConstant+streamTest)
	a.diagSrc = rand.NewPCG(cfg.Seed, seedConstant+streamDiag)
	a.rng, a.envRng, a.testRn = rand.New(a.agentSrc), rand.New(a.envSrc), rand.New(a.testSrc)
	a.diagRng = rand.New(a.diagSrc)
	a.noiseSrc = rand.NewPCG(cfg.Seed, seedConstant+streamNoise)
	a.noiseRng = rand.New(a.noiseSrc)
	a.actor, a.critic = &nn.Params{}, &nn.Params{}
	a.obs = make([]float64, a.obsDim)
	a.test = make([]float64, a.actDim)
	initRng := rand.New(rand.NewPCG(cfg.Seed, seedConstant+streamInit))
	switch cfg.Algo {
	case AC, STAC:
		a.algo, err = newOnPolicy(a, initRng)
	case DDPG, STDDPG:
		a.algo, err = newDDPG(a, initRng)
	case SAC, STSAC:
		a.algo, err = newSAC(a, initRng)
	}
	if err != nil {
		// Refused after the environments were built (a replay buffer a
		// checkpoint could not hold): they are closed here, as Close
		// would (the caller has no agent to close).
		for _, x := range []env.Env{e, te} {
			if x != nil {
				closeEnv(x)
			}
		}
		return nil, err
	}
	a.actorGrad = make([]float64, a.actor.Len())
	a.criticGrad = make([]float64, a.critic.Len())
	a.actorOpt = newOptimizer(cfg.Optimizer, a.actor.Data, a.actorGrad, cfg.ActorLR)
	a.criticOpt = newOptimizer(cfg.Optimizer, a.critic.Data, a.criticGrad, cfg.CriticLR)
	return a, nil
}

func newOptimizer(kind string, data, grad []float64, lr float64) optim.Optimizer {
	p := []optim.Param{{Data: data, Grad: grad}}
	if kind == "adam" {
		return optim.NewAdam(p, lr)
	}
	return optim.NewSGD(p, lr)
}

// step applies opt's update (a.actorOpt or a.criticOpt) and, when the
// optimiser refuses it (a gradient, moment or parameter that would not be
// finite: optim.Optimizer.Step), returns its error prefixed with the
// network it updates and, in a Stackelberg algorithm, its role, e.g.
// "follower (critic) Adam step: second moment of element 3 overflowed to
// +Inf (gradient 1e+200): …".
func (a *Agent) step(opt optim.Optimizer) error {
	if err := opt.Step(); err != nil {
		if s := a.cfg.GradNoise; s > 0 {
			// The gradient the optimiser saw carries the noise addNoise
			// added: say so, since σ may be what overflowed.
			return fmt.Errorf("%s %w (the gradient includes grad_noise, N(0, σ²) with σ = %g)", a.role(opt), err, s)
		}
		return fmt.Errorf("%s %w", a.role(opt), err)
	}
	return nil
}

// role names the network opt updates: "actor" or "critic", as
// "leader (actor)" or "follower (critic)" in a Stackelberg algorithm.
func (a *Agent) role(opt optim.Optimizer) string {
	net, actor := "critic", opt == a.actorOpt
	if actor {
		net = "actor"
	}
	if !a.cfg.Algo.Stackelberg() {
		return net
	}
	if actor == (a.cfg.Leader == ActorLeads) {
		return "leader (" + net + ")"
	}
	return "follower (" + net + ")"
}

// SetThreads lets the agent split the large matrix products and
// elementwise operations of each update (ad.Tape.SetThreads), CG's vector
// passes (total.CG.Threads) and Adam's update (optim.Adam.Threads) over up
// to n goroutines (on exactly 2, the total derivative's two first-order
// passes run at once instead, one per goroutine). The numbers do not
// depend on n: a run gives the same metrics bit for bit with any thread
// count, so n is not part of the configuration or the checkpoint.
func (a *Agent) SetThreads(n int) {
	a.solver.setThreads(n)
	for _, o := range []optim.Optimizer{a.actorOpt, a.criticOpt} {
		if adam, ok := o.(*optim.Adam); ok {
			adam.Threads = n
		}
	}
}

// Threads returns the agent's thread count (see SetThreads).
func (a *Agent) Threads() int { return a.solver.threads }

// addNoise adds σε, ε ~ N(0, I) from the noise stream, to g when
// Config.GradNoise = σ > 0 (the authors' gradient noise).
func (a *Agent) addNoise(g []float64) {
	if s := a.cfg.GradNoise; s > 0 {
		for i := range g {
			g[i] += s * a.noiseRng.NormFloat64()
		}
	}
}

// Config returns the agent's configuration.
func (a *Agent) Config() Config { return a.cfg }

// Epoch returns the number of completed epochs.
func (a *Agent) Epoch() int { return a.epoch }

// Steps returns the number of environment steps taken.
func (a *Agent) Steps() int { return a.steps }

// Done reports whether all Config.Steps have been taken.
func (a *Agent) Done() bool { return a.steps >= a.cfg.Steps }

// Close releases what the agent's two environments hold outside Go's heap
// (a MuJoCo task's model and data: mujoco.Env.Close), closing each that
// implements io.Closer under its wrappers; other environments hold
// nothing to release. The agent cannot run afterwards (its checkpoint,
// already written, can). Closing again does nothing more.
func (a *Agent) Close() error {
	a.closed = true
	var errs []error
	for _, e := range []env.Env{a.env, a.testEnv} {
		if c, ok := env.Unwrapped(e).(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

// ActorParams and CriticParams expose the current parameters (read-only use).
func (a *Agent) ActorParams() *nn.Params { return a.actor }

// CriticParams returns the critic's parameters.
func (a *Agent) CriticParams() *nn.Params { return a.critic }

// RunEpoch runs the next epoch: Config.StepsPerEpoch environment steps (fewer
// in a last partial epoch) with their updates, then the test episodes. The
// environment is reset at the start of every epoch, so an episode never
// straddles two epochs; one still running when the epoch ends is cut off
// (and, on-policy, bootstrapped with V), so a training episode is at most
// StepsPerEpoch steps even on an environment registered without a time
// limit, whose test episodes are truncated after max(StepsPerEpoch, 1000)
// steps (Config.TestEpisodes). If ctx is cancelled RunEpoch stops
// with ctx's error; after that or any other error the agent is part-way
// through the epoch, and RunEpoch, Save and Extend refuse it from then on
// (restore the last checkpoint instead). After Close RunEpoch is an error.
// A nil ctx is an error that leaves the agent as it was.
func (a *Agent) RunEpoch(ctx context.Context) (st EpochStats, err error) {
	if ctx == nil {
		return EpochStats{}, errors.New("agent: run an epoch: nil context (use context.Background())")
	}
	if err := a.trainable("run an epoch"); err != nil {
		return EpochStats{}, err
	}
	if a.closed {
		return EpochStats{}, fmt.Errorf("agent: run an epoch: the agent's environments are closed (Agent.Close); load its checkpoint to continue")
	}
	if a.Done() {
		return EpochStats{}, fmt.Errorf("agent: all %d steps already taken", a.cfg.Steps)
	}
	defer func() {
		if err != nil {
			a.failed = err
		}
	}()
	start := time.Now()
	n := min(a.cfg.StepsPerEpoch, a.cfg.Steps-a.steps)
	st = EpochStats{Epoch: a.epoch + 1, Lambda: math.NaN(), HessMin: math.NaN(), HessMax: math.NaN()}
	if a.cfg.Algo.Stackelberg() {
		st.Lambda = a.cfg.CG.LambdaSchedule().At(a.epoch)
	}
	obs := a.env.Reset(a.envRng)
	if q := a.badStep(obs, 0); q != "" {
		return st, fmt.Errorf("%s epoch %d: %s reset: %s", a.cfg.Algo, a.epoch+1, a.cfg.Env, q)
	}
	copy(a.obs, obs)
	if err := a.algo.epoch(ctx, a, n, &st); err != nil {
		return st, fmt.Errorf("%s epoch %d: %w", a.cfg.Algo, a.epoch+1, a.diverged(err))
	}
	if err := a.checkParams(); err != nil {
		return st, fmt.Errorf("%s epoch %d: %w", a.cfg.Algo, a.epoch+1, err)
	}
	if st.TestReturn, st.TestLength, err = a.evaluate(ctx); err != nil {
		return st, fmt.Errorf("%s epoch %d: %w", a.cfg.Algo, a.epoch+1, err)
	}
	a.epoch++
	st.Steps = a.steps
	st.Seconds = time.Since(start).Seconds()
	return st, nil
}

// usable returns an error if an epoch of the agent failed part-way (see
// RunEpoch): its counters, environments, random streams and networks are
// then somewhere inside that epoch, so continuing would run (or save) a
// run that no configuration describes, whose checkpoint Load refuses.
func (a *Agent) usable(what string) error {
	if a.failed != nil {
		return fmt.Errorf("agent: %s: an earlier epoch stopped part-way (%w), leaving the agent inside it; restore the last checkpoint instead", what, a.failed)
	}
	return nil
}

// checkParams returns an error naming the network, its role and the
// first parameter that its last update left where a tape of the run
// cannot hold it (outOfRange): the steps check the gradients they take
// and the float64 values they produce, not whether those fit a float32
// tape, and without this the test episodes, the checkpoint and the next
// epoch's rollouts would run on a policy the tapes see as ±Inf, and the
// error come an epoch later. It is one pass over the parameters per epoch.
func (a *Agent) checkParams() error { return a.outOfRange(false) }

// outOfRange returns an error naming, for each of the actor, the critic
// and the target critic, the first parameter that is not finite or, in a run
// with a float32 tape (Config.DType or Config.HessianDType), lies beyond
// float32's range: converting it to float32, as binding the parameters to
// the tape does (nn.Params.Var and Const, ad.Tape.Var), gives ±Inf,
// although the float64 master copy the optimisers check is finite. Each
// network's part names it, its role and the element, e.g. "follower
// (critic) parameters after the SGD step: element 12 is 1e+45, beyond
// float32's range (+Inf on a float32 tape)"; restored (Load's check of a
// checkpoint's networks) leaves out the step, "after the SGD step".
func (a *Agent) outOfRange(restored bool) error {
	f32 := a.cfg.DType == ad.Float32 || a.cfg.HessianDType() == ad.Float32
	step := "the SGD step"
	if a.cfg.Optimizer == "adam" {
		step = "the Adam step"
	}
	var found []string
	for _, p := range []struct {
		opt   optim.Optimizer // nil for the target critic
		after string
		ps    *nn.Params
	}{{a.actorOpt, step, a.actor}, {a.criticOpt, step, a.critic}, {nil, "the Polyak update", a.target}} {
		if p.ps == nil {
			continue
		}
		for i, v := range p.ps.Data {
			var q string
			switch v32 := float32(v); {
			case math.IsNaN(v) || math.IsInf(v, 0):
				q = "not finite"
			case f32 && v32-v32 != 0: // ±Inf: the conversion overflowed
				q = fmt.Sprintf("beyond float32's range (%v on a float32 tape)", v32)
			default:
				continue
			}
			who := "target critic"
			if p.opt != nil {
				who = a.role(p.opt)
			}
			when := " after " + p.after
			if restored {
				when = ""
			}
			found = append(found, fmt.Sprintf("%s parameters%s: element %d is %v, %s", who, when, i, v, q))
			break
		}
	}
	if found == nil {
		return nil
	}
	return errors.New(strings.Join(found, "; "))
}

// badStep is nonFinite for what the environment returned (an observation
// and a reward), and in a run with a float32 tape (Config.DType or
// Config.HessianDType) also an element beyond float32's range, which the
// tape would hold as ±Inf: the run's first error would otherwise be a NaN
// loss at the next update, naming a symptom rather than the environment.
// An observation whose length is not its space's is named first (it
// panicked in the replay buffer or a network, or lost coordinates).
func (a *Agent) badStep(obs []float64, r float64) string {
	if len(obs) != a.obsDim {
		return fmt.Sprintf("the observation has %d coordinates; its space %v has %d", len(obs), a.env.ObservationSpace(), a.obsDim)
	}
	if q := nonFinite(obs, r); q != "" {
		return q
	}
	if a.cfg.DType != ad.Float32 && a.cfg.HessianDType() != ad.Float32 {
		return ""
	}
	if y := float32(r); y-y != 0 {
		return fmt.Sprintf("the reward is %v, beyond float32's range (the run's float32 tapes would hold %v)", r, y)
	}
	return beyondFloat32("observation", obs)
}

// diverged returns err, the error of an epoch that stopped part-way,
// preceded by the parameter outOfRange finds if there is one: a step that
// carries a parameter beyond float32's range is not an optimiser error
// (the float64 value is finite), and the run's next error is the first
// NaN or Inf that the tape's ±Inf makes, such as "critic update: critic
// loss is +Inf", naming a symptom rather than the step. Looking only
// once the epoch has failed keeps the check off the update's hot path.
// A cancelled context's error is returned as it is.
func (a *Agent) diverged(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if q := a.outOfRange(false); q != nil {
		return fmt.Errorf("%v; then %w", q, err)
	}
	return err
}

// minTestEpisodeCap is the shortest cap on a test episode of an
// environment registered without a time limit (Spinning Up's max_ep_len).
const minTestEpisodeCap = 1000

// testEpisodeCap returns the length at which a test episode of an
// environment registered without a time limit (env.Spec.MaxEpisodeSteps
// 0) is truncated: max(stepsPerEpoch, 1000), at least as long as a
// training episode of that environment can be (the epoch's end cuts it)
// and at least Spinning Up's max_ep_len. Without a cap an environment
// that never terminates ran its first test episode until the context was
// cancelled, and the epoch never ended.
func testEpisodeCap(stepsPerEpoch int) int { return max(stepsPerEpoch, minTestEpisodeCap) }

// evaluate runs Config.TestEpisodes episodes of the deterministic policy on
// the test environment and returns their mean return and length, or an
// error if the environment returns a non-finite reward or observation,
// or ctx's error once it is done (checked every 512 steps over all
// episodes, as training checks it: ten MuJoCo episodes are 10⁴ steps).
// An episode ends when the environment terminates or truncates it, or,
// for an environment registered without a time limit, after
// testEpisodeCap(StepsPerEpoch) steps.
func (a *Agent) evaluate(ctx context.Context) (ret, length float64, err error) {
	if a.cfg.TestEpisodes == 0 {
		return math.NaN(), math.NaN(), nil
	}
	// One sum over every step of every episode (the order the metrics of
	// every run so far were computed in).
	play := episodePlay{env: a.testEnv, resets: a.testRn, act: a.testAction, what: "test episode",
		step: func(r float64) { ret += r; length++ }}
	if err := a.play(ctx, play, a.cfg.TestEpisodes); err != nil {
		return 0, 0, err
	}
	k := float64(a.cfg.TestEpisodes)
	return ret / k, length / k, nil
}

// testAction writes the deterministic test policy's action for obs into dst.
func (a *Agent) testAction(obs, dst []float64) error { return a.algo.testAction(a, obs, dst) }

// episodePlay is how play runs episodes: on env, its resets drawn from
// resets, the policy's action from act, each step's reward passed to step
// and each episode's end to end (nil for none); what names an episode in
// errors ("test episode 3: …").
type episodePlay struct {
	env    env.Env
	resets *rand.Rand
	act    func(obs, dst []float64) error
	step   func(r float64)
	end    func(length int, terminated bool)
	what   string
}

// play runs n episodes as p says, stopping with an error if the
// environment returns a non-finite reward or observation (or one beyond
// float32's range in a float32 run, see badStep), the policy a non-finite
// action, or ctx is done (checked every 512 steps over all episodes). An
// episode ends when the environment terminates or truncates it, or, for an
// environment registered without a time limit, after testLimit steps.
func (a *Agent) play(ctx context.Context, p episodePlay, n int) error {
	taken := 0 // steps over all episodes
	for ep := 0; ep < n; ep++ {
		obs := p.env.Reset(p.resets)
		if q := a.badStep(obs, 0); q != "" {
			return fmt.Errorf("%s %d: %s reset: %s", p.what, ep+1, a.cfg.Env, q)
		}
		for step := 1; ; step++ {
			if taken++; taken%512 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("%s %d: %w", p.what, ep+1, err)
				}
			}
			if err := p.act(obs, a.test); err != nil {
				return fmt.Errorf("%s %d: %s step %d: the policy's action: %w", p.what, ep+1, a.cfg.Env, step, err)
			}
			if q := nonFiniteIn("action", a.test); q != "" {
				return fmt.Errorf("%s %d: %s step %d: %s, the policy's", p.what, ep+1, a.cfg.Env, step, q)
			}
			next, r, term, trunc := p.env.Step(a.test)
			if q := a.badStep(next, r); q != "" {
				return fmt.Errorf("%s %d: %s step %d: %s", p.what, ep+1, a.cfg.Env, step, q)
			}
			p.step(r)
			if term || trunc || step == a.testLimit {
				if p.end != nil {
					p.end(step, term)
				}
				break
			}
			obs = next
		}
	}
	return nil
}

// episodes tallies the episodes finished during an epoch.
type episodes struct {
	ret, length float64 // of the running episode
	n           int
	sumRet      float64
	sumLen      float64
}

func (e *episodes) step(r float64) { e.ret += r; e.length++ }

func (e *episodes) end() {
	e.n++
	e.sumRet += e.ret
	e.sumLen += e.length
	e.ret, e.length = 0, 0
}

func (e *episodes) fill(st *EpochStats) {
	st.Episodes = e.n
	st.AvgReturn, st.AvgLength = math.NaN(), math.NaN()
	if e.n > 0 {
		st.AvgReturn, st.AvgLength = e.sumRet/float64(e.n), e.sumLen/float64(e.n)
	}
}
