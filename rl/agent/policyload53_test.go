package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// policyConfig53 is a small run of algo on envName: hidden layer of 8,
// two test episodes, epochs of 200 steps (off-policy) or 300 (on-policy),
// three epochs, with the given dtype.
func policyConfig53(t testing.TB, envName string, algo Algo, dt ad.DType) Config {
	t.Helper()
	c, err := Defaults(envName, algo)
	if err != nil {
		t.Fatal(err)
	}
	c.Seed, c.Hidden, c.DType = 7, []int{8}, dt
	c.LanczosIters, c.TestEpisodes, c.CG.Iters = 3, 2, 3
	if algo.OnPolicy() {
		c.StepsPerEpoch, c.Steps, c.Unroll = 300, 900, 5
	} else {
		c.StepsPerEpoch, c.Steps = 200, 600
		c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize, c.ReplaySize = 100, 100, 50, 16, 1000
	}
	return c
}

// trainedCheckpoint53 runs one epoch of cfg and returns the agent's
// checkpoint (agent.Save's bytes).
func trainedCheckpoint53(t *testing.T, cfg Config) []byte {
	t.Helper()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLoadPolicyEvaluate53 checks, for an on-policy (STAC on CartPole) and
// two off-policy families (DDPG and SAC on Pendulum), float32 and float64,
// that LoadPolicy restores the checkpoint Load restores but for the
// replay buffer (none kept, where Load's holds the epoch's 200
// transitions): the same configuration, counters and network parameters
// bit for bit, and Evaluate's episodes, deterministic and stochastic,
// equal to the fully loaded agent's bit for bit (returns, lengths,
// terminated).
func TestLoadPolicyEvaluate53(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
	}{{"CartPole-v1", STAC}, {"Pendulum-v1", DDPG}, {"Pendulum-v1", SAC}} {
		for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
			t.Run(string(c.algo)+"/"+dt.String(), func(t *testing.T) {
				cfg := policyConfig53(t, c.env, c.algo, dt)
				data := trainedCheckpoint53(t, cfg)
				full, err := Load(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				defer full.Close()
				pol, err := LoadPolicy(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				defer pol.Close()
				if full.PolicyOnly() || !pol.PolicyOnly() {
					t.Errorf("PolicyOnly: Load's %v, LoadPolicy's %v; want false, true", full.PolicyOnly(), pol.PolicyOnly())
				}
				if !SameConfig(full.Config(), pol.Config()) || full.Epoch() != pol.Epoch() || full.Steps() != pol.Steps() {
					t.Errorf("LoadPolicy: epoch %d, steps %d, config %+v; Load: %d, %d, %+v", pol.Epoch(), pol.Steps(), pol.Config(), full.Epoch(), full.Steps(), full.Config())
				}
				if pol.Epoch() != 1 || pol.Steps() != cfg.StepsPerEpoch {
					t.Errorf("LoadPolicy: epoch %d, steps %d; want 1, %d", pol.Epoch(), pol.Steps(), cfg.StepsPerEpoch)
				}
				for _, p := range []struct {
					name       string
					full, pol  []float64
					wantLength int
				}{{"actor", full.actor.Data, pol.actor.Data, full.actor.Len()}, {"critic", full.critic.Data, pol.critic.Data, full.critic.Len()}} {
					if len(p.full) == 0 || !sameBits(p.full, p.pol) {
						t.Errorf("%s parameters differ (%d and %d of them)", p.name, len(p.full), len(p.pol))
					}
				}
				if o, ok := full.algo.(*offPolicy); ok {
					if !sameBits(full.target.Data, pol.target.Data) {
						t.Error("target critics differ")
					}
					if o.buf.Len() != cfg.StepsPerEpoch {
						t.Errorf("Load's replay buffer holds %d transitions, want %d", o.buf.Len(), cfg.StepsPerEpoch)
					}
					if b := pol.algo.(*offPolicy).buf; b != nil {
						t.Errorf("LoadPolicy's agent keeps a replay buffer of capacity %d, holding %d", b.Cap(), b.Len())
					}
				}
				for _, stochastic := range []bool{false, true} {
					o := EvalOptions{Episodes: 3, Seed: 11, Stochastic: stochastic}
					want, err := full.Evaluate(context.Background(), o)
					if err != nil {
						t.Fatal(err)
					}
					got, err := pol.Evaluate(context.Background(), o)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != 3 || len(want) != 3 {
						t.Fatalf("stochastic %v: %d and %d episodes, want 3", stochastic, len(got), len(want))
					}
					for i := range got {
						if math.Float64bits(got[i].Return) != math.Float64bits(want[i].Return) || got[i].Length != want[i].Length || got[i].Terminated != want[i].Terminated {
							t.Errorf("stochastic %v, episode %d: LoadPolicy's %+v, Load's %+v", stochastic, i, got[i], want[i])
						}
					}
				}
			})
		}
	}
}

// TestLoadPolicyRefusesTraining53 checks that RunEpoch, Save and Extend
// refuse an agent LoadPolicy loaded, with an error saying why and how to
// train it, and leave it as it was (Evaluate still plays it).
func TestLoadPolicyRefusesTraining53(t *testing.T) {
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	a, err := LoadPolicy(bytes.NewReader(trainedCheckpoint53(t, cfg)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const why = ": the agent was loaded for evaluation only (agent.LoadPolicy), without its checkpoint's replay buffer, and cannot continue the run; load the checkpoint with agent.Load to train it"
	_, errEpoch := a.RunEpoch(context.Background())
	errSave := a.Save(&bytes.Buffer{})
	errExtend := a.Extend(1200)
	for _, c := range []struct {
		what string
		err  error
	}{{"agent: run an epoch", errEpoch}, {"agent: checkpoint", errSave}, {"agent: extend to 1200 steps", errExtend}} {
		if c.err == nil || c.err.Error() != c.what+why {
			t.Errorf("%s: error %v, want %q", c.what, c.err, c.what+why)
		}
	}
	if a.Steps() != cfg.StepsPerEpoch || a.Epoch() != 1 || a.Config().Steps != cfg.Steps {
		t.Errorf("after the refusals: epoch %d, steps %d of %d; want 1, %d of %d", a.Epoch(), a.Steps(), a.Config().Steps, cfg.StepsPerEpoch, cfg.Steps)
	}
	if eps, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 1}); err != nil || len(eps) != 1 || eps[0].Length != 200 {
		t.Errorf("Evaluate after the refusals: %+v, %v; want one episode of Pendulum's 200 steps", eps, err)
	}
}

// TestPolicySnapshotFields53 checks that policySnapshot has snapshot's
// fields, names and types in order, but Replay: a field added to the
// checkpoint and not to it would be dropped by LoadPolicy.
func TestPolicySnapshotFields53(t *testing.T) {
	full, pol := reflect.TypeFor[snapshot](), reflect.TypeFor[policySnapshot]()
	var want, got []string
	for i := range full.NumField() {
		if f := full.Field(i); f.Name != "Replay" {
			want = append(want, f.Name+" "+f.Type.String())
		}
	}
	for i := range pol.NumField() {
		f := pol.Field(i)
		got = append(got, f.Name+" "+f.Type.String())
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("policySnapshot's fields:\n%s\nsnapshot's but Replay:\n%s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
}

// TestLoadPolicyChecks53 checks that LoadPolicy refuses, with Load's
// error, a checkpoint whose policy is damaged (a non-finite or, float32,
// out-of-range actor parameter, a critic of another shape, counters or a
// version of another run), and that it accepts one whose only damage is
// in the replay buffer (a NaN observation; a buffer in an on-policy run's
// checkpoint), which Load refuses: the buffer is not read.
func TestLoadPolicyChecks53(t *testing.T) {
	decode := func(t *testing.T, cfg Config) snapshot {
		s, err := decodeSaved(bytes.NewReader(trainedCheckpoint53(t, cfg)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ddpg64 := decode(t, policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64))
	ddpg32 := decode(t, policyConfig53(t, "Pendulum-v1", DDPG, ad.Float32))
	stac := decode(t, policyConfig53(t, "CartPole-v1", STAC, ad.Float64))
	// nanObs is s with an element of the first stored transition's
	// observation NaN, the buffer's checksums valid.
	nanObs := func(s snapshot) snapshot {
		b := replayWithObs53(t, s, math.NaN())
		s.Replay = b
		return s
	}
	for _, c := range []struct {
		name    string
		base    snapshot
		change  func(*snapshot)
		wantErr string // both loaders' error; "" when LoadPolicy accepts
		loadErr string // Load's error when LoadPolicy accepts
	}{
		{"NaN actor parameter", ddpg64, func(s *snapshot) { s.Actor = cloneSet53(s.Actor, 3, math.NaN()) },
			"agent: checkpoint actor parameters: element 3 is NaN, not finite", ""},
		{"float32 actor parameter beyond range", ddpg32, func(s *snapshot) { s.Actor = cloneSet53(s.Actor, 5, 1e39) },
			"agent: checkpoint actor parameters: element 5 is 1e+39, beyond float32's range (+Inf on a float32 tape)", ""},
		{"short critic", ddpg64, func(s *snapshot) { s.Critic = s.Critic[:len(s.Critic)-1] },
			"agent: checkpoint critic has 48 parameters, the network 49", ""},
		{"steps of another epoch", ddpg64, func(s *snapshot) { s.Steps = 300 },
			"agent: checkpoint steps 300 after epoch 1, the run takes 200 (steps_per_epoch 200, steps 600)", ""},
		{"version", ddpg64, func(s *snapshot) { s.Version = 4 },
			"agent: checkpoint version 4, this build reads 1 to 3", ""},
		{"invalid config", ddpg64, func(s *snapshot) { s.Config.Gamma = 2 },
			"agent: checkpoint config: rl.options.gamma: 2 outside [0, 1]", ""},
		{"NaN observation in the replay buffer", ddpg64, func(s *snapshot) { *s = nanObs(*s) },
			"", "agent: checkpoint replay buffer transition 0: "},
		{"replay buffer in an on-policy checkpoint", stac, func(s *snapshot) { s.Replay = ddpg64.Replay },
			"", "agent: checkpoint has a replay buffer (%d bytes), which a stac run does not keep: it was not written by a run of this configuration"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.base
			c.change(&s)
			var in bytes.Buffer
			if err := gob.NewEncoder(&in).Encode(&s); err != nil {
				t.Fatal(err)
			}
			data := in.Bytes()
			full, errFull := Load(bytes.NewReader(data))
			pol, errPol := LoadPolicy(bytes.NewReader(data))
			if full != nil {
				full.Close()
			}
			if pol != nil {
				pol.Close()
			}
			loadErr := c.wantErr
			if c.wantErr == "" {
				loadErr = strings.Replace(c.loadErr, "%d", strconv.Itoa(len(s.Replay)), 1)
				if errPol != nil {
					t.Errorf("LoadPolicy: %v; want the checkpoint accepted", errPol)
				}
			} else if errPol == nil || errPol.Error() != c.wantErr {
				t.Errorf("LoadPolicy: %v; want %q", errPol, c.wantErr)
			}
			if errFull == nil || !strings.HasPrefix(errFull.Error(), loadErr) {
				t.Errorf("Load: %v; want %q", errFull, loadErr)
			}
		})
	}
}

// TestLoadPolicyMemory53 checks that LoadPolicy neither copies nor keeps
// the replay buffer: a DDPG Pendulum checkpoint at its run's end, whose
// buffer of 20000 transitions (1.44 MB of values) is most of its payload.
// Save's layout (version 2, the buffer in a message after the snapshot):
// LoadPolicy allocates less than a tenth of the payload (it reads the
// snapshot's message alone) and reads less than a tenth of its bytes.
// Version 1's layout (the buffer inside the snapshot, as checkpoints
// written before 2026-12-07 hold it): less than 1.25 times the payload
// (gob reads the message whole into its buffer, skipping the field).
// Load allocates between 0.9 and 1.25 times the payload (the buffer's
// storage, which newAgent makes and the buffer's message is read into
// from the stream, with no copy of its bytes; gob's message and the
// []byte decoded from it made it more than 3 times); after a
// collection the agent LoadPolicy returns holds less than a tenth of the
// payload of the heap, Load's more than 0.9 times it (its buffer).
func TestLoadPolicyMemory53(t *testing.T) {
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	cfg.Steps, cfg.ReplaySize = 20000, 20000
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*offPolicy)
	obs, act := []float64{0.5, -0.5, 0.25}, []float64{1}
	for i := range cfg.Steps {
		obs[2] = float64(i)
		o.buf.Add(obs, act, -1, obs, false)
	}
	a.epoch, a.steps = cfg.Epochs(), cfg.Steps
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	a.Close()
	payload := buf.Len()
	if payload < 20000*9*8 {
		t.Fatalf("payload of %d bytes, fewer than the buffer's 1440000", payload)
	}
	v1, err := decodeSaved(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	v1.Version = 1
	v1Data := encodeSnapshot53(t, v1)
	measure := func(data []byte, load func(*bytes.Reader) (*Agent, error)) (allocated, kept uint64, read int, ag *Agent) {
		var m0, m1, m2 runtime.MemStats
		r := bytes.NewReader(data)
		runtime.GC()
		runtime.ReadMemStats(&m0)
		ag, err := load(r)
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		runtime.GC()
		runtime.ReadMemStats(&m2)
		return m1.TotalAlloc - m0.TotalAlloc, m2.HeapAlloc - min(m2.HeapAlloc, m0.HeapAlloc), len(data) - r.Len(), ag
	}
	polAlloc, polKept, polRead, pol := measure(buf.Bytes(), func(r *bytes.Reader) (*Agent, error) { return LoadPolicy(r) })
	v1Alloc, _, _, v1Pol := measure(v1Data, func(r *bytes.Reader) (*Agent, error) { return LoadPolicy(r) })
	fullAlloc, fullKept, _, full := measure(buf.Bytes(), func(r *bytes.Reader) (*Agent, error) { return Load(r) })
	t.Logf("payload %d bytes; LoadPolicy allocated %d, kept %d, read %d (version 1: allocated %d); Load allocated %d, kept %d", payload, polAlloc, polKept, polRead, v1Alloc, fullAlloc, fullKept)
	if float64(polAlloc) >= 0.1*float64(payload) || float64(polRead) >= 0.1*float64(payload) {
		t.Errorf("LoadPolicy allocated %d bytes and read %d, not both under a tenth of the payload's %d", polAlloc, polRead, payload)
	}
	if float64(v1Alloc) >= 1.25*float64(payload) || float64(v1Alloc) <= 0.9*float64(payload) {
		t.Errorf("LoadPolicy of the version 1 layout allocated %d bytes, not between 0.9 and 1.25 × the payload's %d", v1Alloc, payload)
	}
	if float64(fullAlloc) >= 1.25*float64(payload) || float64(fullAlloc) <= 0.9*float64(payload) {
		t.Errorf("Load allocated %d bytes, not between 0.9 and 1.25 × the payload's %d", fullAlloc, payload)
	}
	if float64(fullKept) <= 0.9*float64(payload) {
		t.Errorf("Load's agent keeps %d bytes of heap, not over 0.9 × the payload's %d (the measure is off)", fullKept, payload)
	}
	if float64(polKept) >= 0.1*float64(payload) {
		t.Errorf("LoadPolicy's agent keeps %d bytes of heap, not under a tenth of the payload's %d", polKept, payload)
	}
	runtime.KeepAlive(&buf) // live through both measures
	runtime.KeepAlive(pol)
	runtime.KeepAlive(full)
	pol.Close()
	v1Pol.Close()
	full.Close()
}

// replayWithObs53 returns s's replay buffer with its first
// transition's observation's second element set to r, reloaded and marshalled again so that
// its checksums hold.
func replayWithObs53(t *testing.T, s snapshot, r float64) []byte {
	t.Helper()
	a, err := Load(bytes.NewReader(encodeSnapshot53(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b := a.algo.(*offPolicy).buf
	b.At(0).Obs[1] = r // At's slices are the buffer's storage
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func encodeSnapshot53(t *testing.T, s snapshot) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cloneSet53 returns a copy of v with element i set to x.
func cloneSet53(v []float64, i int, x float64) []float64 {
	v = append([]float64(nil), v...)
	v[i] = x
	return v
}
