package hierarchy

import (
	"fmt"
	"math"
	"strings"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// Objective is one player's objective as an ad function of every player's
// strategy: xs[p] is player p's 1×d_p row, all on one tape. It returns a
// 1×1 node.
type Objective func(xs []*ad.Node) *ad.Node

// Player is one player of an N-player game.
type Player struct {
	// Name identifies the player in outputs and errors.
	Name string
	// Dim is the dimension of the player's strategy.
	Dim int
	// Objective is the player's objective (a payoff or a cost, see Game.Sense).
	Objective Objective
	// Domain is the player's strategy set; strategies are projected onto it
	// after each step (the zero value is unbounded).
	Domain game.Domain
}

// Game is a smooth N-player game. The learners of this package are
// coupled: they are handed every player's objective, because a leader
// differentiates through its followers' first-order conditions.
type Game struct {
	// Players lists the players; indices are used by Structure.
	Players []Player
	// Sense says whether objectives are costs (minimised) or payoffs
	// (maximised).
	Sense game.Sense
}

// Structure is the order of play: Structure[0] is the set of players who
// move first (the leaders), Structure[1] the players who respond to them,
// and so on. Players within one level play a Nash equilibrium among
// themselves; each level anticipates the responses of all deeper levels.
type Structure [][]int

// Staggered returns the chain hierarchy of Appendix C.1 of Fiez et al.:
// player 0 leads player 1, who leads player 2, …, each on its own level.
// n < 1 gives a structure without levels, which Validate rejects.
func Staggered(n int) Structure {
	if n < 1 {
		return nil
	}
	s := make(Structure, n)
	for i := range s {
		s[i] = []int{i}
	}
	return s
}

// LeaderFollowers returns the structure of Appendix C.2: player 0 leads n
// followers 1…n who play a Nash equilibrium among themselves. n < 1 gives
// an empty follower level, which Validate rejects.
func LeaderFollowers(n int) Structure {
	f := make([]int, max(n, 0))
	for i := range f {
		f[i] = i + 1
	}
	return Structure{{0}, f}
}

// Validate checks that s covers every player of g exactly once with no
// empty level, that g's sense is Cost or Payoff, and that the players are
// well formed. A player with simplex
// logits (game.Simplex) may lead (level 0) but not respond: its
// first-order conditions are singular along the common shift of its
// logits, so every step would fail at its level.
func (s Structure) Validate(g Game) error {
	np := len(g.Players)
	if np < 1 {
		return fmt.Errorf("hierarchy: no players")
	}
	if len(s) == 0 {
		return fmt.Errorf("hierarchy: the structure has no levels (Staggered(n) and LeaderFollowers(n) need n ≥ 1)")
	}
	if g.Sense != game.Cost && g.Sense != game.Payoff {
		// Sense.Sign, and so Run, would take any other value for Cost (as
		// game.Check refuses for two-player games).
		return fmt.Errorf("hierarchy: sense %d is neither Cost nor Payoff", int(g.Sense))
	}
	for p, pl := range g.Players {
		if pl.Dim < 1 {
			return fmt.Errorf("hierarchy: player %d (%s) has dim = %d", p, pl.Name, pl.Dim)
		}
		if pl.Objective == nil {
			return fmt.Errorf("hierarchy: player %d (%s) has no objective", p, pl.Name)
		}
		if err := pl.Domain.Validate(pl.Dim); err != nil {
			return fmt.Errorf("hierarchy: player %d (%s) domain: %w", p, pl.Name, err)
		}
	}
	seen := make([]bool, np)
	for l, level := range s {
		if len(level) == 0 {
			return fmt.Errorf("hierarchy: level %d is empty", l)
		}
		for _, p := range level {
			if p < 0 || p >= np {
				return fmt.Errorf("hierarchy: level %d names player %d; the game has %d players", l, p, np)
			}
			if pl := g.Players[p]; l > 0 && pl.Domain.Kind == game.Simplex && pl.Dim == 1 {
				// One logit: softmax is 1 whatever it is, so the player
				// has nothing to choose and its Jacobian is 0.
				return fmt.Errorf("hierarchy: player %d (%s) responds at level %d with a single simplex logit, whose mixed strategy is always (1) and whose first-order conditions are singular; put it at level 0 or give it at least two actions", p, pl.Name, l)
			}
			if pl := g.Players[p]; l > 0 && pl.Domain.Kind == game.Simplex && pl.Dim >= 2 {
				// Its logits enter the objectives through softmax only,
				// so the Jacobian of its first-order conditions is
				// singular along the common shift at every point, and
				// every step would fail (learn's two-player Stackelberg
				// dynamics remove that direction; this package does not).
				return fmt.Errorf("hierarchy: player %d (%s) responds at level %d with simplex logits, whose first-order conditions are singular along the common shift of its %d logits; give it d−1 free logits (the last fixed at 0, an unbounded domain) or put it at level 0", p, pl.Name, l, pl.Dim)
			}
			if seen[p] {
				return fmt.Errorf("hierarchy: player %d appears twice", p)
			}
			seen[p] = true
		}
	}
	for p, ok := range seen {
		if !ok {
			return fmt.Errorf("hierarchy: player %d (%s) is in no level", p, g.Players[p].Name)
		}
	}
	return nil
}

// Evaluator computes every player's hierarchical gradient: the total
// derivative of its objective with respect to its own strategy when all
// deeper levels play their (local) responses, obtained by the implicit
// function theorem through the deeper levels' first-order conditions. The
// whole recursion is recorded once by NewEvaluator and compiled (ad.Compile),
// so Directions replays it without recording or allocating. It is not safe
// for concurrent use.
type Evaluator struct {
	g      Game
	s      Structure
	offset [][2]int // player p's columns within its level's joint strategy
	level  []int    // level of each player

	prog  *ad.Program
	joint [][]float64 // joint strategy of each level, the program's inputs
	nG    int         // outputs 0 … nG−1 are G_l; the rest are the T_{j,i}
	tAt   []int       // level j of each T output, deepest level first
}

// NewEvaluator returns the evaluator of g under the order of play s. It
// records and compiles the recursion of Directions; an objective that is
// not 1×1, is nil or panics when recorded is an error naming the player.
func NewEvaluator(g Game, s Structure) (*Evaluator, error) {
	if err := s.Validate(g); err != nil {
		return nil, err
	}
	np, nl := len(g.Players), len(s)
	e := &Evaluator{g: g, s: s, offset: make([][2]int, np), level: make([]int, np), joint: make([][]float64, nl), nG: nl}
	for l, level := range s {
		off := 0
		for _, p := range level {
			e.offset[p] = [2]int{off, off + g.Players[p].Dim}
			e.level[p] = l
			off += g.Players[p].Dim
		}
		e.joint[l] = make([]float64, off)
	}
	t := ad.NewTape()
	X := make([]*ad.Node, nl) // joint strategy of each level
	for l := range X {
		X[l] = t.VarVec(e.joint[l]...)
	}
	nodes := make([]*ad.Node, np)
	for p := range nodes {
		o := e.offset[p]
		nodes[p] = ad.Cols(X[e.level[p]], o[0], o[1])
	}
	f := make([]*ad.Node, np)
	for p, pl := range g.Players {
		var err error
		if f[p], err = record(p, pl, nodes); err != nil {
			return nil, err
		}
	}
	outs := recursion(s, e.offset, X, f)
	for _, sv := range outs[nl:] {
		e.tAt = append(e.tAt, sv.level)
	}
	progOuts := make([]*ad.Node, len(outs))
	for i, o := range outs {
		progOuts[i] = o.node
	}
	e.prog = ad.Compile(X, progOuts)
	return e, nil
}

// record records player p's objective on the strategies' nodes. An
// objective that returns nil or a non-scalar, or panics on the strategies'
// shapes (ad.Index beyond the player's Dim), is an error naming the
// player, as game.Check makes it for two-player games, where it would
// otherwise panic here or inside ad.
func record(p int, pl Player, nodes []*ad.Node) (f *ad.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("hierarchy: player %d (%s) objective panicked: %v", p, pl.Name, r)
		}
	}()
	f = pl.Objective(nodes)
	switch {
	case f == nil:
		return nil, fmt.Errorf("hierarchy: player %d (%s) objective returned nil, want a 1x1 node", p, pl.Name)
	case f.Rows() != 1 || f.Cols() != 1:
		return nil, fmt.Errorf("hierarchy: player %d (%s) objective is %dx%d, want 1x1", p, pl.Name, f.Rows(), f.Cols())
	}
	return f, nil
}

// levelNode is a recorded node and the level it belongs to.
type levelNode struct {
	level int
	node  *ad.Node
}

// recursion records, from the deepest level up, each level's stacked
// first-order condition G_j and the implicit sensitivities T_{j,i} (see
// Directions). It returns G_0 … G_m, then the solutions T_{j,i} of the
// implicit function theorem in the order they were made (deepest level
// first), so that the first non-finite one names the level whose
// first-order conditions are singular.
func recursion(s Structure, offset [][2]int, X, f []*ad.Node) []levelNode {
	nl := len(s)
	var solves []levelNode
	// T[k][i] = dX_k/dX_i for k deeper than the current level, i ≤ it.
	T := make([][]*ad.Node, nl)
	for k := range T {
		T[k] = make([]*ad.Node, nl)
	}
	G := make([]*ad.Node, nl)
	for j := nl - 1; j >= 0; j-- {
		// G_j: each player's own derivative through the deeper responses.
		parts := make([]*ad.Node, 0, len(s[j]))
		for _, p := range s[j] {
			o := offset[p]
			grads := ad.Grad(f[p], X[j:]...)
			gp := ad.Cols(grads[0], o[0], o[1])
			for k := j + 1; k < nl; k++ {
				gp = ad.Add(gp, ad.MatMul(grads[k-j], ad.Cols(T[k][j], o[0], o[1])))
			}
			parts = append(parts, gp)
		}
		G[j] = parts[0]
		if len(parts) > 1 {
			G[j] = ad.ConcatCols(parts...)
		}
		if j == 0 {
			break
		}
		// M_{j,i} for i ≤ j: total Jacobians along the deeper responses.
		M := make([]*ad.Node, j+1)
		partial := jacobians(G[j], X) // ∂G_j/∂X_l for every level l
		for i := 0; i <= j; i++ {
			M[i] = partial[i]
			for k := j + 1; k < nl; k++ {
				M[i] = ad.Add(M[i], ad.MatMul(partial[k], T[k][i]))
			}
		}
		for i := 0; i < j; i++ {
			T[j][i] = ad.Neg(ad.Solve(M[j], M[i])) // implicit function theorem
			solves = append(solves, levelNode{j, T[j][i]})
		}
		for k := j + 1; k < nl; k++ {
			for i := 0; i < j; i++ {
				T[k][i] = ad.Add(T[k][i], ad.MatMul(T[k][j], T[j][i]))
			}
		}
	}
	out := make([]levelNode, 0, nl+len(solves))
	for l, g := range G {
		out = append(out, levelNode{l, g})
	}
	return append(out, solves...)
}

// Game returns the game.
func (e *Evaluator) Game() Game { return e.g }

// Structure returns the order of play.
func (e *Evaluator) Structure() Structure { return e.s }

// Directions writes into dirs[p] player p's hierarchical gradient at the
// profile xs (xs[p] is player p's strategy), for every player. The
// direction is a derivative of the objective as given: a learner ascends
// it for payoffs and descends it for costs.
//
// With levels L_0 (leaders) … L_m (deepest) and X_j the joint strategy of
// level j, the recursion runs from the deepest level up. Given the
// sensitivities T_{k,i} = dX_k/dX_i of every deeper level k > j to the
// levels i ≤ j, level j's stacked first-order condition is
//
//	G_j = ( ∇_p f_p + Σ_{k>j} ∇_{X_k} f_p · T_{k,j}[:, p] )_{p ∈ L_j}
//
// (for j = 0 in a two-level game this is Eq. 3 of the Hi-C paper, D f1 of
// Fiez et al.; for a chain it is the nested total derivative D_{1→i} f_i of
// Appendix C.1; for a level of several players, each player's own
// component, as in Appendix C.2). Its total Jacobian along the deeper
// responses is M_{j,i} = ∂G_j/∂X_i + Σ_{k>j} ∂G_j/∂X_k T_{k,i}, and by the
// implicit function theorem
//
//	T_{j,i} = −M_{j,j}⁻¹ M_{j,i},   T_{k,i} ← T_{k,i} + T_{k,j} T_{j,i}  (k > j, i < j).
//
// Every block is a taped ad node, so that the shallower levels can
// differentiate the deeper ones again (third and higher derivatives for
// chains longer than two). A singular M_{j,j} is an error naming the level.
func (e *Evaluator) Directions(dirs, xs [][]float64) error {
	np := len(e.g.Players)
	if len(xs) != np || len(dirs) != np {
		return fmt.Errorf("hierarchy: %d strategies and %d directions for %d players", len(xs), len(dirs), np)
	}
	for p, pl := range e.g.Players {
		if len(xs[p]) != pl.Dim || len(dirs[p]) != pl.Dim {
			return fmt.Errorf("hierarchy: player %d (%s): strategy of length %d, direction of length %d, want %d", p, pl.Name, len(xs[p]), len(dirs[p]), pl.Dim)
		}
		for i, v := range xs[p] {
			// Checked here: with a NaN strategy the error blamed another
			// player's direction or a level's Jacobian.
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return loop.Diverge(fmt.Sprintf("player %d strategy", p), "hierarchy: player %d (%s) strategy[%d] = %g", p, pl.Name, i, v)
			}
		}
	}
	for p := range xs {
		o := e.offset[p]
		copy(e.joint[e.level[p]][o[0]:o[1]], xs[p])
	}
	for l, v := range e.joint {
		e.prog.SetInput(l, v)
	}
	e.prog.Run()
	for n, j := range e.tAt {
		if !finite(e.prog.Output(e.nG + n)) {
			return loop.Diverge(fmt.Sprintf("level %d Jacobian", j), "hierarchy: level %d (%s): the Jacobian of its first-order conditions in its own strategies is singular or non-finite", j, e.players(j))
		}
	}
	for p := range dirs {
		o := e.offset[p]
		copy(dirs[p], e.prog.Output(e.level[p])[o[0]:o[1]])
		for i, v := range dirs[p] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return loop.Diverge(fmt.Sprintf("player %d direction", p), "hierarchy: player %d (%s) direction[%d] = %g", p, e.g.Players[p].Name, i, v)
			}
		}
	}
	return nil
}

// players names the players of level j ("player 1 (F1), player 2 (F2)"),
// for errors.
func (e *Evaluator) players(j int) string {
	var b strings.Builder
	for n, p := range e.s[j] {
		if n > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "player %d (%s)", p, e.g.Players[p].Name)
	}
	return b.String()
}

// finite reports whether every value of v is neither NaN nor ±Inf.
func finite(v []float64) bool {
	for _, a := range v {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return false
		}
	}
	return true
}

// jacobians returns ∂G/∂X_l (rows(G)·cols(G) × size(X_l)) for every l as
// taped nodes, built row by row from gradients so that they can be
// differentiated again.
func jacobians(G *ad.Node, X []*ad.Node) []*ad.Node {
	m := G.Rows() * G.Cols()
	rows := make([][]*ad.Node, len(X))
	for r := 0; r < m; r++ {
		gr := ad.Grad(ad.Index(G, r), X...)
		for l := range X {
			rows[l] = append(rows[l], gr[l])
		}
	}
	out := make([]*ad.Node, len(X))
	for l := range X {
		if m == 1 {
			out[l] = rows[l][0]
		} else {
			out[l] = ad.ConcatRows(rows[l]...)
		}
	}
	return out
}
