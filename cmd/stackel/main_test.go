package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// execute runs the CLI with args and returns its standard output.
func execute(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAnalyzeJSON checks the published JSON of `stackel analyze --json` on
// the torus game: the four equilibria of Fiez et al. §4.2 with their keys.
func TestAnalyzeJSON(t *testing.T) {
	cfg := writeFile(t, t.TempDir(), "torus.yaml", "name: torus\ngame: {builtin: torus}\n")
	out, err := execute(t, "analyze", cfg, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Equilibria []map[string]json.RawMessage `json:"equilibria"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	keys := []string{"x", "y", "f1", "f2", "dne", "dse", "stable_sga", "stable_stackelberg", "eig_J", "eig_JS"}
	want := map[[2]float64]string{{-0.7833, 1.1823}: "dne", {1.5687, -0.3969}: "dne", {-0.5252, 1.2465}: "dse", {1.3106, -0.4611}: "dse"}
	found := 0
	for _, e := range rep.Equilibria {
		for _, k := range keys {
			if _, ok := e[k]; !ok {
				t.Fatalf("equilibrium without key %q: %v", k, e)
			}
		}
		var x, y []float64
		var dne, dse bool
		json.Unmarshal(e["x"], &x)
		json.Unmarshal(e["y"], &y)
		json.Unmarshal(e["dne"], &dne)
		json.Unmarshal(e["dse"], &dse)
		for p, kind := range want {
			if math.Abs(x[0]-p[0]) < 1e-3 && math.Abs(y[0]-p[1]) < 1e-3 {
				if (kind == "dne") != dne || (kind == "dse") != dse {
					t.Errorf("(%g, %g): dne %v dse %v, want %s only", x[0], y[0], dne, dse, kind)
				}
				found++
			}
		}
	}
	if found != 4 {
		t.Errorf("found %d of the 4 equilibria of the paper in %d points", found, len(rep.Equilibria))
	}
}

// TestRunAndErrors runs a config through the CLI and checks that a bad one
// fails with the key and line.
func TestRunAndErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "sga.yaml", `name: sga
game: {builtin: duopoly}
dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
iterations: 300
init: {x: [10], y: [10]}
`)
	out := filepath.Join(dir, "out")
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"metrics.csv", "summary.json", "config.yaml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	bad := writeFile(t, dir, "bad.yaml", "name: bad\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\nitrations: 5\n")
	_, err := execute(t, "run", bad, "--out", filepath.Join(dir, "bad"))
	if err == nil || !strings.Contains(err.Error(), `[4:1] unknown field "itrations"`) {
		t.Errorf("error %v; want the unknown key and its line", err)
	}
	if _, err := execute(t, "reproduce", "no-such-thing"); err == nil || !strings.Contains(err.Error(), "hic-cournot") {
		t.Errorf("unknown reproduction: error %v; want the list of names", err)
	}
	if _, err := execute(t, "reproduce", "stddpg-pendulum", "--variants", "ddpg,td3", "--out", filepath.Join(dir, "v")); err == nil ||
		!strings.Contains(err.Error(), `no variant "td3"`) || !strings.Contains(err.Error(), "stddpg-al") {
		t.Errorf("unknown variant: error %v; want the name and the variants", err)
	}
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--variants", "x"); err == nil || !strings.Contains(err.Error(), "no variants") {
		t.Errorf("variants of a reproduction without any: error %v", err)
	}
	if _, err := execute(t, "reproduce", "hic-cournot", "--report-only", "--out", filepath.Join(dir, "r")); err == nil ||
		!strings.Contains(err.Error(), "no complete seed") || !strings.Contains(err.Error(), "seed0") {
		t.Errorf("--report-only of a reproduction without runs on disk: error %v", err)
	}
	if _, err := execute(t, "reproduce", "hic-cournot", "--dtype", "float32"); err == nil || !strings.Contains(err.Error(), "--dtype: hic-cournot has no RL runs: --dtype and --steps apply to the RL reproductions") {
		t.Errorf("--dtype on a float64-only reproduction: error %v", err)
	}
	if _, err := execute(t, "reproduce", "stac-cartpole", "--dtype", "float16", "--out", filepath.Join(dir, "d")); err == nil || !strings.Contains(err.Error(), `--dtype: dtype "float16"`) {
		t.Errorf("--dtype float16: error %v", err)
	}
	list, err := execute(t, "reproduce", "--list")
	if err != nil || !strings.Contains(list, "fiez-torus") {
		t.Errorf("reproduce --list: %v %q", err, list)
	}
}

// The version line carries the module version and the VCS revision from
// the build info.
func TestVersionLine(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26", Main: debug.Module{Version: "v0.3.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.time", Value: "2026-12-01T14:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine("", bi), "stackel v0.3.0 revision 0123abc+modified (2026-12-01T14:00:00Z), go1.26"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got, want := versionLine("v1.0.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}), "stackel v1.0.0 (no VCS revision in the build info)"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// reproduce without a name points to --list.
func TestReproduceWithoutNameSuggestsList(t *testing.T) {
	_, err := execute(t, "reproduce")
	if err == nil || !strings.Contains(err.Error(), "stackel reproduce --list") {
		t.Fatalf("error %v, want a pointer to --list", err)
	}
}

// TestReproduceReportOnly: `reproduce NAME --report-only` works for a
// reproduction that is not made of resumable runs: after a one-seed run it
// rewrites the report from disk without running anything, and with a
// second seed asked for it reports the finished seed and names the
// missing runs.
func TestReproduceReportOnly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "d")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--quiet", "--out", out); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(filepath.Join(out, "results.json"))
	os.Remove(filepath.Join(out, "results.json"))
	log, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--quiet", "--out", out, "--report-only")
	if err != nil || strings.Contains(log, "reusing") {
		t.Fatalf("report-only: %v\n%s", err, log)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "results.json")); len(again) == 0 {
		t.Error("report-only wrote no results.json")
	}
	log, err = execute(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "2", "--quiet", "--out", out, "--report-only")
	if err != nil || !strings.Contains(log, "2 of 4 runs are not finished") || !strings.Contains(log, "stackelberg/seed1, sga/seed1") {
		t.Errorf("report-only with a seed missing: %v\n%s", err, log)
	}
	if len(first) == 0 {
		t.Error("the run wrote no results.json")
	}
}

// TestRunDefaultName: a config without a name takes its file's name for
// the output directory, summary.json and the saved config.yaml (which then
// runs into the same directory); before, only the directory had it.
func TestRunDefaultName(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "myrun.yaml", "game: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	t.Chdir(dir)
	if out, err := execute(t, "run", cfg, "--quiet"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var sum map[string]any
	readJSON(t, filepath.Join(dir, "out", "myrun", "summary.json"), &sum)
	if sum["name"] != "myrun" {
		t.Errorf("summary.json name %v, want myrun", sum["name"])
	}
	saved, err := os.ReadFile(filepath.Join(dir, "out", "myrun", "config.yaml"))
	if err != nil || !strings.Contains(string(saved), "name: myrun\n") {
		t.Fatalf("saved config.yaml (%v):\n%s", err, saved)
	}
	// The saved config runs into out/myrun again (refused there: it holds
	// the run), not into out/config.
	out, err := execute(t, "run", filepath.Join("out", "myrun", "config.yaml"), "--quiet")
	if err == nil || !strings.Contains(out+err.Error(), filepath.Join("out", "myrun")) {
		t.Errorf("the saved config ran elsewhere: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "config")); !os.IsNotExist(err) {
		t.Errorf("out/config exists: %v", err)
	}
}

// TestEmptyPathFlag: a path flag given as "" (an unset shell variable) is
// an error, not its default.
func TestEmptyPathFlag(t *testing.T) {
	cfg := writeFile(t, t.TempDir(), "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	for _, args := range [][]string{
		{"run", cfg, "--out", ""},
		{"reproduce", "hic-cournot", "--out="},
		{"worker", "--nats", "nats://127.0.0.1:1", "--work-dir", ""},
	} {
		out, err := execute(t, args...)
		if err == nil || !strings.Contains(err.Error(), `""`) || !strings.Contains(err.Error(), "empty path") {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
}
