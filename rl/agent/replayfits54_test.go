package agent

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/replay"
)

// TestReplayFits54: a replay buffer whose checkpoint message would reach
// gob's bound on a message (8 GiB on a 64-bit platform) is refused before
// it is allocated, naming the key and the largest capacity that fits; the
// first checkpoint, an epoch or more into the run, used to fail instead
// ("gob: encoder: message too big"). 376-dimensional observations and 17
// actions (a humanoid's) are 771 values, 6168 bytes, a transition: 2·10⁶
// of them are 12.3 GB; 10⁶ are 6.2 GB and fit. The largest capacity
// named fits and one more does not.
func TestReplayFits54(t *testing.T) {
	if gobTooBig < 1<<33 {
		t.Skip("gob's bound is 1 GiB on a 32-bit platform; the numbers below are a 64-bit one's")
	}
	if err := replayFits(1_000_000, 376, 17); err != nil {
		t.Errorf("10⁶ transitions: %v", err)
	}
	err := replayFits(2_000_000, 376, 17)
	const want = "rl.options.replay_size: a replay buffer of 2000000 transitions (min(replay_size, steps)) of 6168 bytes each (observation 376 and next observation, action 17, reward, done) is 12.3 GB, which a checkpoint cannot hold (8.59 GB, gob's largest message on this platform): lower replay_size to at most "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("2·10⁶ transitions: %v; want it to begin %q", err, want)
	}
	var largest int
	if _, scanErr := fmt.Sscan(strings.TrimPrefix(err.Error(), want), &largest); scanErr != nil {
		t.Fatal(scanErr)
	}
	if replayFits(largest, 376, 17) != nil || replayFits(largest+1, 376, 17) == nil {
		t.Errorf("largest capacity named %d: it must fit and %d not", largest, largest+1)
	}
	if _, err := replayHeader(replay.FullBinarySize(largest, 376, 17)); err != nil {
		t.Errorf("the header of %d transitions: %v", largest, err)
	}
}
