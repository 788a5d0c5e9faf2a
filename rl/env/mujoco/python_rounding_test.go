//go:build mujoco

package mujoco

import (
	"math"
	"math/big"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// Oracles for the rounding of Gymnasium's reward expressions: each
// operation of the Python expression done in math/big at 53 bits and
// rounded to nearest even, i.e. one IEEE double operation at a time in the
// order Python evaluates them (x**2 as the correctly rounded square, which
// NumPy's power gives), independent of how Go groups a product.

// f64 rounds a big.Float to a float64.
func f64(x *big.Float) float64 { v, _ := x.Float64(); return v }

// bigOf is x exactly, at 53 bits.
func bigOf(x float64) *big.Float { return new(big.Float).SetPrec(53).SetFloat64(x) }

// pyMul is a*b rounded once, as a Python float product.
func pyMul(a, b float64) float64 { return f64(new(big.Float).SetPrec(53).Mul(bigOf(a), bigOf(b))) }

// pyAdd is a+b rounded once.
func pyAdd(a, b float64) float64 { return f64(new(big.Float).SetPrec(53).Add(bigOf(a), bigOf(b))) }

// pySub is a−b rounded once.
func pySub(a, b float64) float64 { return f64(new(big.Float).SetPrec(53).Sub(bigOf(a), bigOf(b))) }

// pyDoublePendulumReward is inverted_double_pendulum_v4.py's step reward
// from the tip (x, y) and the pole velocities v1, v2: dist_penalty =
// 0.01 * x**2 + (y - 2)**2, vel_penalty = 1e-3 * v1**2 + 5e-3 * v2**2,
// r = 10 - dist_penalty - vel_penalty.
func pyDoublePendulumReward(x, y, v1, v2 float64) (dist, vel, r float64) {
	dist = pyAdd(pyMul(0.01, pyMul(x, x)), pyMul(pySub(y, 2), pySub(y, 2)))
	vel = pyAdd(pyMul(1e-3, pyMul(v1, v1)), pyMul(5e-3, pyMul(v2, v2)))
	return dist, vel, pySub(pySub(10, dist), vel)
}

// TestDoublePendulumPenaltiesSquareBeforeScaling: 0.01 * x**2 squares x and
// then scales; Go's 0.01*x*x scales first and rounds differently, e.g. for
// x = 0.1 (Python: 0.00010000000000000002; scaled first: 0.0001).
func TestDoublePendulumPenaltiesSquareBeforeScaling(t *testing.T) {
	if sq, sc := pyMul(0.01, pyMul(0.1, 0.1)), pyMul(pyMul(0.01, 0.1), 0.1); sq != 0.00010000000000000002 || sc != 0.0001 {
		t.Fatalf("premise: 0.01·(0.1·0.1) = %v, want 0.00010000000000000002; (0.01·0.1)·0.1 = %v, want 0.0001", sq, sc)
	}
	for _, c := range []struct{ x, y, v1, v2 float64 }{
		{0.1, 2, 0, 0}, {0.7, 2, 0, 0}, {0, 2, 1.3, 0}, {0, 2, 0.1, 0}, {0, 2, 0, 0.1}, {0, 2, 0, 0.7},
		{0.1, 1.1, 1.3, 0.7}, {-0.7, 1.05, -0.1, -1.3},
	} {
		dist, vel := doublePendulumPenalties(c.x, c.y, c.v1, c.v2)
		wd, wv, _ := pyDoublePendulumReward(c.x, c.y, c.v1, c.v2)
		if dist != wd || vel != wv {
			t.Errorf("x=%v y=%v ω=(%v, %v): penalties %v, %v, want Python's %v, %v", c.x, c.y, c.v1, c.v2, dist, vel, wd, wv)
		}
	}
}

// TestDoublePendulumRewardIsPythons drives InvertedDoublePendulum-v4 over
// 40 episodes of up to 300 steps (random actions end them within a few) and checks every step's reward and terms
// against the Python expression evaluated from the data MuJoCo left (tip
// site, qvel[1:3]), bit for bit. It also counts the steps on which Go's
// left-to-right 0.01*x*x, 1e-3*v1*v1, 5e-3*v2*v2 would have differed, so
// that the test is known to tell the two apart.
func TestDoublePendulumRewardIsPythons(t *testing.T) {
	e := newEnv(t, "InvertedDoublePendulum-v4")
	rng, actRng := env.NewRand(7), env.NewRand(8)
	act := make([]float64, 1)
	steps, apart := 0, 0
	for ep := 0; ep < 40; ep++ {
		e.Reset(rng)
		for k := 0; k < 300; k++ {
			e.ActionSpace().Sample(actRng, act)
			_, r, term, _ := e.Step(act)
			s := e.Sim()
			x, y := s.SiteXPos[3*e.tip], s.SiteXPos[3*e.tip+2]
			v1, v2 := s.QVel[1], s.QVel[2]
			dist, vel, want := pyDoublePendulumReward(x, y, v1, v2)
			got := e.LastTerms()
			if r != want || got.Reward != want || got.Distance != -dist || got.Velocity != -vel || got.Healthy != 10 {
				t.Fatalf("episode %d step %d: reward %v (terms %+v), want %v (distance −%v, velocity −%v)", ep, k, r, got, want, dist, vel)
			}
			if 0.01*x*x+(y-2)*(y-2) != dist || 1e-3*v1*v1+5e-3*v2*v2 != vel {
				apart++
			}
			steps++
			if term {
				break
			}
		}
	}
	if apart == 0 {
		t.Fatalf("no step of %d where scaling before squaring rounds differently: the test does not bite", steps)
	}
	t.Logf("%d steps equal to Python's; scaling first would have differed on %d", steps, apart)
}

// TestReacherGoalDiscIsNumPysNorm: reset_model keeps a goal when
// np.linalg.norm(goal) < 0.2, the norm √(gx² + gy²) with each operation
// rounded. At (0.19999999999901305, 6.28318530716925e-07) that is exactly
// 0.2, so Gymnasium draws again, while math.Hypot gives
// 0.19999999999999998 and would keep it; at (0.199999999051531,
// 1.9477874421466455e-05) it is the other way round.
func TestReacherGoalDiscIsNumPysNorm(t *testing.T) {
	gx, gy := 0.19999999999901305, 6.28318530716925e-07
	sq := pyAdd(pyMul(gx, gx), pyMul(gy, gy))
	norm := math.Sqrt(sq) // IEEE's square root, correctly rounded as NumPy's
	if norm != 0.2 {
		t.Fatalf("premise: NumPy's norm %v, want 0.2", norm)
	}
	if h := math.Hypot(gx, gy); h != 0.19999999999999998 {
		t.Fatalf("premise: math.Hypot %v, want 0.19999999999999998", h)
	}
	if goalInDisc(gx, gy) {
		t.Errorf("goal (%v, %v) with norm 0.2 accepted; Gymnasium rejects it (norm < 0.2 is false)", gx, gy)
	}
	for _, c := range []struct {
		gx, gy float64
		in     bool
	}{{0.199999999051531, 1.9477874421466455e-05, true}, // math.Hypot: 0.2, rejected
		{0, 0, true}, {0.2, 0, false}, {0, -0.2, false}, {math.Nextafter(0.2, 0), 0, true}, {0.14, 0.14, true}, {0.15, 0.14, false}} {
		if got := goalInDisc(c.gx, c.gy); got != c.in {
			t.Errorf("goal (%v, %v): in disc %v, want %v", c.gx, c.gy, got, c.in)
		}
	}
}

// numpySumSquares is np.sum(np.square(a)) for a float64 vector of up to
// 128 elements as NumPy's add.reduce computes it: the identity 0 plus the
// pairwise sum, which adds fewer than 8 terms in order and 8 to 128 terms
// in eight interleaved accumulators r₀…r₇ combined as
// ((r₀+r₁)+(r₂+r₃))+((r₄+r₅)+(r₆+r₇)), then the rest in order.
func numpySumSquares(a []float64) float64 {
	if len(a) < 8 {
		s := 0.0
		for _, v := range a {
			s = pyAdd(s, pyMul(v, v))
		}
		return s
	}
	var r [8]float64
	for j := range r {
		r[j] = pyMul(a[j], a[j])
	}
	i := 8
	for ; i+8 <= len(a); i += 8 {
		for j := range r {
			r[j] = pyAdd(r[j], pyMul(a[i+j], a[i+j]))
		}
	}
	s := pyAdd(pyAdd(pyAdd(r[0], r[1]), pyAdd(r[2], r[3])), pyAdd(pyAdd(r[4], r[5]), pyAdd(r[6], r[7])))
	for ; i < len(a); i++ {
		s = pyAdd(s, pyMul(a[i], a[i]))
	}
	return pyAdd(0, s)
}

// TestControlCostSumOrder: every task charges ctrl_cost_weight ·
// np.sum(np.square(a)). For the tasks with fewer than 8 actuators that is
// the sum in order, as stackel computes it, and the costs agree bit for
// bit. Ant-v4's 8 actions are summed pairwise by NumPy; stackel sums them
// in order, which is kept because the committed Ant-v4 runs depend on it
// bit for bit: for a = (0.3, …, 0.3) Gymnasium's cost is 0.5·0.72 = 0.36,
// stackel's 0.5·0.7199999999999999 = 0.35999999999999993 (about 40 % of
// uniform random actions in [−1, 1]⁸ round apart so).
func TestControlCostSumOrder(t *testing.T) {
	weights := map[string]float64{"Hopper-v4": 1e-3, "Walker2d-v4": 1e-3, "HalfCheetah-v4": 0.1, "Swimmer-v4": 1e-4, "Reacher-v4": 1}
	for id, w := range weights {
		e := newEnv(t, id)
		e.Reset(env.NewRand(3))
		act := make([]float64, e.Sim().NU)
		actRng := env.NewRand(4)
		for k := 0; k < 50; k++ {
			e.ActionSpace().Sample(actRng, act)
			e.Step(act)
			if got, want := e.LastTerms().Ctrl, -pyMul(w, numpySumSquares(act)); got != want {
				t.Fatalf("%s step %d: control term %v, want Gymnasium's %v", id, k, got, want)
			}
		}
	}

	e := newEnv(t, "Ant-v4")
	e.Reset(env.NewRand(3))
	a := []float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3}
	e.Step(a)
	inOrder := 0.0
	for _, v := range a {
		inOrder = pyAdd(inOrder, pyMul(v, v))
	}
	got, kept, gym := e.LastTerms().Ctrl, -pyMul(0.5, inOrder), -pyMul(0.5, numpySumSquares(a))
	if kept != -0.35999999999999993 || gym != -0.36 {
		t.Fatalf("premise: in order %v, want -0.35999999999999993; NumPy's %v, want -0.36", kept, gym)
	}
	if got != kept {
		t.Errorf("Ant-v4 control term %v, want the kept in-order sum's %v (Gymnasium: %v); changing it changes the committed Ant-v4 runs", got, kept, gym)
	}
}
