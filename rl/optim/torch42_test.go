package optim

import (
	"math"
	"testing"
)

// Adam against numbers produced by PyTorch 1.13.1 itself (CPU,
// torch.set_num_threads(1), outside the project), not by a re-derivation of
// its formula: torch.optim.Adam([p], lr=0.1) on
// p = [1, −2, 0.5, 3e-3, 0] for four steps with the gradients below, where
// before step 3 the param group's lr becomes 0.03 and betas (0.5, 0.99),
// and before step 4 its eps becomes 0.1 (the step count t keeps counting:
// torch reads the hyperparameters at every step). Element 3's gradients
// (±1e-8, 5e-9, 0) are of the order of ε, so ε inside the root, or added
// before the bias correction, moves it by far more than the tolerance; at
// step 4 ε = 0.1 does the same for every element. The float64 run
// (torch.float64 tensors) is matched to 1e-14·max(1, |θ|) (stackel
// multiplies by 1/√(1−β₂ᵗ) where torch divides by √(1−β₂ᵗ)); the default
// float32 run (torch.float32 tensors) to 2e-7·max(1, |θ|), its own rounding
// (the largest gap here is 5e-8).
func TestAdamMatchesTorchOutput(t *testing.T) {
	grads := [][]float64{
		{0.5, -1, 0, 1e-8, 2},
		{0.2, 3, -0.1, -1e-8, 2},
		{-0.4, 0, 0.3, 5e-9, -7},
		{1e-3, 1e3, 0.25, 0, 0.5},
	}
	// print([float(x) for x in p.detach()]) after each opt.step().
	torch64 := [][]float64{
		{0.900000002, -1.900000001, 0.5, -0.047, -0.0999999995},
		{0.8101424839029282, -1.9494189841087441, 0.5744136718356471, -0.04436842105263159, -0.19999999899999932},
		{0.83292724902159, -1.9556547836776492, 0.5460103010988586, -0.05041883806620528, -0.17228284263971333},
		{0.8413117348367155, -1.9874125001957585, 0.5247149970116881, -0.050418838458205266, -0.15995111564643502},
	}
	torch32 := [][]float64{
		{0.9000000357627869, -1.899999976158142, 0.5, -0.04699999466538429, -0.09999998658895493},
		{0.8101425170898438, -1.9494189023971558, 0.5744136571884155, -0.04436841607093811, -0.19999998807907104},
		{0.8329272866249084, -1.9556547403335571, 0.5460102558135986, -0.050418831408023834, -0.17228282988071442},
		{0.8413117527961731, -1.987412452697754, 0.5247149467468262, -0.050418831408023834, -0.1599511057138443},
	}
	p := Param{Data: []float64{1, -2, 0.5, 3e-3, 0}, Grad: make([]float64, 5)}
	a := NewAdam([]Param{p}, 0.1)
	for k, g := range grads {
		switch k {
		case 2:
			a.SetLR(0.03)
			a.Beta1, a.Beta2 = 0.5, 0.99
		case 3:
			a.Eps = 0.1
		}
		copy(p.Grad, g)
		if err := a.Step(); err != nil {
			t.Fatal(err)
		}
		for i, x := range p.Data {
			if d := math.Abs(x - torch64[k][i]); d > 1e-14*math.Max(1, math.Abs(x)) {
				t.Errorf("step %d, element %d: %.17g, torch float64 %.17g", k+1, i, x, torch64[k][i])
			}
			if d := math.Abs(x - torch32[k][i]); d > 2e-7*math.Max(1, math.Abs(x)) {
				t.Errorf("step %d, element %d: %.17g, torch float32 %.17g", k+1, i, x, torch32[k][i])
			}
		}
	}
}
