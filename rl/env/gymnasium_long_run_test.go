package env

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// pyCartPoleThetaThreshold is Gymnasium's
//
//	self.theta_threshold_radians = 12 * 2 * math.pi / 360
//
// evaluated as Python evaluates it: left to right in float64, 24·π
// rounded, then the quotient by 360 rounded. The variable keeps Go from
// folding the expression exactly (a Go constant expression rounds only
// once, to the float64 nearest 2π/30, one ulp above Python's value).
func pyCartPoleThetaThreshold() float64 {
	pi := math.Pi
	return 12 * 2 * pi / 360
}

// pyCartPoleStep is CartPole-v1's step (cartpole.py, Euler integrator,
// sutton_barto_reward off) in Python's operation order: squares are
// taken first (theta_dot**2, costheta**2), products left to right, the
// terminal test against pyCartPoleThetaThreshold, and
// steps_beyond_terminated kept in done (reward 1 unless a terminal step
// follows an earlier terminal step of the same episode).
func pyCartPoleStep(s [4]float64, a int, done *bool) ([4]float64, float64, bool) {
	gravity, masscart, masspole, length, forceMag, tau := 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
	totalMass, polemassLength := masspole+masscart, masspole*length
	x, xDot, theta, thetaDot := s[0], s[1], s[2], s[3]
	force := -forceMag
	if a == 1 {
		force = forceMag
	}
	costheta, sintheta := math.Cos(theta), math.Sin(theta)
	temp := (force + polemassLength*(thetaDot*thetaDot)*sintheta) / totalMass
	thetaacc := (gravity*sintheta - costheta*temp) / (length * (4.0/3.0 - masspole*(costheta*costheta)/totalMass))
	xacc := temp - polemassLength*thetaacc*costheta/totalMass
	x = x + tau*xDot
	xDot = xDot + tau*xacc
	theta = theta + tau*thetaDot
	thetaDot = thetaDot + tau*thetaacc
	th := pyCartPoleThetaThreshold()
	terminated := x < -2.4 || x > 2.4 || theta < -th || theta > th
	reward := 1.0
	if terminated {
		if *done {
			reward = 0
		}
		*done = true
	}
	return [4]float64{x, xDot, theta, thetaDot}, reward, terminated
}

// CartPole's pole-angle limit was the float64 nearest 2π/30
// (0.20943951023931956, a Go constant expression rounded once), one ulp
// above Gymnasium's 12 * 2 * math.pi / 360 = 0.20943951023931953, so a
// pole at exactly 0.20943951023931956 rad (θ̇ = 0 keeps it there for a
// step) was not terminal although Gymnasium's theta > threshold
// terminates it. The threshold is now Python's value: that angle, and
// its negative, terminate with reward 1; Gymnasium's threshold itself is
// still inside (theta > threshold is strict).
func TestCartPoleThetaThresholdIsGymnasiums(t *testing.T) {
	py := pyCartPoleThetaThreshold()
	if math.Float64bits(py) != 0x3fcacee9f37bebd5 {
		t.Fatalf("oracle threshold %.17g (bits %x), want Python's 0.20943951023931953", py, math.Float64bits(py))
	}
	above := math.Nextafter(py, 1) // 0.20943951023931956, the old limit
	for _, c := range []struct {
		theta    float64
		wantTerm bool
	}{
		{above, true}, {-above, true},
		{py, false}, {-py, false},
	} {
		cp := NewCartPole()
		cp.SetState([4]float64{0, 0, c.theta, 0})
		_, r, term, _ := cp.Step([]float64{1})
		if got := cp.State()[2]; got != c.theta {
			t.Fatalf("θ after a step with θ̇ = 0: %.17g, want %.17g", got, c.theta)
		}
		if term != c.wantTerm || r != 1 {
			t.Errorf("θ = %.17g: terminated %v reward %v, Gymnasium %v 1", c.theta, term, r, c.wantTerm)
		}
	}
	hi := NewCartPole().ObservationSpace().(*Box).High[2]
	if hi != py*2 {
		t.Errorf("observation bound on θ %.17g, want twice Gymnasium's threshold %.17g", hi, 2*py)
	}
}

// resetDraws checks that Reset takes exactly draws Float64 values from the
// source it is given and nothing else, and that the start state is
// Gymnasium's np_random.uniform(low, high) = low + (high − low)·U of those
// draws in order (state[i] from draw i; MountainCar's velocity is 0).
func resetDraws(t *testing.T, name string, e Env, state func() []float64, lo, hi []float64) {
	t.Helper()
	rng, twin := NewRand(31), NewRand(31)
	for ep := 0; ep < 200; ep++ {
		e.Reset(rng)
		s := state()
		for i := range lo {
			if want := lo[i] + (hi[i]-lo[i])*twin.Float64(); s[i] != want {
				t.Fatalf("%s reset %d: state[%d] = %.17g, want low + (high−low)·U = %.17g", name, ep, i, s[i], want)
			}
		}
		for i := len(lo); i < len(s); i++ {
			if s[i] != 0 {
				t.Fatalf("%s reset %d: state[%d] = %v, want 0", name, ep, i, s[i])
			}
		}
		if rng.Uint64() != twin.Uint64() {
			t.Fatalf("%s reset %d drew more from the source than its start state needs", name, ep)
		}
	}
}

// Every start state is drawn from the seeded source passed to Reset, as
// Gymnasium's reset draws from np_random: CartPole U(−0.05, 0.05)⁴,
// Acrobot U(−0.1, 0.1)⁴, Pendulum U(−π, π) × U(−1, 1), MountainCar
// (U(−0.6, −0.4), 0), each coordinate low + (high − low)·U with U the
// next Float64, in state order, and no other draw.
func TestResetDrawsOnlyItsStartFromTheSource(t *testing.T) {
	cp, ac, pe, mc := NewCartPole(), NewAcrobot(), NewPendulum(), NewMountainCarContinuous()
	resetDraws(t, "CartPole", cp, func() []float64 { s := cp.State(); return s[:] },
		[]float64{-0.05, -0.05, -0.05, -0.05}, []float64{0.05, 0.05, 0.05, 0.05})
	resetDraws(t, "Acrobot", ac, func() []float64 { s := ac.State(); return s[:] },
		[]float64{-0.1, -0.1, -0.1, -0.1}, []float64{0.1, 0.1, 0.1, 0.1})
	resetDraws(t, "Pendulum", pe, func() []float64 { s := pe.State(); return s[:] },
		[]float64{-math.Pi, -1}, []float64{math.Pi, 1})
	resetDraws(t, "MountainCarContinuous", mc, func() []float64 { s := mc.State(); return s[:] },
		[]float64{-0.6}, []float64{-0.4})
}

// runResult tallies a longRun: episode lengths, how each episode ended,
// and the rewards seen on terminal and on other steps.
type runResult struct {
	lengths                 []int
	terminated, truncated   int
	terminatedAndTruncated  int
	terminalRewards, others map[float64]int
}

// longRun drives a registered task through Make for steps steps with the
// policy (told when a step is an episode's first), resetting from one
// seeded source, and checks every step against the one-step oracle from
// the state before it: state within tol relative (the oracle and the
// package perform the same operations on amd64, but a compiler may fuse a
// multiply-add differently on other targets), reward to tol and
// terminated exactly; truncated exactly when the episode reaches limit
// steps (TimeLimit); every observation inside the observation space
// unless terminal.
func longRun(t *testing.T, name string, steps, limit int, tol float64,
	state func(Env) []float64, oracle func(s []float64, a []float64, first bool) ([]float64, float64, bool),
	policy func(rng *rand.Rand, s []float64, first bool) []float64) runResult {
	t.Helper()
	e, err := Make(name)
	if err != nil {
		t.Fatal(err)
	}
	rng := NewRand(uint64(len(name)) * 977)
	res := runResult{terminalRewards: map[float64]int{}, others: map[float64]int{}}
	e.Reset(rng)
	length := 0
	for k := 0; k < steps; k++ {
		s := slices.Clone(state(e))
		a := policy(rng, s, length == 0)
		want, wantR, wantTerm := oracle(s, a, length == 0)
		obs, r, term, trunc := e.Step(a)
		length++
		got := state(e)
		for i := range want {
			if !near(got[i], want[i], tol) {
				t.Fatalf("%s step %d (episode step %d): state[%d] = %.17g, oracle %.17g", name, k, length, i, got[i], want[i])
			}
		}
		if !near(r, wantR, tol) || term != wantTerm {
			t.Fatalf("%s step %d: reward %.17g terminated %v, oracle %.17g %v", name, k, r, term, wantR, wantTerm)
		}
		if trunc != (length == limit) {
			t.Fatalf("%s step %d: truncated %v at episode step %d of %d", name, k, trunc, length, limit)
		}
		if !term && !e.ObservationSpace().Contains(obs) {
			t.Fatalf("%s step %d: observation %v outside %v", name, k, obs, e.ObservationSpace())
		}
		if term {
			res.terminalRewards[r]++
		} else {
			res.others[r]++
		}
		if term || trunc {
			res.lengths = append(res.lengths, length)
			switch {
			case term && trunc:
				res.terminatedAndTruncated++
			case term:
				res.terminated++
			default:
				res.truncated++
			}
			e.Reset(rng)
			length = 0
		}
	}
	return res
}

// Long seeded runs of every classic-control task through Make, each step
// against an oracle written from Gymnasium's source (cartpole.py with
// Python's operation order, acrobot.py's rk4 and "book" _dsdt, pendulum.py,
// continuous_mountain_car.py; see pyCartPoleStep and gymnasium_test.go):
//
//   - CartPole-v1 and -v0, half the episodes under a balancing controller
//     and half random (20 000 steps each): rewards 1 on every step, the terminating
//     one included; episodes truncated at exactly 500 and 200 steps;
//     tolerance 1e-12 relative (the package squares θ̇ and cos θ by
//     repeated multiplication where Python squares first, a rounding
//     apart on about 1 % of steps — reported, not changed: CartPole's
//     committed runs would move);
//   - Acrobot-v1, half the episodes pumping energy and half with random
//     torques (20 000 steps): reward −1,
//     0 on a terminal step, truncation at 500;
//   - Pendulum-v1 with torques U(−3, 3) (beyond the ±2 clip, 10 000
//     steps): never terminated, truncated at 200 (the states are
//     Gymnasium's bits; the reward's 0.1·θ̇² and 0.001·u² are repeated
//     products where Python squares first, so rewards differ by up to 2
//     ulp on about 8 % of steps — reported, not changed: the committed
//     Pendulum runs would move);
//   - MountainCarContinuous-v0, half the episodes bang-bang at |a| = 1.5
//     (reward 100 − 0.225 at the goal) and half random (truncation at
//     999), 20 000 steps;
//
// all to 1e-12 relative (the operations are the oracle's, so on amd64 the
// bits agree).
func TestLongRunsMatchGymnasiumOracles(t *testing.T) {
	const tol = 1e-12
	cartState := func(e Env) []float64 { s := Unwrapped(e).(*CartPole).State(); return s[:] }
	var cartDone bool
	cartOracle := func(s, a []float64, first bool) ([]float64, float64, bool) {
		if first {
			cartDone = false
		}
		ns, r, term := pyCartPoleStep([4]float64(s), int(a[0]), &cartDone)
		return ns[:], r, term
	}
	// Half the episodes balance (a linear controller), half push at random.
	var randomEpisode bool
	balance := func(rng *rand.Rand, s []float64, first bool) []float64 {
		if first {
			randomEpisode = rng.IntN(2) == 1
		}
		if randomEpisode {
			return []float64{float64(rng.IntN(2))}
		}
		if s[2]+0.3*s[3]+0.01*s[0]+0.05*s[1] > 0 {
			return []float64{1}
		}
		return []float64{0}
	}
	for _, c := range []struct {
		name  string
		limit int
	}{{"CartPole-v1", 500}, {"CartPole-v0", 200}} {
		res := longRun(t, c.name, 20000, c.limit, tol, cartState, cartOracle, balance)
		if res.truncated == 0 || res.terminated == 0 || len(res.others) != 1 || res.others[1] == 0 ||
			len(res.terminalRewards) != 1 || res.terminalRewards[1] == 0 {
			t.Errorf("%s: %d truncated, %d terminated episodes, rewards %v / terminal %v; want both kinds, reward 1 throughout",
				c.name, res.truncated, res.terminated, res.others, res.terminalRewards)
		}
		if m := slices.Max(res.lengths); m != c.limit {
			t.Errorf("%s: longest episode %d steps, want the limit %d", c.name, m, c.limit)
		}
	}

	acroState := func(e Env) []float64 { s := Unwrapped(e).(*Acrobot).State(); return s[:] }
	acroOracle := func(s, a []float64, _ bool) ([]float64, float64, bool) {
		ns, r, term := gymAcrobot([4]float64(s), int(a[0]))
		return ns[:], r, term
	}
	// Half the episodes pump energy (torque along the first link's
	// velocity), which reaches the goal; half apply random torques.
	swing := func(rng *rand.Rand, s []float64, first bool) []float64 {
		if first {
			randomEpisode = rng.IntN(2) == 1
		}
		switch {
		case randomEpisode:
			return []float64{float64(rng.IntN(3))}
		case s[2] < 0:
			return []float64{0}
		default:
			return []float64{2}
		}
	}
	res := longRun(t, "Acrobot-v1", 20000, 500, tol, acroState, acroOracle, swing)
	if res.terminated == 0 || res.truncated == 0 || len(res.terminalRewards) != 1 || res.terminalRewards[0] == 0 ||
		len(res.others) != 1 || res.others[-1] == 0 {
		t.Errorf("Acrobot-v1: %d terminated, %d truncated, rewards %v / terminal %v; want both, −1 and 0 at the goal",
			res.terminated, res.truncated, res.others, res.terminalRewards)
	}

	penState := func(e Env) []float64 { s := Unwrapped(e).(*Pendulum).State(); return s[:] }
	penOracle := func(s, a []float64, _ bool) ([]float64, float64, bool) {
		ns, r := gymPendulum([2]float64(s), a[0])
		return ns[:], r, false
	}
	wild := func(rng *rand.Rand, _ []float64, _ bool) []float64 { return []float64{6*rng.Float64() - 3} }
	res = longRun(t, "Pendulum-v1", 10000, 200, tol, penState, penOracle, wild)
	if res.terminated != 0 || res.terminatedAndTruncated != 0 || res.truncated != 50 {
		t.Errorf("Pendulum-v1: %d terminated, %d truncated episodes in 10 000 steps, want 0 and 50", res.terminated, res.truncated)
	}

	carState := func(e Env) []float64 { s := Unwrapped(e).(*MountainCarContinuous).State(); return s[:] }
	carOracle := func(s, a []float64, _ bool) ([]float64, float64, bool) {
		ns, r, term := gymMountainCar([2]float64(s), a[0])
		return ns[:], r, term
	}
	// Half the episodes push with the velocity at |a| = 1.5 (clipped to 1,
	// charged 0.225), which reaches the goal; half act at random.
	bangBang := func(rng *rand.Rand, s []float64, first bool) []float64 {
		if first {
			randomEpisode = rng.IntN(2) == 1
		}
		switch {
		case randomEpisode:
			return []float64{2*rng.Float64() - 1}
		case s[1] < 0:
			return []float64{-1.5}
		default:
			return []float64{1.5}
		}
	}
	res = longRun(t, "MountainCarContinuous-v0", 20000, 999, tol, carState, carOracle, bangBang)
	if res.terminated == 0 || res.truncated == 0 || res.terminalRewards[100-0.225] == 0 {
		t.Errorf("MountainCarContinuous-v0: %d terminated, %d truncated, terminal rewards %v; want both, 99.775 at the goal",
			res.terminated, res.truncated, res.terminalRewards)
	}
}

// The same seed gives the same episodes: two instances made by Make and
// driven by twin sources (resets and seeded random actions from one
// stream each) agree bit for bit over 5 000 steps with resets, and a
// different seed does not.
func TestSameSeedSameEpisodes(t *testing.T) {
	run := func(name string, seed uint64) []float64 {
		e, _ := Make(name)
		rng := NewRand(seed)
		var trace []float64
		trace = append(trace, e.Reset(rng)...)
		for k := 0; k < 5000; k++ {
			obs, r, term, trunc := e.Step(e.ActionSpace().Sample(rng, nil))
			trace = append(trace, obs...)
			trace = append(trace, r)
			if term || trunc {
				trace = append(trace, e.Reset(rng)...)
			}
		}
		return trace
	}
	for _, name := range []string{"CartPole-v1", "CartPole-v0", "Acrobot-v1", "Pendulum-v1", "MountainCarContinuous-v0"} {
		a, b, c := run(name, 5), run(name, 5), run(name, 6)
		if !slices.Equal(a, b) {
			t.Errorf("%s: two runs with seed 5 differ", name)
		}
		if slices.Equal(a, c) {
			t.Errorf("%s: seeds 5 and 6 give the same run", name)
		}
	}
}

// fusesMultiplyAdd reports whether this build rounds x*y + z once (Go may
// fuse it from GOAMD64=v3 and on arm64): (1+2⁻³⁰)(1−2⁻³⁰) − 1 is 0 with the
// product rounded first and −2⁻⁶⁰ fused.
func fusesMultiplyAdd() bool { return fma3(1+0x1p-30, 1-0x1p-30, -1) != 0 }

//go:noinline
func fma3(x, y, z float64) float64 { return x*y + z }

// Acrobot's φ₁ used the float64 nearest 14.7 for Gymnasium's
// (m1 * lc1 + m2 * l1) * g, which Python evaluates as 1.5 · 9.8 =
// 14.700000000000001 (one ulp above); both the package and the oracle in
// gymnasium_test.go folded it as a Go constant, so the one-step tests
// could not see it. Free-running from a seeded start under 3 000 seeded
// random torques, the trajectory then left Gymnasium's (oracle: acrobot.py's
// rk4 and _dsdt with run-time float64 constants, wrap and bound) at step 2,
// by 6e-13 at step 600 and by about 8 rad within 900 steps. Now the
// coefficient is Python's and the two trajectories agree bit for bit at
// every step — checked where the build does not fuse multiply-adds (the
// default GOAMD64=v1); a fusing build rounds both codes differently.
func TestAcrobotTrajectoryIsGymnasiumsBitForBit(t *testing.T) {
	if got, want := acrobotGravity1, pythonProduct(1.5, 9.8); got != want || got != 14.700000000000001 {
		t.Fatalf("(m1·lc1 + m2·l1)·g = %.17g, Python's 1.5 * 9.8 = 14.700000000000001 (%v)", got, want)
	}
	if fusesMultiplyAdd() {
		t.Skip("this build fuses multiply-adds; the package and the oracle may round them differently")
	}
	rng := NewRand(3)
	a := NewAcrobot()
	a.Reset(rng)
	s := a.State()
	for k := 0; k < 3000; k++ {
		u := rng.IntN(3)
		s, _, _ = gymAcrobot(s, u)
		a.Step([]float64{float64(u)})
		if got := a.State(); got != s {
			t.Fatalf("step %d: state %.17g, Gymnasium %.17g", k+1, got, s)
		}
	}
}
