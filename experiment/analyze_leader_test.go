package experiment

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
)

// analyzeText runs Analyze on a config's text.
func analyzeText(t *testing.T, text string, opt AnalyzeOptions) *AnalyzeReport {
	t.Helper()
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// With dynamics.leader: y, analyze classifies the critical points with y
// leading; it used to ignore the key and classify them with x leading.
// The costs f1 = x²/2 + xy + 3y²/2, f2 = 2xy + y²/2 have one critical
// point, (0, 0) (ω = (x + y, 2x + y)). With x leading (Definition 4),
// D2²f2 = 1 > 0 and f1 along r(x) = −2x has second derivative
// 1 − 2·1·2 + 3·4 = 9 > 0: a DSE. With y leading, D1²f1 = 1 > 0 and f2
// along r(y) = −y has second derivative 0 − 2·2·1 + 1 = −3 < 0: not one.
// The oracle for the whole point is the same game written with the
// players exchanged by hand (x leading), its x and y, f1 and f2 exchanged
// back.
func TestAnalyzeLeaderY(t *testing.T) {
	const game = "game: {f1: '0.5*x[0]*x[0] + x[0]*y[0] + 1.5*y[0]*y[0]', f2: '2*x[0]*y[0] + 0.5*y[0]*y[0]', sense: cost}\n"
	const byHand = "game: {f1: '2*y[0]*x[0] + 0.5*x[0]*x[0]', f2: '0.5*y[0]*y[0] + y[0]*x[0] + 1.5*x[0]*x[0]', sense: cost}\n"
	opt := AnalyzeOptions{Starts: 8}
	xLeads := analyzeText(t, game+"dynamics: {kind: stackelberg}\n", opt)
	yLeads := analyzeText(t, game+"dynamics: {kind: stackelberg, leader: y}\n", opt)
	swapped := analyzeText(t, byHand+"dynamics: {kind: stackelberg}\n", opt)
	for _, r := range []*AnalyzeReport{xLeads, yLeads, swapped} {
		if len(r.Equilibria) != 1 {
			t.Fatalf("%d critical points, want 1 (the origin): %+v", len(r.Equilibria), r.Equilibria)
		}
	}
	if xLeads.Leader != "" || yLeads.Leader != "y" {
		t.Errorf("leader fields %q and %q, want \"\" and \"y\"", xLeads.Leader, yLeads.Leader)
	}
	px, py, ph := xLeads.Equilibria[0], yLeads.Equilibria[0], swapped.Equilibria[0]
	if !px.DSE || py.DSE {
		t.Errorf("DSE with x leading %v, with y leading %v; want true, false", px.DSE, py.DSE)
	}
	near := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-9 {
				return false
			}
		}
		return len(a) == len(b)
	}
	if !near(py.X, ph.Y) || !near(py.Y, ph.X) || math.Abs(py.F1-ph.F2) > 1e-12 || math.Abs(py.F2-ph.F1) > 1e-12 ||
		py.DNE != ph.DNE || py.DSE != ph.DSE || py.StableSGA != ph.StableSGA || py.StableStackelberg != ph.StableStackelberg {
		t.Errorf("y leading: %+v; the game with the players exchanged by hand: %+v", py, ph)
	}
	sameEigs := func(a, b [][2]float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if math.Abs(a[i][0]-b[i][0]) > 1e-9 || math.Abs(a[i][1]-b[i][1]) > 1e-9 {
				return false
			}
		}
		return true
	}
	if !sameEigs(py.EigJS, ph.EigJS) || !sameEigs(py.EigJ, ph.EigJ) || !sameEigs(py.EigJ, px.EigJ) {
		t.Errorf("eigenvalues: y leading J %v J_S %v; by hand J %v J_S %v; x leading J %v", py.EigJ, py.EigJS, ph.EigJ, ph.EigJS, px.EigJ)
	}
}

// A bimatrix game analysed with y leading gives the column player's
// optimal commitment: that of the transposed game (Bᵀ leading, Aᵀ
// following) with x leading. In A = [[2, 4], [1, 3]], B = [[1, 0], [0, 2]]
// the row player's commitment and the column player's differ.
func TestAnalyzeLeaderYBimatrixCommitment(t *testing.T) {
	opt := AnalyzeOptions{Starts: 4}
	yLeads := analyzeText(t, "game: {builtin: bimatrix, params: {A: [[2, 4], [1, 3]], B: [[1, 0], [0, 2]]}}\ndynamics: {kind: stackelberg, leader: y}\n", opt)
	byHand := analyzeText(t, "game: {builtin: bimatrix, params: {A: [[1, 0], [0, 2]], B: [[2, 1], [4, 3]]}}\ndynamics: {kind: stackelberg}\n", opt)
	xLeads := analyzeText(t, "game: {builtin: bimatrix, params: {A: [[2, 4], [1, 3]], B: [[1, 0], [0, 2]]}}\ndynamics: {kind: stackelberg}\n", opt)
	same := func(a, b *equilib.Commitment) bool {
		return a != nil && b != nil && slices.Equal(a.Leader, b.Leader) && a.FollowerAction == b.FollowerAction && a.Value == b.Value
	}
	if !same(yLeads.Commitment, byHand.Commitment) {
		t.Errorf("y leading: commitment %+v; the transposed game with x leading: %+v", yLeads.Commitment, byHand.Commitment)
	}
	if same(yLeads.Commitment, xLeads.Commitment) {
		t.Errorf("the column player's commitment %+v equals the row player's %+v: the test cannot tell them apart", yLeads.Commitment, xLeads.Commitment)
	}
}

// A bimatrix game whose row player has one action, analysed with y
// leading: the note names that player as the follower x (the swapped
// game's search named it "the follower (y)"), and the commitment is the
// column player's, its best column for the row player's only action.
func TestAnalyzeLeaderYOneActionNote(t *testing.T) {
	rep := analyzeText(t, "game: {builtin: bimatrix, params: {A: [[1, 0]], B: [[0, 1]]}}\ndynamics: {kind: stackelberg, leader: y}\n", AnalyzeOptions{Starts: 4})
	if !strings.Contains(rep.Note, "the follower (x) has one action") {
		t.Errorf("note %q, want it to name the follower (x)", rep.Note)
	}
	if c := rep.Commitment; c == nil || !slices.Equal(c.Leader, []float64{0, 1}) || c.FollowerAction != 0 || c.Value != 1 {
		t.Errorf("commitment %+v, want the column player on column 1 (payoff 1), the row player's action 0", rep.Commitment)
	}
}
