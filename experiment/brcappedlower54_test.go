package experiment

import (
	"strings"
	"testing"
)

// TestHiCBestResponseCappedStepTooLong54: a best-response follower whose
// inner step is at least 2/K2 never converges (on f2 = ½(y − x)², K2 = 1,
// lr 2 sends y − x to its negative every step), so its stages stop at
// max_iter; the cap's warning said to raise dynamics.follower.lr, which
// makes it worse. It now says to lower it, naming the bound.
func TestHiCBestResponseCappedStepTooLong54(t *testing.T) {
	var w strings.Builder
	runTrack(t, "{kind: best-response, lr: 2, max_iter: 10}", &w)
	const want = "(summary.json: best_response_capped_stages); lower dynamics.follower.lr: its inner step 2 is at least 2/K2 = 2 (K2 = 1, the largest curvature of f2 in y at the start), with which the best response's gradient steps diverge\n"
	if got := w.String(); !strings.HasPrefix(got, "warning: in 50 stages the follower's best response stopped at its cap") || !strings.HasSuffix(got, want) {
		t.Errorf("warnings %q;\nwant the cap's warning ending %q", got, want)
	}
}
