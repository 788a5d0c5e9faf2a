package nn

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// SAC's squashed Gaussian against numbers produced by PyTorch 1.13.1 itself
// (CPU, torch.set_num_threads(1), float64, outside the project) running
// Spinning Up's SquashedGaussianMLPActor.forward: net_out = relu(obs W₁ +
// b₁); mu and log_std from the two column halves of W₂, b₂ (its mu_layer
// and log_std_layer); log_std = torch.clamp(log_std, -20, 2);
// Normal(mu, std).log_prob(mu + std·ε).sum(-1) minus
// (2*(log 2 − u − F.softplus(−2u))).sum(1); a = c + h·tanh(u) on the box
// [−1, 3] × [−2, 2]; then (logp.sum() + (a·[1, −0.5]).sum()).backward().
// The raw log σ rows are (0.81, −18.46), (5.25, −31.75), (3.63, −28.43):
// inside [−20, 2], and clamped above and below, where torch.clamp passes
// no gradient (W₂'s last row feeds only clamped log σ through a live unit
// in rows 2 and 3 and has gradient exactly 0 in its log σ columns).
//
// Normal.log_prob recomputes (u − μ)/σ from u = μ + σε, which at σ ≈ e⁻²⁰
// (the second coordinate) cancels to a relative error of about
// ulp(μ)/(σε) ≈ 1e-8; stackel uses ε itself. So the tight reference is the
// same torch run with log_prob written as (−ε²/2 − log_std − ½ log 2π):
// log π, the actions and every parameter gradient agree with it to
// 1e-12·max(1, |x|); Spinning Up's log π (Normal.log_prob) is within 1e-9
// of it, and its gradients within 3e-8 (torch's cancellation).
func TestSquashedMatchesTorchOutput(t *testing.T) {
	var p Params
	s := NewSquashed(&p, 3, []int{4}, Relu, []float64{-1, -2}, []float64{3, 2})
	copy(p.Data, []float64{
		// W₁ (3×4, inputs × outputs: torch's weight transposed), b₁
		0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.3, -0.2, 0.1, 0.2, -0.5, 0.7,
		0.1, 0.2, 0.3, -0.1,
		// W₂ (4×4: columns μ₀, μ₁, log σ₀, log σ₁), b₂
		0.3, -0.2, 4, -9, -0.5, 0.4, 3, -8, 0.2, 0.1, -2, 7, 0.6, -0.7, 1, -6,
		0.05, -0.1, 0.5, -19,
	})
	obs := ad.NewTensor(3, 3, []float64{0.5, 0.1, -0.2, 1, -1, 0.5, -0.3, 0.8, 0.9})
	eps := ad.NewTensor(3, 2, []float64{0.3, -1.2, 1.5, 0.7, -0.4, 0.2})
	wantLogp := []float64{15.74760629411567, 37.41150954905528, 21.022618881725066}
	spinningUpLogp := []float64{15.747606293261029, 37.411509547560456, 21.022618881987782}
	wantAct := []float64{2.41521166609925, -0.153696387686084, 2.999999999764868, -1.202368970762638, -0.9929639691997616, 0.08993929998999474}
	// W1.grad, b1.grad, W2.grad, b2.grad, each flattened.
	wantGrad := []float64{
		7.2006378854701865, 3.920818768201669, -3.797833218741997, 2.6541792583104447, 0.278300492537525, 1.3227326975171216, -1.1780316143788894, -2.930040805743377, -2.0088848407706905, -1.0798580000435811, 1.1395952908784477, 0.7477803795460642,
		13.433086533809945, 8.843626269197362, -8.374205917726767, 1.9369392349848202,
		2.8000018947354763, -2.265852809973261, 0.18206195479286685, -0.2899999961596941, -1.711004852909068, -0.9429818610551061, 0.043945989087933374, -0.0699999990730296, 1.2199463073548777, -0.6355702465959275, 0.33273391738006697, -0.5299999929815098, 0.42716833557156436, -1.3212534683150634, 0, 0,
		2.4348829759386788, -3.8967753586779157, 0.6277998441133339, -0.9999999867575656,
	}
	// The same gradients from Spinning Up's Normal.log_prob form.
	spinningUpGrad := []float64{
		7.200637884277524, 3.9208187651740523, -3.797833215653017, 2.6541792654344727, 0.27830048936851337, 1.3227326945802576, -1.1780316143439284, -2.9300408104954014, -2.008884838095766, -1.079858000947006, 1.1395952891142376, 0.7477803880892856,
		13.433086528982553, 8.84362625880475, -8.37420591263315, 1.9369392482760575,
		2.8000018947354763, -2.265852823406458, 0.1820619547928669, -0.28999999591184816, -1.711004852909068, -0.9429818676412105, 0.043945989087933394, -0.06999999901320472, 1.219946307354878, -0.6355702479183674, 0.3327339173800671, -0.52999999252855, 0.42716833557156436, -1.3212534773349762, 0, 0,
		2.4348829759386796, -3.8967753797769547, 0.6277998441133341, -0.9999999859029246,
	}
	tp := ad.NewTape()
	b := p.Var(tp)
	act, logp := s.Rsample(b, tp.Const(obs), tp.Const(eps))
	loss := ad.Add(ad.Sum(logp), ad.Sum(ad.Mul(act, tp.Const(ad.Vector(1, -0.5)))))
	grad := make([]float64, p.Len())
	b.Grad(loss, grad)
	check := func(what string, got, want []float64, tol float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s[%d] = %.17g, torch %.17g", what, i, got[i], want[i])
			}
		}
	}
	check("log π", logp.Value().Data, wantLogp, 1e-12)
	check("action", act.Value().Data, wantAct, 1e-12)
	check("gradient", grad, wantGrad, 1e-12)
	check("log π (Spinning Up's form)", logp.Value().Data, spinningUpLogp, 1e-9)
	check("gradient (Spinning Up's form)", grad, spinningUpGrad, 3e-8)
	for _, i := range []int{30, 31} {
		if grad[i] != 0 {
			t.Errorf("gradient[%d] = %v, want exactly 0 (only clamped log σ)", i, grad[i])
		}
	}
}
