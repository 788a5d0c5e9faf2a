package experiment

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestAnalyzeExplainsLearnedGap: on A = [[1, 3], [0, 2]], B = [[1, 0],
// [0, 2]] the exact commitment is worth 8/3 with follower action 1, and
// the default 400 000-stage Hi-C run ends on action 0 at ≈ 0.96, which the
// table used to print without a word. It now prints the follower's margin
// (p0 − 2p1 for action 0), the best the leader can get with action 0 a
// best response (1, by hand: p = (1, 0)) and why the run fell short.
func TestAnalyzeExplainsLearnedGap(t *testing.T) {
	rep := analyzeText(t, "game: {builtin: bimatrix, params: {A: [[1, 3], [0, 2]], B: [[1, 0], [0, 2]]}}\ndynamics: {kind: stackelberg}\n", AnalyzeOptions{Starts: 4, LearnStages: 400000})
	l := rep.Learned
	if l == nil || l.FollowerAction != 0 {
		t.Fatalf("learned %+v: expected the run to end on action 0", l)
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	out := buf.String()
	for _, w := range []string{
		fmt.Sprintf("  follower margin %.4g for action 0; best value with action 0 a best response 1\n", l.Leader[0]-2*l.Leader[1]),
		"the strong-Stackelberg value 2.66667 needs action 1",
		"With entropy 0",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
}
