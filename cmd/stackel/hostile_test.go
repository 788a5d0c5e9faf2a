package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/fifotest"
)

// memLimitKB is the virtual-memory limit (ulimit -v) of every CLI process
// of the hostile-input and fault tests: an input that makes stackel
// allocate without bound dies under it instead of taking the machine.
const memLimitKB = 4 << 20 // 4 GiB

// cliResult is how a stackel process ended.
type cliResult struct {
	exit int
	out  string // stdout and stderr
}

// runCLI runs the test binary as the stackel command (see TestMain) in dir
// under the memory limit, with extra environment variables, and a generous
// time guard (a hang fails the test; no timing is asserted).
func runCLI(t *testing.T, dir string, env []string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{"-c", fmt.Sprintf(`ulimit -v %d; exec "$0" "$@"`, memLimitKB), os.Args[0]}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "STACKEL_TEST_MAIN=1"), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("stackel %v did not end within the 3-minute guard:\n%s", args, clip(string(out)))
	}
	r := cliResult{out: string(out)}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("stackel %v: %v", args, err)
	}
	return r
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// noCrash fails if the output shows a Go crash: a panic, a fatal runtime
// error or a goroutine dump.
func noCrash(t *testing.T, name string, r cliResult) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "fatal error:", "runtime error", "SIGSEGV"} {
		if strings.Contains(r.out, bad) {
			t.Errorf("%s: output contains %q (a crash):\n%s", name, bad, clip(r.out))
		}
	}
	if r.exit < 0 || r.exit > 2 {
		t.Errorf("%s: exit status %d (killed?):\n%s", name, r.exit, clip(r.out))
	}
}

// hostileCase is one input: the files written into a fresh directory, the
// command, the exit status and the words the output must contain.
type hostileCase struct {
	class string
	name  string
	files map[string]string
	args  []string
	exit  int
	want  []string
}

func aliasBomb(indent, first string) string {
	s := indent + "a0: &a0 " + first + "\n"
	for i := 1; i < 10; i++ {
		s += fmt.Sprintf("%sa%d: &a%d [%s]\n", indent, i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 10), ","))
	}
	return s
}

// hostileCases returns the hostile inputs. They are built when the test
// runs, not at package initialisation: some are tens of megabytes, and
// every stackel process the package's tests start (the test binary with
// STACKEL_TEST_MAIN=1) would build them again before main, ≈ 0.7 s of
// CPU each on session 14's machine, long enough for a signal sent a
// second after the start to find main's handlers not yet installed.
func hostileCases() []hostileCase {
	return []hostileCase{
		// Crashes inside the YAML library or on a nil game.
		{"crash", "tag on formula dims", map[string]string{"c.yaml": "name: t\ngame:\n  sense: cost\n  dims: !foo\n  f1: \"x[0]\"\n  f2: \"y[0]\"\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 4", "game.dims", "tag !foo"}},
		{"crash", "tag on rl.hidden", map[string]string{"c.yaml": "name: t\nrl:\n  env: CartPole-v1\n  algo: ac\n  hidden: !x\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.hidden", "tag"}},
		{"crash", "tag in a Markov spec", map[string]string{"c.yaml": "name: m\ngame: {markov: spec.json}\ndynamics: {kind: stackelberg-pg}\n", "spec.json": `{"gamma": 0.9, "R1": !000 0000}`},
			[]string{"run", "c.yaml"}, 1, []string{"game.markov", "R1", "tag"}},
		{"crash", "analyze on an rl config", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: ac}\n"},
			[]string{"analyze", "c.yaml"}, 1, []string{"analyze needs a smooth or bimatrix game", "rl"}},
		{"crash", "analyze on a Markov config", map[string]string{"c.yaml": "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg}\n"},
			[]string{"analyze", "c.yaml"}, 1, []string{"analyze needs a smooth or bimatrix game"}},
		// Memory: each limit is checked before allocating and named.
		{"memory", "alias bomb under game.params", map[string]string{"c.yaml": "name: b\ngame:\n  builtin: duopoly\n  params:\n" + aliasBomb("    ", "[1,1,1,1,1,1,1,1,1,1]") + "dynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"game.params", "expands", "STACKEL_MAX_INPUT_NODES"}},
		{"memory", "alias bomb under rl.options", map[string]string{"c.yaml": "name: b\nrl:\n  env: CartPole-v1\n  algo: ac\n  options:\n" + aliasBomb("    ", "[1,1,1,1,1,1,1,1,1,1]")},
			[]string{"run", "c.yaml"}, 1, []string{"rl.options", "expands", "STACKEL_MAX_INPUT_NODES"}},
		{"memory", "nesting 100000 deep", map[string]string{"c.yaml": "name: d\ngame: {builtin: duopoly, params: {A: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"nesting deeper than 100", "STACKEL_MAX_INPUT_DEPTH"}},
		{"memory", "block nesting 50000 deep", map[string]string{"c.yaml": "name: d\ngame:\n  params:\n    A:\n      " + strings.Repeat("- ", 50000) + "1\n"},
			[]string{"run", "c.yaml"}, 1, []string{"nesting deeper", "STACKEL_MAX_INPUT_DEPTH"}},
		{"memory", "50 MB list parameter", map[string]string{"c.yaml": "name: d\ngame: {builtin: duopoly, params: {A: [" + strings.Repeat("1,", 25_000_000) + "1]}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"too large", "limit 8388608", "STACKEL_MAX_INPUT_BYTES"}},
		// Devices, read without end before the size check.
		{"memory", "run /dev/zero", nil, []string{"run", "/dev/zero"}, 1, []string{"/dev/zero: is a device, not a regular file"}},
		{"memory", "Markov spec /dev/urandom", map[string]string{"c.yaml": "name: m\ngame: {markov: /dev/urandom}\ndynamics: {kind: stackelberg-pg}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"game.markov", "/dev/urandom: is a device, not a regular file"}},
		{"memory", "300 000 values in 0.6 MB", map[string]string{"c.yaml": "name: d\ngame: {builtin: duopoly, params: {A: [" + strings.Repeat("1,", 300_000) + "1]}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"more than 250000 values", "STACKEL_MAX_INPUT_VALUES"}},
		{"memory", "dims [1e9, 1]", map[string]string{"c.yaml": "name: t\ngame:\n  sense: cost\n  dims: [1000000000, 1]\n  f1: \"x[0]\"\n  f2: \"y[0]\"\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"game.dims[0] = 1000000000", "limit 4096", "STACKEL_MAX_DIM"}},
		{"memory", "quadratic d1 = 1e9", map[string]string{"c.yaml": "name: q\ngame: {builtin: quadratic, params: {d1: 1000000000, d2: 1, seed: 1}}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"game.params.d1", "STACKEL_MAX_DIM"}},
		{"memory", "hidden [100000, 100000]", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: ac, hidden: [100000, 100000]}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.hidden[0]", "100000", "STACKEL_MAX_WIDTH"}},
		{"memory", "hidden [60000, 60000]", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: ac, hidden: [60000, 60000]}\n"},
			[]string{"rl.hidden", "3600000000", "STACKEL_MAX_NET_PARAMS"}, 1, nil},
		{"memory", "replay_size 1e12", map[string]string{"c.yaml": "name: r\nrl: {env: Pendulum-v1, algo: ddpg, options: {replay_size: 1e12}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"replay_size", "STACKEL_MAX_BUFFER"}},
		{"memory", "random Markov game with 2000 states", map[string]string{"c.yaml": "name: m\ngame: {markov_builtin: random, params: {states: 2000, actions1: 2, actions2: 2, seed: 1}}\ndynamics: {kind: stackelberg-pg}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"states=2000", "STACKEL_MAX_MARKOV_SIZE"}},
		{"memory", "steps_per_epoch 4e7 (one epoch's buffers)", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: ac, steps: 100000000, steps_per_epoch: 40000000}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.steps_per_epoch: 40000000", "STACKEL_MAX_BUFFER"}},
		{"hang", "a 100 KB key above 100 000 values", map[string]string{"c.yaml": "name: h\ngame:\n  builtin: duopoly\n  params:\n    " + strings.Repeat("k", 100000) + ": [" + strings.Repeat("1,", 100000) + "1]\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 5", "key of 100000 bytes", "STACKEL_MAX_INPUT_PATH_BYTES"}},
		{"hang", "a 100 KB explicit key (? k) above 100 000 values", map[string]string{"c.yaml": "name: h\ngame:\n  builtin: duopoly\n  params:\n    ? " + strings.Repeat("k", 100000) + "\n    : [" + strings.Repeat("1,", 100000) + "1]\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 5", "explicit keys"}},
		{"hang", "rl cg.iters 1e12", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: stac, hidden: [4], cg: {iters: 1000000000000}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.cg.iters", "STACKEL_MAX_INNER"}},
		{"hang", "rl unroll 1e12", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: stac, hidden: [4], unroll: 1000000000000}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.unroll", "STACKEL_MAX_INNER"}},
		{"hang", "rl test_episodes 1e9", map[string]string{"c.yaml": "name: r\nrl: {env: Pendulum-v1, algo: ddpg, options: {test_episodes: 1000000000}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.options.test_episodes", "STACKEL_MAX_INNER"}},
		{"hang", "Markov sampled batch × horizon 1e24", map[string]string{"c.yaml": "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, estimator: sampled, batch: 1000000000000, horizon: 1000000000000}\niterations: 2\n"},
			[]string{"run", "c.yaml"}, 1, []string{"batch 1000000000000 × horizon", "STACKEL_MAX_SAMPLES"}},
		{"hang", "analyze --starts 1e9", map[string]string{"c.yaml": "name: a\ngame: {builtin: duopoly}\n"},
			[]string{"analyze", "c.yaml", "--starts", "1000000000"}, 1, []string{"--starts 1000000000 exceeds the limit"}},
		{"silent", "iterations 1e300", map[string]string{"c.yaml": "name: a\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 1e300\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 4", "iterations: 1e300 is outside the range of int"}},
		{"silent", "seed -1", map[string]string{"c.yaml": "name: a\nseed: -1\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 2", "seed: -1 is outside the range of uint64"}},
		// 2⁶⁴, too long for the parser's int64, was read as 2⁶³.
		{"silent", "seed 2^64", map[string]string{"c.yaml": "name: a\nseed: 18446744073709551616\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"c.yaml: config: line 2: seed: 18446744073709551616 is outside the range of uint64 (0 to 18446744073709551615)"}},
		{"silent", "duplicate JSON key", map[string]string{"c.yaml": `{"name": "a", "name": "b", "game": {"builtin": "duopoly"}, "dynamics": {"kind": "sga"}}`},
			[]string{"run", "c.yaml"}, 1, []string{`mapping key "name" already defined`}},
		{"silent", "probabilities summing to 0.7", map[string]string{"c.yaml": "name: m\ngame: {markov: s.yaml}\ndynamics: {kind: stackelberg-pg}\n", "s.yaml": "gamma: 0.9\nlambda: 0.2\nstates: 1\nactions: [1, 1]\nrho: [1]\nP: [[[[0.7]]]]\nR1: [[[0]]]\nR2: [[[0]]]\n"},
			[]string{"run", "c.yaml"}, 1, []string{"P[0][0][0] sums to 0.7"}},
		{"silent", "formula nested 100000 deep", map[string]string{"c.yaml": "name: a\ngame: {sense: cost, dims: [1,1], f1: \"" + strings.Repeat("(", 100000) + "x[0]" + strings.Repeat(")", 100000) + "\", f2: \"y[0]\"}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"f1", "nesting depth"}},
		// Silently wrong inputs: now errors naming key, line and value.
		{"silent", "iterations: 100.7", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 100.7\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 4", "iterations", "100.7 is not an integer"}},
		{"silent", "hidden: [64.5]", map[string]string{"c.yaml": "name: r\nrl: {env: CartPole-v1, algo: ac, hidden: [64.5]}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.hidden[0]", "64.5 is not an integer"}},
		{"silent", "batch_size: 32.5 in rl.options", map[string]string{"c.yaml": "name: r\nrl: {env: Pendulum-v1, algo: ddpg, options: {batch_size: 32.5}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"rl.options.batch_size", "integer"}},
		{"silent", "JSON \"steps\": 0", map[string]string{"c.json": `{"name": "j", "rl": {"env": "CartPole-v1", "algo": "stac", "steps": 0}}`},
			[]string{"run", "c.json"}, 1, []string{"line 1", "rl.steps: 0 is not a valid count"}},
		{"silent", "JSON \"steps\": 1000.7", map[string]string{"c.json": `{"name": "j", "rl": {"env": "CartPole-v1", "algo": "stac", "steps": 1000.7}}`},
			[]string{"run", "c.json"}, 1, []string{"rl.steps", "1000.7 is not an integer"}},
		{"silent", "JSON Markov spec \"states\": 1.5", map[string]string{"c.yaml": "name: m\ngame: {markov: s.json}\ndynamics: {kind: stackelberg-pg}\n", "s.json": `{"gamma": 0.9, "lambda": 0.2, "states": 1.5, "actions": [1, 1], "rho": [1], "P": [[[[1]]]], "R1": [[[0]]], "R2": [[[0]]]}`},
			[]string{"run", "c.yaml"}, 1, []string{"c.yaml: config: line 2: game.markov: s.json", "states: 1.5 is not an integer"}},
		{"silent", "rl.threads: -1 (found when the run is built)", map[string]string{"c.yaml": "name: r\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  threads: -1\n"},
			[]string{"run", "c.yaml"}, 1, []string{"c.yaml: config: line 5: rl.threads: -1 must not be negative"}},
		{"silent", "iterations: 0", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 0\n"},
			[]string{"run", "c.yaml"}, 1, []string{"iterations: 0 is not a valid count"}},
		{"silent", "init uniform [0, .inf]", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\ninit: {uniform: {x: [[0, .inf]], y: [[0, 1]]}}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"init.uniform.x[0][1] = +Inf", "finite"}},
		{"silent", "init x .nan", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\ninit: {x: [.nan], y: [1]}\n"},
			[]string{"run", "c.yaml"}, 1, []string{"init.x[0] = NaN"}},
		{"silent", "objective NaN everywhere", map[string]string{"c.yaml": "name: n\ngame:\n  sense: cost\n  dims: [1, 1]\n  f1: \"log(-1 - x[0]*x[0])\"\n  f2: \"(y[0] - x[0])*(y[0] - x[0])\"\ndynamics: {kind: sga}\niterations: 100\n"},
			[]string{"run", "c.yaml", "--out", "o"}, 1, []string{"iteration 0", "leader objective f1 is NaN"}},
		{"silent", "second YAML document", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n---\niterations: 7\n"},
			[]string{"run", "c.yaml"}, 1, []string{"line 5", "second YAML document"}},
		{"silent", "name escaping out/", map[string]string{"c.yaml": "name: ../../../x\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml"}, 1, []string{`name = "../../../x"`, "plain file name"}},
		{"silent", "reproduce --seeds -3", nil, []string{"reproduce", "hic-cournot", "--seeds", "-3"}, 1, []string{"--seeds -3: need at least 1"}},
		{"silent", "reproduce --workers -2", nil, []string{"reproduce", "hic-cournot", "--workers", "-2"}, 1, []string{"--workers -2: need at least 1"}},
		// An explicit 0 used to mean the default (the paper's seeds, a
		// 10⁶-step run) without a word.
		{"silent", "reproduce --seeds 0", nil, []string{"reproduce", "hic-cournot", "--seeds", "0"}, 1, []string{"--seeds 0: need at least 1", "leave it out for the default"}},
		{"silent", "reproduce --steps 0", nil, []string{"reproduce", "stddpg-pendulum", "--steps", "0"}, 1, []string{"--steps 0: need at least 1"}},
		// Flags that had no effect where they were given.
		{"silent", "reproduce --steps on a game reproduction", nil, []string{"reproduce", "hic-cournot", "--steps", "100"}, 1, []string{"--steps: hic-cournot has no RL runs", "stddpg-mujoco"}},
		{"silent", "reproduce --local-workers without --nats", nil, []string{"reproduce", "hic-cournot", "--local-workers", "2"}, 1, []string{"--local-workers: no effect without --nats"}},
		{"silent", "reproduce --replace without --nats", nil, []string{"reproduce", "hic-cournot", "--replace"}, 1, []string{"--replace: no effect without --nats"}},
		{"silent", "reproduce --workers with --emit", nil, []string{"reproduce", "hic-cournot", "--emit", "slurm", "--workers", "3"}, 1, []string{"--workers: no effect with --nats or --emit"}},
		{"silent", "reproduce --partition without --emit", nil, []string{"reproduce", "hic-cournot", "--partition", "gpu", "--time", "1:00:00"}, 1, []string{"--partition, --time: no effect without --emit slurm"}},
		{"silent", "reproduce --cpus-per-task 0", nil, []string{"reproduce", "hic-cournot", "--emit", "slurm", "--cpus-per-task", "0"}, 1, []string{"--cpus-per-task 0: need at least 1"}},
		{"silent", "sweep --attempts 0", nil, []string{"sweep", "s.yaml", "--attempts", "0"}, 1, []string{"--attempts 0: need at least 1"}},
		{"silent", "sweep --ack-wait -1s", nil, []string{"sweep", "s.yaml", "--ack-wait", "-1s"}, 1, []string{"--ack-wait -1s: need at least 500ms (workers report progress at most every 100 ms)"}},
		{"silent", "worker --concurrency -1", nil, []string{"worker", "--nats", "nats://127.0.0.1:1", "--concurrency", "-1"}, 1, []string{"--concurrency -1: need at least 0"}},
		{"silent", "run --index without --manifest", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"},
			[]string{"run", "c.yaml", "--index", "3"}, 1, []string{"--index: no effect without --manifest"}},
		{"silent", "run --index -5", nil, []string{"run", "--manifest", "m.json", "--index", "-5"}, 1, []string{"--index -5: a job's index in the manifest counts from 0"}},
		{"silent", "analyze --learn-stages -5", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\n"},
			[]string{"analyze", "c.yaml", "--learn-stages", "-5"}, 1, []string{"--learn-stages -5: need at least 0"}},
		{"silent", "analyze --learn-stages on a duopoly", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\n"},
			[]string{"analyze", "c.yaml", "--learn-stages", "5"}, 1, []string{"--learn-stages: only a bimatrix game", "has a commitment to learn"}},
		{"silent", "run --manifest with --out", nil, []string{"run", "--manifest", "m.json", "--index", "0", "--out", "elsewhere"}, 1, []string{"--out: not with --manifest"}},
		{"silent", "analyze --starts 0", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\n"},
			[]string{"analyze", "c.yaml", "--starts", "0"}, 1, []string{"--starts 0: need at least 1"}},
		{"silent", "CG on a singular follower Hessian, λ = 0", map[string]string{"c.yaml": "name: s\ngame:\n  sense: cost\n  dims: [1, 1]\n  f1: \"(x[0] - 1)*(x[0] - 1) + y[0]*y[0]\"\n  f2: \"x[0]*y[0]\"\ndynamics: {kind: stackelberg, solver: {kind: cg, lambda: 0}}\ninit: {x: [0.5], y: [1]}\niterations: 10\n"},
			[]string{"run", "c.yaml", "--out", "o"}, 1, []string{"iteration 1", "follower Hessian ∇yy f2 is singular (λ = 0"}},
		{"silent", "exact solver on the same game", map[string]string{"c.yaml": "name: s\ngame:\n  sense: cost\n  dims: [1, 1]\n  f1: \"(x[0] - 1)*(x[0] - 1) + y[0]*y[0]\"\n  f2: \"x[0]*y[0]\"\ndynamics: {kind: stackelberg, solver: {kind: exact, lambda: 0}}\ninit: {x: [0.5], y: [1]}\niterations: 10\n"},
			[]string{"run", "c.yaml", "--out", "o"}, 1, []string{"iteration 1", "follower Hessian ∇yy f2 is singular (λ = 0"}},
		{"silent", "unknown key", map[string]string{"c.yaml": "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\nitrations: 5\n"},
			[]string{"run", "c.yaml"}, 1, []string{"[4:1] unknown field \"itrations\""}},
		{"silent", "empty file", map[string]string{"c.yaml": ""}, []string{"run", "c.yaml"}, 1, []string{"empty configuration"}},
		{"silent", "binary garbage", map[string]string{"c.yaml": "\x00\xff\xfe{[\x01"}, []string{"run", "c.yaml"}, 1, []string{"config"}},
	}
}

// TestHostileInputs runs every hostile input through the CLI as a separate
// process under a 4 GiB memory limit and checks the exit status, that the
// error names the problem, and that no stack trace is printed.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process per input")
	}
	for _, c := range hostileCases() {
		t.Run(c.class+"/"+c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := c.args
			if c.want == nil { // the args slot holds the wanted words: a run of c.yaml
				args, c.want = []string{"run", "c.yaml"}, c.args
			}
			r := runCLI(t, dir, nil, args...)
			noCrash(t, c.name, r)
			if r.exit != c.exit {
				t.Errorf("exit %d, want %d:\n%s", r.exit, c.exit, clip(r.out))
			}
			for _, w := range c.want {
				if !strings.Contains(r.out, w) {
					t.Errorf("output does not name %q:\n%s", w, clip(r.out))
				}
			}
		})
	}
}

// TestHostileInputFiles runs input paths that are not ordinary small
// files through the CLI, as TestHostileInputs does: named pipes (whose
// open blocked, with SIGTERM ignored, until a writer came), a sparse file
// larger than the memory limit (read whole before the size check: "fatal
// error: out of memory"), a config one byte over a lowered size limit, and
// a config beginning with a UTF-8 byte-order mark, which runs.
func TestHostileInputFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process per input")
	}
	dir := t.TempDir()
	const cfg = "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 5\n"
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("c.yaml", cfg)
	write("over.yaml", cfg+"\n")
	write("bom.yaml", "\xef\xbb\xbf"+cfg)
	write("base.yaml", "name: s\nbase: fifo\nseeds: [1]\n")
	write("markov.yaml", "name: m\ngame: {markov: fifo}\ndynamics: {kind: stackelberg-pg}\n")
	if err := fifotest.Mkfifo(filepath.Join(dir, "fifo")); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	const pipe = "fifo: is a named pipe (FIFO), not a regular file"
	cases := []struct {
		name string
		env  []string
		args []string
		exit int
		want []string
	}{
		{"run a FIFO", nil, []string{"run", "fifo"}, 1, []string{pipe}},
		{"analyze a FIFO", nil, []string{"analyze", "fifo"}, 1, []string{pipe}},
		{"Markov spec a FIFO", nil, []string{"run", "markov.yaml"}, 1, []string{"game.markov", pipe}},
		{"sweep spec a FIFO", nil, []string{"sweep", "fifo"}, 1, []string{pipe}},
		{"sweep base a FIFO", nil, []string{"sweep", "base.yaml"}, 1, []string{"base.yaml: sweep: base: " + pipe}},
		{"job a FIFO", nil, []string{"run", "--job", "fifo"}, 1, []string{pipe}},
		{"manifest a FIFO", nil, []string{"run", "--manifest", "fifo", "--index", "0"}, 1, []string{pipe}},
		{"config one byte over a lowered limit", []string{fmt.Sprintf("STACKEL_MAX_INPUT_BYTES=%d", len(cfg))}, []string{"run", "over.yaml"}, 1,
			[]string{fmt.Sprintf("over.yaml: file of %d bytes is too large (limit %d; set STACKEL_MAX_INPUT_BYTES to raise it)", len(cfg)+1, len(cfg))}},
		{"config at a lowered limit", []string{fmt.Sprintf("STACKEL_MAX_INPUT_BYTES=%d", len(cfg))}, []string{"run", "c.yaml", "--out", "at", "--quiet"}, 0, []string{"wrote at"}},
		{"byte-order mark", nil, []string{"run", "bom.yaml", "--out", "bom", "--quiet"}, 0, []string{"duopoly: 5 iterations", "wrote bom"}},
	}
	// A sparse file larger than the memory limit of the process.
	if f, err := os.Create(filepath.Join(dir, "big.yaml")); err == nil {
		err = f.Truncate(memLimitKB<<10 + 1<<30)
		f.Close()
		if err == nil {
			cases = append(cases, struct {
				name string
				env  []string
				args []string
				exit int
				want []string
			}{"5 GiB sparse config", nil, []string{"run", "big.yaml"}, 1, []string{fmt.Sprintf("big.yaml: file of %d bytes is too large (limit 8388608; set STACKEL_MAX_INPUT_BYTES", int64(memLimitKB<<10+1<<30))}})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, dir, c.env, c.args...)
			noCrash(t, c.name, r)
			if r.exit != c.exit {
				t.Errorf("exit %d, want %d:\n%s", r.exit, c.exit, clip(r.out))
			}
			for _, w := range c.want {
				if !strings.Contains(r.out, w) {
					t.Errorf("output does not contain %q:\n%s", w, clip(r.out))
				}
			}
		})
	}
	// The byte-order mark changed nothing: the same numbers as without it.
	plain := runCLI(t, dir, nil, "run", "c.yaml", "--out", "plain", "--quiet")
	a, _ := os.ReadFile(filepath.Join(dir, "plain", "metrics.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "bom", "metrics.csv"))
	if plain.exit != 0 || len(a) == 0 || string(a) != string(b) {
		t.Errorf("metrics with a byte-order mark differ from those without (exit %d):\n%s\n%s", plain.exit, a, b)
	}
}

// TestNumberFormsAccepted checks that every YAML/JSON number form is read
// as the number: a run with A: 1e2 and 1E+2 in game.params, and
// actor_lr: 3e-2 in rl.options, gives exactly the numbers of 100 and 0.03.
func TestNumberFormsAccepted(t *testing.T) {
	dir := t.TempDir()
	body := "name: n\ngame: {builtin: duopoly, params: {A: %s, c1: 5, c2: 2}}\ndynamics: {kind: sga, leader_lr: {constant: %s}}\niterations: 50\ninit: {x: [10], y: [10]}\n"
	var metrics []string
	for i, f := range [][2]string{{"100", "0.01"}, {"1e2", "1e-2"}, {"1E+2", "1.0e-2"}, {"100.0", "10e-3"}} {
		cfg := fmt.Sprintf("c%d.yaml", i)
		os.WriteFile(filepath.Join(dir, cfg), []byte(fmt.Sprintf(body, f[0], f[1])), 0o644)
		out := fmt.Sprintf("o%d", i)
		r := runCLI(t, dir, nil, "run", cfg, "--out", out, "--quiet")
		if r.exit != 0 {
			t.Fatalf("%v: exit %d: %s", f, r.exit, r.out)
		}
		b, _ := os.ReadFile(filepath.Join(dir, out, "metrics.csv"))
		metrics = append(metrics, string(b))
	}
	for i := 1; i < len(metrics); i++ {
		if metrics[i] != metrics[0] {
			t.Errorf("number form %d gives other metrics than 100 / 0.01", i)
		}
	}
	os.WriteFile(filepath.Join(dir, "r.yaml"), []byte("name: r\nrl: {env: CartPole-v1, algo: ac, steps: 200, steps_per_epoch: 100, hidden: [8], options: {actor_lr: 3e-2, critic_lr: 1E-3, gamma: 99e-2}}\n"), 0o644)
	if r := runCLI(t, dir, nil, "run", "r.yaml", "--out", "r", "--quiet"); r.exit != 0 {
		t.Errorf("rl.options with 3e-2: exit %d: %s", r.exit, r.out)
	}
}

// TestAnalyzeBimatrixListsOnlyCriticalPoints checks that analyze on a 2×2
// bimatrix game lists no Newton end points run off to infinity (the
// softmax's flat directions) and that --json always encodes.
func TestAnalyzeBimatrixListsOnlyCriticalPoints(t *testing.T) {
	dir := t.TempDir()
	for name, params := range map[string]string{
		"pd":  "{A: [[3, 0], [5, 1]], B: [[3, 5], [0, 1]]}",
		"mp":  "{A: [[1, -1], [-1, 1]], B: [[-1, 1], [1, -1]]}",
		"coo": "{A: [[2, 0], [0, 1]], B: [[2, 0], [0, 1]]}",
	} {
		os.WriteFile(filepath.Join(dir, name+".yaml"), []byte("name: "+name+"\ngame: {builtin: bimatrix, params: "+params+"}\n"), 0o644)
		r := runCLI(t, dir, nil, "analyze", name+".yaml", "--json", "--learn-stages", "0")
		noCrash(t, name, r)
		var rep struct {
			Equilibria []struct{ X, Y []float64 }
		}
		if err := json.Unmarshal([]byte(r.out), &rep); r.exit != 0 || err != nil {
			t.Fatalf("%s: exit %d, %v:\n%s", name, r.exit, err, clip(r.out))
		}
		for _, p := range rep.Equilibria {
			for _, v := range append(append([]float64(nil), p.X...), p.Y...) {
				if math.Abs(v) > 1e6 {
					t.Errorf("%s: listed point %v %v has a coordinate beyond 1e6", name, p.X, p.Y)
				}
			}
		}
		if name == "mp" && len(rep.Equilibria) == 0 {
			t.Errorf("matching pennies: the interior mixed equilibrium is not listed")
		}
	}
}
