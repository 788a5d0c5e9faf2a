package experiment

import (
	"strconv"
	"strings"
	"testing"
)

// TestHiCBurnInLimit: a burn_in above MaxBurnIn is refused, naming the key,
// the value and the limit. Before, checkBurnIn walked every burn-in
// interval before the run, deaf to Ctrl-C: burn_in: 1000000000000000000
// with stages: 9223372036854775807 held `stackel run` (observed for 10
// minutes, SIGINT ignored). burn_in = MaxBurnIn itself is still checked
// and accepted when the stages hold it.
func TestHiCBurnInLimit(t *testing.T) {
	over := strconv.Itoa(MaxBurnIn + 1)
	err := hicBurnInConfig(t, "{constant: 1}", over, "9223372036854775807")
	want := "config: dynamics.burn_in = " + over + ": at most 10000000 burn-in intervals"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("burn_in %s: error %v; want %q", over, err, want)
	}
	if err := hicBurnInConfig(t, "{constant: 1}", strconv.Itoa(MaxBurnIn), strconv.Itoa(MaxBurnIn+1)); err != nil {
		t.Errorf("burn_in %d, stages %d: %v; want accepted", MaxBurnIn, MaxBurnIn+1, err)
	}
}
