package agent

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// spaceLine is a point on a line with the observation and action spaces
// it is given: a Box action pushes it by 0.1·a, a Discrete one by
// 0.1·(a − 0.5).
type spaceLine struct {
	pos    float64
	os, as env.Space
}

func (p *spaceLine) ObservationSpace() env.Space { return p.os }
func (p *spaceLine) ActionSpace() env.Space      { return p.as }
func (p *spaceLine) Reset(rng *rand.Rand) []float64 {
	p.pos = 2*rng.Float64() - 1
	return []float64{p.pos}
}
func (p *spaceLine) Step(a []float64) ([]float64, float64, bool, bool) {
	u := a[0]
	if b, ok := p.as.(*env.Box); ok {
		u = max(b.Low[0], min(b.High[0], u))
	} else {
		u -= 0.5
	}
	p.pos += 0.1 * u
	return []float64{p.pos}, -p.pos * p.pos, false, false
}

// spaceLineFactory builds spaceLine environments with the spaces act
// returns (observation box [−10, 10]), limited to 50 steps.
func spaceLineFactory(act func() env.Space) EnvFactory {
	return func(uint64) (env.Env, error) {
		return env.NewTimeLimit(&spaceLine{os: env.UniformBox(-10, 10, 1), as: act()}, 50), nil
	}
}

// TestLoadWithEnvSpacesExact: LoadWithEnv and LoadPolicyWithEnv refuse
// a factory whose action space differs from the checkpoint's run's by
// less than Box.String's 4 digits shows (bounds 1 and 1.00001, 0.4 and
// float32's 0.4), or only in its Go type (env.Discrete and
// *env.Discrete, which print alike), naming both spaces exactly; the
// same factory loads.
func TestLoadWithEnvSpacesExact(t *testing.T) {
	box := func(lo, hi float64) func() env.Space { return func() env.Space { return env.UniformBox(lo, hi, 1) } }
	f32 := float64(float32(0.4))
	obs := "observation Box([-10], [10], (1,))"
	for _, c := range []struct {
		name       string
		algo       Algo
		saved, got func() env.Space
		want       string // "" loads
	}{
		{"same box", DDPG, box(-1, 1), box(-1, 1), ""},
		{"box 1 and 1.00001", DDPG, box(-1, 1), box(-1.00001, 1.00001),
			"the EnvFactory's environment has " + obs + ", action Box([-1.00001], [1.00001], (1,)); the checkpoint's run had " + obs + ", action Box([-1], [1], (1,))"},
		{"box 0.4 and float32's", DDPG, box(-0.4, 0.4), box(-f32, f32),
			"the EnvFactory's environment has " + obs + ", action Box([-0.4000000059604645], [0.4000000059604645], (1,)); the checkpoint's run had " + obs + ", action Box([-0.4], [0.4], (1,))"},
		{"same discrete", AC, func() env.Space { return env.Discrete{N: 2} }, func() env.Space { return env.Discrete{N: 2} }, ""},
		{"discrete and *discrete", AC, func() env.Space { return env.Discrete{N: 2} }, func() env.Space { return &env.Discrete{N: 2} },
			"the EnvFactory's environment has " + obs + ", action *env.Discrete Discrete(2); the checkpoint's run had " + obs + ", action env.Discrete Discrete(2)"},
	} {
		saved := spaceLineFactory(c.saved)
		cfg, err := DefaultsFor("Line", saved, c.algo)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Seed, cfg.Steps, cfg.StepsPerEpoch = 1, 200, 100
		cfg.Hidden, cfg.BatchSize, cfg.TestEpisodes = []int{4}, 16, 1
		if !c.algo.OnPolicy() {
			cfg.StartSteps, cfg.UpdateAfter, cfg.UpdateEvery = 50, 50, 50
		}
		a, err := NewWithEnv(cfg, saved)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		var ck bytes.Buffer
		if err := a.Save(&ck); err != nil {
			t.Fatal(err)
		}
		a.Close()
		for name, load := range map[string]func([]byte, EnvFactory) (*Agent, error){
			"LoadWithEnv":       func(b []byte, f EnvFactory) (*Agent, error) { return LoadWithEnv(bytes.NewReader(b), f) },
			"LoadPolicyWithEnv": func(b []byte, f EnvFactory) (*Agent, error) { return LoadPolicyWithEnv(bytes.NewReader(b), f) },
		} {
			b, err := load(ck.Bytes(), spaceLineFactory(c.got))
			if b != nil {
				b.Close()
			}
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s: %s: %v", c.name, name, err)
			case c.want != "" && (err == nil || !strings.HasSuffix(err.Error(), ": Line: "+c.want)):
				t.Errorf("%s: %s: err %v, want one ending %q", c.name, name, err, ": Line: "+c.want)
			}
		}
	}
}
