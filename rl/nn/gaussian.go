package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
)

// Gaussian is a diagonal Gaussian policy a ~ N(f(s), diag σ²) whose mean f
// is an MLP and whose log σ is a learnable row independent of the state, as
// in Spinning Up's VPG (AC/STAC on continuous actions).
type Gaussian struct {
	// Net maps observations to the mean action.
	Net *MLP
	// LogStd is the index of the 1 × actDim tensor log σ in the Params.
	LogStd int
}

// NewGaussian adds a Gaussian policy to p; log σ starts at logStd0 (Spinning
// Up uses −0.5) once Init is called. Its tensors follow p's existing ones:
// the mean network's (NewMLP's order), then the 1 × actDim log σ.
func NewGaussian(p *Params, obsDim int, hidden []int, act Activation, actDim int) *Gaussian {
	sizes := append(append([]int{obsDim}, hidden...), actDim)
	return &Gaussian{Net: NewMLP(p, sizes, act, Identity), LogStd: p.Add(1, actDim)}
}

// Init initialises the mean network (MLP.Init: its draws are the only
// ones from rng) and sets every log σ to logStd0, drawing nothing. It
// panics, changing nothing, unless p has the policy's tensors (the mean
// network's and the 1 × actDim log σ) with their shapes.
func (g *Gaussian) Init(p *Params, rng *rand.Rand, logStd0 float64) {
	g.checkLogStd(p)
	g.Net.Init(p, rng)
	for i := range p.Tensor(g.LogStd).Data {
		p.Tensor(g.LogStd).Data[i] = logStd0
	}
}

// LogProb records log π(aᵢ|sᵢ) = −½‖(aᵢ − f(sᵢ))/σ‖² − Σ log σ − (d/2) log 2π
// for the rows of obs and act (B × actDim), as a B × 1 node. It panics
// unless act has one row of actDim values per observation (the tape would
// otherwise broadcast a 1 × actDim or B × 1 act against the means).
func (g *Gaussian) LogProb(b Bound, obs, act *ad.Node) *ad.Node {
	checkRows("Gaussian.LogProb", "actions", act, obs.Rows(), g.Net.Out())
	logStd := b.Nodes[g.LogStd]
	z := ad.Mul(ad.Sub(act, g.Net.Forward(b, obs)), ad.Exp(ad.Neg(logStd)))
	d := float64(g.Net.Out())
	return ad.AddScalar(ad.Sub(ad.Scale(ad.RowSums(ad.Square(z)), -0.5), ad.Sum(logStd)), -0.5*d*math.Log(2*math.Pi))
}

// Sample draws an action for one observation into dst. It panics, as Init
// does, unless p has the policy's tensors.
func (g *Gaussian) Sample(p *Params, obs []float64, rng *rand.Rand, dst []float64) {
	g.checkLogStd(p)
	g.Net.Apply(p, obs, dst)
	for i, ls := range p.Tensor(g.LogStd).Data {
		dst[i] += math.Exp(ls) * rng.NormFloat64()
	}
}

// Mean writes the mean action for one observation into dst (the test
// policy).
func (g *Gaussian) Mean(p *Params, obs, dst []float64) { g.Net.Apply(p, obs, dst) }

// checkRows panics unless x (actions or noise, named what) is rows × cols:
// one row of an action's cols values per observation.
func checkRows(who, what string, x *ad.Node, rows, cols int) {
	if x.Rows() != rows || x.Cols() != cols {
		panic(fmt.Sprintf("nn.%s: %dx%d %s for %dx%d (one row of %d per observation)",
			who, x.Rows(), x.Cols(), what, rows, cols, cols))
	}
}

// checkLogStd panics unless p has the log σ tensor at g.LogStd, 1 × actDim
// (Init indexed past p's tensors on the parameters of a bare MLP).
func (g *Gaussian) checkLogStd(p *Params) {
	if g.LogStd >= p.NumTensors() {
		panic(fmt.Sprintf("nn.Gaussian: a Params of %d tensors has no log σ (tensor %d)", p.NumTensors(), g.LogStd))
	}
	if r, c := p.spans[g.LogStd].rows, p.spans[g.LogStd].cols; r != 1 || c != g.Net.Out() {
		panic(fmt.Sprintf("nn.Gaussian: tensor %d of the Params is %dx%d, the 1x%d log σ", g.LogStd, r, c, g.Net.Out()))
	}
}
