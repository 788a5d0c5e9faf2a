package sweep

import (
	"strings"
	"testing"
)

// A spec's name of more than MaxNameLen bytes is refused when the spec is
// read, naming its length (every way of running a sweep takes the name
// through ParseSpec); one of MaxNameLen bytes is accepted.
func TestSpecNameLength(t *testing.T) {
	if s, err := ParseSpec(oneJobSpec(strings.Repeat("a", MaxNameLen)), t.TempDir()); err != nil || len(s.Name) != MaxNameLen {
		t.Errorf("a name of %d bytes: %v", MaxNameLen, err)
	}
	_, err := ParseSpec(oneJobSpec(strings.Repeat("a", MaxNameLen+1)), t.TempDir())
	want := `sweep: name "` + strings.Repeat("a", 32) + `"… (129 bytes) (line 1): use letters, digits, - and _ only, at most 128 of them (it names NATS subjects and the Slurm job, and is written into sweep.sbatch)`
	if err == nil || err.Error() != want {
		t.Errorf("a name of %d bytes: %v\nwant %s", MaxNameLen+1, err, want)
	}
}

// oneJobSpec returns a sweep spec named name of one five-step SGA run on
// a separable quadratic game.
func oneJobSpec(name string) []byte {
	return []byte("name: " + name + `
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 5
  init: {x: [1], y: [1]}
`)
}

// A bad name and a spec giving both base and config name their lines
// (they named none).
func TestSpecNameAndSourceLines(t *testing.T) {
	spec := "# a sweep\n" + strings.Replace(string(oneJobSpec("a b")), "name: a b", "name: \"a b\"", 1)
	_, err := ParseSpec([]byte(spec), t.TempDir())
	want := `sweep: name "a b" (line 2): use letters, digits, - and _ only, at most 128 of them (it names NATS subjects and the Slurm job, and is written into sweep.sbatch)`
	if err == nil || err.Error() != want {
		t.Errorf("name with a space: %v\nwant %s", err, want)
	}
	spec = string(oneJobSpec("both")) + "base: other.yaml\n"
	_, err = ParseSpec([]byte(spec), t.TempDir())
	want = `sweep: base (line 8) and config (line 2): give either base (a file) or config (inline), not both`
	if err == nil || err.Error() != want {
		t.Errorf("base and config: %v\nwant %s", err, want)
	}
}
