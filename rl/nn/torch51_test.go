package nn

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// checkRel fails the test for each i with |got[i] − want[i]| not at most
// tol·max(1, |want[i]|) (NaN included).
func checkRel(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol*math.Max(1, math.Abs(want[i]))) {
			t.Errorf("%s[%d] = %.17g, torch %.17g", what, i, got[i], want[i])
		}
	}
}

// The Gaussian policy against numbers produced by PyTorch 1.13.1 itself
// (CPU, torch.set_num_threads(1), outside the project:
// /work/runs/s51/rlcore/ref_policies.py) running Spinning Up's
// MLPGaussianActor: mu = Linear(4, 2)(tanh(Linear(3, 4)(obs))), a
// log_std Parameter (−0.5, 1.25), Normal(mu, exp(log_std)).log_prob(act)
// .sum(-1), then (logp·[1, −0.5, 2]).sum().backward(). The third action
// (−40, 9) is far in the tail (log π ≈ −2159, ∂/∂log σ₀ ≈ 8609). The
// float64 run is matched to 1e-12·max(1, |x|); the float32 run (torch's
// default dtype) on a float32 tape to 2e-6·max(1, |x|) (the largest gap
// seen is 2.1e-7 relative, both sides rounding to float32).
func TestGaussianMatchesTorchOutput(t *testing.T) {
	var p Params
	g := NewGaussian(&p, 3, []int{4}, Tanh, 2)
	copy(p.Data, []float64{
		// W₁ (3×4, inputs × outputs: torch's weight transposed), b₁
		0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.3, -0.2, 0.1, 0.2, -0.5, 0.7,
		0.1, 0.2, 0.3, -0.1,
		// W₂ (4×2), b₂, log σ
		0.3, -0.2, -0.5, 0.4, 0.2, 0.1, 0.6, -0.7,
		0.05, -0.1,
		-0.5, 1.25,
	})
	obs := ad.NewTensor(3, 3, []float64{0.5, 0.1, -0.2, 1, -1, 0.5, -0.3, 0.8, 0.9})
	act := ad.NewTensor(3, 2, []float64{0.3, -1.2, 1.5, 0.7, -40, 9})
	weights := ad.NewTensor(3, 1, []float64{1, -0.5, 2})
	for _, c := range []struct {
		dt       ad.DType
		tol      float64
		logp     []float64
		gradient []float64 // W₁, b₁, W₂, b₂, log σ, each flattened as in Params
	}{
		{ad.Float64, 1e-12,
			[]float64{-2.723834314542397, -3.269500156689362, -2158.9060631863085},
			[]float64{18.101257742662384, -14.648727558147103, 12.785898692480503, 34.891484300004755, -48.16333594193375, 39.06265911020428, -34.27880059367906, -93.04947511647043, -54.40429032659303, 44.54150765159039, -38.890174233232884, -105.41206144380631, -60.26133170305814, 49.19732610388255, -43.187407281146584, -116.76934109297243, 58.527666949258396, -0.48041595783705426, -159.5511535580173, 1.1164967081116877, -6.144803352077033, -0.0030752530642590456, -71.43389860333009, 0.47268422770305263, -216.65343180725475, 1.3070615208933565, 8609.101156806468, 10.76187907911673}},
		{ad.Float32, 2e-6,
			[]float64{-2.7238340377807617, -3.2695000171661377, -2158.906005859375},
			[]float64{18.10125732421875, -14.648725509643555, 12.78589916229248, 34.8914794921875, -48.163333892822266, 39.062652587890625, -34.27880096435547, -93.0494613647461, -54.4042854309082, 44.541500091552734, -38.89017105102539, -105.41204071044922, -60.26132583618164, 49.19731903076172, -43.187408447265625, -116.76932525634766, 58.52766799926758, -0.4804159104824066, -159.55113220214844, 1.1164965629577637, -6.144809246063232, -0.0030752148013561964, -71.43388366699219, 0.4726841151714325, -216.65341186523438, 1.3070613145828247, 8609.099609375, 10.761877059936523}},
	} {
		tp := ad.NewTapeOf(c.dt)
		b := p.Var(tp)
		lp := g.LogProb(b, tp.Const(obs), tp.Const(act))
		grad := make([]float64, p.Len())
		b.Grad(ad.Sum(ad.Mul(lp, tp.Const(weights))), grad)
		checkRel(t, c.dt.String()+" log π", lp.Value().Data, c.logp, c.tol)
		checkRel(t, c.dt.String()+" gradient", grad, c.gradient, c.tol)
	}
}

// The categorical policy against PyTorch 1.13.1 (same script):
// Categorical(logits = obs W + b).log_prob(act) with biases (1e4, −1e4,
// 0), so that the logits of a row are ten thousand apart and their
// exponentials under- and overflow in either float format, then
// (logp·[1, −0.5, 2, 0.25]).sum().backward(). Every log π and gradient is
// an integer or a quarter in both torch dtypes; the float64 and float32
// tapes give the same to 1e-12·max(1, |x|) and 1e-6·max(1, |x|) (both are
// exact here).
func TestCategoricalHugeLogitsMatchTorchOutput(t *testing.T) {
	var p Params
	c := NewCategorical(&p, 2, nil, Tanh, 3)
	copy(p.Data, []float64{0.5, -0.25, 2, 1.5, 0.75, -1, 1e4, -1e4, 0})
	obs := ad.NewTensor(4, 2, []float64{0, 0, 1, -2, -3, 1, 0.5, 0.5})
	act := ad.NewTensor(4, 1, []float64{0, 1, 2, 0})
	weights := ad.NewTensor(4, 1, []float64{1, -0.5, 2, 0.25})
	wantLogp := []float64{0, -19999.25, -10007, 0}
	wantGrad := []float64{6.5, -0.5, -6, -3, 1, 2, -1.5, -0.5, 2}
	for _, tc := range []struct {
		dt  ad.DType
		tol float64
	}{{ad.Float64, 1e-12}, {ad.Float32, 1e-6}} {
		tp := ad.NewTapeOf(tc.dt)
		b := p.Var(tp)
		lp := c.LogProb(b, tp.Const(obs), tp.Const(act))
		grad := make([]float64, p.Len())
		b.Grad(ad.Sum(ad.Mul(lp, tp.Const(weights))), grad)
		checkRel(t, tc.dt.String()+" log π", lp.Value().Data, wantLogp, tc.tol)
		checkRel(t, tc.dt.String()+" gradient", grad, wantGrad, tc.tol)
	}
}

// A Hessian–vector product, what the conjugate-gradient solves of the
// Stackelberg total derivative (Eq. 15–16) are made of, against PyTorch 1.13.1
// (CPU, 1 thread, float64; /work/runs/s51/rlcore/ref_hvp.py): a categorical
// policy with logits tanh(obs W₁ + b₁) W₂ + b₂ (2 inputs, 3 tanh units, 3
// actions), L = Σᵢ wᵢ log π(aᵢ|sᵢ) over four rows, ∇L by
// torch.autograd.grad(create_graph=True) and H v = ∇⟨∇L, v⟩ by a second
// grad, v = ((7i mod 11) − 5)/4 over the flat parameters in Params order.
// The gradient and H v agree to 1e-12·max(1, |x|).
func TestCategoricalHessianVectorMatchesTorchOutput(t *testing.T) {
	var p Params
	c := NewCategorical(&p, 2, []int{3}, Tanh, 3)
	copy(p.Data, []float64{
		0.5, -0.3, 0.2, -0.4, 0.6, 0.3, // W₁ (2×3)
		0.1, -0.2, 0.05, // b₁
		0.3, -0.2, 0.7, -0.5, 0.4, 0.1, 0.2, 0.9, -0.6, // W₂ (3×3)
		0.05, -0.1, 0.2, // b₂
	})
	v := make([]float64, p.Len())
	for i := range v {
		v[i] = float64((7*i)%11-5) / 4
	}
	tp := ad.NewTape()
	b := p.Var(tp)
	obs := tp.Const(ad.NewTensor(4, 2, []float64{0.5, -1, 1.5, 0.25, -0.7, 0.8, 0, 2}))
	act := tp.Const(ad.NewTensor(4, 1, []float64{0, 2, 1, 2}))
	loss := ad.Sum(ad.Mul(c.LogProb(b, obs, act), tp.Const(ad.NewTensor(4, 1, []float64{1, -0.5, 2, 0.75}))))
	checkRel(t, "L", []float64{loss.Scalar()}, []float64{-3.1759129881505457}, 1e-12)
	gs := Bound{Nodes: b.GradNodes(loss), Params: &p}
	grad := make([]float64, p.Len())
	b.Flatten(gs.Nodes, grad)
	checkRel(t, "∇L", grad, []float64{0.18247543303994906, -0.5404021641235612, -0.24613853183354972, 0.2241769899099159, 0.4990359624061906, -0.3974344275827255, -0.4266194107007278, 0.22145478333981636, 1.159000136198006, 0.8460875198340828, -0.25958330813894176, -0.5865042116951409, -0.8612684368165675, 0.15161678974242865, 0.7096516470741386, -0.15667883216954964, -0.05332776211108275, 0.21000659428063223, 0.1447402716116695, 0.5717653448268355, -0.7165056164385053}, 1e-12)
	hv := make([]float64, p.Len())
	b.VJP(gs, v, hv)
	checkRel(t, "H v", hv, []float64{3.0938595588514195, -0.33045478551769697, -2.212107660423781, -2.57198882165435, 0.8287379528538509, 2.5201007238255557, -2.0725227799448587, -0.2251080685615543, 2.1621363406853424, -1.6611974202268143, -0.9175066246758667, 2.578704044902681, 0.08263523408512317, 1.9307519412870144, -2.013387175372138, 0.12047678693403516, 0.3079645100931523, -0.428441297027187, -0.6066907931760193, 3.5019776504179534, -2.895286857241934}, 1e-12)
}
