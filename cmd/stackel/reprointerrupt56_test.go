package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReproduceInterruptedSays56: a reproduction that Ctrl-C or SIGTERM
// stops (here a context cancelled before it starts) ends with an error
// saying it was interrupted, not failed, where its runs are, and that
// the same command continues it, as an interrupted `stackel run` does.
// Before, the error was the interrupted step's own ("stddpg epoch 19:
// context canceled", "conjugate gradient stopped after 0 iterations:
// context canceled"), which reads as a failure.
func TestReproduceInterruptedSays56(t *testing.T) {
	for _, name := range []string{"fiez-duopoly", "stac-cartpole"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "o")
			_, err := executeStopped(t, "reproduce", name, "--quick", "--out", out, "--quiet")
			want := name + ": interrupted (Ctrl-C or SIGTERM), not failed: its runs so far are in " + out +
				"; the same command continues it (finished runs are reused, an interrupted RL run resumes from its last checkpoint, any other run starts again)"
			if err == nil || err.Error() != want {
				t.Fatalf("got error\n%v\nwant\n%s", err, want)
			}
			if strings.Contains(err.Error(), "context canceled") {
				t.Errorf("the error still names the context: %v", err)
			}
		})
	}
}

// TestReproInterruptedEmptyOut56: an interrupted reproduction whose
// output directory is still empty (which the command then removes) says
// that no run started, not where its runs are.
func TestReproInterruptedEmptyOut56(t *testing.T) {
	out := t.TempDir()
	want := "fiez-duopoly: interrupted (Ctrl-C or SIGTERM) before any run started: nothing was written; the same command starts it"
	if err := reproInterrupted("fiez-duopoly", out); err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}
