package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/rl/agent"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/tblog"
)

// RLThreshold is the return at which a task counts as solved for the
// steps-to-threshold statistic, and the metric it applies to: the average
// training return for the on-policy algorithms (as the paper measures AC
// and STAC), the deterministic test return for the off-policy ones.
type RLThreshold struct {
	// Value is the return to reach (≥): the environment's registered
	// env.Spec.RewardThreshold (ThresholdFor).
	Value float64
	// OnTest selects the metric: true for the deterministic test return
	// (the off-policy algorithms), false for the average training return.
	OnTest bool
}

// ThresholdFor returns the threshold of env for algo (the environment's
// registered env.Spec.RewardThreshold), and whether there is one.
func ThresholdFor(envName string, algo agent.Algo) (RLThreshold, bool) {
	spec, ok := env.Lookup(envName)
	if !ok || spec.RewardThreshold == 0 {
		return RLThreshold{OnTest: !algo.OnPolicy()}, false
	}
	return RLThreshold{Value: spec.RewardThreshold, OnTest: !algo.OnPolicy()}, true
}

// rlOptions are the keys accepted under rl.options, each setting one field
// of agent.Config.
var rlOptions = map[string]func(c *agent.Config, v any) error{
	"gamma":         floatOpt(func(c *agent.Config) *float64 { return &c.Gamma }),
	"lam":           floatOpt(func(c *agent.Config) *float64 { return &c.Lam }),
	"actor_lr":      floatOpt(func(c *agent.Config) *float64 { return &c.ActorLR }),
	"critic_lr":     floatOpt(func(c *agent.Config) *float64 { return &c.CriticLR }),
	"polyak":        floatOpt(func(c *agent.Config) *float64 { return &c.Polyak }),
	"act_noise":     floatOpt(func(c *agent.Config) *float64 { return &c.ActNoise }),
	"alpha":         floatOpt(func(c *agent.Config) *float64 { return &c.Alpha }),
	"init_log_std":  floatOpt(func(c *agent.Config) *float64 { return &c.InitLogStd }),
	"cg_tol":        floatOpt(func(c *agent.Config) *float64 { return &c.CG.Tol }),
	"lambda_decay":  floatOpt(func(c *agent.Config) *float64 { return &c.CG.LambdaDecay }),
	"lambda_min":    floatOpt(func(c *agent.Config) *float64 { return &c.CG.LambdaMin }),
	"batch_size":    intOpt(func(c *agent.Config) *int { return &c.BatchSize }),
	"replay_size":   intOpt(func(c *agent.Config) *int { return &c.ReplaySize }),
	"start_steps":   intOpt(func(c *agent.Config) *int { return &c.StartSteps }),
	"update_after":  intOpt(func(c *agent.Config) *int { return &c.UpdateAfter }),
	"update_every":  intOpt(func(c *agent.Config) *int { return &c.UpdateEvery }),
	"test_episodes": intOpt(func(c *agent.Config) *int { return &c.TestEpisodes }),
	"lanczos_iters": intOpt(func(c *agent.Config) *int { return &c.LanczosIters }),
	"grad_noise":    floatOpt(func(c *agent.Config) *float64 { return &c.GradNoise }),
	"normalize_advantages": func(c *agent.Config, v any) error {
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want true or false, got %s", gotText(v))
		}
		c.RawAdvantages = !b
		return nil
	},
	"clip_actions": func(c *agent.Config, v any) error {
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want true or false, got %s", gotText(v))
		}
		c.ClipActions = b
		return nil
	},
	"mixed_estimator": func(c *agent.Config, v any) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want theorem1 or authors, got %s", gotText(v))
		}
		m, err := agent.ParseMixedEstimator(s)
		c.Mixed = m
		return err
	},
	"hessian_dtype": func(c *agent.Config, v any) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want auto, float32 or float64, got %s", gotText(v))
		}
		h, err := agent.ParseHessianPrecision(s)
		c.CG.Hessian = h
		return err
	},
	"optimizer": func(c *agent.Config, v any) error {
		// Checked here, not only by agent.Config.Validate, so that the
		// error names the key as written (rl.options.optimizer) and
		// Config.Locate finds its line.
		s, ok := v.(string)
		if o := strings.ToLower(s); ok && (o == "sgd" || o == "adam") {
			c.Optimizer = o
			return nil
		}
		return fmt.Errorf("want sgd or adam, got %s", gotText(v))
	},
	"activation": func(c *agent.Config, v any) error {
		// nn.ParseActivation also reads identity (linear, none), which
		// the agents' hidden layers do not take: refused here with the
		// key's own name and line.
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want tanh or relu, got %s", gotText(v))
		}
		a, err := nn.ParseActivation(s)
		if err != nil || (a != nn.Tanh && a != nn.Relu) {
			return fmt.Errorf("want tanh or relu, got %s", gotText(v))
		}
		c.Activation = a
		return nil
	},
}

// gotText is an rl.options value as an error names it: as written when
// short and printable, else quoted and cut (safeyaml.KeyText's form), so
// that a 700-character or control-character value cannot flood or break
// the message. A null is "null", as YAML writes it (not Go's "<nil>").
func gotText(v any) string {
	if v == nil {
		return "null"
	}
	return safeyaml.KeyText(fmt.Sprint(v))
}

func floatOpt(field func(*agent.Config) *float64) func(*agent.Config, any) error {
	return func(c *agent.Config, v any) error {
		x, ok := number(v)
		if !ok {
			return fmt.Errorf("want a number, got %s", gotText(v))
		}
		*field(c) = x
		return nil
	}
}

func intOpt(field func(*agent.Config) *int) func(*agent.Config, any) error {
	return func(c *agent.Config, v any) error {
		x, ok := number(v)
		if !ok || x != math.Trunc(x) {
			return fmt.Errorf("want an integer, got %s", gotText(v))
		}
		if math.Abs(x) > 1<<52 {
			// 1e18 is an integer: the message said "want an integer".
			return fmt.Errorf("%v is outside the integers from -2^52 to 2^52 that an option takes", v)
		}
		*field(c) = int(x)
		return nil
	}
}

// rlOptionUse names, for the options that only some algorithms read, which
// (an option set for another algorithm would be silently ignored, so it is
// an error). The others apply to every algorithm.
var rlOptionUse = map[string]struct {
	applies func(agent.Algo) bool
	who     string
}{
	"lam":          {agent.Algo.OnPolicy, "ac and stac (GAE's λ)"},
	"init_log_std": {agent.Algo.OnPolicy, "ac and stac (the Gaussian policy's initial log σ)"},
	"clip_actions": {agent.Algo.OnPolicy, "ac and stac (their Gaussian policy's actions clipped to the action box)"},
	// The authors'-code switches: refused elsewhere even at their default
	// value (mixed_estimator: theorem1 on ac or sac would otherwise be
	// silently ignored), as alpha on ddpg is.
	"grad_noise":           {agent.Algo.OnPolicy, "ac and stac (Gaussian noise on both players' gradients)"},
	"normalize_advantages": {agent.Algo.OnPolicy, "ac and stac (the advantage normalisation)"},
	"mixed_estimator":      {isSTAC, "stac (the estimator of the total derivative's mixed term)"},
	"act_noise":            {isDDPG, "ddpg and stddpg (the exploration noise)"},
	"alpha":                {isSAC, "sac and stsac (the entropy coefficient)"},
	"polyak":               {offPolicy, offPolicyWho},
	"batch_size":           {offPolicy, offPolicyWho},
	"replay_size":          {offPolicy, offPolicyWho},
	"start_steps":          {offPolicy, offPolicyWho},
	"update_after":         {offPolicy, offPolicyWho},
	"update_every":         {offPolicy, offPolicyWho},
	"cg_tol":               {agent.Algo.Stackelberg, stackelbergWho},
	"lambda_decay":         {agent.Algo.Stackelberg, stackelbergWho},
	"lambda_min":           {agent.Algo.Stackelberg, stackelbergWho},
	"hessian_dtype":        {agent.Algo.Stackelberg, stackelbergWho},
}

const (
	offPolicyWho   = "the off-policy algorithms (ddpg, stddpg, sac, stsac)"
	stackelbergWho = "the Stackelberg algorithms (stac, stddpg, stsac)"
)

func isDDPG(a agent.Algo) bool    { return a == agent.DDPG || a == agent.STDDPG }
func isSTAC(a agent.Algo) bool    { return a == agent.STAC }
func isSAC(a agent.Algo) bool     { return a == agent.SAC || a == agent.STSAC }
func offPolicy(a agent.Algo) bool { return !a.OnPolicy() }

// unknownRLOption is the error for rl.options.key, which no algorithm
// reads: it lists the options algo reads (listing them all offered alpha
// to stddpg, which then refuses it) and says how many others the other
// algorithms read.
func unknownRLOption(key string, algo agent.Algo) error {
	var valid []string
	others := 0
	for _, k := range RLOptionNames() {
		if use, ok := rlOptionUse[k]; ok && !use.applies(algo) {
			others++
			continue
		}
		valid = append(valid, k)
	}
	return fmt.Errorf("rl.options.%s: unknown option; valid for %s: %s (and %d more for other algorithms)", key, algo, strings.Join(valid, ", "), others)
}

// RLOptionNames lists the keys accepted under rl.options.
func RLOptionNames() []string {
	names := make([]string, 0, len(rlOptions))
	for k := range rlOptions {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// RLAgentConfig turns the rl section of a configuration and the run's seed
// into a complete, validated agent.Config: Appendix E's defaults for the
// environment and algorithm, overridden by the fields that are set. A
// present cg section is taken as written (lambda: 0 is the unregularised
// total derivative); without one, λ defaults to 0 for discrete and 500 for
// continuous actions.
func RLAgentConfig(rc RLConfig, seed uint64) (agent.Config, error) {
	if rc.Env == "" {
		return agent.Config{}, fmt.Errorf("rl.env: missing (e.g. CartPole-v1)")
	}
	algo := agent.Algo(strings.ToLower(rc.Algo))
	if rc.Algo == "" {
		return agent.Config{}, fmt.Errorf("rl.algo: missing (ac, stac, ddpg, stddpg, sac or stsac)")
	}
	c, err := agent.Defaults(rc.Env, algo)
	if err != nil {
		return agent.Config{}, err
	}
	c.Seed = seed
	if rc.DType != "" {
		d, err := ad.ParseDType(strings.ToLower(rc.DType))
		if err != nil {
			return agent.Config{}, fmt.Errorf("rl.dtype: %w", err) // ad quotes the value cut, as ValueText does
		}
		c.DType = d
	}
	if rc.Threads < 0 {
		return agent.Config{}, fmt.Errorf("rl.threads: %d must not be negative", rc.Threads)
	}
	if rc.Leader != "" {
		c.Leader = agent.Leader(strings.ToLower(rc.Leader))
		if algo == agent.AC && c.Leader == agent.CriticLeads {
			// AC's update always repeats the critic's step (rl.unroll):
			// the key would be ignored.
			return agent.Config{}, fmt.Errorf("rl.leader: %s: not used by ac, whose critic always takes the rl.unroll steps after the actor's; a critic leads in stddpg and stsac (in ddpg and sac it makes the actor the one repeated)", rc.Leader)
		}
	}
	if rc.Steps != 0 {
		c.Steps = rc.Steps
	}
	if rc.StepsPerEpoch != 0 {
		c.StepsPerEpoch = rc.StepsPerEpoch
	}
	if rc.Hidden != nil {
		c.Hidden = append([]int(nil), rc.Hidden...)
	}
	if rc.Unroll != 0 {
		c.Unroll = rc.Unroll
	}
	if rc.CG != nil && !algo.Stackelberg() {
		// The plain algorithms have no total derivative to solve for:
		// the section would be ignored.
		return agent.Config{}, fmt.Errorf("rl.cg: not used by %s; it configures the conjugate-gradient solve of the total derivative in %s", algo, stackelbergWho)
	}
	if rc.CG != nil {
		if rc.CG.Iters != 0 {
			c.CG.Iters = rc.CG.Iters
		}
		if rc.CG.Lambda != nil {
			c.CG.Lambda = *rc.CG.Lambda
		}
	}
	keys := make([]string, 0, len(rc.Extra))
	for k := range rc.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		set, ok := rlOptions[k]
		if !ok {
			return agent.Config{}, unknownRLOption(k, algo)
		}
		if use, ok := rlOptionUse[k]; ok && !use.applies(algo) {
			return agent.Config{}, fmt.Errorf("rl.options.%s: not used by %s; it is an option of %s", k, algo, use.who)
		}
		if err := set(&c, rc.Extra[k]); err != nil {
			return agent.Config{}, fmt.Errorf("rl.options.%s: %w", k, err)
		}
	}
	if _, ok := rc.Extra["init_log_std"]; ok {
		// A categorical policy has no σ: the option would be ignored.
		if spec, _ := env.Lookup(c.Env); spec.ActionSpace() != nil {
			if act, discrete := spec.ActionSpace().(env.Discrete); discrete {
				return agent.Config{}, fmt.Errorf("rl.options.init_log_std: not used on %s, whose actions are %v (a categorical policy); it is the initial log σ of ac's and stac's Gaussian policy on continuous actions", c.Env, act)
			}
		}
	}
	if rc.Checkpoint < 0 {
		// Not "must not be negative": a 0 written in the file is refused
		// too (zeroMeansDefault).
		return agent.Config{}, fmt.Errorf("rl.checkpoint_every: %d must be positive (epochs between checkpoints)", rc.Checkpoint)
	}
	// After Validate, which refuses each value out of its range on its
	// own (a lambda_decay of −1 is that, not one without effect).
	if err := c.Validate(); err != nil {
		return agent.Config{}, stepsSetBy(err, c, rc)
	}
	if err := checkBatchFits(c, rc.Extra); err != nil {
		return agent.Config{}, err
	}
	if c.Algo.Stackelberg() && c.CG.LambdaDecay < 1 && c.CG.Lambda == c.CG.LambdaMin && (rc.CG == nil || rc.CG.Lambda == nil) {
		// λ at epoch E is max(lambda_min, cg.lambda·lambda_decay^(E−1)):
		// from cg.lambda down to a floor equal to it is no decay at all
		// (at cg.lambda 0, the default on discrete actions, nothing
		// decays), and the option would be silently ignored. Refused
		// only with cg.lambda left at its default, which the file does
		// not show: a cg.lambda written out (the README's CartPole
		// example writes λ 0) is the value meant, and a grid crossing
		// cg.lambda: [0, 10] or lambda_min with lambda_decay makes such
		// points, which are valid runs (at the point cg.lambda equals
		// lambda_min, λ stays there) and must not stop the sweep from
		// starting.
		return agent.Config{}, fmt.Errorf("rl.options.lambda_decay: %v has no effect with rl.cg.lambda %v (its default on %s) and rl.options.lambda_min %v: λ = max(lambda_min, cg.lambda·lambda_decay^(E−1)) is %v at every epoch; give a cg.lambda above lambda_min to decay from, or drop lambda_decay", c.CG.LambdaDecay, c.CG.Lambda, c.Env, c.CG.LambdaMin, c.CG.Lambda)
	}
	return c, nil
}

// stepsSetBy names, in err, a refusal of rl.steps (a run that ends
// within its first epoch, or before its first update) that rl.steps left
// at its default could not cause alone, by the key the file writes that
// makes it so (rl.steps_per_epoch, rl.options.update_after or
// update_every), so that Config.Locate gives that key's line: the file
// has no rl.steps line to give. A refusal is an *agent.StepsError;
// other errors are returned as they are.
func stepsSetBy(err error, c agent.Config, rc RLConfig) error {
	var short *agent.StepsError
	if rc.Steps != 0 || !errors.As(err, &short) {
		return err
	}
	key, v := "", 0
	_, after := rc.Extra["update_after"]
	_, every := rc.Extra["update_every"]
	switch {
	case rc.StepsPerEpoch != 0 && c.Steps < c.StepsPerEpoch:
		key, v = "rl.steps_per_epoch", c.StepsPerEpoch
	case c.Algo.OnPolicy():
		return err
	case every && (!after || c.UpdateEvery > c.Steps):
		// An update_every beyond the steps leaves no update whatever
		// update_after is.
		key, v = "rl.options.update_every", c.UpdateEvery
	case after:
		key, v = "rl.options.update_after", c.UpdateAfter
	default:
		return err
	}
	return &lineError{text: fmt.Sprintf("%s: %d with rl.steps at its default: %v", key, v, err), err: err}
}

// checkBatchFits refuses an off-policy mini-batch larger than the replay
// buffer can ever hold (batch_size > replay_size): the buffer samples with
// replacement, so such a run would go on, every mini-batch repeating
// transitions, which is a mistyped size rather than a setting. The error
// names the key written in the file (batch_size when both are, or
// neither), so that Config.Locate gives its line.
func checkBatchFits(c agent.Config, extra map[string]any) error {
	if c.Algo.OnPolicy() || c.BatchSize <= c.ReplaySize || c.ReplaySize <= 0 {
		return nil
	}
	_, batchSet := extra["batch_size"]
	if _, replaySet := extra["replay_size"]; replaySet && !batchSet {
		return fmt.Errorf("rl.options.replay_size: %d is smaller than rl.options.batch_size %d; every mini-batch would repeat transitions of a buffer that never holds a batch's worth: give a replay_size of at least batch_size", c.ReplaySize, c.BatchSize)
	}
	return fmt.Errorf("rl.options.batch_size: %d is larger than rl.options.replay_size %d; every mini-batch would repeat transitions of a buffer that never holds a batch's worth: give a batch_size of at most replay_size", c.BatchSize, c.ReplaySize)
}

// RLSummary is the outcome of an RL run, written as summary.json.
type RLSummary struct {
	// Final holds the last epoch's average training return and test
	// return.
	Final struct {
		AvgReturn  float64
		TestReturn float64
	}
	// Steps is the number of environment steps taken; Epochs the number of
	// completed epochs.
	Steps, Epochs int
	// StepsPerSecond is environment steps per second of wall time,
	// updates and test episodes included: Steps over the summed epoch
	// times of metrics.csv (a resumed run counts the epochs before the
	// checkpoint as they were measured).
	StepsPerSecond float64
	// Threshold is the solved threshold (NaN if the task has none) and
	// StepsToThreshold the steps after the first epoch whose metric
	// reached it (−1 if none did).
	Threshold        float64
	StepsToThreshold int
	// Resumed reports that the run continued from a checkpoint at epoch
	// ResumedFrom. A finished run given again keeps what its summary.json
	// recorded of this, of ExtendedFrom and of Threads.
	Resumed     bool
	ResumedFrom int
	// ExtendedFrom is the length in steps of the shorter run this one
	// continued (its checkpoint, agent.Agent.Extend), 0 if none.
	ExtendedFrom int
	// Threads is the number of goroutines the updates were split over
	// (rl.threads, at most GOMAXPROCS); the numbers do not depend on it,
	// the speed does.
	Threads int
	// MetricsDigest is metrics.csv's rows and SHA-256 as the run left it
	// (the whole file, the rows of a resume's or a lengthening's earlier
	// epochs included), read back as it is closed: summary.json records
	// them after its other keys (metrics_rows, metrics_sha256), and the
	// check of a finished run compares them with the file
	// (checkDoneRLRows).
	MetricsDigest

	seconds float64 // summed epoch wall times
}

func (s RLSummary) json(cfg agent.Config, runErr error) map[string]any {
	m := map[string]any{
		"final":              map[string]any{"avg_return": Finite(s.Final.AvgReturn), "test_return": Finite(s.Final.TestReturn)},
		"steps":              s.Steps,
		"epochs":             s.Epochs,
		"steps_per_second":   Finite(s.StepsPerSecond),
		"threshold":          Finite(s.Threshold),
		"steps_to_threshold": s.StepsToThreshold,
		"env":                cfg.Env,
		"algo":               string(cfg.Algo),
		"leader":             string(cfg.Leader),
		"seed":               cfg.Seed,
		"threads":            s.Threads,
		"dtype":              cfg.DType.String(),
	}
	if why := thresholdUnmeasured(cfg, s.Threshold); why != "" {
		// steps_to_threshold stays −1, but not because the run fell short.
		m["threshold_unmeasured"] = why
	}
	if s.Resumed {
		m["resumed_from_epoch"] = s.ResumedFrom
	}
	if s.ExtendedFrom > 0 {
		m["extended_from_steps"] = s.ExtendedFrom
	}
	if runErr != nil {
		m["error"] = runErr.Error()
		if Interrupted(runErr) {
			m["interrupted"] = true
		}
	}
	return m
}

// digestLast encodes an RL run's summary (RLSummary.json) with its
// metrics.csv's digest (metrics_rows, metrics_sha256) after its other
// keys, which keep their text and their places, and then the run's
// effective settings (settings: agent.Config with every default filled
// in, as job.json records them, rlSettings) as the last key; without a
// digest or settings, the summary without them.
type digestLast struct {
	summary  map[string]any
	digest   MetricsDigest
	settings json.RawMessage
}

// MarshalJSON encodes the summary, then the digest's keys, then settings.
func (s digestLast) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(s.summary)
	if err != nil {
		return nil, err
	}
	d, err := json.Marshal(s.digest)
	if err != nil {
		return nil, err
	}
	b = appendMembers(b, d)
	if len(s.settings) > 0 {
		m, err := json.Marshal(map[string]json.RawMessage{"settings": s.settings})
		if err != nil {
			return nil, err
		}
		b = appendMembers(b, m)
	}
	return b, nil
}

// appendMembers returns the JSON object b with the members of the JSON
// object more after its own: b's closing brace gives way to them.
func appendMembers(b, more []byte) []byte {
	if string(more) == "{}" {
		return b
	}
	if len(b) > 2 {
		b = append(b[:len(b)-1], ',')
	} else {
		b = b[:len(b)-1]
	}
	return append(b, more[1:]...)
}

// thresholdUnmeasured explains why a run of cfg with threshold th (NaN:
// none) cannot tell whether it reached it, or returns "": an off-policy
// run with rl.options.test_episodes 0, whose threshold applies to the
// deterministic test return, which no test episode measures (its
// test_return column is NaN).
func thresholdUnmeasured(cfg agent.Config, th float64) string {
	if math.IsNaN(th) || cfg.Algo.OnPolicy() || cfg.TestEpisodes > 0 {
		return ""
	}
	return fmt.Sprintf("rl.options.test_episodes is 0: %s's threshold applies to the deterministic test return, which no test episode measured", cfg.Algo)
}

// Interrupted reports that err ended a run because its context was
// cancelled or timed out (Ctrl-C, SIGTERM, a sweep's deadline) rather
// than because the run failed: an RL run so stopped resumes from its last
// checkpoint, and summary.json marks it "interrupted": true beside the
// error. Errors that quote a cancellation without wrapping it count too,
// by their message's ending.
func Interrupted(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	msg := err.Error()
	return strings.HasSuffix(msg, context.Canceled.Error()) || strings.HasSuffix(msg, context.DeadlineExceeded.Error())
}

// RunRL trains the configured agent, writing one row per epoch to
// outDir/metrics.csv, a checkpoint every rl.checkpoint_every epochs
// (default 1) to outDir/checkpoint.gob, and summary.json at the end (also
// when the run fails, with the error). With resume it continues from the
// checkpoint in outDir, dropping metrics rows written after it, so a run
// killed at any point loses at most the epochs since the last checkpoint
// and ends with the same numbers as an uninterrupted one; with no
// checkpoint in outDir it starts afresh. progress is told of completed
// epochs.
//
// A checkpoint of the same run configured for fewer steps is continued to
// rc's (agent.Agent.Extend): the metrics rows it adds are those of a run
// configured with the larger rl.steps from the start, and summary.json
// records "extended_from_steps". A checkpoint of a longer run is an error.
func RunRL(ctx context.Context, rc RLConfig, seed uint64, outDir string, resume bool, progress ProgressFunc) (RLSummary, error) {
	return runRL(ctx, rc, seed, outDir, resume, progress, nil)
}

// runRL is RunRL; record, if not nil, is called on every resume that is
// not refused, before any epoch runs (RunRLConfig writes config.yaml
// there unless it already describes the run, so that the directory
// describes the run its checkpoint belongs to and can be resumed without
// a CONFIG argument): a shorter run's checkpoint accepted, no checkpoint
// found (the run starts afresh), or the run of the checkpoint given again
// over a lengthening killed before its first checkpoint.
func runRL(ctx context.Context, rc RLConfig, seed uint64, outDir string, resume bool, progress ProgressFunc, record func() error) (RLSummary, error) {
	var sum RLSummary
	sum.StepsToThreshold = -1
	sum.Threshold = math.NaN()
	sum.Final.AvgReturn, sum.Final.TestReturn = math.NaN(), math.NaN()
	if err := envAvailable(rc.Env); err != nil {
		return sum, err // before the config's own errors: no setting helps here
	}
	cfg, err := RLAgentConfig(rc, seed)
	if err != nil {
		return sum, err
	}
	// The effective settings, as job.json records them (rlSettings of rc
	// and seed), for summary.json to record too: a run's directory then
	// says what it ran with after a default changes. Left out if they do
	// not encode (RLAgentConfig accepted them, so they do).
	settings, _ := agentSettings(cfg)
	every := rc.Checkpoint
	if every == 0 {
		every = 1
	}
	th, hasTh := ThresholdFor(cfg.Env, cfg.Algo)
	if hasTh {
		sum.Threshold = th.Value
	}

	var a *agent.Agent
	// A MuJoCo task's memory, freed when the run ends (or is refused
	// after its checkpoint was loaded) rather than when the collector,
	// which does not see it, comes round (a reproduction runs many jobs in
	// one process).
	defer func() {
		if a != nil {
			a.Close()
		}
	}()
	ckPath := filepath.Join(outDir, CheckpointFile)
	metricsPath := filepath.Join(outDir, MetricsFile)
	var ckRows []byte      // the digest of the rows the checkpoint was written with
	var keptLines [][]byte // metrics.csv's lines, the header first, on resuming from a checkpoint
	if resume {
		a, sum.ExtendedFrom, ckRows, err = loadCheckpoint(ckPath, cfg)
		if err != nil {
			return sum, err
		}
		if a != nil && a.Epoch() > 0 {
			// Before anything is written: a metrics.csv that does not
			// hold the checkpoint's epochs refuses the resume, and a
			// refused lengthening must not have replaced summary.json
			// and config.yaml already.
			if keptLines, _, err = keptRows(metricsPath, a.Epoch(), a.Steps(), ckRows); err != nil {
				return sum, err
			}
		}
		if sum.ExtendedFrom > 0 {
			// A lengthening: the shorter run's summary.json, which reads
			// as final, is replaced by a running one (before config.yaml
			// describes the longer run), which also keeps the length the
			// run was continued from for a resume after a kill.
			if err := writeRunningSummary(outDir, cfg, sum.ExtendedFrom); err != nil {
				return sum, err
			}
		}
		if a == nil {
			// Started afresh (no checkpoint, or one deleted as corrupt):
			// a summary.json of an earlier attempt is not this run's,
			// and a resume must not take what it says of a lengthening
			// (carryExtension) for this run's.
			if err := os.Remove(filepath.Join(outDir, SummaryFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return sum, err
			}
		}
		// Every resume that goes on records its run: one started afresh
		// or lengthened, and also the run of the checkpoint given again
		// after a lengthening of it was killed before its first
		// checkpoint, which left config.yaml describing the longer run
		// (a later `run --resume DIR` would lengthen it again). record
		// keeps a config.yaml that already describes the run.
		if record != nil {
			if err := record(); err != nil {
				return sum, err
			}
		}
	}
	if a == nil {
		if a, err = agent.New(cfg); err != nil {
			return sum, err
		}
	} else if !a.Done() {
		sum.Resumed, sum.ResumedFrom = true, a.Epoch()
		if sum.ExtendedFrom == 0 {
			// A lengthening stopped after its first checkpoint and
			// resumed: the checkpoint is the longer run's, and the length
			// it was continued from is in the summary.json it left.
			sum.ExtendedFrom = carryExtension(outDir, cfg)
		}
	} else if sum.ExtendedFrom == 0 && !carrySummary(outDir, a.Steps(), &sum) {
		// A finished run given again has nothing to resume: its summary
		// says what it said, the resume and lengthening that made it
		// included (carrySummary). Without one (the process was killed
		// after the last checkpoint, before the summary), this process
		// resumes the run at its end, and a lengthening's running summary
		// still says what the run was continued from.
		sum.Resumed, sum.ResumedFrom = true, a.Epoch()
		sum.ExtendedFrom = carryExtension(outDir, cfg)
	}
	// rl.threads is capped at the process's cores (GOMAXPROCS, which,
	// unlike NumCPU, follows a container's CPU limit), its default:
	// more goroutines would only make the pool's spinning helpers take
	// turns (rl.threads: 64 copied from a cluster's config onto a
	// laptop). The numbers are the same for any count.
	threads := rc.Threads
	if procs := runtime.GOMAXPROCS(0); threads == 0 || threads > procs {
		threads = procs
	}
	a.SetThreads(threads)
	if sum.Threads == 0 { // not a finished run's, carried over
		sum.Threads = threads
	}
	// The digest of the rows, which each checkpoint records for a resume
	// to compare: the kept rows', then each epoch's as it is written.
	header := agent.EpochStats{}.Columns()
	rowsSum := newRowsDigest(header)
	if a.Epoch() > 0 {
		for _, ln := range keptLines[1 : a.Epoch()+1] {
			vals, err := parseRow(string(ln), len(header))
			if err != nil {
				return sum, fmt.Errorf("resuming: %s: %w", metricsPath, err)
			}
			rowsSum.add(vals)
		}
	}
	csv, err := openMetrics(metricsPath, a.Epoch(), a.Done(), &sum, th, hasTh)
	if err != nil {
		return sum, err
	}
	// The rows recorded reach the file however the run ends, a panic
	// included (the job is then recorded failed: runGuarded); a no-op
	// after the Close that ends the run.
	defer csv.Close()
	// The checkpoint's epochs, whose rows metrics.csv keeps: a resumed
	// run that stops or fails before its next epoch ends records them, as
	// the run it continues would have, not 0.
	sum.Steps, sum.Epochs = a.Steps(), a.Epoch()
	// A failed write of the outputs after the run's own error is joined
	// to it, not dropped (as finishRun does): the error then says that
	// metrics.csv lacks rows or that summary.json was not written.
	finish := func(runErr error) (RLSummary, error) {
		if cerr := csv.Close(); cerr != nil {
			runErr = joinCloseErr(runErr, cerr)
		} else if rows, err := readCSVRows(metricsPath); err == nil {
			// The file as closed, read back whole (as finishRun does):
			// what the check of a finished run compares. Not recorded
			// when it does not read; the check then counts its rows.
			sum.recordMetrics(rows)
		}
		if werr := WriteJSON(outDir, SummaryFile, digestLast{sum.json(cfg, runErr), sum.MetricsDigest, settings}); werr != nil {
			runErr = joinWriteErr(runErr, SummaryFile, werr)
		}
		return sum, runErr
	}

	total := cfg.Epochs()
	for !a.Done() {
		st, err := a.RunEpoch(ctx)
		if err != nil {
			return finish(err)
		}
		// The epoch is complete: the summary describes it whole (its
		// returns, and its steps and epoch with them) however the writes
		// below end, as metrics.csv's row for it does once written.
		sum.Record(st, th, hasTh)
		sum.Steps, sum.Epochs = a.Steps(), a.Epoch()
		if err := csv.Row(st.Values()...); err != nil {
			return finish(err)
		}
		rowsSum.add(st.Values())
		if err := csv.flush(); err != nil {
			return finish(err)
		}
		if a.Epoch()%every == 0 || a.Done() {
			// The checkpoint's rows on disk before the checkpoint (synced,
			// renamed): after a power cut a resume must find them.
			if err := csv.f.Sync(); err != nil {
				return finish(fmt.Errorf("writing %s: %w", metricsPath, err))
			}
			if err := saveCheckpoint(ckPath, a, rowsSum.sum()); err != nil {
				return finish(err)
			}
		}
		if progress != nil {
			progress(a.Epoch(), total)
		}
	}
	sum.Steps, sum.Epochs = a.Steps(), a.Epoch()
	return finish(nil)
}

// agentSettings returns the effective settings of an RL run of cfg as
// job.json and summary.json record them: cfg (RLAgentConfig's, every
// default filled in) as JSON, its element type and activation by name,
// not by their enums' numbers, which a reordering would change. For the
// cfg of RLAgentConfig(rc, seed) they are rlSettings(&rc, seed).
func agentSettings(cfg agent.Config) (json.RawMessage, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["DType"], m["Activation"] = cfg.DType.String(), cfg.Activation.String()
	return json.Marshal(m)
}

// writeRunningSummary writes the summary.json of an RL run of cfg that is
// being lengthened from a checkpoint of extendedFrom steps: "running":
// true, the run's environment, algorithm, leader, seed and dtype (as the
// final summary records them), its effective settings as the last key
// (settings, agentSettings, as the final summary records them), and the
// "extended_from_steps" that the finished run's summary will record
// (carryExtension reads it back after a kill), but no "final" nor
// "steps". It replaces the shorter run's summary.json, which would
// otherwise read as the final one while the longer run is unfinished (a
// kill leaves it so); the run's own summary replaces it when the run
// ends, finished, failed or interrupted. The shorter run's finished
// summary is kept inside it, as "shorter_summary" (carried over from a
// running summary written before), so that the shorter run given again —
// a lengthening killed before config.yaml described the longer run, then
// `run --resume DIR` — gets its summary back whole (carrySummary).
func writeRunningSummary(dir string, cfg agent.Config, extendedFrom int) error {
	running := map[string]any{
		"running":             true,
		"extended_from_steps": extendedFrom,
		"env":                 cfg.Env,
		"algo":                string(cfg.Algo),
		"leader":              string(cfg.Leader),
		"seed":                cfg.Seed,
		"dtype":               cfg.DType.String(),
	}
	if data, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile)); err == nil {
		var old struct {
			Steps   *int            `json:"steps"`
			Error   *string         `json:"error"`
			Running bool            `json:"running"`
			Shorter json.RawMessage `json:"shorter_summary"`
		}
		switch {
		case json.Unmarshal(data, &old) != nil:
		case old.Running && len(old.Shorter) > 0:
			running["shorter_summary"] = old.Shorter
		case !old.Running && old.Error == nil && old.Steps != nil && *old.Steps == extendedFrom:
			running["shorter_summary"] = json.RawMessage(data)
		}
	}
	// Left out if they do not encode (RLAgentConfig made cfg, so they do).
	settings, _ := agentSettings(cfg)
	return WriteJSON(dir, SummaryFile, digestLast{summary: running, settings: settings})
}

// carryExtension returns the extended_from_steps that the summary.json in
// dir records for a lengthening of the run of cfg, resumed from a
// checkpoint of the longer run, or 0: a summary written while the
// lengthening ran (writeRunningSummary) or when it stopped (an error,
// "interrupted"), of this run's environment, algorithm and seed, continued
// from a whole number of epochs fewer than the run's length. A finished
// summary is not the unfinished run's and is left out.
func carryExtension(dir string, cfg agent.Config) int {
	data, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return 0
	}
	var old struct {
		Running      bool    `json:"running"`
		Error        *string `json:"error"`
		ExtendedFrom int     `json:"extended_from_steps"`
		Env          string  `json:"env"`
		Algo         string  `json:"algo"`
		Seed         *uint64 `json:"seed"`
	}
	if json.Unmarshal(data, &old) != nil || (!old.Running && old.Error == nil) ||
		old.Env != cfg.Env || old.Algo != string(cfg.Algo) || old.Seed == nil || *old.Seed != cfg.Seed {
		return 0
	}
	if e := old.ExtendedFrom; e > 0 && e < cfg.Steps && e%cfg.StepsPerEpoch == 0 {
		return e
	}
	return 0
}

// carrySummary copies into sum what the summary.json in dir of the finished
// run of steps steps records of how it was made — resumed_from_epoch,
// extended_from_steps and threads, which a process that runs no epoch
// cannot know — so that giving a finished run again leaves its summary as
// it was, and reports whether it found one. A summary that is missing,
// does not read, records an error or another length is not the finished
// run's, and is left out; one written while a lengthening ran
// (writeRunningSummary) gives the finished shorter run's it holds.
func carrySummary(dir string, steps int, sum *RLSummary) bool {
	data, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return false
	}
	type summary struct {
		Steps        *int            `json:"steps"`
		Error        *string         `json:"error"`
		Running      bool            `json:"running"`
		Shorter      json.RawMessage `json:"shorter_summary"`
		ResumedFrom  *int            `json:"resumed_from_epoch"`
		ExtendedFrom int             `json:"extended_from_steps"`
		Threads      int             `json:"threads"`
	}
	var old summary
	if json.Unmarshal(data, &old) != nil {
		return false
	}
	if old.Running {
		if len(old.Shorter) == 0 {
			return false
		}
		// Read into a fresh value: a key the shorter summary lacks
		// (extended_from_steps of a run never lengthened) must not keep
		// the running summary's value.
		shorter := old.Shorter
		old = summary{}
		if json.Unmarshal(shorter, &old) != nil || old.Running {
			return false
		}
	}
	if old.Steps == nil || *old.Steps != steps || old.Error != nil {
		return false
	}
	if old.ResumedFrom != nil {
		sum.Resumed, sum.ResumedFrom = true, *old.ResumedFrom
	}
	sum.ExtendedFrom = old.ExtendedFrom
	if old.Threads > 0 {
		sum.Threads = old.Threads
	}
	return true
}

// Record folds one epoch into the summary: the final returns, the
// throughput and, when hasTh, the first crossing of th.
func (s *RLSummary) Record(st agent.EpochStats, th RLThreshold, hasTh bool) {
	s.Final.AvgReturn, s.Final.TestReturn = st.AvgReturn, st.TestReturn
	s.seconds += st.Seconds
	if s.seconds > 0 {
		s.StepsPerSecond = float64(st.Steps) / s.seconds
	}
	if hasTh && s.StepsToThreshold < 0 {
		v := st.AvgReturn
		if th.OnTest {
			v = st.TestReturn
		}
		if v >= th.Value {
			s.StepsToThreshold = st.Steps
		}
	}
}

// loadCheckpoint returns the agent saved at path, nil if there is none, or
// an error if it cannot be read, fails its checksum, or belongs to another
// configuration. The file is read in pieces, never whole
// (readResumeCheckpoint). A checkpoint of the same run with fewer steps is that
// run's, continued to cfg.Steps (agent.Agent.Extend); extendedFrom is then
// its length, 0 otherwise. rows is the digest of the metrics rows the
// checkpoint was written with (nil for one of the v2 frame or unframed,
// which records none).
func loadCheckpoint(path string, cfg agent.Config) (a *agent.Agent, extendedFrom int, rows []byte, err error) {
	a, rows, err = readResumeCheckpoint(path)
	if err != nil || a == nil {
		return nil, 0, nil, err
	}
	loaded := a
	defer func() {
		if err != nil {
			loaded.Close() // a refused checkpoint's MuJoCo memory, freed at once
		}
	}()
	if d := a.Config().DType; d != cfg.DType {
		return nil, 0, nil, fmt.Errorf("%s: the checkpoint was written by a %v run and this run is %v; resume it with rl.dtype: %v (reproduce --dtype %v), or start afresh in another directory", path, d, cfg.DType, d, d)
	}
	if old := a.Config(); agent.Extends(cfg, old) {
		// A longer run of the same configuration: continue it to cfg.Steps.
		if err := a.Extend(cfg.Steps); err != nil {
			return nil, 0, nil, fmt.Errorf("%s: %w", path, err)
		}
		extendedFrom = old.Steps
	} else if !agent.SameConfig(old, cfg) {
		if shorter := cfg; shorter.Steps < old.Steps {
			shorter.Steps = old.Steps
			if agent.SameConfig(old, shorter) {
				return nil, 0, nil, fmt.Errorf("%s: the checkpoint's run is %d steps long and this one %d: a run can be continued to more steps, not shortened (the first rows of its metrics.csv are the shorter run's epochs)", path, old.Steps, cfg.Steps)
			}
		}
		return nil, 0, nil, fmt.Errorf("%s: the checkpoint was written by a run with a different configuration (%s); resume with the run's own config.yaml", path, configDiff(old, cfg))
	}
	return a, extendedFrom, rows, nil
}

// saveCheckpoint writes the agent, framed with its checksum (see
// writeCheckpoint), atomically (temporary file, synced, then rename), so
// a kill or a full disk during the write leaves the previous checkpoint
// intact. The agent's state is streamed into the temporary file, its
// replay buffer from its own storage: the write holds no copy of it.
func saveCheckpoint(path string, a *agent.Agent, rows [sha256.Size]byte) error {
	return writeAtomic(path, func(f *os.File) error {
		return writeCheckpoint(f, a.Save, rows, "checkpoint-write")
	})
}

// openMetrics opens metrics.csv for appending rows after epoch done: a
// fresh file with the header when done is 0, otherwise the existing file cut
// back to its header and first done rows (whose threshold crossings are
// folded into sum). The TensorBoard log is rewritten from those rows, except
// for a finished run given again (finished), whose event files are kept as
// they are (names and wall times included) since nothing is appended to
// them — unless they are not one whole file of the kept rows (none, a
// file cut short, another run's beside it; tblog.Records), when they are
// written anew.
func openMetrics(path string, done int, finished bool, sum *RLSummary, th RLThreshold, hasTh bool) (*CSVWriter, error) {
	header := agent.EpochStats{}.Columns()
	if done == 0 {
		c, err := NewCSV(path, header)
		if err != nil {
			return nil, err
		}
		if err := c.mirrorTB(filepath.Dir(path), header, rlStepColumn); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	}
	lines, rows, err := keptRows(path, done, -1, nil) // checked against the checkpoint before (runRL)
	if err != nil {
		return nil, err
	}
	for _, st := range rows {
		sum.Record(st, th, hasTh)
	}
	kept := bytes.Join(lines[:done+1], nil)
	if !bytes.HasSuffix(kept, []byte("\n")) {
		// The last kept row without its newline (a file saved without
		// the final one): the rows appended must not be glued to it.
		kept = append(kept, '\n')
	}
	// Atomic rewrite: a kill here leaves the old file, whose extra rows
	// the next resume drops again.
	if err := writeFileAtomic(path, kept, "metrics-rewrite"); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	c := &CSVWriter{f: f, w: newRowWriter(f), rows: done}
	if finished {
		// Nothing will be appended: the event files written with the rows
		// stay (a rewrite would rename them and change their wall times,
		// and a kill between deleting and writing would lose the log).
		// Found by name, not by a glob pattern: a DIR holding [, * or ?
		// (run[1]) would otherwise be a bad pattern or match nothing.
		tbFiles, err := tblog.Files(filepath.Join(filepath.Dir(path), TensorBoardDir))
		if err != nil {
			c.Close()
			return nil, err
		}
		// Kept only if whole: one file of the file-version event and one
		// event per metric of each kept row, every record complete (the
		// event file is not synced with the checkpoint, so a power cut can
		// leave it short; a log of another run's makes two files).
		// A log rewritten by a resume has SessionLog STARTs between its
		// file-version event and its rows: the count is taken with the
		// STARTs the file holds there, so that a rewritten log missing its
		// last record is not taken for a whole one with fewer STARTs.
		if len(tbFiles) == 1 {
			n, starts, err := tblog.LeadingStarts(tbFiles[0])
			if err == nil && n == 1+starts+done*(len(header)-1) {
				return c, nil
			}
		}
	}
	// The TensorBoard log is rewritten from the kept rows, so that it
	// holds exactly what metrics.csv holds: into a new event file beside
	// the old ones, which are removed once it holds the kept rows (a full
	// disk during the replay leaves them as they were, and the new file
	// is removed; a kill leaves both, which the next resume rewrites as
	// one).
	if err := c.mirrorTBBeside(filepath.Dir(path), header, rlStepColumn); err != nil {
		c.Close()
		return nil, err
	}
	fresh := c.tb.w.Path()
	fail := func(err error) (*CSVWriter, error) {
		c.Close()
		os.Remove(fresh)
		return nil, err
	}
	replay := make([][]float64, done)
	for i, ln := range lines[1 : done+1] {
		vals, err := parseRow(string(ln), len(header))
		if err != nil {
			return fail(fmt.Errorf("resuming: %s: %w", path, err))
		}
		replay[i] = vals
	}
	// The replayed events get the wall times the epochs' seconds column
	// gives, counted back from now (each epoch's end is the next one's
	// end less that epoch's seconds), not all now: TensorBoard's relative
	// and wall-time axes then show how long the kept epochs took (the
	// time the run was stopped is left out).
	ends := replayedEnds(replay, slices.Index(header, "seconds"), time.Now())
	// TensorBoard's mark of a restarted run first, below every step, twice:
	// its Python loader takes the first START of a run for the session's
	// start and drops nothing at it (a run's first event file has none),
	// and at any later one drops the values it read at steps at or above
	// the START's. Having read the run's older event file, it then drops
	// what it read of it at the second START (at the first too, when it
	// read a START before), instead of showing each kept step twice; one
	// that reads only this file drops nothing. Its data server
	// (--load_fast) ignores them, and replaces steps that come again by
	// itself.
	c.tb.w.Now = func() time.Time { return ends[0] }
	for range restartMarks {
		if err := c.tb.w.SessionStart(math.MinInt64); err != nil {
			return fail(err)
		}
	}
	for i, vals := range replay {
		c.tb.w.Now = func() time.Time { return ends[i] }
		if err := c.tb.row(vals); err != nil {
			return fail(err)
		}
	}
	c.tb.w.Now = time.Now
	if err := c.tb.w.Flush(); err != nil {
		return fail(err)
	}
	if err := removeOtherEvents(filepath.Join(filepath.Dir(path), TensorBoardDir), fresh); err != nil {
		return fail(err)
	}
	return c, nil
}

// restartMarks is the number of SessionLog STARTs a log rewritten by a
// resume starts with (see openMetrics).
const restartMarks = 2

// removeOtherEvents deletes the event files in tbDir other than keep.
func removeOtherEvents(tbDir, keep string) error {
	paths, err := tblog.Files(tbDir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		if p != keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// replayedEnds returns the wall times at which the kept epochs rows ended,
// counted back from now with their seconds column sec: the last ends at
// now, and each earlier one that epoch's seconds before the next (a
// missing column, or a negative or non-finite value, counts 0).
func replayedEnds(rows [][]float64, sec int, now time.Time) []time.Time {
	ends := make([]time.Time, len(rows))
	t := now
	for i := len(rows) - 1; i >= 0; i-- {
		ends[i] = t
		if sec >= 0 && sec < len(rows[i]) {
			if d := rows[i][sec]; d > 0 && !math.IsInf(d, 0) {
				t = t.Add(-time.Duration(d * float64(time.Second)))
			}
		}
	}
	return ends
}

// keptRows reads metrics.csv at path for a resume from the checkpoint at
// epoch done, without changing it: its lines (the header first) and the
// statistics of its first done rows, or an error if the file does not
// hold the header and epochs 1…done in order. A resume calls it before it
// writes anything, so that a refused resume (a lengthening included)
// leaves the directory as it was.
func keptRows(path string, done, ckSteps int, ckRows []byte) ([][]byte, []agent.EpochStats, error) {
	header := agent.EpochStats{}.Columns()
	data, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("resuming: %w", err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1] // after the last newline
	}
	if len(lines) == 0 {
		return nil, nil, fmt.Errorf("resuming: %s is empty; the checkpoint is at epoch %d", path, done)
	}
	if got, want := strings.TrimSpace(string(lines[0])), strings.Join(header, ","); got != want {
		// Another program's file, or an edited one: its columns are not
		// the ones this run appends.
		return nil, nil, fmt.Errorf("resuming: %s: line 1, the header, is %q; this run's columns are %q", path, got, want)
	}
	if len(lines) < done+1 {
		return nil, nil, fmt.Errorf("resuming: %s has %s and header %q; the checkpoint is at epoch %d", path, CountOf(len(lines)-1, "row"), strings.TrimSpace(string(lines[0])), done)
	}
	rows := make([]agent.EpochStats, done)
	prevSteps := -1.0
	for i, ln := range lines[1 : done+1] {
		steps, err := checkKeptRow(string(ln), header, i+2)
		if err != nil {
			return nil, nil, fmt.Errorf("resuming: %s: %w", path, err)
		}
		st, err := ParseEpochStats(string(ln), header)
		if err != nil {
			return nil, nil, fmt.Errorf("resuming: %s: %w", path, err)
		}
		if st.Epoch != i+1 {
			// A row lost, repeated or edited: the rows would no longer be
			// the epochs they stand for.
			return nil, nil, fmt.Errorf("resuming: %s: row %d is epoch %d, want %d; the file does not hold the checkpointed run's epochs 1–%d in order", path, i+1, st.Epoch, i+1, done)
		}
		if steps <= prevSteps {
			// The steps are cumulative, and TensorBoard's step.
			return nil, nil, fmt.Errorf("resuming: %s: line %d, column steps: %s is not more than %s on line %d; the rows are not in order", path, i+2, appendNumber(nil, steps), appendNumber(nil, prevSteps), i+1)
		}
		prevSteps = steps
		rows[i] = st
	}
	if ckSteps >= 0 && prevSteps != float64(ckSteps) {
		// The last kept row stands for the checkpoint's epoch.
		return nil, nil, fmt.Errorf("resuming: %s: line %d, column steps: %s is not the checkpoint's %d steps at epoch %d", path, done+1, appendNumber(nil, prevSteps), ckSteps, done)
	}
	if ckRows != nil {
		d := newRowsDigest(header)
		for _, ln := range lines[1 : done+1] {
			vals, err := parseRow(string(ln), len(header))
			if err != nil {
				return nil, nil, fmt.Errorf("resuming: %s: %w", path, err)
			}
			d.add(vals)
		}
		if sum := d.sum(); !bytes.Equal(sum[:], ckRows) {
			return nil, nil, fmt.Errorf("resuming: %s: rows 1–%d are not the ones recorded with the checkpoint at epoch %d (another run's, or edited); restore the run's own metrics.csv, or delete checkpoint.gob to restart the run from scratch", path, done, done)
		}
	}
	return lines, rows, nil
}

// checkKeptRow checks one kept row of metrics.csv, line lineNo of the
// file, before a resume replays it: every field a number, and its epoch
// and steps whole numbers from 0 to 2⁵³ (which a float64 holds exactly,
// and int converts without an undefined result, as it does not for NaN or
// 1e300). It returns the row's steps. A hand-edited row would otherwise
// be replayed to TensorBoard at an arbitrary step, or pass as the epoch it
// truncates to.
func checkKeptRow(line string, header []string, lineNo int) (float64, error) {
	fields := strings.Split(strings.TrimSpace(line), ",")
	if len(fields) != len(header) {
		return 0, fmt.Errorf("line %d: row %q has %d fields, want %d", lineNo, line, len(fields), len(header))
	}
	steps := 0.0
	for i, h := range header {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return 0, fmt.Errorf("line %d, column %s: %q is not a number", lineNo, h, fields[i])
		}
		if h != "epoch" && i != rlStepColumn {
			continue
		}
		if !(v >= 0 && v <= maxPlainInt && v == math.Trunc(v)) {
			return 0, fmt.Errorf("line %d, column %s: %s is not a whole number from 0 to 2^53", lineNo, h, fields[i])
		}
		if i == rlStepColumn {
			steps = v
		}
	}
	return steps, nil
}

// rlStepColumn is the column of agent.EpochStats.Columns (steps) that is
// TensorBoard's step for an RL run.
const rlStepColumn = 1

// parseRow reads the n numbers of one CSV row.
func parseRow(line string, n int) ([]float64, error) {
	fields := strings.Split(strings.TrimSpace(line), ",")
	if len(fields) != n {
		return nil, fmt.Errorf("row %q has %d fields, want %d", line, len(fields), n)
	}
	vals := make([]float64, n)
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", f)
		}
		vals[i] = v
	}
	return vals, nil
}

// ParseEpochStats reads back the columns of one metrics row that the summary
// needs. An epoch or steps that is not a whole number from 0 to 2⁵³ (NaN,
// 1e300, −5, 2.5: a damaged or edited file) is an error naming the column.
func ParseEpochStats(line string, header []string) (agent.EpochStats, error) {
	fields := strings.Split(strings.TrimSpace(line), ",")
	if len(fields) != len(header) {
		return agent.EpochStats{}, fmt.Errorf("row %q has %d fields, want %d", line, len(fields), len(header))
	}
	var st agent.EpochStats
	for i, h := range header {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return st, fmt.Errorf("column %s: %q is not a number", h, fields[i])
		}
		if (h == "epoch" || h == "steps") && !(v >= 0 && v <= maxPlainInt && v == math.Trunc(v)) {
			// int(v) of NaN, 1e300 or 2.5 is no count (undefined, or
			// truncated to another epoch).
			return st, fmt.Errorf("column %s: %s is not a whole number from 0 to 2^53", h, fields[i])
		}
		switch h {
		case "epoch":
			st.Epoch = int(v)
		case "steps":
			st.Steps = int(v)
		case "avg_return":
			st.AvgReturn = v
		case "test_return":
			st.TestReturn = v
		case "seconds":
			st.Seconds = v
		}
	}
	return st, nil
}

// RunRLConfig runs the rl section of cfg with RunRL (the entry point of
// `stackel run` for rl configs) and returns a one-line summary.
func RunRLConfig(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	rc := *cfg.RL
	if rc.Threads == 0 {
		rc.Threads = opt.Threads
	}
	record := func() error {
		// config.yaml of another run (or none: `stackel run --resume DIR
		// CONFIG` into a directory without a checkpoint) is replaced by
		// this run's; the same run's, as a job writes it, is kept as
		// written.
		if old, err := LoadConfig(filepath.Join(opt.Out, ConfigFile)); err == nil && sameValues(old, cfg) {
			return nil
		}
		return saveConfig(cfg, opt.Out)
	}
	sum, err := runRL(ctx, rc, cfg.Seed, opt.Out, opt.Resume, opt.Progress, record)
	if err != nil {
		return "", err
	}
	line := fmt.Sprintf("%s %s on %s: %d steps, final avg return %.4g, test return %.4g, %.0f steps/s",
		cfg.Name, cfg.RL.Algo, cfg.RL.Env, sum.Steps, sum.Final.AvgReturn, sum.Final.TestReturn, sum.StepsPerSecond)
	if !math.IsNaN(sum.Threshold) {
		if ac, err := RLAgentConfig(rc, cfg.Seed); err == nil && thresholdUnmeasured(ac, sum.Threshold) != "" {
			line += fmt.Sprintf(", threshold %.4g not measured (rl.options.test_episodes: 0)", sum.Threshold)
		} else if sum.StepsToThreshold >= 0 {
			line += fmt.Sprintf(", threshold %.4g reached after %d steps", sum.Threshold, sum.StepsToThreshold)
		} else {
			line += fmt.Sprintf(", threshold %.4g not reached", sum.Threshold)
		}
	}
	return line, nil
}

// configKeys gives, for each field of agent.Config (nested ones by their
// path), the configuration key that sets it, so that a refused resume
// names what to change in the file ("rl.options.batch_size", not
// "BatchSize"). RawAdvantages is written the other way round, as
// normalize_advantages (configDiff turns its values over).
var configKeys = map[string]string{
	"Env": "rl.env", "Algo": "rl.algo", "Leader": "rl.leader", "Seed": "seed", "DType": "rl.dtype",
	"Steps": "rl.steps", "StepsPerEpoch": "rl.steps_per_epoch", "Hidden": "rl.hidden", "Unroll": "rl.unroll",
	"CG.Iters": "rl.cg.iters", "CG.Lambda": "rl.cg.lambda",
	"CG.Tol": "rl.options.cg_tol", "CG.LambdaDecay": "rl.options.lambda_decay", "CG.LambdaMin": "rl.options.lambda_min",
	"CG.Hessian": "rl.options.hessian_dtype", "Activation": "rl.options.activation", "Gamma": "rl.options.gamma",
	"Optimizer": "rl.options.optimizer", "ActorLR": "rl.options.actor_lr", "CriticLR": "rl.options.critic_lr",
	"Lam": "rl.options.lam", "InitLogStd": "rl.options.init_log_std", "BatchSize": "rl.options.batch_size",
	"ReplaySize": "rl.options.replay_size", "StartSteps": "rl.options.start_steps",
	"UpdateAfter": "rl.options.update_after", "UpdateEvery": "rl.options.update_every", "Polyak": "rl.options.polyak",
	"ActNoise": "rl.options.act_noise", "Alpha": "rl.options.alpha", "TestEpisodes": "rl.options.test_episodes",
	"GradNoise": "rl.options.grad_noise", "RawAdvantages": "rl.options.normalize_advantages",
	"ClipActions": "rl.options.clip_actions", "Mixed": "rl.options.mixed_estimator",
	"LanczosIters": "rl.options.lanczos_iters",
}

// configDiff names the fields in which the checkpoint's configuration old
// and this run's cfg differ, as "key: checkpoint's value in the
// checkpoint, this run's value here", each by the configuration key that
// sets it (configKeys; a field without one by its path).
func configDiff(old, cfg agent.Config) string {
	var diffs []string
	var walk func(path string, a, b reflect.Value)
	walk = func(path string, a, b reflect.Value) {
		if a.Kind() == reflect.Struct {
			for i := range a.NumField() {
				f := a.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				name := f.Name
				if path != "" {
					name = path + "." + name
				}
				walk(name, a.Field(i), b.Field(i))
			}
			return
		}
		if !a.CanInterface() || reflect.DeepEqual(a.Interface(), b.Interface()) {
			return
		}
		va, vb := a.Interface(), b.Interface()
		if path == "RawAdvantages" {
			va, vb = !a.Bool(), !b.Bool()
		}
		if key, ok := configKeys[path]; ok {
			path = key
		}
		diffs = append(diffs, fmt.Sprintf("%s: %v in the checkpoint, %v here", path, va, vb))
	}
	walk("", reflect.ValueOf(old), reflect.ValueOf(cfg))
	if len(diffs) == 0 {
		return fmt.Sprintf("%+v", old) // only in unexported fields
	}
	return strings.Join(diffs, "; ")
}
