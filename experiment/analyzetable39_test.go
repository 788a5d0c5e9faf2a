package experiment

import (
	"bytes"
	"strings"
	"testing"
)

// TestAnalyzeTableOneStage: `stackel analyze --learn-stages 1` printed
// "learned (Hi-C, 1 stages)"; the count now agrees with its noun, and
// other counts keep the plural.
func TestAnalyzeTableOneStage(t *testing.T) {
	const game = "game: {builtin: bimatrix, params: {A: [[1, 3], [0, 2]], B: [[1, 0], [0, 2]]}}\ndynamics: {kind: sga}\n"
	for _, c := range []struct {
		stages int
		want   string
	}{{1, "learned (Hi-C, 1 stage): leader "}, {2, "learned (Hi-C, 2 stages): leader "}} {
		rep := analyzeText(t, game, AnalyzeOptions{Starts: 4, LearnStages: c.stages})
		var buf bytes.Buffer
		rep.WriteTable(&buf)
		if !strings.Contains(buf.String(), c.want) {
			t.Errorf("--learn-stages %d: table lacks %q:\n%s", c.stages, c.want, buf.String())
		}
	}
}

// TestParseEpochStatsRefusesBadCounts: ParseEpochStats (which the RL
// reproductions read metrics.csv with) took int(NaN) — an arbitrary
// number, -9223372036854775808 on amd64 — and int(2.5) = 2 as counts;
// an epoch or steps that is not a whole number from 0 to 2⁵³ is now an
// error naming the column.
func TestParseEpochStatsRefusesBadCounts(t *testing.T) {
	header := []string{"epoch", "steps", "avg_return"}
	st, err := ParseEpochStats("2,400,-1.5", header)
	if err != nil || st.Epoch != 2 || st.Steps != 400 || st.AvgReturn != -1.5 {
		t.Fatalf("good row: %+v, %v", st, err)
	}
	for _, c := range []struct{ row, want string }{
		{"2,NaN,0", "column steps: NaN is not a whole number from 0 to 2^53"},
		{"2,1e300,0", "column steps: 1e300 is not a whole number from 0 to 2^53"},
		{"2,-400,0", "column steps: -400 is not a whole number from 0 to 2^53"},
		{"2.5,400,0", "column epoch: 2.5 is not a whole number from 0 to 2^53"},
		{"+Inf,400,0", "column epoch: +Inf is not a whole number from 0 to 2^53"},
	} {
		if _, err := ParseEpochStats(c.row, header); err == nil || err.Error() != c.want {
			t.Errorf("%q: %v, want %s", c.row, err, c.want)
		}
	}
	// Non-whole values elsewhere (a NaN return) are data, not errors.
	if _, err := ParseEpochStats("2,400,NaN", header); err != nil {
		t.Errorf("NaN return: %v", err)
	}
}
