package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestBatchLargerThanReplayRefused: an off-policy batch_size above
// replay_size is refused, at the line of the key written (batch_size when
// both are), for each off-policy algorithm. Before session 43 the run went
// on, every mini-batch repeating transitions of a buffer that never held a
// batch's worth. A batch equal to the buffer is accepted.
func TestBatchLargerThanReplayRefused(t *testing.T) {
	head := "name: b\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: %s\n  steps: 400\n  steps_per_epoch: 200\n  options:\n    update_after: 100\n    update_every: 50\n"
	for _, algo := range []string{"ddpg", "stddpg", "sac", "stsac"} {
		for _, c := range []struct{ opts, want string }{
			{"    batch_size: 2000\n    replay_size: 1000\n",
				"config: line 11: rl.options.batch_size: 2000 is larger than rl.options.replay_size 1000; every mini-batch would repeat transitions of a buffer that never holds a batch's worth: give a batch_size of at most replay_size"},
			{"    replay_size: 50\n",
				"config: line 11: rl.options.replay_size: 50 is smaller than rl.options.batch_size 100; every mini-batch would repeat transitions of a buffer that never holds a batch's worth: give a replay_size of at least batch_size"},
			{"    batch_size: 64\n    replay_size: 64\n", ""},
		} {
			path, cfg := loadConfigText(t, strings.Replace(head, "%s", algo, 1)+c.opts)
			got := cfg.Locate(Check(cfg))
			switch {
			case c.want == "" && got != nil:
				t.Errorf("%s %q: %v, want accepted", algo, c.opts, got)
			case c.want != "" && (got == nil || got.Error() != path+": "+c.want):
				t.Errorf("%s %q:\n got %v\nwant %s: %s", algo, c.opts, got, path, c.want)
			}
		}
	}
}

// TestThresholdUnmeasuredWithoutTestEpisodes: an off-policy run with
// test_episodes 0 cannot measure its threshold (the test return), and
// summary.json and the one-line summary say so rather than that the
// threshold was not reached, as they did before session 43; an on-policy
// run with test_episodes 0 (whose threshold is on the training return)
// and an off-policy run with test episodes say nothing of it.
func TestThresholdUnmeasuredWithoutTestEpisodes(t *testing.T) {
	off := "name: te\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  steps: 200\n  steps_per_epoch: 100\n  hidden: [4]\n" +
		"  options:\n    start_steps: 50\n    update_after: 50\n    update_every: 50\n    batch_size: 8\n    replay_size: 200\n    test_episodes: %s\n"
	on := "name: te\nseed: 1\nrl:\n  env: CartPole-v1\n  algo: ac\n  steps: 200\n  steps_per_epoch: 100\n  hidden: [4]\n  unroll: 2\n  options:\n    test_episodes: %s\n"
	for _, c := range []struct {
		name, src, episodes string
		unmeasured          bool
	}{
		{"ddpg no tests", off, "0", true},
		{"ddpg tests", off, "1", false},
		{"ac no tests", on, "0", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(strings.Replace(c.src, "%s", c.episodes, 1)))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			line, err := RunRLConfig(context.Background(), cfg, RunOptions{Out: dir, Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			why, has := m["threshold_unmeasured"]
			if has != c.unmeasured {
				t.Errorf("summary.json threshold_unmeasured present %v, want %v:\n%s", has, c.unmeasured, data)
			}
			if c.unmeasured {
				if want := "rl.options.test_episodes is 0: ddpg's threshold applies to the deterministic test return, which no test episode measured"; why != want {
					t.Errorf("threshold_unmeasured %q, want %q", why, want)
				}
				if m["steps_to_threshold"] != -1.0 {
					t.Errorf("steps_to_threshold %v, want -1", m["steps_to_threshold"])
				}
				if !strings.HasSuffix(line, ", threshold -200 not measured (rl.options.test_episodes: 0)") {
					t.Errorf("summary line %q does not say the threshold was not measured", line)
				}
			} else if strings.Contains(line, "not measured") {
				t.Errorf("summary line %q says not measured", line)
			}
		})
	}
}

// TestConfigDiffNamesKeys: a resume refused for another configuration
// names each differing setting by the key that sets it in the file, for
// every field of agent.Config (a field added without a key fails here),
// with normalize_advantages' values as written. Before session 43 it named
// the Go fields ("BatchSize: 16 in the checkpoint, 17 here").
func TestConfigDiffNamesKeys(t *testing.T) {
	var walk func(prefix string, ty reflect.Type)
	walk = func(prefix string, ty reflect.Type) {
		for i := range ty.NumField() {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type.NumField() > 0 && f.Type.Field(0).IsExported() {
				walk(prefix+f.Name+".", f.Type)
				continue
			}
			key, ok := configKeys[prefix+f.Name]
			if !ok {
				t.Errorf("agent.Config.%s%s has no configuration key in configKeys", prefix, f.Name)
				continue
			}
			if opt, isOpt := strings.CutPrefix(key, "rl.options."); isOpt {
				if _, known := rlOptions[opt]; !known {
					t.Errorf("%s%s: %s is not an rl option", prefix, f.Name, key)
				}
			}
		}
	}
	walk("", reflect.TypeOf(agent.Config{}))

	old, err := RLAgentConfig(RLConfig{Env: "Pendulum-v1", Algo: "ac", Extra: map[string]any{"normalize_advantages": false}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	cfg := old
	cfg.RawAdvantages, cfg.Seed, cfg.BatchSize, cfg.CG.Iters = false, 2, 17, 4
	want := "seed: 1 in the checkpoint, 2 here; rl.cg.iters: 10 in the checkpoint, 4 here; rl.options.batch_size: 0 in the checkpoint, 17 here; rl.options.normalize_advantages: false in the checkpoint, true here"
	if got := configDiff(old, cfg); got != want {
		t.Errorf("configDiff:\n got %s\nwant %s", got, want)
	}
}

// TestLambdaDecayWithoutRoomRefused: lambda_decay below 1 when
// lambda_min equals the default cg.lambda (both 0 on CartPole) decays
// nothing, and is refused at its line; before session 43 the run went on
// with λ constant, the option ignored. With a cg.lambda written out (5,
// lambda_min 5 or 1) it is accepted.
func TestLambdaDecayWithoutRoomRefused(t *testing.T) {
	src := "name: ld\nrl:\n  env: CartPole-v1\n  algo: stac\n  steps: 600\n  steps_per_epoch: 300\n%s  options:\n    lambda_decay: 0.5\n%s"
	for _, c := range []struct{ cg, min, want string }{
		{"", "", "config: line 8: rl.options.lambda_decay: 0.5 has no effect with rl.cg.lambda 0 (its default on CartPole-v1) and rl.options.lambda_min 0: λ = max(lambda_min, cg.lambda·lambda_decay^(E−1)) is 0 at every epoch; give a cg.lambda above lambda_min to decay from, or drop lambda_decay"},
		{"", "    lambda_min: 0\n", "config: line 8: rl.options.lambda_decay: 0.5 has no effect with rl.cg.lambda 0 (its default on CartPole-v1) and rl.options.lambda_min 0: λ = max(lambda_min, cg.lambda·lambda_decay^(E−1)) is 0 at every epoch; give a cg.lambda above lambda_min to decay from, or drop lambda_decay"},
		// A cg.lambda written out is kept, as a grid's point is
		// (TestLambdaDecayWithWrittenLambdaAccepted).
		{"  cg: {lambda: 5}\n", "    lambda_min: 5\n", ""},
		{"  cg: {lambda: 5}\n", "    lambda_min: 1\n", ""},
	} {
		text := strings.Replace(strings.Replace(src, "%s", c.cg, 1), "%s", c.min, 1)
		path, cfg := loadConfigText(t, text)
		got := cfg.Locate(Check(cfg))
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%q: %v, want accepted", text, got)
		case c.want != "" && (got == nil || got.Error() != path+": "+c.want):
			t.Errorf("%q:\n got %v\nwant %s: %s", text, got, path, c.want)
		}
	}
}
