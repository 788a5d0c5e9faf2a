package env

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The oracles below are Gymnasium's step functions (classic_control
// pendulum.py, cartpole.py, continuous_mountain_car.py, acrobot.py) written
// out again in Python's operation order, in float64, without the
// package's constants: each scripted run must give the same states,
// rewards and flags at every step (tolerance 1e-12 relative; the
// operations are the same, so in practice the bits agree, except
// CartPole's squares and Pendulum's reward, which the package forms as
// repeated products — see CartPole and Pendulum), and every observation
// must lie in the observation space.

// gymPendulum is Pendulum-v1's step from state s under action u.
func gymPendulum(s [2]float64, u float64) ([2]float64, float64) {
	th, thdot := s[0], s[1]
	const g, m, l, dt = 10.0, 1.0, 1.0, 0.05
	u = math.Min(math.Max(u, -2), 2)      // np.clip
	an := math.Mod(th+math.Pi, 2*math.Pi) // Python's floored %
	if an < 0 {
		an += 2 * math.Pi
	}
	an -= math.Pi
	costs := an*an + 0.1*(thdot*thdot) + 0.001*(u*u) // Python: ** before *
	newthdot := thdot + (3*g/(2*l)*math.Sin(th)+3.0/(m*l*l)*u)*dt
	newthdot = math.Min(math.Max(newthdot, -8), 8)
	newth := th + newthdot*dt
	return [2]float64{newth, newthdot}, -costs
}

// gymMountainCar is MountainCarContinuous-v0's step under action a, in
// float64 (Gymnasium rounds the stored state to float32; the package
// documents that it does not).
func gymMountainCar(s [2]float64, a float64) ([2]float64, float64, bool) {
	position, velocity := s[0], s[1]
	force := math.Min(math.Max(a, -1.0), 1.0)
	velocity += force*0.0015 - 0.0025*math.Cos(3*position)
	if velocity > 0.07 {
		velocity = 0.07
	}
	if velocity < -0.07 {
		velocity = -0.07
	}
	position += velocity
	if position > 0.6 {
		position = 0.6
	}
	if position < -1.2 {
		position = -1.2
	}
	if position == -1.2 && velocity < 0 {
		velocity = 0
	}
	terminated := position >= 0.45 && velocity >= 0
	reward := 0.0
	if terminated {
		reward = 100.0
	}
	reward -= math.Pow(a, 2) * 0.1
	return [2]float64{position, velocity}, reward, terminated
}

// gymAcrobotDsdt is Acrobot-v1's _dsdt ("book" dynamics). The constants
// are variables, as in Python: (m1*lc1 + m2*l1)*g is 1.5·9.8 rounded,
// 14.700000000000001, where a Go constant expression would give 14.7.
func gymAcrobotDsdt(s [5]float64) [5]float64 {
	m1, m2, l1, lc1, lc2, I1, I2, g := 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0, 9.8
	a, theta1, theta2, dtheta1, dtheta2 := s[4], s[0], s[1], s[2], s[3]
	d1 := m1*(lc1*lc1) + m2*(l1*l1+(lc2*lc2)+2*l1*lc2*math.Cos(theta2)) + I1 + I2
	d2 := m2*((lc2*lc2)+l1*lc2*math.Cos(theta2)) + I2
	phi2 := m2 * lc2 * g * math.Cos(theta1+theta2-math.Pi/2.0)
	phi1 := -m2*l1*lc2*(dtheta2*dtheta2)*math.Sin(theta2) - 2*m2*l1*lc2*dtheta2*dtheta1*math.Sin(theta2) +
		(m1*lc1+m2*l1)*g*math.Cos(theta1-math.Pi/2) + phi2
	ddtheta2 := (a + d2/d1*phi1 - m2*l1*lc2*(dtheta1*dtheta1)*math.Sin(theta2) - phi2) / (m2*(lc2*lc2) + I2 - (d2*d2)/d1)
	ddtheta1 := -(d2*ddtheta2 + phi1) / d1
	return [5]float64{dtheta1, dtheta2, ddtheta1, ddtheta2, 0}
}

// gymAcrobot is Acrobot-v1's step: rk4 over [0, dt] on the state
// augmented with the torque, wrap, bound, terminal test.
func gymAcrobot(s [4]float64, a int) ([4]float64, float64, bool) {
	torque := []float64{-1, 0, 1}[a]
	y0 := [5]float64{s[0], s[1], s[2], s[3], torque}
	dt := 0.2 - 0.0
	dt2 := dt / 2.0
	axpy := func(h float64, k [5]float64) (y [5]float64) {
		for i := range y {
			y[i] = y0[i] + h*k[i]
		}
		return y
	}
	k1 := gymAcrobotDsdt(y0)
	k2 := gymAcrobotDsdt(axpy(dt2, k1))
	k3 := gymAcrobotDsdt(axpy(dt2, k2))
	k4 := gymAcrobotDsdt(axpy(dt, k3))
	var ns [4]float64
	for i := range ns {
		ns[i] = y0[i] + dt/6.0*(k1[i]+2*k2[i]+2*k3[i]+k4[i])
	}
	wrap := func(x, m, M float64) float64 {
		diff := M - m
		for x > M {
			x = x - diff
		}
		for x < m {
			x = x + diff
		}
		return x
	}
	ns[0] = wrap(ns[0], -math.Pi, math.Pi)
	ns[1] = wrap(ns[1], -math.Pi, math.Pi)
	ns[2] = math.Min(math.Max(ns[2], -4*math.Pi), 4*math.Pi)
	ns[3] = math.Min(math.Max(ns[3], -9*math.Pi), 9*math.Pi)
	terminated := -math.Cos(ns[0])-math.Cos(ns[1]+ns[0]) > 1.0
	reward := -1.0
	if terminated {
		reward = 0
	}
	return ns, reward, terminated
}

// checkStep compares one step's results with the oracle's.
func checkStep(t *testing.T, name string, step int, got, want []float64, r, wantR float64, term, wantTerm bool) {
	t.Helper()
	for i := range want {
		if !near(got[i], want[i], 1e-12) {
			t.Fatalf("%s step %d: state[%d] = %.17g, Gymnasium %.17g", name, step, i, got[i], want[i])
		}
	}
	if !near(r, wantR, 1e-12) || term != wantTerm {
		t.Fatalf("%s step %d: reward %.17g terminated %v, Gymnasium %.17g %v", name, step, r, term, wantR, wantTerm)
	}
}

// TestScriptedRunsMatchGymnasium runs each classic-control task through
// Make (so with its time limit) on a scripted action sequence from a
// seeded reset, against the oracles: a full Pendulum-v1 episode (200
// steps, truncated at the last, torques beyond ±2 included), CartPole-v1
// pushed one way until the pole falls and a periodic pattern, a
// MountainCarContinuous-v0 bang-bang policy that reaches the goal
// (reward 100 − 0.1·a², terminated), and 200 Acrobot-v1 steps of a
// swing-up pattern.
func TestScriptedRunsMatchGymnasium(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 12))

	e, _ := Make("Pendulum-v1")
	p := Unwrapped(e).(*Pendulum)
	e.Reset(rng)
	s2 := p.State()
	if !(s2[0] >= -math.Pi && s2[0] < math.Pi && s2[1] >= -1 && s2[1] < 1) {
		t.Fatalf("Pendulum reset state %v outside [−π, π) × [−1, 1)", s2)
	}
	for k := 0; k < 200; k++ {
		u := 3 * math.Sin(0.37*float64(k)) // beyond ±2 part of the time
		var wantR float64
		s2, wantR = gymPendulum(s2, u)
		obs, r, term, trunc := e.Step([]float64{u})
		st := p.State()
		checkStep(t, "Pendulum", k, st[:], s2[:], r, wantR, term, false)
		if trunc != (k == 199) {
			t.Fatalf("Pendulum step %d: truncated %v", k, trunc)
		}
		if !e.ObservationSpace().Contains(obs) || !near(obs[0], math.Cos(s2[0]), 1e-15) || !near(obs[1], math.Sin(s2[0]), 1e-15) || obs[2] != s2[1] {
			t.Fatalf("Pendulum step %d: observation %v for state %v", k, obs, s2)
		}
		if !(r >= -16.2736044 && r <= 0) {
			t.Fatalf("Pendulum step %d: reward %v outside [−16.2736044, 0]", k, r)
		}
	}

	for _, pattern := range []func(k int) int{
		func(int) int { return 1 },
		func(k int) int { return (k / 3) % 2 },
	} {
		e, _ = Make("CartPole-v1")
		c := Unwrapped(e).(*CartPole)
		e.Reset(rng)
		s4 := c.State()
		for _, v := range s4 {
			if !(v >= -0.05 && v < 0.05) {
				t.Fatalf("CartPole reset state %v outside [−0.05, 0.05)⁴", s4)
			}
		}
		done := false
		var k int
		for k = 0; k < 500; k++ {
			var wantR float64
			var wantTerm bool
			s4, wantR, wantTerm = pyCartPoleStep(s4, pattern(k), &done)
			obs, r, term, _ := e.Step([]float64{float64(pattern(k))})
			checkStep(t, "CartPole", k, obs, s4[:], r, wantR, term, wantTerm)
			if !term && !e.ObservationSpace().Contains(obs) {
				t.Fatalf("CartPole step %d: observation %v outside %v", k, obs, e.ObservationSpace())
			}
			if term {
				break
			}
		}
		if k == 500 {
			t.Errorf("CartPole: scripted pattern never terminated")
		}
	}

	e, _ = Make("MountainCarContinuous-v0")
	mc := Unwrapped(e).(*MountainCarContinuous)
	e.Reset(rng)
	sm := mc.State()
	if !(sm[0] >= -0.6 && sm[0] < -0.4 && sm[1] == 0) {
		t.Fatalf("MountainCar reset state %v", sm)
	}
	reached := false
	for k := 0; k < 999 && !reached; k++ {
		a := 1.5 // push with the velocity, 1.5 clipped to 1 but charged 0.225
		if sm[1] < 0 {
			a = -1
		}
		var wantR float64
		var wantTerm bool
		sm, wantR, wantTerm = gymMountainCar(sm, a)
		obs, r, term, trunc := e.Step([]float64{a})
		checkStep(t, "MountainCar", k, obs, sm[:], r, wantR, term, wantTerm)
		if !e.ObservationSpace().Contains(obs) || trunc {
			t.Fatalf("MountainCar step %d: observation %v, truncated %v", k, obs, trunc)
		}
		reached = term
		if term && !near(r, 100-0.225, 1e-12) {
			t.Fatalf("MountainCar goal reward %v, want 99.775", r)
		}
	}
	if !reached {
		t.Error("MountainCar: the bang-bang policy never reached the goal")
	}

	e, _ = Make("Acrobot-v1")
	ac := Unwrapped(e).(*Acrobot)
	e.Reset(rng)
	sa := ac.State()
	for _, v := range sa {
		if !(v >= -0.1 && v < 0.1) {
			t.Fatalf("Acrobot reset state %v outside [−0.1, 0.1)⁴", sa)
		}
	}
	for k := 0; k < 200; k++ {
		a := 2 // torque along the first link's velocity: pumps energy
		if sa[2] < 0 {
			a = 0
		}
		var wantR float64
		var wantTerm bool
		sa, wantR, wantTerm = gymAcrobot(sa, a)
		obs, r, term, _ := e.Step([]float64{float64(a)})
		st := ac.State()
		checkStep(t, "Acrobot", k, st[:], sa[:], r, wantR, term, wantTerm)
		if !e.ObservationSpace().Contains(obs) {
			t.Fatalf("Acrobot step %d: observation %v outside %v", k, obs, e.ObservationSpace())
		}
		if term {
			e.Reset(rng)
			sa = ac.State()
		}
	}
}

// Acrobot.Step on a state whose angle is 1e17 (reachable through SetState)
// never returned: Gymnasium's wrap removes one turn of 2π at a time, and
// 1e17 − 2π rounds back to 1e17 (an angle of +Inf likewise). Now an angle
// beyond 2¹⁶ turns is first reduced with math.Mod, giving
// −π + Mod(x + π, 2π) — for x = 1e17 (x + π rounds to x) that is
// Mod(1e17, 2π) − π — and an infinite angle gives NaN (observation NaN,
// not terminated, reward −1). Angles within 2¹⁶ turns are wrapped one turn
// at a time as before: 1e5 gives the loop's bits.
func TestAcrobotHugeOrInfiniteAngleReturns(t *testing.T) {
	a := NewAcrobot()
	a.SetState([4]float64{1e17, 0, 0, 0})
	obs, r, term, _ := a.Step([]float64{1})
	st := a.State()
	want := math.Mod(1e17, 2*math.Pi) - math.Pi
	if st[0] != want || obs[0] != math.Cos(want) {
		t.Errorf("θ₁ = %.17g (cos %v) after a step from 1e17, want %.17g", st[0], obs[0], want)
	}
	if wantTerm := -math.Cos(st[0])-math.Cos(st[1]+st[0]) > 1; term != wantTerm || r != map[bool]float64{false: -1, true: 0}[term] {
		t.Errorf("terminated %v reward %v, want %v", term, r, wantTerm)
	}

	a.SetState([4]float64{math.Inf(1), 0, 0, 0})
	obs, r, term, _ = a.Step([]float64{1})
	if st := a.State(); !math.IsNaN(st[0]) || !math.IsNaN(obs[0]) || term || r != -1 {
		t.Errorf("from θ₁ = +Inf: state %v obs %v terminated %v reward %v, want NaN angle, false, −1", st, obs, term, r)
	}

	loop := 1e5
	for loop > math.Pi {
		loop -= 2 * math.Pi
	}
	if got := wrapAngle(1e5, -math.Pi, math.Pi); got != loop {
		t.Errorf("wrapAngle(1e5) = %.17g, one turn at a time %.17g", got, loop)
	}
	if got := wrapAngle(math.Inf(-1), -math.Pi, math.Pi); !math.IsNaN(got) {
		t.Errorf("wrapAngle(−Inf) = %v, want NaN", got)
	}
}

// Non-finite actions, as Gymnasium treats them: ±Inf torque or force is
// clipped to the bound (MountainCar still charges 0.1·a² = +Inf, so the
// reward is −Inf), and a NaN one passes the clip (np.clip and Python's
// min/max keep NaN) and makes the state NaN. CartPole and Acrobot refuse a
// NaN or infinite index (Gymnasium's action-space assertion).
func TestNonFiniteActionsAsGymnasium(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, u := range []float64{inf, -inf, nan} {
		p := NewPendulum()
		p.SetState([2]float64{0.4, -1.5})
		want, wantR := gymPendulum([2]float64{0.4, -1.5}, u)
		_, r, _, _ := p.Step([]float64{u})
		st := p.State()
		for i := range st {
			if !(st[i] == want[i] || math.IsNaN(st[i]) && math.IsNaN(want[i])) {
				t.Errorf("Pendulum action %v: state %v, Gymnasium %v", u, st, want)
			}
		}
		// 2 ulp: the reward's documented rounding (see Pendulum).
		if !(math.Abs(r-wantR) <= 0x1p-51*math.Abs(wantR) || math.IsNaN(r) && math.IsNaN(wantR)) || math.IsNaN(u) != math.IsNaN(r) {
			t.Errorf("Pendulum action %v: reward %v, Gymnasium %v", u, r, wantR)
		}

		m := NewMountainCarContinuous()
		m.SetState([2]float64{-0.5, 0.01})
		wantM, wantMR, _ := gymMountainCar([2]float64{-0.5, 0.01}, u)
		obs, r, _, _ := m.Step([]float64{u})
		for i := range obs {
			if !(obs[i] == wantM[i] || math.IsNaN(obs[i]) && math.IsNaN(wantM[i])) {
				t.Errorf("MountainCar action %v: state %v, Gymnasium %v", u, obs, wantM)
			}
		}
		if !(r == wantMR || math.IsNaN(r) && math.IsNaN(wantMR)) || (!math.IsNaN(u) && !math.IsInf(r, -1)) {
			t.Errorf("MountainCar action %v: reward %v, Gymnasium %v", u, r, wantMR)
		}

		for _, e := range []Env{NewCartPole(), NewAcrobot()} {
			e.Reset(rand.New(rand.NewPCG(1, 2)))
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%T accepted action %v", e, u)
					}
				}()
				e.Step([]float64{u})
			}()
		}
	}
}
