package sweep

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzSpec: any input either parses and expands into valid jobs or gives
// an error of the sweep ("sweep: …"); it never panics. Every expanded
// job's configuration reads back with its ID (Job.ParseConfig checks
// it), the jobs' IDs are distinct valid names and their indices their
// positions, and a second Expand gives the same jobs (map order does not
// leak into a sweep).
func FuzzSpec(f *testing.F) {
	f.Add([]byte(issueSpec))
	f.Add([]byte("name: s\nconfig: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\ngrid: {dynamics.leader_lr.constant: [0.1, 0.2]}\nseeds: {count: 2}\nexclude: [{dynamics.leader_lr.constant: 0.2}]\n"))
	f.Add([]byte("name: s\nconfig: {rl: {env: CartPole-v1, algo: ac, steps: 1000, steps_per_epoch: 500}}\ngrid: {rl.unroll: [1, 2], rl.hidden: [[8], [4, 4]]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data, t.TempDir())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sweep: ") {
				t.Fatalf("a spec's error not naming the sweep: %v", err)
			}
			return
		}
		jobs, err := s.Expand()
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sweep: ") {
				t.Fatalf("an expansion's error not naming the sweep: %v", err)
			}
			return
		}
		if len(jobs) > 10000 {
			t.Skip("large grid")
		}
		ids := map[string]bool{}
		for i, j := range jobs {
			if _, err := j.ParseConfig(); err != nil {
				t.Fatalf("job %d of an accepted spec does not parse: %v", j.Index, err)
			}
			if j.Index != i || !ValidName(j.ID) || ids[j.ID] {
				t.Fatalf("job %d: index %d, id %q (invalid or repeated)", i, j.Index, j.ID)
			}
			ids[j.ID] = true
		}
		again, err := s.Expand()
		if err != nil {
			t.Fatalf("a second Expand fails: %v", err)
		}
		b1, _ := json.Marshal(jobs)
		b2, _ := json.Marshal(again)
		if string(b1) != string(b2) {
			t.Fatalf("two expansions differ:\n%s\n%s", b1, b2)
		}
	})
}
