package equilib

import (
	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// AnalyzeYLeads is Analyze with the roles exchanged: the player choosing
// y leads and the player choosing x follows, as in a run of learn's
// Stackelberg dynamics with FollowerLeads (`dynamics.leader: y`). x and y
// are the game's own strategies, and so are the returned Point's X, Y,
// F1 and F2 (X is x, F1 is f1, whoever leads). DSE, StableStackelberg and
// EigJS are the y-leads conditions: ω_S = (Df2, D1 f1) with Df2 the total
// derivative of f2 along x's best response, D² f2(r(y), y) > 0 and
// D1² f1 > 0, and J_S = Dω_S in the coordinates (y, x). DNE, StableSGA and
// EigJ do not depend on who leads (J in (y, x) has the same spectrum).
// Analyze on the same point classifies it for x leading, which is
// another equilibrium in general: f1 = ½x² + xy − x, f2 = y² − xy has its
// x-leads DSE at (½, ¼) and its y-leads DSE at (¾, ¼).
//
// It is Analyze on the game with its roles exchanged (f1'(y, x) = f2,
// f2'(y, x) = f1) with the point and the objectives exchanged back;
// errors name the game's own x, y, f1 and f2, and a point with y
// leading.
func AnalyzeYLeads(g game.Game, x, y []float64) (Point, error) {
	if err := game.Check(g); err != nil {
		return Point{}, err
	}
	d1, d2 := g.Dims()
	if err := checkPoint(g.Name(), d1, d2, x, y); err != nil {
		return Point{}, err
	}
	p, err := Analyze(rolesSwapped{g}, y, x)
	if err != nil {
		return Point{}, err
	}
	return p.rolesBack(), nil
}

// PolishYLeads is Polish with the roles exchanged, y leading, as
// AnalyzeYLeads is Analyze: Newton's method runs on the y-leads field
// (StackelbergField: ω_S = (Df2, D1 f1); NashField: ω, which does not
// depend on who leads) from the game's own (x, y), and the root is
// classified and returned as AnalyzeYLeads does, in the game's own x, y,
// f1 and f2. To check the end point of a run with learn's FollowerLeads,
// polish it with PolishYLeads(g, r.X, r.Y, StackelbergField): Polish would
// take x for the leader and Newton-step to the x-leads equilibrium.
func PolishYLeads(g game.Game, x, y []float64, f Field) (Point, error) {
	if err := game.Check(g); err != nil {
		return Point{}, err
	}
	d1, d2 := g.Dims()
	if err := checkStart(g.Name(), d1, d2, x, y); err != nil {
		return Point{}, err
	}
	p, err := Polish(rolesSwapped{g}, y, x, f)
	if err != nil {
		return Point{}, err
	}
	return p.rolesBack(), nil
}

// rolesBack returns p, analysed on the game with its roles exchanged,
// in the game's own players: X and Y, F1 and F2 exchanged back.
func (p Point) rolesBack() Point {
	p.X, p.Y, p.F1, p.F2 = p.Y, p.X, p.F2, p.F1
	return p
}

// rolesSwapped is g with the roles exchanged: its player 1 (the leader,
// choosing x) is g's player 2, its player 2 g's player 1, so that
// f1(x, y) = g.F2(y, x) and f2(x, y) = g.F1(y, x). The analyzer asks g
// itself to diagnose a non-finite objective (diagnose.go), with the
// strategies exchanged back, and names points and objectives in g's
// own terms.
type rolesSwapped struct{ g game.Game }

func (s rolesSwapped) Name() string { return s.g.Name() }
func (s rolesSwapped) Dims() (int, int) {
	d1, d2 := s.g.Dims()
	return d2, d1
}
func (s rolesSwapped) Sense() game.Sense         { return s.g.Sense() }
func (s rolesSwapped) F1(x, y *ad.Node) *ad.Node { return s.g.F2(y, x) }
func (s rolesSwapped) F2(x, y *ad.Node) *ad.Node { return s.g.F1(y, x) }
func (s rolesSwapped) Domains() (x, y game.Domain) {
	dx, dy := s.g.Domains()
	return dy, dx
}
