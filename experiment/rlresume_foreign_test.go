package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeRefusesForeignCheckpoint puts into a stopped run's directory
// the checkpoint of another run — another algorithm, element type, network
// size, environment, seed or option — or a damaged one (cut, empty,
// padded, a byte flipped, another file altogether), and resumes: each is
// refused with an error naming what differs, and no file of the directory
// changes.
func TestResumeRefusesForeignCheckpoint(t *testing.T) {
	ctx := context.Background()
	base := tinyRL()
	base.Steps = 600
	const seed = 5
	// The run to resume: stopped after its first epoch.
	stopped := func(t *testing.T) string {
		dir := t.TempDir()
		kctx, cancel := context.WithCancel(ctx)
		defer cancel()
		cfg := &Config{Name: "r", Seed: seed, RL: new(base)}
		*cfg.RL = base
		if err := saveConfig(cfg, dir); err != nil {
			t.Fatal(err)
		}
		_, err := RunRLConfig(kctx, cfg, RunOptions{Out: dir, Progress: func(done, total int) { cancel() }})
		if err == nil || !Interrupted(err) {
			t.Fatalf("stopping the run: %v", err)
		}
		return dir
	}
	foreign := func(t *testing.T, rc RLConfig, s uint64) []byte {
		dir := t.TempDir()
		rc.Steps = rc.StepsPerEpoch
		if _, err := RunRL(ctx, rc, s, dir, false, nil); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, CheckpointFile))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	with := func(f func(*RLConfig)) RLConfig {
		rc := base
		rc.Extra = map[string]any{}
		for k, v := range base.Extra {
			rc.Extra[k] = v
		}
		f(&rc)
		return rc
	}
	own := func(t *testing.T, dir string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, CheckpointFile))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name string
		file func(t *testing.T, dir string) []byte
		want []string
	}{
		{"another algorithm", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.Algo, rc.CG = "ddpg", nil }), seed)
		}, []string{"different configuration", "rl.algo: ddpg in the checkpoint, stddpg here"}},
		{"another leader", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.Leader = "critic" }), seed)
		}, []string{"rl.leader: critic in the checkpoint, actor here"}},
		{"another dtype", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.DType = "float64" }), seed)
		}, []string{"written by a float64 run and this run is float32"}},
		{"another network size", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.Hidden = []int{8, 8} }), seed)
		}, []string{"rl.hidden: [8 8] in the checkpoint, [8] here"}},
		{"another environment", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.Env = "MountainCarContinuous-v0" }), seed)
		}, []string{"rl.env: MountainCarContinuous-v0 in the checkpoint, Pendulum-v1 here"}},
		{"another seed", func(t *testing.T, _ string) []byte {
			return foreign(t, base, seed+1)
		}, []string{"seed: 6 in the checkpoint, 5 here"}},
		{"another option", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.Extra["batch_size"] = 32 }), seed)
		}, []string{"rl.options.batch_size: 32 in the checkpoint, 16 here"}},
		{"another epoch size", func(t *testing.T, _ string) []byte {
			return foreign(t, with(func(rc *RLConfig) { rc.StepsPerEpoch = 300 }), seed)
		}, []string{"rl.steps_per_epoch: 300 in the checkpoint, 200 here"}},
		{"empty", func(*testing.T, string) []byte { return nil }, []string{"the file is empty (0 bytes)"}},
		{"cut", func(t *testing.T, dir string) []byte { b := own(t, dir); return b[:len(b)-100] }, []string{"the header says"}},
		{"cut in its header", func(t *testing.T, dir string) []byte { return own(t, dir)[:30] }, []string{"shorter than its header"}},
		{"padded", func(t *testing.T, dir string) []byte { return append(own(t, dir), 0) }, []string{"the header says"}},
		{"a byte flipped", func(t *testing.T, dir string) []byte {
			b := own(t, dir)
			b[len(b)/2] ^= 1
			return b
		}, []string{"SHA-256 mismatch"}},
		{"another file", func(t *testing.T, dir string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, ConfigFile))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}, []string{"corrupt checkpoint (an unframed one"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := stopped(t)
			if err := os.WriteFile(filepath.Join(dir, CheckpointFile), tc.file(t, dir), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			cfg, err := LoadConfig(filepath.Join(dir, ConfigFile))
			if err != nil {
				t.Fatal(err)
			}
			_, err = RunRLConfig(ctx, cfg, RunOptions{Out: dir, Resume: true})
			if err == nil {
				t.Fatal("resumed from a foreign checkpoint")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
			sameFiles(t, "refused resume", before, snapshot(t, dir))
		})
	}
}
