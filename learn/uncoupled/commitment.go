package uncoupled

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// LearnedCommitment is the commitment Hi-C learns in a bimatrix game: the
// leader's mixed strategy and the follower's response after a run.
type LearnedCommitment struct {
	// Leader is softmax of the leader's final mean logits.
	Leader []float64 `json:"leader"`
	// Follower is the follower's final mixed strategy.
	Follower []float64 `json:"follower"`
	// FollowerAction is the follower's most probable action (0-based).
	FollowerAction int `json:"follower_action"`
	// Value is the leader's unregularised expected payoff against the
	// follower's mixed strategy, pᵀAq.
	Value float64 `json:"value"`
	// PureValue is the leader's payoff against FollowerAction, Σ_i p_i A[i][j]
	// (the quantity the exact commitment reports).
	PureValue float64 `json:"pure_value"`
	// Stages is the length of the run.
	Stages int `json:"stages"`
	// FollowerMargin is how much the follower prefers FollowerAction to its
	// next best action against Leader in the unregularised game,
	// (pᵀB)_j − max_{j'≠j} (pᵀB)_{j'}: positive when it strictly prefers
	// it, negative when it plays an action that is no best response (it
	// has not caught up with the leader); 0 when it has one action.
	FollowerMargin float64 `json:"follower_margin"`
	// BranchValue is the most the leader can get with FollowerAction a best
	// response (the LP of that action in equilib.OptimalCommitment): what
	// Hi-C, a local method, can reach without the follower switching.
	// It is nil (left out of JSON) when that action is a best response to
	// no commitment.
	BranchValue *float64 `json:"branch_value,omitempty"`
	// Note, set by CompareCommitment when the learned value falls short of
	// the exact one, says why.
	Note string `json:"note,omitempty"`
}

// BimatrixHiC returns a Hi-C run for learning a commitment in a bimatrix
// game of logits: α_n = 0.05 n^−0.3, δ_n = 0.3 n^−0.1, commitment k = 200
// stages against a gradient follower with step 2 on its logits, `previous`
// baseline. The follower's payoff should carry an entropy term (τ > 0) so
// that its best response is unique and reached at a linear rate.
func BimatrixHiC(stages int) HiCRun {
	return HiCRun{
		Leader: HiCConfig{
			Alpha:      loop.Power{A: 0.05, P: 0.3},
			Delta:      loop.Power{A: 0.3, P: 0.1},
			Commitment: loop.Constant(200),
			Baseline:   Baseline{Kind: PreviousBaseline},
		},
		Follower: GradientConfig{LR: loop.Constant(2)},
		Settings: loop.Settings{Iterations: stages},
	}
}

// LearnCommitment runs Hi-C (the leader) against a gradient follower on the
// logits of a bimatrix game from uniform mixed strategies (zero logits) and
// reports the learned commitment. Every random number comes from rng. A
// run with a best-response follower (run.BestResponse) is an error, and so
// is one RunHiC refuses: a burn-in that leaves the leader no update in
// run.Iterations stages, or run.Settings that Play refuses (StepTol ≠ 0).
func LearnCommitment(ctx context.Context, g *game.Bimatrix, run HiCRun, rng *rand.Rand) (LearnedCommitment, error) {
	if g == nil {
		return LearnedCommitment{}, fmt.Errorf("learn commitment: no game")
	}
	if run.BestResponse != nil {
		// Refused, not ignored: the follower here is the gradient learner
		// of run.Follower.
		return LearnedCommitment{}, fmt.Errorf("learn commitment: a best-response follower is not supported (the follower is a gradient learner on its logits)")
	}
	m, n := g.Dims()
	x0, y0 := make([]float64, m), make([]float64, n)
	first, second := Split(g, game.Payoff)
	dx, dy := g.Domains()
	leader, err := NewHiC(first.Payoff, x0, dx, run.Leader, rng)
	if err != nil {
		return LearnedCommitment{}, err
	}
	// Refused as RunHiC refuses it: a burn-in that leaves the leader no
	// update came back as the uniform start, "learned".
	if err := checkBurnIn(run.Leader, run.Iterations); err != nil {
		return LearnedCommitment{}, fmt.Errorf("learn commitment: %w", err)
	}
	follower, err := NewGradientAscent(second.Gradient, y0, dy, run.Follower, rng)
	if err != nil {
		return LearnedCommitment{}, err
	}
	// run's own settings, so that Play refuses what it refuses (a
	// step_tol, which it has no test for, was dropped and ignored).
	if _, err := Play(ctx, leader, follower, NewReferee(g, game.Payoff), PlayOptions{Settings: run.Settings}); err != nil {
		return LearnedCommitment{}, fmt.Errorf("learn commitment: %w", err)
	}
	lc := LearnedCommitment{Leader: make([]float64, m), Follower: make([]float64, n), Stages: run.Iterations}
	game.Softmax(lc.Leader, leader.Mean())
	game.Softmax(lc.Follower, follower.Strategy())
	for j, q := range lc.Follower {
		if q > lc.Follower[lc.FollowerAction] {
			lc.FollowerAction = j
		}
	}
	lc.Value, _ = g.Expected(lc.Leader, lc.Follower)
	pure := make([]float64, n)
	pure[lc.FollowerAction] = 1
	lc.PureValue, _ = g.Expected(lc.Leader, pure)
	A, B := g.Matrices()
	lc.FollowerMargin = margin(B, lc.Leader, lc.FollowerAction)
	lc.BranchValue = branchValue(A, B, lc.FollowerAction)
	return lc, nil
}

// margin returns (pᵀB)_j − max_{j'≠j} (pᵀB)_{j'} (0 when B has one column).
func margin(B [][]float64, p []float64, j int) float64 {
	u := make([]float64, len(B[0]))
	for i, row := range B {
		for k, b := range row {
			u[k] += p[i] * b
		}
	}
	best := math.Inf(-1)
	for k, v := range u {
		if k != j && v > best {
			best = v
		}
	}
	if math.IsInf(best, -1) {
		return 0
	}
	return u[j] - best
}

// branchValue returns the leader's best value over the commitments to
// which follower action j is a best response, or nil when there are none:
// the optimal commitment of the game whose other columns of A are made
// worse for the leader than any entry, so that the follower's tie-break in
// the leader's favour picks j wherever j is a best response.
func branchValue(A, B [][]float64, j int) *float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range A {
		for _, v := range row {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	low := lo - 1 - (hi - lo)
	masked := make([][]float64, len(A))
	for i, row := range A {
		masked[i] = make([]float64, len(row))
		for k := range row {
			masked[i][k] = low
		}
		masked[i][j] = row[j]
	}
	c, err := equilib.OptimalCommitment(masked, B)
	if err != nil || c.FollowerAction != j {
		return nil
	}
	return &c.Value
}

// CommitmentComparison is the exact strong-Stackelberg commitment of a
// bimatrix game beside the one Hi-C learns, for `stackel analyze --json`.
type CommitmentComparison struct {
	// Exact is the optimal commitment of the unregularised matrices
	// (equilib.OptimalCommitment, one LP per follower action).
	Exact equilib.Commitment `json:"exact"`
	// Learned is what Hi-C learned against a gradient follower on the
	// (possibly regularised) game of logits.
	Learned LearnedCommitment `json:"learned"`
}

// CompareCommitment computes the exact commitment of g's matrices and the
// one Hi-C learns with run (see BimatrixHiC and LearnCommitment).
func CompareCommitment(ctx context.Context, g *game.Bimatrix, run HiCRun, rng *rand.Rand) (CommitmentComparison, error) {
	if g == nil {
		return CommitmentComparison{}, fmt.Errorf("compare commitment: no game")
	}
	A, B := g.Matrices()
	exact, err := equilib.OptimalCommitment(A, B)
	if err != nil {
		return CommitmentComparison{}, err
	}
	learned, err := LearnCommitment(ctx, g, run, rng)
	if err != nil {
		return CommitmentComparison{}, err
	}
	learned.Note = explainGap(exact, learned, margin(B, exact.Leader, exact.FollowerAction), g.Options().Entropy)
	return CommitmentComparison{Exact: exact, Learned: learned}, nil
}

// explainGap says why the learned commitment is worth less than the exact
// one (exactMargin is the follower's margin at the exact commitment, tau
// the game's entropy weight), or returns "" when it is not.
func explainGap(exact equilib.Commitment, l LearnedCommitment, exactMargin, tau float64) string {
	scale := math.Max(1, math.Abs(exact.Value))
	if l.PureValue >= exact.Value-1e-9*scale {
		return ""
	}
	var s string
	k, j := exact.FollowerAction, l.FollowerAction
	switch {
	case l.FollowerMargin < 0:
		s = fmt.Sprintf("the follower's action %d is not its best response to the learned leader mixture (margin %.4g): it had not caught up with the leader when the run ended. ", j, l.FollowerMargin)
	case j != k && l.BranchValue != nil:
		s = fmt.Sprintf("Hi-C ended with the follower on action %d (margin %.4g), where the leader can get at most %.6g; the strong-Stackelberg value %.6g needs action %d. "+
			"Hi-C is a local method: it converges at best to a stationary point of the leader's f1(x, r(x)) (Loftin et al., Theorem 3.6), and from action %d's region it does not come back. ",
			j, l.FollowerMargin, *l.BranchValue, exact.Value, k, j)
	default:
		s = fmt.Sprintf("Hi-C ended on the follower action %d of the exact commitment, at %.6g of its %.6g (a finite run approximates). ", j, l.PureValue, exact.Value)
	}
	if math.Abs(exactMargin) <= 1e-9*scale {
		s += fmt.Sprintf("The exact commitment makes the follower indifferent (it breaks the tie for the leader); a learner approaches it only from commitments where the follower strictly prefers action %d, whose supremum, where they exist, is that same %.6g, not attained. ", k, exact.Value)
	}
	if tau == 0 {
		s += "With entropy 0 the follower has no bounded best response in logits (Assumptions 3.1–3.2 of Theorem 3.6 fail), its logits grow without bound and it lags the leader's commitments: give the game an entropy > 0 (e.g. 0.05)."
	}
	return strings.TrimSpace(s)
}
