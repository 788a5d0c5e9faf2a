package env

import (
	"math"
	"slices"
	"strings"
	"testing"
)

const tol = 1e-12

func near(a, b, eps float64) bool {
	return math.Abs(a-b) <= eps*math.Max(1, math.Abs(b))
}

func checkVec(t *testing.T, what string, got, want []float64, eps float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !near(got[i], want[i], eps) {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
		}
	}
}

// TestCartPoleStepByHand checks one Euler step from (x, ẋ, θ, θ̇) =
// (0.01, −0.02, 0.03, 0.04) pushing right (F = +10).
func TestCartPoleStepByHand(t *testing.T) {
	c := NewCartPole()
	c.SetState([4]float64{0.01, -0.02, 0.03, 0.04})
	obs, r, term, trunc := c.Step([]float64{1})

	// The arithmetic, written out from the equations of motion:
	//   M = 1.0 + 0.1 = 1.1, mₚl = 0.1·0.5 = 0.05
	//   temp = (10 + 0.05·0.04²·sin 0.03) / 1.1                      = 9.0909112724000…
	//   θ̈   = (9.8·sin 0.03 − cos 0.03·temp) / (0.5·(4/3 − 0.1·cos²0.03/1.1)) = −14.153435898000…
	//   ẍ   = temp − 0.05·θ̈·cos 0.03 / 1.1                          = 9.7339597873777…
	//   x′ = 0.01 + 0.02·(−0.02) = 0.0096
	//   ẋ′ = −0.02 + 0.02·ẍ      = 0.17467919574755…
	//   θ′ = 0.03 + 0.02·0.04    = 0.0308
	//   θ̇′ = 0.04 + 0.02·θ̈      = −0.24306871796000…
	s, c3 := math.Sin(0.03), math.Cos(0.03)
	temp := (10 + 0.05*0.04*0.04*s) / 1.1
	thetaAcc := (9.8*s - c3*temp) / (0.5 * (4.0/3.0 - 0.1*c3*c3/1.1))
	xAcc := temp - 0.05*thetaAcc*c3/1.1
	want := []float64{0.01 + 0.02*-0.02, -0.02 + 0.02*xAcc, 0.03 + 0.02*0.04, 0.04 + 0.02*thetaAcc}
	checkVec(t, "formula", want, []float64{0.0096, 0.17467919574755525, 0.0308, -0.24306871796000815}, 1e-14)
	checkVec(t, "obs", obs, want, tol)
	if r != 1 || term || trunc {
		t.Errorf("reward/terminated/truncated = %v/%v/%v, want 1/false/false", r, term, trunc)
	}

	// Pushing left flips the sign of F only.
	c.SetState([4]float64{0, 0, 0, 0})
	obs, _, _, _ = c.Step([]float64{0})
	// temp = −10/1.1, θ̈ = (0 − temp)/(0.5·(4/3 − 0.1/1.1)), ẍ = temp − 0.05·θ̈/1.1
	temp = -10 / 1.1
	thetaAcc = -temp / (0.5 * (4.0/3.0 - 0.1/1.1))
	xAcc = temp - 0.05*thetaAcc/1.1
	checkVec(t, "obs(left)", obs, []float64{0, 0.02 * xAcc, 0, 0.02 * thetaAcc}, tol)
}

func TestCartPoleTermination(t *testing.T) {
	thr := 12 * 2 * math.Pi / 360
	cases := []struct {
		name  string
		state [4]float64
		term  bool
	}{
		// x′ = x + 0.02·ẋ crosses 2.4.
		{"x right", [4]float64{2.39, 1, 0, 0}, true},
		{"x left", [4]float64{-2.39, -1, 0, 0}, true},
		// θ′ = θ + 0.02·θ̇ crosses 12°.
		{"theta right", [4]float64{0, 0, thr - 0.001, 0.1}, true},
		{"theta left", [4]float64{0, 0, -thr + 0.001, -0.1}, true},
		{"inside", [4]float64{2.3, 1, 0, 0}, false},
	}
	for _, tc := range cases {
		c := NewCartPole()
		c.SetState(tc.state)
		_, r, term, _ := c.Step([]float64{1})
		if term != tc.term || r != 1 {
			t.Errorf("%s: terminated=%v reward=%v, want %v, 1", tc.name, term, r, tc.term)
		}
		if tc.term {
			// Stepping past termination gives reward 0 on a terminal step
			// and 1 on one back inside the bounds (as "theta right" comes
			// back: θ″ = θ′ + 0.02·θ̇′ with θ̇′ ≈ −0.12), as in Gymnasium
			// (TestCartPoleRewardPastTermination).
			if _, r, term, _ := c.Step([]float64{1}); (term && r != 0) || (!term && r != 1) {
				t.Errorf("%s: reward after termination = %v (terminated again: %v), want 0 if terminated, else 1", tc.name, r, term)
			}
		}
	}
	// A fixed action topples the pole within the time limit.
	e, _ := Make("CartPole-v1")
	e.Reset(NewRand(1))
	for i := 0; ; i++ {
		_, _, term, trunc := e.Step([]float64{1})
		if term {
			break
		}
		if trunc || i > 500 {
			t.Fatal("pushing right forever never terminated")
		}
	}
}

// Past termination Gymnasium's CartPole gives reward 0 only on steps that
// are terminal again (steps_beyond_terminated): a step that brings the
// state back inside the bounds is an ordinary step, reward 1, and a later
// terminal step still gives 0 (the counter is cleared only by reset).
// x = 2.399, ẋ = 0.1 pushed left: x′ = 2.401 (terminal, reward 1);
// ẋ′ = 0.1 + 0.02·ẍ ≈ −0.095, so x″ ≈ 2.3991 (inside: reward 1); pushing
// right from there crosses 2.4 again within 20 steps (reward 0).
func TestCartPoleRewardPastTermination(t *testing.T) {
	c := NewCartPole()
	c.SetState([4]float64{2.399, 0.1, 0, 0})
	obs, r, term, _ := c.Step([]float64{0})
	if !term || r != 1 || !(obs[0] > 2.4) {
		t.Fatalf("first step: x=%v terminated=%v reward=%v, want x > 2.4, true, 1", obs[0], term, r)
	}
	obs, r, term, _ = c.Step([]float64{0})
	if term || r != 1 || !(obs[0] < 2.4) {
		t.Fatalf("step back inside: x=%v terminated=%v reward=%v, want x < 2.4, false, 1", obs[0], term, r)
	}
	for i := 0; ; i++ {
		obs, r, term, _ = c.Step([]float64{1})
		if term {
			if r != 0 {
				t.Errorf("terminal again after termination (x=%v): reward %v, want 0", obs[0], r)
			}
			break
		}
		if r != 1 || i > 20 {
			t.Fatalf("step %d inside the bounds (x=%v): reward %v, terminated %v", i, obs[0], r, term)
		}
	}
	c.Reset(NewRand(1))
	if _, r, _, _ := c.Step([]float64{1}); r != 1 {
		t.Errorf("first step after Reset: reward %v, want 1", r)
	}
}

func TestCartPoleInvalidAction(t *testing.T) {
	for _, a := range [][]float64{{2}, {-1}, {0.5}, {}, {0, 1}, {math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("action %v did not panic", a)
				}
			}()
			c := NewCartPole()
			c.Reset(NewRand(0))
			c.Step(a)
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("Step before Reset did not panic")
		}
	}()
	NewCartPole().Step([]float64{0})
}

// TestAcrobotStepByHand checks one RK4 step of dt = 0.2 from
// (θ₁, θ₂, θ̇₁, θ̇₂) = (0.1, −0.2, 0.3, −0.4) with torque +1 (action 2).
func TestAcrobotStepByHand(t *testing.T) {
	// The derivative written out independently from the "book" equations with
	// m₁ = m₂ = l₁ = 1, l_c1 = l_c2 = 0.5, I₁ = I₂ = 1, g = 9.8.
	f := func(s [4]float64, tau float64) [4]float64 {
		t1, t2, w1, w2 := s[0], s[1], s[2], s[3]
		d1 := 1*0.25 + 1*(1+0.25+2*1*0.5*math.Cos(t2)) + 1 + 1 // = 3.5 + cos θ₂
		d2 := 1*(0.25+1*0.5*math.Cos(t2)) + 1                  // = 1.25 + 0.5 cos θ₂
		phi2 := 1 * 0.5 * 9.8 * math.Cos(t1+t2-math.Pi/2)      // = 4.9 sin(θ₁+θ₂)
		phi1 := -1*1*0.5*w2*w2*math.Sin(t2) - 2*1*1*0.5*w2*w1*math.Sin(t2) +
			(1*0.5+1*1)*9.8*math.Cos(t1-math.Pi/2) + phi2
		a2 := (tau + d2/d1*phi1 - 1*1*0.5*w1*w1*math.Sin(t2) - phi2) / (1*0.25 + 1 - d2*d2/d1)
		a1 := -(d2*a2 + phi1) / d1
		return [4]float64{w1, w2, a1, a2}
	}
	s0 := [4]float64{0.1, -0.2, 0.3, -0.4}
	k1 := f(s0, 1)
	// At s0: d₁ = 3.5 + cos 0.2, d₂ = 1.25 + 0.5 cos 0.2, φ₂ = 4.9 sin(−0.1), …
	// giving k1 = (0.3, −0.4, −1.4849400257726…, 3.2655751506801…).
	checkVec(t, "k1", k1[:], []float64{0.3, -0.4, -1.4849400257726173, 3.265575150680187}, 1e-13)
	add := func(s, k [4]float64, h float64) [4]float64 {
		return [4]float64{s[0] + h*k[0], s[1] + h*k[1], s[2] + h*k[2], s[3] + h*k[3]}
	}
	k2 := f(add(s0, k1, 0.1), 1)
	k3 := f(add(s0, k2, 0.1), 1)
	k4 := f(add(s0, k3, 0.2), 1)
	var want [4]float64
	for i := range want {
		want[i] = s0[i] + 0.2/6*(k1[i]+2*k2[i]+2*k3[i]+k4[i])
	}
	checkVec(t, "rk4", want[:], []float64{0.1282116312891261, -0.211840321026976, -0.023484731535001357, 0.28679521459777013}, 1e-13)

	a := NewAcrobot()
	a.SetState(s0)
	obs, r, term, trunc := a.Step([]float64{2})
	st := a.State()
	checkVec(t, "state", st[:], want[:], tol)
	checkVec(t, "obs", obs, []float64{
		math.Cos(want[0]), math.Sin(want[0]), math.Cos(want[1]), math.Sin(want[1]), want[2], want[3],
	}, tol)
	if r != -1 || term || trunc {
		t.Errorf("reward/terminated/truncated = %v/%v/%v, want -1/false/false", r, term, trunc)
	}
}

func TestAcrobotWrapClipTerminate(t *testing.T) {
	// Starting near θ₁ = π with large velocities, the new angles are wrapped
	// into [−π, π], the velocities clipped, and the termination test
	// −cos θ₁ − cos(θ₁+θ₂) > 1 is evaluated on the new state.
	a := NewAcrobot()
	a.SetState([4]float64{math.Pi - 0.01, 0, 50, 100})
	_, r, term, _ := a.Step([]float64{1})
	s := a.State()
	if s[0] < -math.Pi || s[0] > math.Pi || s[1] < -math.Pi || s[1] > math.Pi {
		t.Errorf("angles not wrapped: %v", s)
	}
	if math.Abs(s[2]) > 4*math.Pi || math.Abs(s[3]) > 9*math.Pi {
		t.Errorf("velocities not clipped: %v", s)
	}
	wantTerm := -math.Cos(s[0])-math.Cos(s[0]+s[1]) > 1
	if term != wantTerm || (term && r != 0) || (!term && r != -1) {
		t.Errorf("terminated=%v reward=%v for state %v, want terminated=%v", term, r, s, wantTerm)
	}

	// Both links pointing straight up: the tip is at height 2 > 1.
	a.SetState([4]float64{math.Pi, 0, 0, 0})
	if _, r, term, _ := a.Step([]float64{1}); !term || r != 0 {
		t.Errorf("upright acrobot: terminated=%v reward=%v, want true 0", term, r)
	}
	// Hanging at rest with no torque: stays put (up to cos(−π/2) ≈ 6e−17
	// rounding in the gravity terms), reward −1.
	a.SetState([4]float64{0, 0, 0, 0})
	if obs, r, term, _ := a.Step([]float64{1}); term || r != -1 || obs[0] != 1 || math.Abs(obs[4]) > 1e-15 {
		t.Errorf("resting acrobot: obs=%v terminated=%v reward=%v", obs, term, r)
	}

	if got := wrapAngle(3*math.Pi+0.5, -math.Pi, math.Pi); !near(got, -math.Pi+0.5, 1e-15) {
		t.Errorf("wrapAngle(3π+0.5) = %v", got)
	}
	if got := wrapAngle(-math.Pi-0.5, -math.Pi, math.Pi); !near(got, math.Pi-0.5, 1e-15) {
		t.Errorf("wrapAngle(−π−0.5) = %v", got)
	}
}

// TestPendulumStepByHand checks one step from (θ, θ̇) = (3.5, −0.5) with
// torque 1.2.
func TestPendulumStepByHand(t *testing.T) {
	p := NewPendulum()
	p.SetState([2]float64{3.5, -0.5})
	obs, r, term, trunc := p.Step([]float64{1.2})

	//   θₙ  = ((3.5 + π) mod 2π) − π = 3.5 − 2π                = −2.7831853071795862
	//   r   = −(θₙ² + 0.1·(−0.5)² + 0.001·1.2²)                = −7.7725604541003275
	//   θ̇′ = −0.5 + (3·10/(2·1)·sin 3.5 + 3/(1·1²)·1.2)·0.05 = −0.5830874207672149
	//   θ′  = 3.5 + θ̇′·0.05                                     = 3.4708456289616394
	thn := 3.5 - 2*math.Pi
	wantR := -(thn*thn + 0.1*0.25 + 0.001*1.44)
	thd := -0.5 + (15*math.Sin(3.5)+3*1.2)*0.05
	th := 3.5 + thd*0.05
	checkVec(t, "formula", []float64{thn, wantR, thd, th},
		[]float64{-2.7831853071795862, -7.7725604541003275, -0.5830874207672149, 3.4708456289616394}, 1e-14)
	if !near(r, wantR, tol) {
		t.Errorf("reward = %.17g, want %.17g", r, wantR)
	}
	checkVec(t, "obs", obs, []float64{math.Cos(th), math.Sin(th), thd}, tol)
	if term || trunc {
		t.Error("pendulum never terminates by itself")
	}

	// Torque is clipped to 2 (in dynamics and cost), speed to 8.
	p.SetState([2]float64{0.5, 7.9})
	obs, r, _, _ = p.Step([]float64{5})
	if p.LastAction() != 2 {
		t.Errorf("clipped action = %v, want 2", p.LastAction())
	}
	if obs[2] != 8 {
		t.Errorf("θ̇′ = %v, want clipped to 8", obs[2])
	}
	if want := -(0.25 + 0.1*7.9*7.9 + 0.001*4); !near(r, want, tol) {
		t.Errorf("reward = %v, want %v", r, want)
	}
	if st := p.State(); !near(st[0], 0.5+8*0.05, tol) {
		t.Errorf("θ′ = %v, want %v", st[0], 0.5+8*0.05)
	}
	// And symmetrically to −2 and −8.
	p.SetState([2]float64{-0.5, -7.9})
	obs, r, _, _ = p.Step([]float64{-5})
	if p.LastAction() != -2 || obs[2] != -8 {
		t.Errorf("clipped action %v, θ̇′ = %v; want -2, -8", p.LastAction(), obs[2])
	}
	if want := -(0.25 + 0.1*7.9*7.9 + 0.001*4); !near(r, want, tol) {
		t.Errorf("reward = %v, want %v", r, want)
	}
	if st := p.State(); !near(st[0], -0.5-8*0.05, tol) {
		t.Errorf("θ′ = %v, want %v", st[0], -0.5-8*0.05)
	}

	for _, c := range [][2]float64{{0, 0}, {math.Pi, -math.Pi}, {-math.Pi, -math.Pi}, {7, 7 - 2*math.Pi}, {-4, -4 + 2*math.Pi}} {
		if got := angleNormalize(c[0]); !near(got, c[1], 1e-15) {
			t.Errorf("angleNormalize(%v) = %v, want %v", c[0], got, c[1])
		}
	}
}

// TestMountainCarStepByHand checks steps of the continuous mountain car.
func TestMountainCarStepByHand(t *testing.T) {
	m := NewMountainCarContinuous()
	m.SetState([2]float64{-0.5, 0.01})
	obs, r, term, _ := m.Step([]float64{0.5})
	//   v′ = 0.01 + 0.5·0.0015 − 0.0025·cos(−1.5) = 0.010573156995830744
	//   p′ = −0.5 + v′                            = −0.4894268430041693
	//   r  = −0.1·0.5²                            = −0.025
	v := 0.01 + 0.5*0.0015 - 0.0025*math.Cos(3*-0.5)
	checkVec(t, "formula", []float64{-0.5 + v, v}, []float64{-0.4894268430041693, 0.010573156995830744}, 1e-14)
	checkVec(t, "obs", obs, []float64{-0.5 + v, v}, tol)
	if !near(r, -0.025, tol) || term {
		t.Errorf("reward=%v terminated=%v, want -0.025 false", r, term)
	}

	// Reaching the goal: p′ = 0.44 + v′ ≥ 0.45 with v′ ≥ 0.
	m.SetState([2]float64{0.44, 0.02})
	obs, r, term, _ = m.Step([]float64{1})
	v = min(0.02+0.0015-0.0025*math.Cos(3*0.44), 0.07)
	checkVec(t, "goal obs", obs, []float64{0.44 + v, v}, tol)
	if !term || !near(r, 100-0.1, tol) {
		t.Errorf("goal: terminated=%v reward=%v, want true 99.9", term, r)
	}

	// Past the goal position but moving left: not terminated (Gymnasium
	// also asks velocity ≥ goal_velocity = 0), reward −0.1·a² only.
	//   v′ = −0.005 − 0.0015 − 0.0025·cos(1.5) = −0.0066768424…
	//   p′ = 0.5 + v′ = 0.4933231575…  ≥ 0.45
	m.SetState([2]float64{0.5, -0.005})
	obs, r, term, _ = m.Step([]float64{-1})
	v = -0.005 - 0.0015 - 0.0025*math.Cos(1.5)
	checkVec(t, "past goal leftwards obs", obs, []float64{0.5 + v, v}, tol)
	if term || !near(r, -0.1, tol) || !(obs[0] >= 0.45) || !(obs[1] < 0) {
		t.Errorf("past the goal moving left: terminated=%v reward=%v obs=%v, want false -0.1", term, r, obs)
	}

	// Out-of-range actions are clipped for the force but penalised as passed.
	m.SetState([2]float64{-0.5, 0})
	obs, r, _, _ = m.Step([]float64{2})
	v = 0 + 1*0.0015 - 0.0025*math.Cos(-1.5)
	checkVec(t, "clipped obs", obs, []float64{-0.5 + v, v}, tol)
	if !near(r, -0.4, tol) {
		t.Errorf("reward for action 2 = %v, want -0.4", r)
	}

	// Inelastic left wall: position clipped to −1.2 and velocity zeroed.
	m.SetState([2]float64{-1.19, -0.05})
	obs, _, _, _ = m.Step([]float64{-1})
	checkVec(t, "wall obs", obs, []float64{-1.2, 0}, 0)

	// Speed limit: v′ = −0.0699 − 0.0015 − 0.0025·cos(−0.9) < −0.07.
	m.SetState([2]float64{-0.3, -0.0699})
	obs, _, _, _ = m.Step([]float64{-1})
	if obs[1] != -0.07 || !near(obs[0], -0.37, tol) {
		t.Errorf("obs %v, want velocity clipped to -0.07", obs)
	}
}

func TestTimeLimitTruncation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		limit  int
		action []float64
	}{
		{"Pendulum-v1", 200, []float64{0}},
		{"MountainCarContinuous-v0", 999, []float64{0}},
		{"Acrobot-v1", 500, []float64{1}},
	} {
		e, err := Make(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		e.Reset(NewRand(3))
		for i := 1; i <= tc.limit; i++ {
			_, _, term, trunc := e.Step(tc.action)
			if term {
				t.Fatalf("%s: terminated at step %d with a passive action", tc.name, i)
			}
			if trunc != (i == tc.limit) {
				t.Fatalf("%s: truncated=%v at step %d, limit %d", tc.name, trunc, i, tc.limit)
			}
		}
		// Reset restarts the count.
		e.Reset(NewRand(4))
		if _, _, _, trunc := e.Step(tc.action); trunc {
			t.Errorf("%s: truncated on the first step after Reset", tc.name)
		}
		if tl := e.(*TimeLimit); tl.Elapsed() != 1 || tl.MaxSteps != tc.limit {
			t.Errorf("%s: Elapsed=%d MaxSteps=%d", tc.name, tl.Elapsed(), tl.MaxSteps)
		}
	}

	// CartPole's limit is 500: keep the pole up by pushing against it.
	e, _ := Make("CartPole-v1")
	obs := e.Reset(NewRand(5))
	steps := 0
	for {
		a := 0.0
		if obs[2]+0.5*obs[3] > 0 {
			a = 1
		}
		var term, trunc bool
		obs, _, term, trunc = e.Step([]float64{a})
		steps++
		if term {
			t.Fatalf("balancing controller failed at step %d", steps)
		}
		if trunc {
			break
		}
	}
	if steps != 500 {
		t.Errorf("CartPole-v1 truncated after %d steps, want 500", steps)
	}

	// A wrapped terminal step reports terminated and, at the limit, truncated.
	tl := NewTimeLimit(NewCartPole(), 1)
	Unwrapped(tl).(*CartPole).SetState([4]float64{2.399, 1, 0, 0})
	if _, _, term, trunc := tl.Step([]float64{1}); !term || !trunc {
		t.Errorf("terminated=%v truncated=%v, want both", term, trunc)
	}
}

func TestResetDeterminism(t *testing.T) {
	for _, name := range availableNames() {
		a, _ := Make(name)
		b, _ := Make(name)
		ra, rb := NewRand(99), NewRand(99)
		for ep := 0; ep < 3; ep++ {
			oa := slices.Clone(a.Reset(ra))
			ob := b.Reset(rb)
			if !slices.Equal(oa, ob) {
				t.Errorf("%s episode %d: resets differ: %v vs %v", name, ep, oa, ob)
			}
			if !a.ObservationSpace().Contains(oa) {
				t.Errorf("%s: reset observation %v outside %v", name, oa, a.ObservationSpace())
			}
			// Same seeded actions give the same trajectory.
			as, bs := NewRand(uint64(ep)), NewRand(uint64(ep))
			for i := 0; i < 50; i++ {
				xa, ra1, ta, _ := a.Step(a.ActionSpace().Sample(as, nil))
				xb, rb1, tb, _ := b.Step(b.ActionSpace().Sample(bs, nil))
				if !slices.Equal(xa, xb) || ra1 != rb1 || ta != tb {
					t.Fatalf("%s: trajectories diverge at step %d", name, i)
				}
				if ta {
					break
				}
			}
		}
		// Different seeds give different starts.
		o1 := slices.Clone(a.Reset(NewRand(1)))
		o2 := a.Reset(NewRand(2))
		if slices.Equal(o1, o2) {
			t.Errorf("%s: seeds 1 and 2 give the same reset %v", name, o1)
		}
	}
}

func TestResetDistributions(t *testing.T) {
	rng := NewRand(7)
	cp, ac, pe, mc := NewCartPole(), NewAcrobot(), NewPendulum(), NewMountainCarContinuous()
	for i := 0; i < 1000; i++ {
		cp.Reset(rng)
		for _, v := range cp.State() {
			if v < -0.05 || v >= 0.05 {
				t.Fatalf("CartPole reset %v outside [-0.05, 0.05)", cp.State())
			}
		}
		ac.Reset(rng)
		for _, v := range ac.State() {
			if v < -0.1 || v >= 0.1 {
				t.Fatalf("Acrobot reset %v outside [-0.1, 0.1)", ac.State())
			}
		}
		pe.Reset(rng)
		if s := pe.State(); s[0] < -math.Pi || s[0] >= math.Pi || s[1] < -1 || s[1] >= 1 {
			t.Fatalf("Pendulum reset %v outside [-π, π)×[-1, 1)", s)
		}
		mc.Reset(rng)
		if s := mc.State(); s[0] < -0.6 || s[0] >= -0.4 || s[1] != 0 {
			t.Fatalf("MountainCarContinuous reset %v outside [-0.6, -0.4)×{0}", s)
		}
	}
}

func TestObservationBuffersStayValid(t *testing.T) {
	e := NewPendulum()
	o0 := e.Reset(NewRand(1))
	keep := slices.Clone(o0)
	o1, _, _, _ := e.Step([]float64{1})
	if !slices.Equal(o0, keep) {
		t.Error("previous observation overwritten by the next Step")
	}
	if &o0[0] == &o1[0] {
		t.Error("consecutive observations share storage")
	}
}

func TestMakeUnknown(t *testing.T) {
	_, err := Make("LunarLander-v3")
	if err == nil {
		t.Fatal("no error for unknown name")
	}
	for _, n := range []string{"CartPole-v1", "Acrobot-v1", "Pendulum-v1", "MountainCarContinuous-v0", "LunarLander-v3"} {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("error %q does not mention %s", err, n)
		}
	}
	if err := Register(Spec{ID: "CartPole-v1", New: func() Env { return NewCartPole() }}); err == nil {
		t.Error("duplicate registration accepted")
	}
}

func TestSpaces(t *testing.T) {
	want := map[string][2]string{
		"CartPole-v1":              {"Box([-4.8 -Inf -0.4189 -Inf], [4.8 +Inf 0.4189 +Inf], (4,))", "Discrete(2)"},
		"Acrobot-v1":               {"Box([-1 -1 -1 -1 -12.57 -28.27], [1 1 1 1 12.57 28.27], (6,))", "Discrete(3)"},
		"Pendulum-v1":              {"Box([-1 -1 -8], [1 1 8], (3,))", "Box([-2], [2], (1,))"},
		"MountainCarContinuous-v0": {"Box([-1.2 -0.07], [0.6 0.07], (2,))", "Box([-1], [1], (1,))"},
	}
	for name, w := range want {
		e, _ := Make(name)
		if got := e.ObservationSpace().String(); got != w[0] {
			t.Errorf("%s observation space %s, want %s", name, got, w[0])
		}
		if got := e.ActionSpace().String(); got != w[1] {
			t.Errorf("%s action space %s, want %s", name, got, w[1])
		}
	}

	rng := NewRand(11)
	b := NewBox([]float64{-1, 0, math.Inf(-1), math.Inf(-1)}, []float64{1, math.Inf(1), 5, math.Inf(1)}, 2, 2)
	if d := b.Dim(); d != 4 || !slices.Equal(b.Shape(), []int{2, 2}) {
		t.Errorf("Dim/Shape = %d/%v", d, b.Shape())
	}
	x := make([]float64, 4)
	for i := 0; i < 1000; i++ {
		b.Sample(rng, x)
		if !b.Contains(x) {
			t.Fatalf("sample %v outside %v", x, b)
		}
	}
	if b.Contains([]float64{2, 0, 0, 0}) || b.Contains([]float64{0, -1, 0, 0}) || b.Contains([]float64{0, 0, 6, 0}) ||
		b.Contains([]float64{math.NaN(), 0, 0, 0}) || b.Contains([]float64{0}) {
		t.Error("Contains accepted a point outside the box")
	}
	clipped := b.Clip(make([]float64, 4), []float64{-3, -3, 9, 9})
	if !slices.Equal(clipped, []float64{-1, 0, 5, 9}) {
		t.Errorf("Clip = %v", clipped)
	}

	d := Discrete{N: 3}
	var counts [3]int
	for i := 0; i < 3000; i++ {
		a := d.Sample(rng, x[:1])
		idx, ok := d.Index(a)
		if !ok {
			t.Fatalf("Discrete sample %v invalid", a)
		}
		counts[idx]++
	}
	for i, c := range counts {
		if c < 900 || c > 1100 {
			t.Errorf("Discrete(3) sampled %d %d times out of 3000", i, c)
		}
	}
	for _, bad := range [][]float64{{3}, {-1}, {1.5}, {}, {0, 0}} {
		if d.Contains(bad) {
			t.Errorf("Discrete(3) contains %v", bad)
		}
	}

	// Seeded sampling is deterministic.
	s1 := b.Sample(NewRand(5), nil)
	s2 := b.Sample(NewRand(5), nil)
	if !slices.Equal(s1, s2) {
		t.Errorf("seeded samples differ: %v vs %v", s1, s2)
	}
}

func TestStepAllocationFree(t *testing.T) {
	for _, name := range availableNames() {
		e, _ := Make(name)
		rng := NewRand(1)
		act := e.ActionSpace().Sample(rng, nil)
		e.Reset(rng)
		allocs := testing.AllocsPerRun(1000, func() {
			if _, _, term, trunc := e.Step(act); term || trunc {
				e.Reset(rng)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per step", name, allocs)
		}
	}
}

func TestVector(t *testing.T) {
	v, err := MakeVector("CartPole-v1", 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	if v.Len() != 3 || v.ObsDim != 4 || v.ActDim != 1 {
		t.Fatalf("Len/ObsDim/ActDim = %d/%d/%d", v.Len(), v.ObsDim, v.ActDim)
	}
	obs := slices.Clone(v.Reset())
	// Copies draw from independent sources, so starts differ.
	if slices.Equal(obs[0:4], obs[4:8]) {
		t.Error("copies 0 and 1 start identically")
	}
	// Re-running with the same seed reproduces everything.
	w, _ := MakeVector("CartPole-v1", 3, 42)
	if !slices.Equal(obs, w.Reset()) {
		t.Error("same seed gave different vector resets")
	}

	// Pushing right always: every copy terminates (within ~10–60 steps), is
	// reset, and its final observation lies beyond a threshold.
	actions := []float64{1, 1, 1}
	ended := make([]bool, 3)
	for step := 0; step < 200; step++ {
		prev := slices.Clone(v.Obs)
		v.Step(actions)
		for i := 0; i < 3; i++ {
			if v.Rewards[i] != 1 {
				t.Fatalf("copy %d reward %v", i, v.Rewards[i])
			}
			if v.Terminated[i] {
				ended[i] = true
				fin := v.FinalObs[i*4 : i*4+4]
				if math.Abs(fin[0]) <= 2.4 && math.Abs(fin[2]) <= 12*2*math.Pi/360 {
					t.Errorf("copy %d final obs %v not terminal", i, fin)
				}
				if v.EpisodeLength[i] < 2 || v.EpisodeReturn[i] != float64(v.EpisodeLength[i]) {
					t.Errorf("copy %d episode length %d return %v", i, v.EpisodeLength[i], v.EpisodeReturn[i])
				}
				for _, x := range v.Obs[i*4 : i*4+4] {
					if math.Abs(x) > 0.05 {
						t.Errorf("copy %d not reset: %v", i, v.Obs[i*4:i*4+4])
					}
				}
			} else if slices.Equal(prev[i*4:i*4+4], v.Obs[i*4:i*4+4]) {
				t.Errorf("copy %d did not move", i)
			}
		}
	}
	for i, e := range ended {
		if !e {
			t.Errorf("copy %d never terminated", i)
		}
	}
	if a := testing.AllocsPerRun(100, func() { v.Step(actions) }); a != 0 {
		t.Errorf("Vector.Step allocates %v times", a)
	}
	if _, err := NewVector([]Env{NewCartPole(), NewPendulum()}, 0); err == nil {
		t.Error("mismatched copies accepted")
	}
}

func BenchmarkCartPoleStep(b *testing.B) {
	e, _ := Make("CartPole-v1")
	rng := NewRand(1)
	e.Reset(rng)
	act := []float64{0}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		act[0] = float64(i & 1)
		if _, _, term, trunc := e.Step(act); term || trunc {
			e.Reset(rng)
		}
	}
}

func BenchmarkPendulumStep(b *testing.B) {
	e, _ := Make("Pendulum-v1")
	rng := NewRand(1)
	e.Reset(rng)
	act := []float64{0.5}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, term, trunc := e.Step(act); term || trunc {
			e.Reset(rng)
		}
	}
}

func BenchmarkAcrobotStep(b *testing.B) {
	e, _ := Make("Acrobot-v1")
	rng := NewRand(1)
	e.Reset(rng)
	act := []float64{2}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, term, trunc := e.Step(act); term || trunc {
			e.Reset(rng)
		}
	}
}
