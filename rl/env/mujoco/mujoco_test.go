//go:build mujoco

package mujoco

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/rl/env"
)

// Gymnasium v4's facts, written out independently of the implementation:
// model sizes, frame skip, step duration, control-cost weight, healthy
// reward, reset noise and observation layout.
var facts = map[string]struct {
	nq, nv, nu int
	frameSkip  int
	dt         float64
	ctrlW      float64 // weight of Σa² in the cost
	healthy    float64
	posNoise   float64 // half-width of the uniform qpos noise
	velNoise   float64 // half-width (uniform) or standard deviation (normal) of the qvel noise
	velNormal  bool
}{
	"Hopper-v4":                 {6, 6, 3, 4, 0.008, 1e-3, 1, 5e-3, 5e-3, false},
	"Walker2d-v4":               {9, 9, 6, 4, 0.008, 1e-3, 1, 5e-3, 5e-3, false},
	"HalfCheetah-v4":            {9, 9, 6, 5, 0.05, 0.1, 0, 0.1, 0.1, true},
	"Ant-v4":                    {15, 14, 8, 5, 0.05, 0.5, 1, 0.1, 0.1, true},
	"Swimmer-v4":                {5, 5, 2, 4, 0.04, 1e-4, 0, 0.1, 0.1, false},
	"Reacher-v4":                {4, 4, 2, 2, 0.02, 1, 0, 0.1, 0.005, false},
	"InvertedPendulum-v4":       {2, 2, 1, 2, 0.04, 0, 1, 0.01, 0.01, false},
	"InvertedDoublePendulum-v4": {3, 3, 1, 5, 0.05, 0, 10, 0.1, 0.1, true},
}

func newEnv(t testing.TB, id string) *Env {
	t.Helper()
	e, err := New(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestSpacesAndSizes(t *testing.T) {
	if v := Version(); v != "2.2.2" {
		t.Logf("linked MuJoCo %s (written for 2.2.2)", v)
	}
	if len(env.MuJoCoTasks) != 8 {
		t.Fatalf("%d MuJoCo tasks, want 8", len(env.MuJoCoTasks))
	}
	for _, task := range env.MuJoCoTasks {
		f := facts[task.ID]
		made, err := env.Make(task.ID)
		if err != nil {
			t.Fatalf("%s: %v", task.ID, err)
		}
		tl, ok := made.(*env.TimeLimit)
		if !ok || tl.MaxSteps != task.MaxEpisodeSteps {
			t.Errorf("%s: Make gives %T, want a TimeLimit of %d", task.ID, made, task.MaxEpisodeSteps)
		}
		e := env.Unwrapped(made).(*Env)
		s := e.Sim()
		if s.NQ != f.nq || s.NV != f.nv || s.NU != f.nu {
			t.Errorf("%s: nq, nv, nu = %d, %d, %d, want %d, %d, %d", task.ID, s.NQ, s.NV, s.NU, f.nq, f.nv, f.nu)
		}
		if e.FrameSkip() != f.frameSkip || math.Abs(e.Dt()-f.dt) > 1e-15 {
			t.Errorf("%s: frame skip %d, dt %v, want %d, %v", task.ID, e.FrameSkip(), e.Dt(), f.frameSkip, f.dt)
		}
		obs, act := e.ObservationSpace().(*env.Box), e.ActionSpace().(*env.Box)
		if obs.Dim() != task.ObsDim || act.Dim() != task.ActDim {
			t.Errorf("%s: obs/act dims %d/%d, want %d/%d", task.ID, obs.Dim(), act.Dim(), task.ObsDim, task.ActDim)
		}
		for i := range act.Low {
			if act.Low[i] != task.ActLow || act.High[i] != task.ActHigh {
				t.Errorf("%s: action %d bounds [%v, %v], want [%v, %v]", task.ID, i, act.Low[i], act.High[i], task.ActLow, task.ActHigh)
			}
		}
		for i := range obs.Low {
			if !math.IsInf(obs.Low[i], -1) || !math.IsInf(obs.High[i], 1) {
				t.Errorf("%s: observation bound %d is finite", task.ID, i)
			}
		}
		o := made.Reset(env.NewRand(1))
		if len(o) != task.ObsDim {
			t.Errorf("%s: Reset returns %d values, want %d", task.ID, len(o), task.ObsDim)
		}
		spec, _ := env.Lookup(task.ID)
		if spec.Tag != "mujoco" || spec.Available() != nil {
			t.Errorf("%s: spec tag %q, available %v", task.ID, spec.Tag, spec.Available())
		}
	}
}

// TestMasses checks the models against masses Gymnasium's documentation
// states: the Ant's torso 327.25 g and each leg 145.91 g; the half
// cheetah's total mass 14 kg.
func TestMasses(t *testing.T) {
	ant := newEnv(t, "Ant-v4").Sim()
	if m := ant.BodyMass[1]; math.Abs(m-0.32725) > 5e-6 {
		t.Errorf("Ant torso mass %v, want 0.32725", m)
	}
	for leg := 0; leg < 4; leg++ {
		m := ant.BodyMass[2+3*leg] + ant.BodyMass[3+3*leg] + ant.BodyMass[4+3*leg]
		if math.Abs(m-0.14591) > 5e-6 {
			t.Errorf("Ant leg %d mass %v, want 0.14591", leg+1, m)
		}
	}
	hc := newEnv(t, "HalfCheetah-v4").Sim()
	total := 0.0
	for _, m := range hc.BodyMass {
		total += m
	}
	if math.Abs(total-14) > 1e-9 {
		t.Errorf("HalfCheetah total mass %v, want 14", total)
	}
}

// TestRewardTerms recomputes every reward term from the state before and
// after each step and the action, with Gymnasium's weights written out
// here, along random-action trajectories (resetting on termination).
func TestRewardTerms(t *testing.T) {
	for _, task := range env.MuJoCoTasks {
		f := facts[task.ID]
		e := newEnv(t, task.ID)
		s := e.Sim()
		rng := env.NewRand(7)
		e.Reset(rng)
		act := make([]float64, s.NU)
		torso, tip := s.BodyID("torso"), s.SiteID("tip")
		ftip, tgt := s.BodyID("fingertip"), s.BodyID("target")
		for step := 0; step < 300; step++ {
			e.ActionSpace().Sample(rng, act)
			if step%7 == 3 { // also actions beyond the control range: the cost is on the action as passed
				act[0] *= 1.5
			}
			qpos0 := slices.Clone(s.QPos)
			xpos0 := slices.Clone(s.XPos)
			_, r, term, _ := e.Step(act)
			got := e.LastTerms()
			var want Terms
			ss := 0.0
			for _, a := range act {
				ss += a * a
			}
			want.Ctrl = -f.ctrlW * ss
			want.Healthy = f.healthy
			switch task.ID {
			case "Hopper-v4", "Walker2d-v4", "HalfCheetah-v4", "Swimmer-v4":
				want.Forward = (s.QPos[0] - qpos0[0]) / f.dt
			case "Ant-v4":
				want.Forward = (s.XPos[3*torso] - xpos0[3*torso]) / f.dt
			case "Reacher-v4":
				d := 0.0
				for i := 0; i < 3; i++ {
					v := xpos0[3*ftip+i] - xpos0[3*tgt+i]
					d += v * v
				}
				want.Distance = -math.Sqrt(d)
			case "InvertedDoublePendulum-v4":
				x, y := s.SiteXPos[3*tip], s.SiteXPos[3*tip+2]
				want.Distance = -(0.01*x*x + (y-2)*(y-2))
				want.Velocity = -(1e-3*s.QVel[1]*s.QVel[1] + 5e-3*s.QVel[2]*s.QVel[2])
			}
			want.Reward = want.Forward + want.Ctrl + want.Healthy + want.Distance + want.Velocity
			const tol = 1e-12
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"forward", got.Forward, want.Forward}, {"ctrl", got.Ctrl, want.Ctrl}, {"healthy", got.Healthy, want.Healthy},
				{"distance", got.Distance, want.Distance}, {"velocity", got.Velocity, want.Velocity}, {"reward", r, want.Reward}} {
				if math.Abs(c.got-c.want) > tol*(1+math.Abs(c.want)) {
					t.Fatalf("%s step %d: %s term %v, recomputed %v", task.ID, step, c.name, c.got, c.want)
				}
			}
			if term {
				e.Reset(rng)
			}
		}
	}
}

// TestTermination sets constructed states and steps once with zero action.
func TestTermination(t *testing.T) {
	type state struct {
		name string
		set  func(q, v []float64)
		term bool
	}
	cases := map[string][]state{
		"Hopper-v4": {
			{"rest", func(q, v []float64) {}, false},
			{"z 0.5 < 0.7", func(q, v []float64) { q[1] = 0.5 }, true},
			{"angle 0.3 > 0.2", func(q, v []float64) { q[2] = 0.3 }, true},
			{"angle −0.3", func(q, v []float64) { q[2] = -0.3 }, true},
			{"angle 0.1", func(q, v []float64) { q[2] = 0.1 }, false},
			{"angle −0.21 < −0.2", func(q, v []float64) { q[2] = -0.21 }, true},
			{"angle 0.21 > 0.2", func(q, v []float64) { q[2] = 0.21 }, true},
			{"x velocity 150 > 100", func(q, v []float64) { v[0] = 150 }, true},
			{"x velocity 50", func(q, v []float64) { v[0] = 50 }, false},
		},
		"Walker2d-v4": {
			{"rest", func(q, v []float64) {}, false},
			{"z 0.7 < 0.8", func(q, v []float64) { q[1] = 0.7 }, true},
			{"z 2.2 > 2", func(q, v []float64) { q[1] = 2.2 }, true},
			{"angle 1.1 > 1", func(q, v []float64) { q[2] = 1.1 }, true},
			{"angle 0.9", func(q, v []float64) { q[2] = 0.9 }, false},
			{"angle −1.05 < −1", func(q, v []float64) { q[2] = -1.05 }, true},
			{"angle −0.9", func(q, v []float64) { q[2] = -0.9 }, false},
		},
		"Ant-v4": {
			{"rest", func(q, v []float64) {}, false},
			{"z 1.2 > 1", func(q, v []float64) { q[2] = 1.2 }, true},
			{"z 0.95", func(q, v []float64) { q[2] = 0.95 }, false},
		},
		"InvertedPendulum-v4": {
			{"upright", func(q, v []float64) {}, false},
			{"pole 0.25 > 0.2", func(q, v []float64) { q[1] = 0.25 }, true},
			{"pole −0.25", func(q, v []float64) { q[1] = -0.25 }, true},
			{"pole 0.1", func(q, v []float64) { q[1] = 0.1 }, false},
		},
		"InvertedDoublePendulum-v4": {
			{"upright", func(q, v []float64) {}, false},
			{"first pole at 1.2 rad: tip y ≈ 0.43 ≤ 1", func(q, v []float64) { q[1] = 1.2 }, true},
			{"second pole at 2 rad: tip y ≈ 0.35", func(q, v []float64) { q[2] = 2 }, true},
			{"first pole at 0.3 rad: tip y ≈ 1.15", func(q, v []float64) { q[1] = 0.3 }, false},
		},
		"HalfCheetah-v4": {{"upside down, fast", func(q, v []float64) { q[2] = math.Pi; v[0] = 20 }, false}},
		"Swimmer-v4":     {{"fast", func(q, v []float64) { v[0] = 20 }, false}},
		"Reacher-v4":     {{"far", func(q, v []float64) { q[0], v[0] = 3, 50 }, false}},
	}
	for id, states := range cases {
		e := newEnv(t, id)
		s := e.Sim()
		zero := make([]float64, s.NU)
		for _, st := range states {
			q, v := slices.Clone(s.QPos0), make([]float64, s.NV)
			st.set(q, v)
			e.SetState(q, v)
			_, _, term, trunc := e.Step(zero)
			if s.Unstable() != 0 {
				t.Errorf("%s, %s: the simulation became unstable", id, st.name)
			}
			if term != st.term || trunc {
				t.Errorf("%s, %s: terminated %v truncated %v, want %v false (qpos after %v)", id, st.name, term, trunc, st.term, s.QPos)
			}
		}
	}
	// Non-finite states are unhealthy (MuJoCo itself resets a simulation
	// whose state blows up, so the predicates are tested directly).
	nan := math.NaN()
	if hopperHealthy([]float64{0, 1.25, 0, 0, 0, 0}, []float64{nan, 0, 0, 0, 0, 0}) {
		t.Error("Hopper: NaN velocity counted healthy")
	}
	if !hopperHealthy([]float64{0, 1.25, 0, 0, 0, 0}, make([]float64, 6)) {
		t.Error("Hopper: rest state counted unhealthy")
	}
	ant := func(z, v0 float64) bool {
		q, v := make([]float64, 15), make([]float64, 14)
		q[2], q[3], v[0] = z, 1, v0
		return antHealthy(q, v)
	}
	// The Ant's torso sphere (radius 0.25) cannot be held below 0.2 for a
	// step: the floor pushes it up. Its predicate is tested directly.
	if ant(0.15, 0) || !ant(0.2, 0) || !ant(1, 0) || ant(1.01, 0) || ant(0.5, nan) || !ant(0.5, 1e6) {
		t.Error("Ant: healthy range [0.2, 1] with finite state not applied")
	}
	if walker2dHealthy([]float64{0, nan, 0}, nil) {
		t.Error("Walker2d: NaN height counted healthy")
	}
}

// TestResetNoise draws many resets and checks every coordinate against the
// documented noise: within the uniform half-width, or with the normal
// noise's standard deviation to within 10 %.
func TestResetNoise(t *testing.T) {
	const n = 400
	for _, task := range env.MuJoCoTasks {
		f := facts[task.ID]
		e := newEnv(t, task.ID)
		s := e.Sim()
		rng := env.NewRand(11)
		var sum, sumSq float64
		var count int
		maxDev := 0.0
		for k := 0; k < n; k++ {
			e.Reset(rng)
			for i, q := range s.QPos {
				if task.ID == "Reacher-v4" && i >= 2 {
					continue
				}
				if task.ID == "Ant-v4" && i >= 3 && i < 7 {
					// The free joint's quaternion gets the noise too, and
					// mj_forward normalises it.
					continue
				}
				d := math.Abs(q - s.QPos0[i])
				maxDev = max(maxDev, d)
				if d > f.posNoise {
					t.Fatalf("%s: qpos[%d] = %v is %v from qpos0, beyond %v", task.ID, i, q, d, f.posNoise)
				}
			}
			for i, v := range s.QVel {
				if task.ID == "Reacher-v4" && i >= 2 {
					if v != 0 {
						t.Fatalf("Reacher-v4: target velocity %v, want 0", v)
					}
					continue
				}
				if f.velNormal {
					sum += v
					sumSq += v * v
					count++
				} else if math.Abs(v) > f.velNoise {
					t.Fatalf("%s: qvel[%d] = %v beyond %v", task.ID, i, v, f.velNoise)
				}
			}
			if task.ID == "Ant-v4" {
				n := math.Sqrt(s.QPos[3]*s.QPos[3] + s.QPos[4]*s.QPos[4] + s.QPos[5]*s.QPos[5] + s.QPos[6]*s.QPos[6])
				if math.Abs(n-1) > 1e-12 || math.Abs(s.QPos[3]-1) > 0.1 {
					t.Fatalf("Ant-v4: root quaternion %v (norm %v)", s.QPos[3:7], n)
				}
			}
			if task.ID == "Reacher-v4" {
				if r := math.Sqrt(s.QPos[2]*s.QPos[2] + s.QPos[3]*s.QPos[3]); r >= 0.2 { // NumPy's norm
					t.Fatalf("Reacher-v4: target at distance %v, want < 0.2", r)
				}
			}
		}
		if maxDev < 0.9*f.posNoise {
			t.Errorf("%s: largest qpos deviation %v over %d resets, expected near %v", task.ID, maxDev, n, f.posNoise)
		}
		if f.velNormal {
			mean := sum / float64(count)
			sd := math.Sqrt(sumSq/float64(count) - mean*mean)
			if math.Abs(mean) > 4*f.velNoise/math.Sqrt(float64(count)) || math.Abs(sd/f.velNoise-1) > 0.1 {
				t.Errorf("%s: qvel noise mean %v sd %v, want 0 and %v", task.ID, mean, sd, f.velNoise)
			}
		}
	}
}

// TestObservationContent checks which state entries each observation holds.
func TestObservationContent(t *testing.T) {
	for _, task := range env.MuJoCoTasks {
		e := newEnv(t, task.ID)
		s := e.Sim()
		q, v := slices.Clone(s.QPos0), make([]float64, s.NV)
		for i := range v {
			v[i] = 15 * float64(i%2*2-1) // ±15: beyond the clip of ±10 where it applies
		}
		if task.ID == "Hopper-v4" || task.ID == "Walker2d-v4" {
			v[0] = 15 // keep the state healthy for a step
		}
		e.SetState(q, v)
		o, _, _, _ := e.Step(make([]float64, s.NU))
		if s.Unstable() != 0 {
			t.Fatalf("%s: the simulation became unstable", task.ID)
		}
		qp, qv := s.QPos, s.QVel
		var want []float64
		switch task.ID {
		case "Hopper-v4", "Walker2d-v4":
			want = slices.Clone(qp[1:])
			for _, x := range qv {
				want = append(want, min(max(x, -10), 10))
			}
		case "HalfCheetah-v4":
			want = append(slices.Clone(qp[1:]), qv...)
		case "Ant-v4", "Swimmer-v4":
			want = append(slices.Clone(qp[2:]), qv...)
		case "InvertedPendulum-v4":
			want = append(slices.Clone(qp), qv...)
		case "InvertedDoublePendulum-v4":
			want = []float64{qp[0], math.Sin(qp[1]), math.Sin(qp[2]), math.Cos(qp[1]), math.Cos(qp[2])}
			for _, x := range qv {
				want = append(want, min(max(x, -10), 10))
			}
			for _, x := range s.QfrcConstraint {
				want = append(want, min(max(x, -10), 10))
			}
		case "Reacher-v4":
			tipB, tgt := s.BodyID("fingertip"), s.BodyID("target")
			want = []float64{math.Cos(qp[0]), math.Cos(qp[1]), math.Sin(qp[0]), math.Sin(qp[1]), qp[2], qp[3], qv[0], qv[1]}
			for i := 0; i < 3; i++ {
				want = append(want, s.XPos[3*tipB+i]-s.XPos[3*tgt+i])
			}
		}
		if !slices.Equal(o, want) {
			t.Errorf("%s: observation\n%v\nwant\n%v", task.ID, o, want)
		}
		clipped := 0
		for _, x := range o {
			if math.Abs(x) == 10 {
				clipped++
			}
		}
		switch task.ID {
		case "Hopper-v4", "Walker2d-v4", "InvertedDoublePendulum-v4":
			if clipped == 0 {
				t.Errorf("%s: no velocity clipped at ±10 from |qvel| ≈ 30: %v", task.ID, o)
			}
		default:
			if clipped != 0 {
				t.Errorf("%s: %d observation entries at ±10, but it clips nothing: %v", task.ID, clipped, o)
			}
		}
	}
}

// TestDeterminism: the same seed gives the same trajectory bit for bit
// (fresh environments, random actions from a seeded source, resets on
// termination and at the time limit); another seed gives another.
func TestDeterminism(t *testing.T) {
	run := func(id string, seed uint64) []float64 {
		e, err := env.Make(id)
		if err != nil {
			t.Fatal(err)
		}
		rng := env.NewRand(seed)
		arng := rand.New(rand.NewPCG(seed, 99))
		var out []float64
		out = append(out, e.Reset(rng)...)
		act := make([]float64, e.ActionSpace().Dim())
		for i := 0; i < 400; i++ {
			e.ActionSpace().Sample(arng, act)
			o, r, term, trunc := e.Step(act)
			out = append(out, o...)
			out = append(out, r)
			if term || trunc {
				out = append(out, e.Reset(rng)...)
			}
		}
		return out
	}
	for _, task := range env.MuJoCoTasks {
		a, b, c := run(task.ID, 3), run(task.ID, 3), run(task.ID, 4)
		if !slices.Equal(a, b) {
			t.Errorf("%s: two runs with seed 3 differ", task.ID)
		}
		if slices.Equal(a, c) {
			t.Errorf("%s: seeds 3 and 4 give the same trajectory", task.ID)
		}
	}
}

// TestUnstable: a state MuJoCo cannot integrate (a NaN velocity) is
// counted, reset by MuJoCo, and leaves no log file behind.
func TestUnstable(t *testing.T) {
	e := newEnv(t, "HalfCheetah-v4")
	s := e.Sim()
	q, v := slices.Clone(s.QPos0), make([]float64, s.NV)
	v[3] = math.NaN()
	e.SetState(q, v)
	e.Step(make([]float64, s.NU))
	if s.Unstable() == 0 {
		t.Fatal("a NaN velocity was not counted as unstable")
	}
	if !finite(s.QPos, s.QVel) {
		t.Errorf("state after MuJoCo's reset is not finite: %v %v", s.QPos, s.QVel)
	}
	if _, err := os.Stat("MUJOCO_LOG.TXT"); err == nil {
		t.Error("MuJoCo wrote MUJOCO_LOG.TXT")
	}
	e.Reset(env.NewRand(1))
	if s.Unstable() != 0 {
		t.Errorf("Reset left %d warnings counted", s.Unstable())
	}
}

// TestInvertedPendulumControllable: the task is solvable as Gymnasium's
// is — a hand-written PD controller on the pole angle and the cart,
// u = 5θ + 0.5θ̇ + 0.1x + 0.2ẋ, balances the pole for the whole episode
// (return 1000, truncated at the time limit) from several seeds, while
// zero force lets it fall within 100 steps.
func TestInvertedPendulumControllable(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		e, err := env.Make("InvertedPendulum-v4")
		if err != nil {
			t.Fatal(err)
		}
		o := e.Reset(env.NewRand(seed))
		ret, steps := 0.0, 0
		for {
			u := min(max(5*o[1]+0.5*o[3]+0.1*o[0]+0.2*o[2], -3), 3)
			var r float64
			var term, trunc bool
			o, r, term, trunc = e.Step([]float64{u})
			ret += r
			steps++
			if term {
				t.Fatalf("seed %d: the PD controller lost the pole after %d steps", seed, steps)
			}
			if trunc {
				break
			}
		}
		if ret != 1000 || steps != 1000 {
			t.Errorf("seed %d: return %v in %d steps, want 1000", seed, ret, steps)
		}
		e.Reset(env.NewRand(seed))
		fell := 0
		for fell = 1; fell <= 100; fell++ {
			if _, _, term, _ := e.Step([]float64{0}); term {
				break
			}
		}
		if fell > 100 {
			t.Errorf("seed %d: with zero force the pole stayed up for 100 steps", seed)
		}
	}
}

// TestTimeLimit: Reacher-v4 truncates at 50 steps.
func TestTimeLimit(t *testing.T) {
	e, err := env.Make("Reacher-v4")
	if err != nil {
		t.Fatal(err)
	}
	e.Reset(env.NewRand(1))
	for i := 1; i <= 50; i++ {
		_, _, term, trunc := e.Step([]float64{0.1, -0.1})
		if term || trunc != (i == 50) {
			t.Fatalf("step %d: terminated %v truncated %v", i, term, trunc)
		}
	}
}

// TestLoadErrors: a broken model is an error carrying MuJoCo's message.
func TestLoadErrors(t *testing.T) {
	if _, err := Load("bad.xml", []byte(`<mujoco><worldbody><geom type="nonsense"/></worldbody></mujoco>`)); err == nil ||
		!strings.Contains(err.Error(), "bad.xml") {
		t.Errorf("bad model: error %v", err)
	}
	if _, err := Load("empty.xml", nil); err == nil {
		t.Error("empty model loaded")
	}
	if _, err := New("Humanoid-v4"); err == nil {
		t.Error("unknown task built")
	}
}

// TestClose: Close frees the model and data at once — the count of live
// Sims falls by exactly one per Close, with no garbage collection — is
// idempotent, and leaves an Env that panics on use, naming Close, instead of
// handing MuJoCo freed memory. A Sim dropped without Close is still freed by
// the collector's cleanup, and a closed one is not freed a second time: the
// count returns exactly to its starting value, never below.
func TestClose(t *testing.T) {
	// The Sims of the earlier tests are unreachable by now: wait for the
	// collector to free them, so that the counts below are exact. Not
	// reaching zero would itself be a leak.
	settle := func(want int64) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for liveSims.Load() != want && time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(20 * time.Millisecond)
		}
		if got := liveSims.Load(); got != want {
			t.Fatalf("%d live Sims after garbage collection, want %d", got, want)
		}
	}
	settle(0)
	panicMsg := func(f func()) (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		f()
		return ""
	}
	for _, task := range env.MuJoCoTasks {
		e := newEnv(t, task.ID)
		s := e.Sim()
		if got := liveSims.Load(); got != 1 {
			t.Fatalf("%s: %d live Sims after New, want 1", task.ID, got)
		}
		nq, nv, nu := s.NQ, s.NV, s.NU
		e.Reset(env.NewRand(1))
		e.Step(make([]float64, nu))
		if err := e.Close(); err != nil {
			t.Fatalf("%s: Close: %v", task.ID, err)
		}
		if got := liveSims.Load(); got != 0 {
			t.Fatalf("%s: %d live Sims after Close, want 0", task.ID, got)
		}
		if err := e.Close(); err != nil || liveSims.Load() != 0 {
			t.Fatalf("%s: second Close: %v, %d live Sims", task.ID, err, liveSims.Load())
		}
		if !s.Closed() || s.QPos != nil || s.XPos != nil || s.Ctrl != nil {
			t.Errorf("%s: closed Sim still exposes MuJoCo's arrays", task.ID)
		}
		for name, f := range map[string]func(){
			"Step":     func() { e.Step(make([]float64, nu)) },
			"Reset":    func() { e.Reset(env.NewRand(1)) },
			"SetState": func() { e.SetState(make([]float64, nq), make([]float64, nv)) },
			"Unstable": func() { s.Unstable() },
			"Time":     func() { s.Time() },
		} {
			if msg := panicMsg(f); !strings.Contains(msg, "Close") {
				t.Errorf("%s: %s after Close: panic %q, want one naming Close", task.ID, name, msg)
			}
		}
	}
	func() {
		envs := make([]*Env, 8)
		for i := range envs {
			envs[i] = newEnv(t, "Hopper-v4")
			envs[i].Reset(env.NewRand(uint64(i)))
			if i%2 == 0 {
				envs[i].Close()
			}
		}
		if got := liveSims.Load(); got != 4 {
			t.Fatalf("%d live Sims with 4 of 8 closed, want 4", got)
		}
		runtime.KeepAlive(envs)
	}()
	settle(0)
}

// BenchmarkMuJoCoStep measures one environment step (frame_skip physics
// steps, reward and observation) with random actions, resetting on
// termination. cpu-ns/op is the process's CPU time per step, which on a
// shared machine is the better measure of the cost than wall time.
func BenchmarkMuJoCoStep(b *testing.B) {
	for _, task := range env.MuJoCoTasks {
		b.Run(task.ID, func(b *testing.B) {
			e := newEnv(b, task.ID)
			rng := env.NewRand(1)
			e.Reset(rng)
			acts := make([][]float64, 64)
			for i := range acts {
				acts[i] = e.ActionSpace().Sample(rng, nil)
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, _, term, _ := e.Step(acts[i%len(acts)]); term {
					e.Reset(rng)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestStepAllocationFree: a step allocates nothing (observations are
// double-buffered, MuJoCo's arrays are viewed in place).
func TestStepAllocationFree(t *testing.T) {
	for _, task := range env.MuJoCoTasks {
		e := newEnv(t, task.ID)
		rng := env.NewRand(1)
		act := e.ActionSpace().Sample(rng, nil)
		e.Reset(rng)
		allocs := testing.AllocsPerRun(200, func() {
			if _, _, term, _ := e.Step(act); term {
				e.Reset(rng)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per step", task.ID, allocs)
		}
	}
}

// cpuTime returns the process's user + system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
