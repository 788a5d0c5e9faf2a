package experiment

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOccupiedDirHintByKind: PrepareRunDir's refusal of a directory
// holding a run says how to continue that run, and says it right for its
// kind. Before, it said "continue it with --resume DIR (RL runs)" for
// every run: for a smooth run, which `--resume` refuses ("keeps no
// checkpoint"), and with DIR as it is, so that for a directory "a b/c d"
// the suggested "--resume a b/c d" was three shell words. Now an RL run's
// hint is `stackel run --resume 'DIR'`, quoted for a POSIX shell (checked
// by sh itself where there is one), and a smooth run's says it cannot be
// continued with --resume.
func TestOccupiedDirHintByKind(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		name, config string
		want, not    []string
	}{
		{"smooth", "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n",
			[]string{"it is a smooth run, which keeps no checkpoint and cannot be continued with --resume (only RL runs can)", "delete it with --force"},
			[]string{"continue it with"}},
		{"rl", "name: r\nrl: {env: CartPole-v0, algo: stac}\n",
			[]string{"continue it with stackel run --resume '"}, nil},
		{"noconfig", "", []string{"it records no run that --resume can continue (no readable config.yaml)"}, []string{"continue it with"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(root, tc.name+" it's", "c d")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if tc.config != "" {
				cfg, err := ParseConfig([]byte(tc.config))
				if err != nil {
					t.Fatal(err)
				}
				if err := saveConfig(cfg, dir); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, MetricsFile), []byte("iter\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := PrepareRunDir(dir, false)
			if err == nil {
				c.Release()
				t.Fatal("PrepareRunDir accepted an occupied directory")
			}
			if !errors.Is(err, ErrOccupied) {
				t.Fatalf("%v; want ErrOccupied", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%v\nwant it to contain %q", err, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(err.Error(), w) {
					t.Errorf("%v\nwant it not to contain %q", err, w)
				}
			}
			if tc.name != "rl" {
				return
			}
			_, cmd, ok := strings.Cut(err.Error(), "continue it with ")
			if !ok {
				t.Fatal("no command")
			}
			cmd, _, _ = strings.Cut(cmd, ", delete it with --force")
			if want := "stackel run --resume " + shellQuote(dir); cmd != want {
				t.Fatalf("suggested %q, want %q", cmd, want)
			}
			sh, err := exec.LookPath("sh")
			if err != nil {
				t.Skip("no sh to check the quoting with")
			}
			// The words the shell makes of the suggestion, one a line.
			out, err := exec.Command(sh, "-c", "printf '%s\\n' "+cmd).Output()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(out), "stackel\nrun\n--resume\n"+dir+"\n"; got != want {
				t.Errorf("sh reads the suggestion as %q, want %q", got, want)
			}
		})
	}
}

// TestShellQuote: the quoting of paths in suggested commands.
func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"out/run-1":  "out/run-1",
		"":           "''",
		"a b":        "'a b'",
		"it's":       `'it'\''s'`,
		"~/x":        "'~/x'",
		"$HOME/x":    "'$HOME/x'",
		"a*b":        "'a*b'",
		"/tmp/a=b@c": "/tmp/a=b@c",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestResumeSmoothSuggestsQuotedRerun: the refusal to resume a smooth run
// suggests rerunning it with --out DIR --force, DIR quoted for the shell.
func TestResumeSmoothSuggestsQuotedRerun(t *testing.T) {
	cfg, err := ParseConfig([]byte("name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a b")
	_, err = Run(t.Context(), cfg, RunOptions{Out: dir, Resume: true})
	if want := "rerun it (stackel run CONFIG --out '" + dir + "' --force)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("%v\nwant it to contain %q", err, want)
	}
}
