package runeval

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/rl/agent"
)

// TestEvalDamagedCheckpoint53 checks the error of a run whose checkpoint
// is damaged (emptied, a byte of its payload changed, cut, a header of
// another format version): the whole message, naming the file and the
// damage, with no advice to delete the checkpoint to restart the run (a
// resume's advice, which would lose the run's last state to an
// evaluation).
func TestEvalDamagedCheckpoint53(t *testing.T) {
	root := t.TempDir()
	dir := tinyRun(t, root, "ddpg", 1)
	ckpt := filepath.Join(dir, experiment.CheckpointFile)
	good, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	const magic = len("stackel checkpoint v3\n")
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-100] ^= 1
	path := textcut.Printable(ckpt)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, path + ": corrupt checkpoint: the file is empty (0 bytes)"},
		{"byte changed", flipped, path + ": corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written)"},
		{"cut", good[:len(good)-10], path + ": corrupt checkpoint: the payload has " + strconv.Itoa(len(good)-10-magic-72) + " bytes, the header says " + strconv.Itoa(len(good)-magic-72) + " (a cut or padded file)"},
		{"damaged header", append([]byte("stackel checkpoint vX\n"), good[magic:]...), path + ": corrupt checkpoint: damaged header (\"stackel checkpoint vX\\n\" where \"stackel checkpoint v3\\n\" belongs)"},
		{"another version", append([]byte("stackel checkpoint v9\n"), good[magic:]...), path + ": checkpoint of another format version (header \"stackel checkpoint v9\"; this stackel reads \"stackel checkpoint v3\" and \"stackel checkpoint v2\"): evaluate it with the stackel that wrote it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(ckpt, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Evaluate(context.Background(), Options{Dirs: []string{dir}, Episodes: 1, Workers: 1})
			if err != nil || len(res.Runs) != 1 {
				t.Fatalf("error %v, %d runs; want no error, 1 run", err, len(res.Runs))
			}
			if got := res.Runs[0].Error; got != c.want {
				t.Errorf("error\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestEvalLoadsPolicyOnly53 checks that Evaluate loads each run for
// evaluation only (agent.LoadPolicy: no replay buffer kept), and that
// its episodes are those of the fully loaded checkpoint
// (experiment.ReadCheckpoint) played by agent.Evaluate, bit for bit.
func TestEvalLoadsPolicyOnly53(t *testing.T) {
	root := t.TempDir()
	dir := tinyRun(t, root, "stddpg", 2)
	var policyOnly []bool
	read := readCheckpoint
	readCheckpoint = func(dir string) (*agent.Agent, error) {
		a, err := read(dir)
		if err == nil {
			policyOnly = append(policyOnly, a.PolicyOnly())
		}
		return a, err
	}
	t.Cleanup(func() { readCheckpoint = read })
	o := Options{Dirs: []string{dir}, Episodes: 2, Seed: 5, Workers: 1}
	res, err := Evaluate(context.Background(), o)
	if err != nil || len(res.Runs) != 1 || res.Runs[0].Error != "" {
		t.Fatalf("error %v, runs %+v", err, res.Runs)
	}
	if len(policyOnly) != 1 || !policyOnly[0] {
		t.Errorf("agents loaded policy-only: %v; want [true]", policyOnly)
	}
	full, err := experiment.ReadCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	want, err := full.Evaluate(context.Background(), agent.EvalOptions{Episodes: 2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Runs[0].Episodes
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("episodes %+v, the fully loaded checkpoint's %+v", got, want)
	}
	if strings.Contains(res.Runs[0].Error, "delete") {
		t.Error(res.Runs[0].Error)
	}
}
