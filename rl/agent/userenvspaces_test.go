package agent

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// boxLine is a point mass on a line pushed by a bounded force: its
// observation is (position, velocity) padded with zeros to obsDim
// coordinates, its action box [−amax, amax]; episodes end after 50 steps
// (NewTimeLimit) or beyond |position| > 5.
type boxLine struct {
	pos, vel float64
	obsDim   int
	amax     float64
}

func (p *boxLine) ObservationSpace() env.Space { return env.UniformBox(-10, 10, p.obsDim) }
func (p *boxLine) ActionSpace() env.Space      { return env.UniformBox(-p.amax, p.amax, 1) }
func (p *boxLine) observe() []float64 {
	o := make([]float64, p.obsDim)
	o[0], o[1] = p.pos, p.vel
	return o
}
func (p *boxLine) Reset(rng *rand.Rand) []float64 {
	p.pos, p.vel = 2*rng.Float64()-1, 0
	return p.observe()
}
func (p *boxLine) Step(a []float64) ([]float64, float64, bool, bool) {
	u := max(-p.amax, min(p.amax, a[0]))
	p.vel += 0.1 * u
	p.pos += 0.1 * p.vel
	return p.observe(), -(p.pos*p.pos + 0.1*u*u), p.pos < -5 || p.pos > 5, false
}

// boxLineFactory builds boxLine environments of obsDim observation
// coordinates and action box [−amax, amax].
func boxLineFactory(obsDim int, amax float64) EnvFactory {
	return func(uint64) (env.Env, error) {
		return env.NewTimeLimit(&boxLine{obsDim: obsDim, amax: amax}, 50), nil
	}
}

// boxLineConfig is a short stddpg run on boxLine named name.
func boxLineConfig(name string, f EnvFactory) (Config, error) {
	cfg, err := DefaultsFor(name, f, STDDPG)
	if err != nil {
		return Config{}, err
	}
	cfg.Seed, cfg.Steps, cfg.StepsPerEpoch = 1, 260, 130
	cfg.Hidden, cfg.BatchSize = []int{8, 8}, 16
	cfg.StartSteps, cfg.UpdateAfter, cfg.UpdateEvery = 100, 100, 50
	cfg.TestEpisodes = 2
	return cfg, nil
}

// closingLine is a boxLine that counts its Close calls.
type closingLine struct {
	boxLine
	closed *int
}

func (c *closingLine) Close() error { *c.closed++; return nil }

// saveBoxLine runs one epoch of boxLineConfig(name) on f and returns its
// checkpoint.
func saveBoxLine(t *testing.T, name string, f EnvFactory) []byte {
	t.Helper()
	cfg, err := boxLineConfig(name, f)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewWithEnv(cfg, f)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := a.Save(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLoadWithEnvChecksSpaces: a checkpoint of NewWithEnv records its
// environment's spaces, and LoadWithEnv refuses a factory whose
// environment has others: an action box [−2, 2] for [−1, 1] (same
// dimensions, which loaded and resumed silently) and a third
// observation coordinate (which was refused as "checkpoint actor has
// 105 parameters, the network 113"). The run's own factory loads and
// resumes. Messages compared exactly.
func TestLoadWithEnvChecksSpaces(t *testing.T) {
	ck := saveBoxLine(t, "boxline", boxLineFactory(2, 1))
	const had = "the checkpoint's run had observation Box([-10 -10], [10 10], (2,)), action Box([-1], [1], (1,))"
	for _, c := range []struct {
		name string
		f    EnvFactory
		want string
	}{
		{"action box", boxLineFactory(2, 2), "agent: checkpoint config: LoadWithEnv: boxline: the EnvFactory's environment has observation Box([-10 -10], [10 10], (2,)), action Box([-2], [2], (1,)); " + had},
		{"observation dim", boxLineFactory(3, 1), "agent: checkpoint config: LoadWithEnv: boxline: the EnvFactory's environment has observation Box([-10 -10 -10], [10 10 10], (3,)), action Box([-1], [1], (1,)); " + had},
	} {
		a, err := LoadWithEnv(bytes.NewReader(ck), c.f)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: agent %v, err %v\nwant %q", c.name, a != nil, err, c.want)
		}
	}
	a, err := LoadWithEnv(bytes.NewReader(ck), boxLineFactory(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestLoadRefusesFactoryCheckpoint: a checkpoint of NewWithEnv whose
// Config.Env names a registered environment (Pendulum-v1, for a boxLine
// of Pendulum's dimensions) is refused by Load and LoadPolicy, which
// would have resumed it on the registry's Pendulum; LoadPolicyWithEnv
// loads it for evaluation on the factory's environment.
func TestLoadRefusesFactoryCheckpoint(t *testing.T) {
	f := boxLineFactory(3, 2)
	ck := saveBoxLine(t, "Pendulum-v1", f)
	const want = `agent: checkpoint of a run on an environment of an EnvFactory (NewWithEnv), named "Pendulum-v1" but not the registry's: load it with agent.LoadWithEnv or agent.LoadPolicyWithEnv and that factory`
	for name, load := range map[string]func(io.Reader) (*Agent, error){"Load": Load, "LoadPolicy": LoadPolicy} {
		a, err := load(bytes.NewReader(ck))
		if err == nil || err.Error() != want {
			t.Errorf("%s: agent %v, err %v\nwant %q", name, a != nil, err, want)
		}
	}
	a, err := LoadPolicyWithEnv(bytes.NewReader(ck), f)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !a.PolicyOnly() {
		t.Errorf("LoadPolicyWithEnv: PolicyOnly false")
	}
	b, err := LoadWithEnv(bytes.NewReader(ck), f)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// The policy plays the same episodes as the full agent's, to the bit.
	ea, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	eb, err := b.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ea, eb) {
		t.Errorf("LoadPolicyWithEnv's episodes %+v, LoadWithEnv's %+v", ea, eb)
	}
}

// TestOldUserEnvCheckpointLoads: testdata/userenv_before_spaces.ckpt
// was written by NewWithEnv's Save before checkpoints recorded the
// environment's spaces and factory (a boxLine of 2 observation
// coordinates and action box [−1, 1], one epoch of boxLineConfig): it
// still loads with LoadWithEnv and resumes, its epoch counter 1.
func TestOldUserEnvCheckpointLoads(t *testing.T) {
	ck, err := os.ReadFile("testdata/userenv_before_spaces.ckpt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := LoadWithEnv(bytes.NewReader(ck), boxLineFactory(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Epoch() != 1 {
		t.Errorf("epoch %d, want 1", a.Epoch())
	}
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestNewAgentClosesEnvsOnLateError: a run whose replay buffer a
// checkpoint could not hold (5·10⁶ transitions of 10⁵ observation
// coordinates) is refused after its environments are built: both
// (training and test) are closed.
func TestNewAgentClosesEnvsOnLateError(t *testing.T) {
	built, closed := 0, 0
	f := func(uint64) (env.Env, error) {
		built++
		return env.NewTimeLimit(&closingLine{boxLine: boxLine{obsDim: 100000, amax: 1}, closed: &closed}, 50), nil
	}
	cfg, err := boxLineConfig("closing", f)
	if err != nil {
		t.Fatal(err)
	}
	built, closed = 0, 0
	cfg.Steps, cfg.ReplaySize = 5000000, 5000000
	_, err = NewWithEnv(cfg, f)
	if err == nil || !strings.Contains(err.Error(), "rl.options.replay_size") {
		t.Fatalf("NewWithEnv: err %v, want the replay_size error", err)
	}
	if built != 2 || closed != 2 {
		t.Errorf("NewWithEnv: built %d environments, closed %d; want 2 and 2", built, closed)
	}
}
