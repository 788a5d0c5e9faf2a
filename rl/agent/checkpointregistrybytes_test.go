package agent

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// registryGolden is a checkpoint of testdata written by Save before
// checkpoints of NewWithEnv's runs recorded their factory and spaces: a
// registry run of goldenConfig, saved at epoch 0 in a process that had
// encoded nothing with gob yet, with its SHA-256, which pins the file.
type registryGolden struct {
	file, algo, sha256 string
	version            int
}

var registryGoldens = []registryGolden{
	{"testdata/registry_ddpg_before_factory.ckpt", "ddpg", "a1a43f42c5837babc1ae633bf1bfe4f35ac9b88edd64dbe6566a0a367d124404", 2},
	{"testdata/registry_stac_before_factory.ckpt", "stac", "14470bffc88629efda872c52f009056c7467841783d46e4654c7002b347ef914", 1},
}

// goldenConfig is the run of a registryGolden: ddpg on Pendulum-v1 or
// stac on CartPole-v1, seed 7, one hidden layer of 4.
func goldenConfig(t testing.TB, algoName string) Config {
	t.Helper()
	algo, envName := DDPG, "Pendulum-v1"
	if algoName == "stac" {
		algo, envName = STAC, "CartPole-v1"
	}
	c, err := Defaults(envName, algo)
	if err != nil {
		t.Fatal(err)
	}
	c.Seed, c.Hidden = 7, []int{4}
	c.LanczosIters, c.TestEpisodes, c.CG.Iters = 3, 1, 3
	if algo.OnPolicy() {
		c.StepsPerEpoch, c.Steps, c.Unroll = 300, 900, 5
	} else {
		c.StepsPerEpoch, c.Steps = 200, 600
		c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize, c.ReplaySize = 100, 100, 50, 16, 1000
	}
	return c
}

// TestRegistryCheckpointBytesUnchanged: a registry run's checkpoint is,
// byte for byte, the one Save wrote before checkpoints of NewWithEnv's
// runs recorded their factory and spaces (an off-policy run's, version
// 2, and an on-policy run's, version 1). Each Save runs in a fresh
// process (this test binary again), as the golden files were written:
// gob numbers types per process.
func TestRegistryCheckpointBytesUnchanged(t *testing.T) {
	if algo := os.Getenv("STACKEL_REGISTRY_GOLDEN"); algo != "" {
		a, err := New(goldenConfig(t, algo))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var out bytes.Buffer
		if err := a.Save(&out); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(os.Getenv("STACKEL_REGISTRY_GOLDEN_OUT"), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	for _, g := range registryGoldens {
		want, err := os.ReadFile(g.file)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(want); hex.EncodeToString(sum[:]) != g.sha256 {
			t.Fatalf("%s: SHA-256 %x, want %s: the golden file changed", g.file, sum, g.sha256)
		}
		out := filepath.Join(dir, g.algo)
		cmd := exec.Command(os.Args[0], "-test.run=^TestRegistryCheckpointBytesUnchanged$")
		cmd.Env = append(os.Environ(), "STACKEL_REGISTRY_GOLDEN="+g.algo, "STACKEL_REGISTRY_GOLDEN_OUT="+out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", g.algo, err, b)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: Save wrote %d bytes, %s has %d; first difference at byte %d", g.algo, len(got), g.file, len(want), i)
		}
	}
}

// TestRegistryCheckpointBeforeFactoryLoads: the golden registry
// checkpoints load with Load and LoadPolicy, as the runs of
// goldenConfig at epoch 0, with their versions.
func TestRegistryCheckpointBeforeFactoryLoads(t *testing.T) {
	for _, g := range registryGoldens {
		ck, err := os.ReadFile(g.file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := decodeSnapshot(bytes.NewReader(ck), true)
		if err != nil {
			t.Fatal(err)
		}
		if s.Version != g.version || s.EnvFactory || s.EnvSpaces != "" {
			t.Errorf("%s: version %d, EnvFactory %v, EnvSpaces %q; want %d, false, \"\"", g.file, s.Version, s.EnvFactory, s.EnvSpaces, g.version)
		}
		for name, load := range map[string]func([]byte) (*Agent, error){
			"Load":       func(b []byte) (*Agent, error) { return Load(bytes.NewReader(b)) },
			"LoadPolicy": func(b []byte) (*Agent, error) { return LoadPolicy(bytes.NewReader(b)) },
		} {
			a, err := load(ck)
			if err != nil {
				t.Errorf("%s of %s: %v", name, g.file, err)
				continue
			}
			if !SameConfig(a.Config(), goldenConfig(t, g.algo)) || a.Epoch() != 0 {
				t.Errorf("%s of %s: epoch %d, config %+v; want 0 and goldenConfig", name, g.file, a.Epoch(), a.Config())
			}
			a.Close()
		}
	}
}

// TestFactoryCheckpointVersion3: a NewWithEnv run's checkpoint is
// version 3, which a build reading versions 1 to 2 refuses by its
// version (decoded as such a build's snapshot, without the factory's
// fields); a registry run's stays version 2 (off-policy) or 1
// (on-policy). A version beyond 3 is refused naming 1 to 3.
func TestFactoryCheckpointVersion3(t *testing.T) {
	ck := saveBoxLine(t, "Line-v3", boxLineFactory(2, 1))
	// An older build's snapshot: the fields before the factory's.
	var old struct {
		Version               int
		Config                Config
		Actor, Critic, Target []float64
		ReplayFollows         bool
	}
	if err := gob.NewDecoder(bytes.NewReader(ck)).Decode(&old); err != nil {
		t.Fatal(err)
	}
	if old.Version != 3 {
		t.Errorf("factory checkpoint: version %d, want 3", old.Version)
	}
	for _, algo := range []string{"ddpg", "stac"} {
		a, err := New(goldenConfig(t, algo))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := a.Save(&b); err != nil {
			t.Fatal(err)
		}
		a.Close()
		s, err := decodeSnapshot(bytes.NewReader(b.Bytes()), true)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"ddpg": 2, "stac": 1}[algo]; s.Version != want {
			t.Errorf("%s registry checkpoint: version %d, want %d", algo, s.Version, want)
		}
	}
	s, err := decodeSnapshot(bytes.NewReader(ck), false)
	if err != nil {
		t.Fatal(err)
	}
	s.Version = 4
	_, err = LoadWithEnv(bytes.NewReader(encodeSnapshot53(t, s)), boxLineFactory(2, 1))
	if want := "agent: checkpoint version 4, this build reads 1 to 3"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("version 4: err %v, want %q", err, want)
	}
}
