package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// nilEnvVar registers, in the stackel processes started with it, three
// environments `stackel envs` cannot describe: one whose New returns nil,
// one whose New returns a nil pointer of its type, and one registered
// without a New (a build tag's) whose observation space is a nil *Box. The
// listings of the other tests (TestEnvs counts 13) do not change.
const nilEnvVar = "STACKEL_TEST_NIL_ENV=1"

// nilPtrEnv48 is an environment type whose constructor returns a nil one.
type nilPtrEnv48 struct{ env.Env }

func init() {
	if os.Getenv("STACKEL_TEST_NIL_ENV") != "1" {
		return
	}
	for _, s := range []env.Spec{
		{ID: "TestNilNew-v0", New: func() env.Env { return nil }},
		{ID: "TestNilPointer-v0", New: func() env.Env { var e *nilPtrEnv48; return e }},
		{ID: "TestNilSpace-v0", Tag: "custom", Obs: (*env.Box)(nil), Act: env.Discrete{N: 2}},
	} {
		if err := env.Register(s); err != nil {
			panic(err)
		}
	}
}

// TestEnvsNoEnvironment48: `stackel envs` lists an environment whose New
// returns no environment (nil, or a nil pointer) or whose space is a nil
// pointer as not available, with an error saying why (after the table,
// and as "error" in --json), and lists the others as before. Before
// session 48 it panicked (a nil pointer dereference) on any of them.
func TestEnvsNoEnvironment48(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{
		"TestNilNew-v0":     "env: TestNilNew-v0: its New function returned no environment",
		"TestNilPointer-v0": "env: TestNilPointer-v0: its New function returned no environment",
		"TestNilSpace-v0":   "env: TestNilSpace-v0: its observation space is nil",
	}
	r := runCLI(t, dir, []string{nilEnvVar}, "envs", "--json")
	if r.exit != 0 {
		t.Fatalf("envs --json: exit %d: %s", r.exit, clip(r.out))
	}
	var rows []envInfo
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil {
		t.Fatalf("%v in %s", err, clip(r.out))
	}
	if len(rows) != 16 {
		t.Errorf("%d environments, want 16 (13 and 3)", len(rows))
	}
	for _, row := range rows {
		w, bad := want[row.Name]
		switch {
		case bad && (row.Available || row.Error != w):
			t.Errorf("%s: available %v, error %q; want not available, %q", row.Name, row.Available, row.Error, w)
		case !bad && row.Error != "":
			t.Errorf("%s: error %q", row.Name, row.Error)
		}
	}
	if w := "TestNilSpace-v0"; !strings.Contains(r.out, `"action": "Discrete(2)"`) {
		t.Errorf("%s: its action space is not listed: %s", w, clip(r.out))
	}
	r = runCLI(t, dir, []string{nilEnvVar}, "envs")
	if r.exit != 0 || !strings.Contains(r.out, "CartPole-v1") {
		t.Fatalf("envs: exit %d: %s", r.exit, clip(r.out))
	}
	for name, w := range want {
		if !strings.Contains(r.out, "\n"+w+"\n") {
			t.Errorf("envs: no line %q in\n%s", w, r.out)
		}
		if line := lineOf(r.out, name+" "); !strings.HasSuffix(strings.TrimSpace(line), " no") {
			t.Errorf("envs: %s's row %q does not end in no", name, line)
		}
	}
}

// lineOf returns the first line of s that begins with prefix.
func lineOf(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
