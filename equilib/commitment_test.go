package equilib

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// gridValue returns the leader's best strong-Stackelberg value over the
// mixed strategies on a grid of the simplex with the given number of steps
// per unit (p_i = k_i/steps), by brute force: for each p the follower's best
// responses are the columns within 1e-9 of the best, and the leader takes
// the best of those. It supports 1, 2 or 3 leader actions.
func gridValue(a, b [][]float64, steps int) (float64, []float64) {
	m, n := len(a), len(a[0])
	best, bestP := math.Inf(-1), []float64(nil)
	eval := func(p []float64) {
		u := make([]float64, n)
		umax := math.Inf(-1)
		for j := 0; j < n; j++ {
			for i := 0; i < m; i++ {
				u[j] += p[i] * b[i][j]
			}
			umax = math.Max(umax, u[j])
		}
		for j := 0; j < n; j++ {
			if u[j] < umax-1e-9 {
				continue
			}
			v := 0.0
			for i := 0; i < m; i++ {
				v += p[i] * a[i][j]
			}
			if v > best {
				best, bestP = v, append([]float64(nil), p...)
			}
		}
	}
	h := 1 / float64(steps)
	switch m {
	case 1:
		eval([]float64{1})
	case 2:
		for k := 0; k <= steps; k++ {
			eval([]float64{float64(k) * h, float64(steps-k) * h})
		}
	case 3:
		for k0 := 0; k0 <= steps; k0++ {
			for k1 := 0; k0+k1 <= steps; k1++ {
				eval([]float64{float64(k0) * h, float64(k1) * h, float64(steps-k0-k1) * h})
			}
		}
	default:
		panic("gridValue: more than 3 leader actions")
	}
	return best, bestP
}

// pureValue is the best strong-Stackelberg value over pure commitments.
func pureValue(a, b [][]float64) (float64, []float64) {
	best, bestP := math.Inf(-1), []float64(nil)
	for i, brow := range b {
		bmax := math.Inf(-1)
		for _, v := range brow {
			bmax = math.Max(bmax, v)
		}
		for j, v := range brow {
			if v == bmax && a[i][j] > best {
				best = a[i][j]
				bestP = make([]float64, len(a))
				bestP[i] = 1
			}
		}
	}
	return best, bestP
}

// checkCommitment fails t unless c is a valid commitment for (a, b): Leader
// is a distribution over the rows, FollowerAction is a best response to it
// (within tol), and Value is the leader's payoff there. A valid commitment's
// value is a lower bound on the optimum.
func checkCommitment(t *testing.T, a, b [][]float64, c Commitment, tol float64) {
	t.Helper()
	m, n := len(a), len(a[0])
	if len(c.Leader) != m {
		t.Fatalf("len(Leader) = %d, want %d", len(c.Leader), m)
	}
	sum := 0.0
	for i, p := range c.Leader {
		if p < 0 || p > 1 {
			t.Errorf("Leader[%d] = %v, not in [0, 1]", i, p)
		}
		sum += p
	}
	if math.Abs(sum-1) > tol {
		t.Errorf("sum(Leader) = %v, want 1", sum)
	}
	if c.FollowerAction < 0 || c.FollowerAction >= n {
		t.Fatalf("FollowerAction = %d, want in [0, %d)", c.FollowerAction, n)
	}
	u := func(j int) (v float64) {
		for i, p := range c.Leader {
			v += p * b[i][j]
		}
		return v
	}
	for j := 0; j < n; j++ {
		if u(j) > u(c.FollowerAction)+tol {
			t.Errorf("follower action %d is not a best response: payoff %v < %v of action %d", c.FollowerAction, u(c.FollowerAction), u(j), j)
		}
	}
	v := 0.0
	for i, p := range c.Leader {
		v += p * a[i][c.FollowerAction]
	}
	if math.Abs(v-c.Value) > tol {
		t.Errorf("Value = %v, but Leader against action %d gives %v", c.Value, c.FollowerAction, v)
	}
}

func TestOptimalCommitment(t *testing.T) {
	const tol = 1e-9
	for _, tc := range []struct {
		name     string
		a, b     [][]float64
		leader   []float64
		follower int
		value    float64
	}{
		{
			// Conitzer–Sandholm style example: committing to (1/2, 1/2)
			// keeps the follower on column 1, worth 3.5 > 2 (pure Nash).
			name:     "mixed optimum",
			a:        [][]float64{{2, 4}, {1, 3}},
			b:        [][]float64{{1, 0}, {0, 1}},
			leader:   []float64{0.5, 0.5},
			follower: 1,
			value:    3.5,
		},
		{
			// Row 0 already makes column 0 the follower's strict best
			// response and is worth 5, more than anything column 1 offers.
			name:     "pure optimum",
			a:        [][]float64{{5, 0}, {0, 1}},
			b:        [][]float64{{1, 0}, {0, 1}},
			leader:   []float64{1, 0},
			follower: 0,
			value:    5,
		},
		{
			// Rows 0 and 1 are identical: columns of the LP repeat, which
			// makes the LP degenerate. The optimum puts 1/2 on rows {0,1}
			// together; compare the row-2 weight and the value only.
			name:     "duplicate rows",
			a:        [][]float64{{2, 4}, {2, 4}, {1, 3}},
			b:        [][]float64{{1, 0}, {1, 0}, {0, 1}},
			leader:   nil, // checked below
			follower: 1,
			value:    3.5,
		},
		{
			// The follower is indifferent everywhere, so every column is a
			// best response and ties go to the leader: the best cell.
			name:     "indifferent follower",
			a:        [][]float64{{1, 2, 0}, {7, 3, 1}},
			b:        [][]float64{{0, 0, 0}, {0, 0, 0}},
			leader:   []float64{0, 1},
			follower: 0,
			value:    7,
		},
		{
			// Column 1 is strictly dominated for the follower, so its LP is
			// infeasible and must be skipped although it holds the leader's
			// best cells.
			name:     "dominated follower action",
			a:        [][]float64{{1, 9}, {2, 9}},
			b:        [][]float64{{1, 0}, {1, 0}},
			leader:   []float64{0, 1},
			follower: 0,
			value:    2,
		},
		{
			name:     "one leader action",
			a:        [][]float64{{1, 5, 3}},
			b:        [][]float64{{2, 0, 2}},
			leader:   []float64{1},
			follower: 2,
			value:    3,
		},
		{
			name:     "one follower action",
			a:        [][]float64{{1}, {4}, {2}},
			b:        [][]float64{{0}, {0}, {0}},
			leader:   []float64{0, 1, 0},
			follower: 0,
			value:    4,
		},
		{
			// Large payoffs: the LPs are scaled, so tolerances stay relative.
			name:     "scaled by 1e6",
			a:        [][]float64{{2e6, 4e6}, {1e6, 3e6}},
			b:        [][]float64{{1e6, 0}, {0, 1e6}},
			leader:   []float64{0.5, 0.5},
			follower: 1,
			value:    3.5e6,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := OptimalCommitment(tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			checkCommitment(t, tc.a, tc.b, c, tol*math.Max(1, math.Abs(tc.value)))
			if c.FollowerAction != tc.follower {
				t.Errorf("FollowerAction = %d, want %d", c.FollowerAction, tc.follower)
			}
			if math.Abs(c.Value-tc.value) > tol*math.Max(1, math.Abs(tc.value)) {
				t.Errorf("Value = %.12g, want %.12g", c.Value, tc.value)
			}
			for i, want := range tc.leader {
				if math.Abs(c.Leader[i]-want) > tol {
					t.Errorf("Leader = %v, want %v", c.Leader, tc.leader)
					break
				}
			}
		})
	}
}

func TestOptimalCommitmentDuplicateRowsWeights(t *testing.T) {
	a := [][]float64{{2, 4}, {2, 4}, {1, 3}}
	b := [][]float64{{1, 0}, {1, 0}, {0, 1}}
	c, err := OptimalCommitment(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Leader[0] + c.Leader[1]; math.Abs(got-0.5) > 1e-9 {
		t.Errorf("weight on the duplicated row = %v, want 0.5 (Leader = %v)", got, c.Leader)
	}
	if math.Abs(c.Leader[2]-0.5) > 1e-9 {
		t.Errorf("Leader[2] = %v, want 0.5", c.Leader[2])
	}
}

// TestOptimalCommitmentGrid3x3 checks a 3×3 game against a brute-force search
// over the leader's simplex with step 0.01.
//
// A grid point is a valid commitment, so the grid value can never beat the
// exact one: exact ≥ grid − 1e-9. The optimum lies on the boundary of a
// full-dimensional best-response region, and a grid point lies within
// Δp ≤ 0.02 (in the 1-norm) inside that region, so the grid falls short by
// at most max|a|·0.02 = 0.16. The exact optimum is also known in closed
// form: follower action 2 with p = (3/7, 0, 4/7), where both constraints
// −2p0 − 2p1 + 6p2 ≥ 0 and −4p0 + 2p1 + 3p2 ≥ 0 are met and p1 = 0, worth 41/7.
func TestOptimalCommitmentGrid3x3(t *testing.T) {
	a := [][]float64{
		{4, 1, 7},
		{2, 6, 3},
		{8, 0, 5},
	}
	b := [][]float64{
		{3, 5, 1},
		{6, 2, 4},
		{1, 4, 7},
	}
	c, err := OptimalCommitment(a, b)
	if err != nil {
		t.Fatal(err)
	}
	checkCommitment(t, a, b, c, 1e-9)
	grid, gridP := gridValue(a, b, 100)
	t.Logf("exact %v at %v (follower %d); grid %v at %v", c.Value, c.Leader, c.FollowerAction, grid, gridP)
	if c.Value < grid-1e-9 {
		t.Errorf("exact value %v below the grid search's %v", c.Value, grid)
	}
	maxA := 0.0
	for _, row := range a {
		for _, v := range row {
			maxA = math.Max(maxA, math.Abs(v))
		}
	}
	if gap := c.Value - grid; gap > 0.02*maxA {
		t.Errorf("exact value %v exceeds the grid search's %v by %v > %v", c.Value, grid, gap, 0.02*maxA)
	}
	if c.FollowerAction != 2 || math.Abs(c.Value-41.0/7) > 1e-9 ||
		math.Abs(c.Leader[0]-3.0/7) > 1e-9 || math.Abs(c.Leader[1]) > 1e-9 {
		t.Errorf("got %+v, want leader (3/7, 0, 4/7), follower 2, value 41/7", c)
	}
}

// TestOptimalCommitmentRandom checks many random games with integer payoffs
// in [0, 3], which are full of ties and so of degenerate LPs. Each result must
// be a valid commitment (so its value is at most the optimum). With at most 3
// leader actions it must also reach the value of every grid point of step
// 1/60 (which include all pure strategies and many mixtures), so it is the
// optimum up to 1e-9 whenever the optimum is on the grid; with more, the
// value of every pure commitment.
func TestOptimalCommitmentRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		m, n := 1+rng.IntN(6), 1+rng.IntN(6)
		a, b := make([][]float64, m), make([][]float64, m)
		for i := range a {
			a[i], b[i] = make([]float64, n), make([]float64, n)
			for j := 0; j < n; j++ {
				a[i][j] = float64(rng.IntN(4))
				b[i][j] = float64(rng.IntN(4))
			}
		}
		c, err := OptimalCommitment(a, b)
		if err != nil {
			t.Fatalf("trial %d: A=%v B=%v: %v", trial, a, b, err)
		}
		checkCommitment(t, a, b, c, 1e-9)
		grid, p := pureValue(a, b)
		if m <= 3 {
			grid, p = gridValue(a, b, 60)
		}
		if c.Value < grid-1e-9 {
			t.Errorf("trial %d: A=%v B=%v: value %v below brute-force value %v at %v", trial, a, b, c.Value, grid, p)
		}
	}
}

// TestOptimalCommitmentNoCycling solves a 25×22 game with integer payoffs
// and repeated rows on which lp.Simplex, run on the unperturbed LPs, pivoted
// forever. It fails after 30 s rather than hang the test run.
func TestOptimalCommitmentNoCycling(t *testing.T) {
	done := make(chan struct{})
	var c Commitment
	var err error
	go func() {
		defer close(done)
		c, err = OptimalCommitment(cyclingA, cyclingB)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("OptimalCommitment did not return within 30 s")
	}
	if err != nil {
		t.Fatal(err)
	}
	checkCommitment(t, cyclingA, cyclingB, c, 1e-9)
	if pure, p := pureValue(cyclingA, cyclingB); c.Value < pure-1e-9 {
		t.Errorf("value %v below the best pure commitment's %v at %v", c.Value, pure, p)
	}
}

// TestOptimalCommitmentHugePayoffs solves games whose follower payoffs are
// finite but whose differences overflow (entries up to ±1.5e308): scaling B
// by a positive factor changes no best response, so each must give the
// commitment of the same game with B unscaled, to 1e-12. Before the
// differences were guarded the overflow made the LP NaN and lp.Simplex
// pivoted forever; the test fails after 30 s rather than hang.
func TestOptimalCommitmentHugePayoffs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for trial := 0; trial < 200; trial++ {
			m, n := 1+rng.IntN(4), 1+rng.IntN(4)
			a, b, huge := make([][]float64, m), make([][]float64, m), make([][]float64, m)
			for i := range a {
				a[i], b[i], huge[i] = make([]float64, n), make([]float64, n), make([]float64, n)
				for j := range n {
					a[i][j] = float64(rng.IntN(4))
					b[i][j] = float64(rng.IntN(7) - 3)
					huge[i][j] = b[i][j] * 0.5e308
				}
			}
			want, err := OptimalCommitment(a, b)
			if err != nil {
				t.Errorf("trial %d: A=%v B=%v: %v", trial, a, b, err)
				continue
			}
			got, err := OptimalCommitment(a, huge)
			if err != nil {
				t.Errorf("trial %d: A=%v B=%v·0.5e308: %v", trial, a, b, err)
				continue
			}
			if got.FollowerAction != want.FollowerAction || math.Abs(got.Value-want.Value) > 1e-12 {
				t.Errorf("trial %d: A=%v B=%v·0.5e308: action %d value %v, want %d and %v", trial, a, b, got.FollowerAction, got.Value, want.FollowerAction, want.Value)
			}
			for i := range got.Leader {
				if math.Abs(got.Leader[i]-want.Leader[i]) > 1e-12 {
					t.Errorf("trial %d: A=%v B=%v·0.5e308: leader %v, want %v", trial, a, b, got.Leader, want.Leader)
					break
				}
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("OptimalCommitment did not return within 30 s")
	}
}

func TestOptimalCommitmentErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		a, b [][]float64
		want string
	}{
		{"nil", nil, nil, "A is empty"},
		{"empty row", [][]float64{{}}, [][]float64{{}}, "A is empty"},
		{"B rows", [][]float64{{1}, {2}}, [][]float64{{1}}, "B has 1 rows, want 2"},
		{"ragged A", [][]float64{{1, 2}, {3}}, [][]float64{{1, 2}, {3, 4}}, "A[1] has 1 entries, want 2"},
		{"B columns", [][]float64{{1, 2}}, [][]float64{{1, 2, 3}}, "B[0] has 3 entries, want 2"},
		{"NaN in A", [][]float64{{1, nan}}, [][]float64{{1, 2}}, "A[0][1] = NaN is not finite"},
		{"Inf in B", [][]float64{{1, 2}, {3, 4}}, [][]float64{{1, 2}, {inf, 4}}, "B[1][0] = +Inf is not finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OptimalCommitment(tc.a, tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCommitmentJSON(t *testing.T) {
	got, err := json.Marshal(Commitment{Leader: []float64{0.5, 0.5}, FollowerAction: 1, Value: 3.5})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"leader":[0.5,0.5],"follower_action":1,"value":3.5}`; string(got) != want {
		t.Errorf("json = %s, want %s", got, want)
	}
}

func ExampleOptimalCommitment() {
	// Leader payoffs A and follower payoffs B; rows are the leader's actions.
	a := [][]float64{{2, 4}, {1, 3}}
	b := [][]float64{{1, 0}, {0, 1}}
	c, err := OptimalCommitment(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("leader %.2f, follower action %d, value %.2f\n", c.Leader, c.FollowerAction, c.Value)
	// Output: leader [0.50 0.50], follower action 1, value 3.50
}

func BenchmarkOptimalCommitment10x10(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	a, bb := make([][]float64, 10), make([][]float64, 10)
	for i := range a {
		a[i], bb[i] = make([]float64, 10), make([]float64, 10)
		for j := range a[i] {
			a[i][j], bb[i][j] = rng.Float64(), rng.Float64()
		}
	}
	for b.Loop() {
		if _, err := OptimalCommitment(a, bb); err != nil {
			b.Fatal(err)
		}
	}
}

// cyclingA and cyclingB are the game of TestOptimalCommitmentNoCycling.
var cyclingA = [][]float64{
	{1, 4, 0, 0, 0, 4, 1, 3, 2, 3, 1, 0, 3, 3, 3, 0, 1, 0, 4, 3, 0, 1},
	{3, 1, 4, 1, 4, 4, 3, 1, 3, 1, 4, 3, 0, 2, 3, 4, 3, 1, 1, 0, 0, 1},
	{4, 1, 2, 4, 4, 2, 1, 0, 4, 4, 1, 3, 1, 1, 2, 0, 4, 3, 0, 3, 3, 3},
	{1, 1, 4, 2, 3, 0, 1, 2, 3, 4, 0, 2, 2, 0, 3, 3, 3, 1, 3, 2, 1, 4},
	{2, 1, 4, 0, 0, 4, 3, 1, 0, 0, 3, 2, 1, 3, 2, 4, 3, 3, 0, 3, 0, 3},
	{2, 1, 4, 0, 0, 4, 3, 1, 0, 0, 3, 2, 1, 3, 2, 4, 3, 3, 0, 3, 0, 3},
	{4, 4, 2, 1, 4, 1, 1, 0, 3, 4, 4, 4, 2, 1, 3, 1, 2, 3, 0, 3, 4, 4},
	{2, 4, 3, 1, 2, 0, 4, 3, 3, 2, 1, 2, 1, 3, 3, 4, 4, 2, 1, 2, 1, 4},
	{0, 4, 1, 1, 3, 0, 1, 0, 1, 0, 1, 3, 1, 0, 1, 1, 1, 1, 3, 1, 3, 1},
	{4, 1, 1, 1, 0, 1, 3, 0, 1, 3, 1, 3, 1, 3, 4, 1, 4, 1, 3, 1, 0, 2},
	{1, 0, 4, 0, 0, 3, 1, 3, 4, 3, 3, 4, 0, 1, 1, 3, 4, 2, 1, 2, 0, 3},
	{1, 0, 4, 0, 0, 3, 1, 3, 4, 3, 3, 4, 0, 1, 1, 3, 4, 2, 1, 2, 0, 3},
	{1, 0, 4, 0, 0, 3, 1, 3, 4, 3, 3, 4, 0, 1, 1, 3, 4, 2, 1, 2, 0, 3},
	{1, 1, 0, 3, 1, 3, 4, 0, 1, 0, 1, 3, 4, 0, 0, 0, 2, 0, 2, 4, 3, 4},
	{1, 1, 0, 3, 1, 3, 4, 0, 1, 0, 1, 3, 4, 0, 0, 0, 2, 0, 2, 4, 3, 4},
	{2, 3, 3, 1, 3, 3, 0, 1, 0, 2, 0, 1, 3, 2, 2, 4, 0, 3, 1, 1, 4, 2},
	{3, 3, 1, 4, 4, 2, 3, 4, 3, 2, 2, 1, 1, 4, 4, 0, 1, 3, 0, 4, 3, 4},
	{3, 3, 1, 4, 4, 2, 3, 4, 3, 2, 2, 1, 1, 4, 4, 0, 1, 3, 0, 4, 3, 4},
	{4, 0, 2, 2, 2, 1, 1, 1, 4, 3, 2, 4, 0, 4, 0, 3, 1, 0, 0, 0, 4, 2},
	{1, 4, 4, 0, 1, 4, 1, 2, 0, 3, 3, 0, 2, 1, 3, 3, 3, 2, 3, 3, 0, 3},
	{3, 0, 3, 2, 4, 3, 1, 4, 4, 0, 0, 0, 4, 1, 0, 2, 4, 0, 1, 0, 4, 0},
	{3, 0, 3, 2, 4, 3, 1, 4, 4, 0, 0, 0, 4, 1, 0, 2, 4, 0, 1, 0, 4, 0},
	{3, 0, 3, 2, 4, 3, 1, 4, 4, 0, 0, 0, 4, 1, 0, 2, 4, 0, 1, 0, 4, 0},
	{3, 2, 3, 1, 3, 2, 2, 3, 1, 1, 4, 1, 4, 4, 3, 2, 4, 2, 3, 1, 2, 1},
	{2, 1, 0, 3, 2, 4, 0, 0, 3, 1, 4, 1, 4, 4, 4, 0, 0, 2, 4, 1, 2, 0},
}

var cyclingB = [][]float64{
	{0, 0, 0, 4, 4, 1, 2, 1, 1, 3, 1, 0, 2, 0, 3, 4, 3, 0, 3, 0, 0, 3},
	{4, 0, 3, 1, 0, 3, 0, 3, 1, 3, 0, 3, 4, 3, 1, 2, 1, 2, 0, 4, 4, 1},
	{0, 1, 4, 1, 0, 3, 3, 4, 4, 4, 2, 4, 0, 4, 0, 1, 4, 2, 3, 3, 1, 2},
	{4, 0, 1, 0, 4, 0, 3, 4, 2, 1, 2, 1, 2, 2, 2, 0, 4, 0, 1, 4, 2, 1},
	{2, 3, 1, 2, 1, 3, 0, 0, 0, 4, 0, 4, 3, 2, 1, 0, 1, 1, 2, 2, 0, 0},
	{2, 3, 1, 2, 1, 3, 0, 0, 0, 4, 0, 4, 3, 2, 1, 0, 1, 1, 2, 2, 0, 0},
	{3, 0, 3, 2, 4, 0, 0, 3, 3, 2, 1, 2, 1, 3, 0, 2, 3, 3, 0, 3, 2, 0},
	{1, 1, 4, 3, 0, 4, 4, 1, 0, 1, 1, 0, 4, 1, 0, 1, 4, 3, 1, 1, 4, 1},
	{2, 4, 3, 4, 1, 4, 2, 4, 1, 3, 2, 3, 1, 2, 4, 2, 3, 2, 1, 0, 4, 4},
	{3, 3, 1, 0, 3, 4, 2, 2, 0, 3, 2, 4, 4, 1, 4, 2, 1, 0, 3, 0, 1, 1},
	{4, 3, 4, 3, 4, 2, 3, 2, 3, 4, 2, 2, 4, 0, 3, 0, 0, 1, 4, 1, 0, 3},
	{4, 3, 4, 3, 4, 2, 3, 2, 3, 4, 2, 2, 4, 0, 3, 0, 0, 1, 4, 1, 0, 3},
	{4, 3, 4, 3, 4, 2, 3, 2, 3, 4, 2, 2, 4, 0, 3, 0, 0, 1, 4, 1, 0, 3},
	{4, 3, 1, 3, 1, 0, 2, 1, 0, 1, 1, 1, 3, 0, 3, 2, 4, 0, 4, 4, 2, 2},
	{4, 3, 1, 3, 1, 0, 2, 1, 0, 1, 1, 1, 3, 0, 3, 2, 4, 0, 4, 4, 2, 2},
	{4, 4, 3, 2, 2, 1, 1, 3, 1, 1, 4, 1, 1, 1, 0, 4, 2, 1, 4, 2, 0, 2},
	{0, 3, 1, 4, 0, 1, 0, 3, 2, 2, 2, 4, 0, 4, 0, 1, 1, 3, 4, 0, 1, 0},
	{0, 3, 1, 4, 0, 1, 0, 3, 2, 2, 2, 4, 0, 4, 0, 1, 1, 3, 4, 0, 1, 0},
	{3, 2, 2, 4, 4, 0, 3, 4, 2, 4, 0, 1, 3, 0, 2, 0, 3, 4, 0, 0, 0, 0},
	{3, 3, 1, 0, 1, 3, 2, 4, 0, 3, 4, 2, 4, 3, 4, 1, 4, 4, 0, 4, 0, 1},
	{0, 1, 3, 0, 2, 1, 4, 2, 3, 3, 0, 1, 4, 3, 2, 1, 3, 0, 0, 4, 0, 3},
	{0, 1, 3, 0, 2, 1, 4, 2, 3, 3, 0, 1, 4, 3, 2, 1, 3, 0, 0, 4, 0, 3},
	{0, 1, 3, 0, 2, 1, 4, 2, 3, 3, 0, 1, 4, 3, 2, 1, 3, 0, 0, 4, 0, 3},
	{0, 4, 2, 3, 3, 3, 3, 4, 4, 0, 3, 0, 2, 1, 2, 1, 3, 1, 4, 1, 3, 3},
	{3, 0, 1, 3, 1, 1, 1, 0, 4, 0, 3, 2, 2, 3, 4, 0, 0, 3, 1, 2, 3, 2},
}

// TestOptimalCommitmentTiesGoToSmallestAction checks the documented tie
// rule: when several follower actions reach the same best leader value,
// the smallest column wins. In A = [[3, 3], [0, 0]], B = [[1, 1], [0, 0]]
// both columns are best responses to p = (1, 0) with value 3; in
// A = [[0, 2, 2]], B = [[0, 0, 0]] columns 1 and 2 tie at value 2 above
// column 0. Exact answers (1e-12).
func TestOptimalCommitmentTiesGoToSmallestAction(t *testing.T) {
	for _, c := range []struct {
		a, b   [][]float64
		action int
		value  float64
		leader []float64
	}{
		{[][]float64{{3, 3}, {0, 0}}, [][]float64{{1, 1}, {0, 0}}, 0, 3, []float64{1, 0}},
		{[][]float64{{0, 2, 2}}, [][]float64{{0, 0, 0}}, 1, 2, []float64{1}},
	} {
		got, err := OptimalCommitment(c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if got.FollowerAction != c.action || math.Abs(got.Value-c.value) > 1e-12 {
			t.Errorf("A = %v, B = %v: follower action %d value %v, want action %d value %v", c.a, c.b, got.FollowerAction, got.Value, c.action, c.value)
		}
		for i := range c.leader {
			if math.Abs(got.Leader[i]-c.leader[i]) > 1e-12 {
				t.Errorf("A = %v: leader %v, want %v", c.a, got.Leader, c.leader)
				break
			}
		}
	}
}
