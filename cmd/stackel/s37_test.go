package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestEnvsInfinityConsistent: an infinite Box bound is written -∞ or ∞ in
// the full and the compact form alike (CartPole's row said -Inf and +Inf,
// Hopper's -Inf and Inf).
func TestEnvsInfinityConsistent(t *testing.T) {
	text, err := execute(t, "envs")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Box([-4.8 -∞ -0.4189 -∞], [4.8 ∞ 0.4189 ∞], (4,))", // CartPole-v1
		"Box(-∞, ∞, (11,))", // Hopper-v4
	} {
		if !strings.Contains(text, want) {
			t.Errorf("envs: no %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "Inf") {
		t.Errorf("envs writes Inf:\n%s", text)
	}
	inf := math.Inf(1)
	if got, want := compactSpace(&env.Box{Low: []float64{0, -inf}, High: []float64{inf, 1}}), "Box([0 -∞], [∞ 1], (2,))"; got != want {
		t.Errorf("half-bounded box: %q, want %q", got, want)
	}
}

// TestRunSeedUint64: --seed takes every seed a config does, 0 to 2⁶⁴−1
// (an int64 flag refused 2⁶³ and above), and refuses anything else with an
// error naming the flag.
func TestRunSeedUint64(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	for _, s := range []string{"18446744073709551615", "9223372036854775808", "0"} {
		out := filepath.Join(dir, "o"+s)
		if _, err := execute(t, "run", cfg, "--seed", s, "--out", out, "--quiet"); err != nil {
			t.Fatalf("--seed %s: %v", s, err)
		}
		b, err := os.ReadFile(filepath.Join(out, "config.yaml"))
		if err != nil || !strings.Contains(string(b), "seed: "+s+"\n") {
			t.Errorf("--seed %s: recorded config %v\n%s", s, err, b)
		}
	}
	for _, s := range []string{"-1", "18446744073709551616", "1.5", "x", ""} {
		_, err := execute(t, "run", cfg, "--seed", s, "--out", filepath.Join(dir, "bad"), "--quiet")
		if err == nil || !strings.Contains(err.Error(), `for "--seed" flag`) || !strings.Contains(err.Error(), "0 to 18446744073709551615") {
			t.Errorf("--seed %q: error %v; want one naming --seed and the range", s, err)
		}
	}
}

// TestWallDuration: sweep status writes a job's wall time as the progress
// lines write durations, readable for jobs of hours.
func TestWallDuration(t *testing.T) {
	for _, c := range []struct {
		sec  float64
		want string
	}{{0.04, "0.0s"}, {59.96, "1m0s"}, {0.44, "0.4s"}, {12.34, "12.3s"}, {1234.4, "20m34s"}, {7260, "2h1m0s"}} {
		if got := wallDuration(c.sec); got != c.want {
			t.Errorf("wallDuration(%g) = %q, want %q", c.sec, got, c.want)
		}
	}
}

// TestJobRefusesSeedAndResumeByName: --seed and --resume given with --job
// are refused naming the flags given (the error said "--job runs the job
// as written" and named neither), before the job file is read.
func TestJobRefusesSeedAndResumeByName(t *testing.T) {
	dir := t.TempDir()
	job := filepath.Join(dir, "job.json") // never read: the flags are refused first
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--job", job, "--seed", "3"}, "--seed: not with --job, which runs the job as written"},
		{[]string{"run", "--job", job, "--resume", dir}, "--resume: not with --job"},
		{[]string{"run", "--job", job, "--resume", dir, "--seed", "2"}, "--seed, --resume: not with --job"},
	} {
		_, err := execute(t, c.args...)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: error %v, want it to start %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused commands wrote %d entries into %s", len(entries), dir)
	}
}
