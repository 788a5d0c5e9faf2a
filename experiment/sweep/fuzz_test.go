package sweep

import "testing"

// FuzzSpec: any input either parses and expands into valid jobs or gives
// an error; it never panics, and every expanded job's configuration reads
// back with its ID.
func FuzzSpec(f *testing.F) {
	f.Add([]byte(issueSpec))
	f.Add([]byte("name: s\nconfig: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\ngrid: {dynamics.leader_lr.constant: [0.1, 0.2]}\nseeds: {count: 2}\nexclude: [{dynamics.leader_lr.constant: 0.2}]\n"))
	f.Add([]byte("name: s\nconfig: {rl: {env: CartPole-v1, algo: ac, steps: 1000, steps_per_epoch: 500}}\ngrid: {rl.unroll: [1, 2], rl.hidden: [[8], [4, 4]]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data, t.TempDir())
		if err != nil {
			return
		}
		jobs, err := s.Expand()
		if err != nil {
			return
		}
		if len(jobs) > 10000 {
			t.Skip("large grid")
		}
		for _, j := range jobs {
			if _, err := j.ParseConfig(); err != nil {
				t.Fatalf("job %d of an accepted spec does not parse: %v", j.Index, err)
			}
		}
	})
}
