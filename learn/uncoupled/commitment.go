package uncoupled

import (
	"context"
	"fmt"
	"math/rand/v2"

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
// run with a best-response follower (run.BestResponse) is an error.
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
	follower, err := NewGradientAscent(second.Gradient, y0, dy, run.Follower, rng)
	if err != nil {
		return LearnedCommitment{}, err
	}
	if _, err := Play(ctx, leader, follower, NewReferee(g, game.Payoff), PlayOptions{Settings: loop.Settings{Iterations: run.Iterations}}); err != nil {
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
	return lc, nil
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
	return CommitmentComparison{Exact: exact, Learned: learned}, nil
}
