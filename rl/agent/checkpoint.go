package agent

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/stackel/stackel/internal/gobwire"
	"github.com/stackel/stackel/rl/optim"
	"github.com/stackel/stackel/rl/replay"
)

// checkpointVersion is bumped when the snapshot layout changes: 1 holds
// an off-policy run's replay buffer inside the snapshot (Replay); 2, which
// Save writes for an off-policy run, holds it in a second gob message
// after the snapshot (ReplayFollows), so that LoadPolicy reads the
// policy's message alone and stops before the buffer, most of an
// off-policy checkpoint. An on-policy run's checkpoint, which has no
// buffer, is the same in both layouts and is written as version 1, so
// that a stackel of before version 2 still resumes it. 3 is the
// checkpoint of a run on an EnvFactory's environment (NewWithEnv), whose
// snapshot says so (EnvFactory, EnvSpaces; an off-policy run's buffer
// follows it as in 2): a build that reads 1 to 2, which knows nothing
// of factories, refuses it by its version instead of resuming it on the
// registry's environment of its Config.Env. Load reads all three.
const checkpointVersion = 3

// registryVersion is the version of an off-policy registry run's
// checkpoint (an on-policy one's is 1); only a factory run's is
// checkpointVersion.
const registryVersion = 2

// snapshot is everything an Agent needs to continue exactly where it
// stopped after an epoch: parameters, optimiser moments, random streams and
// the replay buffer. The environments need nothing, since every epoch starts
// with a reset drawn from the saved environment stream. Checkpoints of
// every version decode into it (gob matches fields by name); a registry
// run's is written without EnvFactory and EnvSpaces (registrySnapshot),
// byte for byte as before they existed.
type snapshot struct {
	Version      int
	Config       Config
	Epoch, Steps int
	// EnvFactory says that the run's environments were built by an
	// EnvFactory (NewWithEnv, LoadWithEnv), not looked up in the
	// registry by Config.Env: Load and LoadPolicy refuse the checkpoint.
	// EnvSpaces is then the environment's spaces, written exactly
	// (exactSpace), which LoadWithEnv's factory must build again.
	// Both are absent in registry runs' checkpoints and in factory runs'
	// written before they existed.
	EnvFactory                bool
	EnvSpaces                 string
	Actor, Critic, Target     []float64
	ActorOpt, CriticOpt       []byte
	AgentRng, EnvRng, TestRng []byte
	DiagRng                   []byte
	NoiseRng                  []byte // absent in checkpoints written before gradient noise existed
	// ReplayFollows says that the replay buffer (Replay) follows the
	// snapshot as a second gob message (versions 2 and 3, an off-policy
	// run's); without it, Replay is inside the snapshot (version 1, or a
	// test's).
	ReplayFollows bool
	Replay        []byte
}

// Save writes the agent's state between epochs to w (encoding/gob): the
// snapshot, then an off-policy run's replay buffer as a second message
// (checkpoint version 2; LoadPolicy reads the first alone; an on-policy
// run's, without a buffer, is version 1; a NewWithEnv run's, either, is
// version 3, whose snapshot also holds EnvFactory and EnvSpaces: a
// registry run's checkpoint is the same bytes as before they existed). It
// refuses an agent whose last epoch failed part-way (see RunEpoch). A nil
// w is an error. Both messages are the bytes gob.Encoder writes for the
// snapshot with its optimiser states (MarshalBinary's bytes) and then for
// the bytes of replay.Buffer.MarshalBinary, byte for byte, but streamed:
// the snapshot's networks and optimiser moments are encoded straight
// from the tensors and optimisers that hold them, and the buffer's
// message streamed from the buffer's own storage.
// Save holds no copy of either, only a few kilobytes of encoding at a
// time. Errors are returned before anything is written to w, but those
// of w itself (io.ErrShortWrite for a write w takes part of without an
// error).
func (a *Agent) Save(w io.Writer) error {
	if w == nil {
		return errors.New("agent: checkpoint: nil io.Writer")
	}
	w = gobwire.CheckShort(w) // a short write without an error is io.ErrShortWrite
	s, buf, err := a.snapshot()
	if err != nil {
		return err
	}
	if err := a.writeSnapshot(w, &s); err != nil {
		return fmt.Errorf("agent: checkpoint: %w", err)
	}
	if buf != nil {
		if err := writeReplay(w, buf); err != nil {
			return fmt.Errorf("agent: checkpoint: replay buffer: %w", err)
		}
	}
	return nil
}

// snapshot returns the agent's snapshot as Save writes it, but for the
// optimiser states, which writeSnapshot streams from a.actorOpt and
// a.criticOpt (ActorOpt and CriticOpt nil; Actor, Critic and Target the
// networks' own storage, not copies), and, for an off-policy run
// (version 2, or 3 for a NewWithEnv run; ReplayFollows), the replay
// buffer whose message follows it; nil for an on-policy run (version 1,
// or 3). It refuses an agent whose
// last epoch failed part-way.
func (a *Agent) snapshot() (snapshot, *replay.Buffer, error) {
	if err := a.trainable("checkpoint"); err != nil {
		return snapshot{}, nil, err
	}
	s := snapshot{Version: registryVersion, Config: a.cfg, Epoch: a.epoch, Steps: a.steps,
		Actor: a.actor.Data, Critic: a.critic.Data}
	if a.target != nil {
		s.Target = a.target.Data
	}
	if a.user != nil {
		s.EnvFactory, s.EnvSpaces = true, a.user.spacesText()
	}
	var err error
	marshal := func(dst *[]byte, m interface{ MarshalBinary() ([]byte, error) }) {
		if err == nil {
			*dst, err = m.MarshalBinary()
		}
	}
	marshal(&s.AgentRng, a.agentSrc)
	marshal(&s.EnvRng, a.envSrc)
	marshal(&s.TestRng, a.testSrc)
	marshal(&s.DiagRng, a.diagSrc)
	marshal(&s.NoiseRng, a.noiseSrc)
	if err != nil {
		return snapshot{}, nil, fmt.Errorf("agent: checkpoint: %w", err)
	}
	var buf *replay.Buffer
	if o, ok := a.algo.(*offPolicy); ok {
		s.ReplayFollows, buf = true, o.buf
	} else {
		s.Version = 1 // no buffer: version 1's layout, which older builds read
	}
	if s.EnvFactory {
		s.Version = checkpointVersion // which builds of before factories refuse
	}
	return s, buf, nil
}

// framedMagic starts a checkpoint file that package experiment frames
// (its checkpointMagic, "stackel checkpoint v3\n", and the earlier v2).
const framedMagic = "stackel checkpoint v"

// Load reads a checkpoint written by Save and returns the agent, ready to
// run its next epoch. A checkpoint that Save does not write for the run it
// configures is an error naming the part: counters other than those of
// an epoch of the run (epoch e has taken min(e·StepsPerEpoch, Steps)
// steps), a replay buffer or optimiser hyperparameters of another run, a target
// critic or replay buffer in the checkpoint of an on-policy run (ac,
// stac), which keeps neither (or one saying a buffer follows it), an
// off-policy run's without its buffer, a network
// parameter that is not finite (or, with a float32 tape, beyond float32's
// range), or a stored transition that is not finite. A nil r is an error, and
// so is a run directory's checkpoint.gob, which experiment.ReadCheckpoint
// reads (Save's output framed with checksums). A version this build
// does not read is refused by its version, before anything after the
// snapshot is read. A checkpoint of an agent NewWithEnv built is
// refused (Config.Env only labels its environment, and the registry's
// of that name is another): LoadWithEnv reads it. A version 2 or 3 checkpoint's replay buffer is read from
// r into the buffer's storage as it comes (its gob message's header read
// first and refused unless it is the one byte string Save writes), with
// no copy of its bytes. LoadPolicy loads a checkpoint for evaluation
// only, without its replay buffer.
func Load(r io.Reader) (*Agent, error) { return load(r, false, nil) }

// load is Load, and with policyOnly LoadPolicy: the checkpoint is then
// decoded without its replay buffer (policySnapshot), the agent built
// without one (newAgent), and the buffer's checks left out. A buffer is
// read after every check of the snapshot's other parts, in the order
// they were made when the buffer was decoded with the snapshot.
func load(r io.Reader, policyOnly bool, newEnv EnvFactory) (_ *Agent, err error) {
	if r == nil {
		return nil, errors.New("agent: reading checkpoint: nil io.Reader")
	}
	// A run directory's checkpoint.gob is agent.Save's payload framed by
	// package experiment (magic, length, checksums): gob read its first
	// bytes as "unknown type id or corrupted data", which said nothing of
	// the file's kind or of how to read it.
	// The first bytes are read as they are, not through a buffer of
	// Load's own, so that a reader gob reads exactly (an io.ByteReader) is
	// left at the checkpoint's end, as gob leaves it.
	head := make([]byte, len(framedMagic))
	n, herr := io.ReadFull(r, head)
	if string(head[:n]) == framedMagic {
		return nil, errors.New("agent: reading checkpoint: this is a run directory's checkpoint.gob (agent.Save's state framed with checksums by package experiment, \"stackel checkpoint v…\"), not agent.Save's output: read it with experiment.ReadCheckpoint(dir)")
	}
	if herr != nil && herr != io.EOF && herr != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("agent: reading checkpoint: %w", herr)
	}
	src := exactReader(prefixed(head[:n], r))
	s, follows, err := decodeHead(src, policyOnly)
	if err != nil {
		return nil, fmt.Errorf("agent: reading checkpoint: %w", err)
	}
	if s.Version < 1 || s.Version > checkpointVersion {
		return nil, fmt.Errorf("agent: checkpoint version %d, this build reads 1 to %d", s.Version, checkpointVersion)
	}
	if s.ReplayFollows && s.Version < 2 {
		return nil, fmt.Errorf("agent: checkpoint version %d says its replay buffer follows it (ReplayFollows), which only versions 2 and 3 write", s.Version)
	}
	if s.EnvFactory && newEnv == nil {
		// Config.Env only labels a factory's environment: the registry's
		// of that name (if any) is another, on which the run would go on
		// without a word.
		return nil, fmt.Errorf("agent: checkpoint of a run on an environment of an EnvFactory (NewWithEnv), named %q but not the registry's: load it with agent.LoadWithEnv or agent.LoadPolicyWithEnv and that factory", s.Config.Env)
	}
	var u *userEnv
	if newEnv != nil {
		// The environment of NewWithEnv's run, built again by the
		// caller's factory with the checkpoint's seed and name.
		who := "agent: checkpoint config: LoadWithEnv"
		if policyOnly {
			who = "agent: checkpoint config: LoadPolicyWithEnv"
		}
		if u, err = probeUserEnv(who, s.Config, newEnv); err != nil {
			return nil, err
		}
		if got := u.spacesText(); s.EnvSpaces != "" && got != s.EnvSpaces {
			// Another environment: the networks' sizes may even match
			// (another action box), and the run would go on there.
			closeEnv(u.first)
			return nil, fmt.Errorf("%s: %s: the EnvFactory's environment has %s; the checkpoint's run had %s", who, s.Config.Env, got, s.EnvSpaces)
		}
	}
	a, err := newAgent(s.Config, policyOnly, u)
	if err != nil && u != nil && u.first != nil {
		closeEnv(u.first)
	}
	if err != nil {
		return nil, fmt.Errorf("agent: checkpoint config: %w", err)
	}
	defer func() {
		if err != nil {
			a.Close() // its environments (a MuJoCo task's memory), freed at once
		}
	}()
	setVec := func(name string, dst, src []float64) {
		if err == nil && len(dst) != len(src) {
			err = fmt.Errorf("agent: checkpoint %s has %d parameters, the network %d", name, len(src), len(dst))
		}
		copy(dst, src)
	}
	setVec("actor", a.actor.Data, s.Actor)
	setVec("critic", a.critic.Data, s.Critic)
	if a.target != nil {
		setVec("target critic", a.target.Data, s.Target)
	} else if err == nil && len(s.Target) > 0 {
		// An on-policy run keeps no target critic; the parameters were
		// ignored, and the checkpoint loaded as if it were this run's.
		err = fmt.Errorf("agent: checkpoint has a target critic (%d parameters), which a %s run does not keep: it was not written by a run of this configuration", len(s.Target), s.Config.Algo)
	}
	unmarshal := func(name string, m interface{ UnmarshalBinary([]byte) error }, data []byte) {
		if err == nil {
			if e := m.UnmarshalBinary(data); e != nil {
				err = fmt.Errorf("agent: checkpoint %s: %w", name, e)
			}
		}
	}
	// The optimiser states carry their hyperparameters, which would
	// replace the configuration's: another run's (another actor_lr, say)
	// is an error, not a run at a rate no file of it names.
	for _, o := range []struct {
		name string
		opt  optim.Optimizer
		data []byte
	}{{"actor", a.actorOpt, s.ActorOpt}, {"critic", a.criticOpt, s.CriticOpt}} {
		want := hyper(o.opt)
		unmarshal(o.name+" optimiser", o.opt, o.data)
		if got := hyper(o.opt); err == nil && got != want {
			err = fmt.Errorf("agent: checkpoint %s optimiser state is %s; the run's is %s", o.name, got, want)
		}
	}
	unmarshal("agent random stream", a.agentSrc, s.AgentRng)
	unmarshal("environment random stream", a.envSrc, s.EnvRng)
	unmarshal("test random stream", a.testSrc, s.TestRng)
	unmarshal("diagnostics random stream", a.diagSrc, s.DiagRng)
	if len(s.NoiseRng) > 0 {
		unmarshal("gradient-noise random stream", a.noiseSrc, s.NoiseRng)
	} else if err == nil && s.Config.GradNoise > 0 {
		// Save always writes the stream; only checkpoints from before
		// gradient noise existed lack it, and those have σ = 0. Restarting
		// the stream from the seed would draw the noise of the run's first
		// updates again: a resumed run differing from the uninterrupted one.
		err = fmt.Errorf("agent: checkpoint has no gradient-noise random stream, which its run (grad_noise %v) draws from", s.Config.GradNoise)
	}
	if o, ok := a.algo.(*offPolicy); ok && o.buf != nil {
		if err == nil && len(s.Replay) == 0 && follows <= 0 {
			// Neither inside the snapshot nor after it: the buffer's
			// decoder said only "reading header: EOF".
			err = fmt.Errorf("agent: checkpoint has no replay buffer, which a %s run keeps: it was not written by a run of this configuration", s.Config.Algo)
		}
		if err == nil {
			// Into the buffer newAgent made (the run's capacity, empty):
			// from the stream, the message after the snapshot (versions
			// 2 and 3), or from the snapshot's own bytes (version 1).
			var e error
			if follows > 0 {
				e = readReplay(o.buf, src, follows)
			} else {
				e = readReplay(o.buf, bytes.NewReader(s.Replay), int64(len(s.Replay)))
			}
			switch {
			case errors.Is(e, replay.ErrFormat):
				err = fmt.Errorf("agent: checkpoint replay buffer: %w", e)
			case e != nil: // the stream cut inside the message, or failing
				err = fmt.Errorf("agent: reading checkpoint: replay buffer: %w", e)
			}
		}
	} else if err == nil && !ok && len(s.Replay) > 0 {
		err = fmt.Errorf("agent: checkpoint has a replay buffer (%d bytes), which a %s run does not keep: it was not written by a run of this configuration", len(s.Replay), s.Config.Algo)
	} else if err == nil && !ok && s.ReplayFollows && !policyOnly {
		// decodeHead reads no message after an on-policy run's
		// snapshot; Load refuses the claim (LoadPolicy leaves the
		// buffer's checks out).
		err = fmt.Errorf("agent: checkpoint says a replay buffer follows it, which a %s run does not keep: it was not written by a run of this configuration", s.Config.Algo)
	}
	if err != nil {
		return nil, err
	}
	if err := a.checkRestored(s.Epoch, s.Steps); err != nil {
		return nil, err
	}
	a.epoch, a.steps = s.Epoch, s.Steps
	return a, nil
}

// checkRestored verifies that a checkpoint's counters and replay buffer
// (already in a) belong to its configuration, and that its networks and
// stored transitions are ones a healthy run saves (see checkValues). An
// agent LoadPolicy loaded has no buffer to check.
// Epoch e of a run has taken
// min(e·StepsPerEpoch, Steps) steps (Extend keeps this, since it refuses a
// run whose last epoch was cut short), and off-policy every step added one
// transition to a buffer of capacity min(ReplaySize, Steps) shaped by the
// task's spaces. A checkpoint assembled from parts of different runs (or
// of different points of one run) is an error naming the part, instead of
// a panic in the next epoch or a run that silently differs from the one
// configured.
func (a *Agent) checkRestored(epoch, steps int) error {
	c := a.cfg
	if epoch < 0 || epoch > c.Epochs() {
		return fmt.Errorf("agent: checkpoint epoch %d outside the run's 0…%d epochs", epoch, c.Epochs())
	}
	if want := min(epoch*c.StepsPerEpoch, c.Steps); steps != want {
		return fmt.Errorf("agent: checkpoint steps %d after epoch %d, the run takes %d (steps_per_epoch %d, steps %d)", steps, epoch, want, c.StepsPerEpoch, c.Steps)
	}
	o, ok := a.algo.(*offPolicy)
	if !ok || o.buf == nil {
		return a.checkValues()
	}
	b, capacity := o.buf, min(c.ReplaySize, c.Steps)
	switch {
	case b.ObsDim() != a.obsDim || b.ActDim() != a.actDim:
		return fmt.Errorf("agent: checkpoint replay buffer holds %d-dimensional observations and %d-dimensional actions, %s has %d and %d", b.ObsDim(), b.ActDim(), c.Env, a.obsDim, a.actDim)
	case b.Cap() != capacity:
		return fmt.Errorf("agent: checkpoint replay buffer has capacity %d, the run's is %d (min(replay_size %d, steps %d))", b.Cap(), capacity, c.ReplaySize, c.Steps)
	case b.Total() != uint64(steps):
		return fmt.Errorf("agent: checkpoint replay buffer has received %d transitions, the run has taken %d steps", b.Total(), steps)
	}
	return a.checkValues()
}

// checkValues returns an error naming the first value of a restored
// checkpoint that no healthy run saves, since Save refuses an agent whose
// epoch failed: a network parameter that is not finite or, with a float32
// tape, lies beyond float32's range (outOfRange, which every epoch's end
// checks), or a stored transition's observation, action, reward or next
// observation that is not finite (the environment's are checked before
// they are stored, and the actions come from finite parameters). Such a
// checkpoint is corrupt; loaded, it made the first update's loss NaN, or
// the first mini-batch drawing the transition, some updates later.
func (a *Agent) checkValues() error {
	if err := a.outOfRange(true); err != nil {
		return fmt.Errorf("agent: checkpoint %w", err)
	}
	o, ok := a.algo.(*offPolicy)
	if !ok || o.buf == nil {
		return nil
	}
	for i := 0; i < o.buf.Len(); i++ {
		tr := o.buf.At(i)
		q := nonFinite(tr.Obs, tr.Reward)
		if q == "" {
			q = nonFiniteIn("action", tr.Action)
		}
		if q == "" {
			q = nonFiniteIn("next observation", tr.NextObs)
		}
		if q != "" {
			return fmt.Errorf("agent: checkpoint replay buffer transition %d: %s", i, q)
		}
	}
	return nil
}

// SameConfig reports whether two configurations describe the same run.
func SameConfig(x, y Config) bool { return reflect.DeepEqual(x, y) }

// Extends reports whether longer describes the run of shorter continued:
// the same configuration but for more Steps (see Agent.Extend).
func Extends(longer, shorter Config) bool {
	if longer.Steps <= shorter.Steps {
		return false
	}
	longer.Steps = shorter.Steps
	return SameConfig(longer, shorter)
}

// Extend raises the run's length to steps, so that an agent restored from
// the checkpoint of a finished (or stopped) run continues it: its next
// epochs are those of a run configured with steps from the start, to the
// bit. Nothing of a run depends on its length but the last epoch's size
// and the replay buffer's capacity (min(ReplaySize, Steps)), which grows
// with it (replay.Buffer.Grow: a buffer that has wrapped already has
// capacity ReplaySize, which the longer run keeps). So a run whose last
// epoch was cut short (Steps not a multiple of StepsPerEpoch) cannot be
// continued exactly and is an error, as is steps below the current Steps
// and an agent whose last epoch failed part-way; equal changes nothing.
func (a *Agent) Extend(steps int) error {
	if err := a.trainable(fmt.Sprintf("extend to %d steps", steps)); err != nil {
		return err
	}
	switch {
	case steps == a.cfg.Steps:
		return nil
	case steps < a.cfg.Steps:
		return fmt.Errorf("agent: extend to %d steps: the run is already configured for %d; a run cannot be shortened", steps, a.cfg.Steps)
	case a.steps%a.cfg.StepsPerEpoch != 0:
		return &CutShortError{Steps: steps, At: a.steps, StepsPerEpoch: a.cfg.StepsPerEpoch}
	}
	if o, ok := a.algo.(*offPolicy); ok {
		if err := replayFits(min(a.cfg.ReplaySize, steps), a.obsDim, a.actDim); err != nil {
			return fmt.Errorf("agent: extend to %d steps: %w", steps, err)
		}
		if err := o.buf.Grow(min(a.cfg.ReplaySize, steps)); err != nil {
			return fmt.Errorf("agent: extend to %d steps: %w", steps, err)
		}
	}
	a.cfg.Steps = steps
	return nil
}

// CutShortError is Extend's refusal of a run whose last epoch was cut
// short (its length not a whole number of epochs): a longer run's epoch
// goes on where this one's stopped, so the continued run would not be the
// longer one. A caller tells it from Extend's other errors with
// errors.As, to say what to do instead (run the longer configuration
// afresh).
type CutShortError struct {
	// Steps is the length the run was to be extended to.
	Steps int
	// At is the step at which the run's last epoch was cut short (its
	// length, a multiple of no StepsPerEpoch).
	At int
	// StepsPerEpoch is the run's epoch length.
	StepsPerEpoch int
}

// Error says what was refused and why.
func (e *CutShortError) Error() string {
	return fmt.Sprintf("agent: extend to %d steps: the run's last epoch was cut short at step %d (steps_per_epoch %d), where a longer run's epoch goes on, so the continued run would not be the longer one", e.Steps, e.At, e.StepsPerEpoch)
}

// hyper describes the hyperparameters of an optimiser New builds, those
// its checkpointed state restores along with its moments.
func hyper(o optim.Optimizer) string {
	switch o := o.(type) {
	case *optim.Adam:
		return fmt.Sprintf("adam lr %v, β1 %v, β2 %v, ε %v", o.Rate, o.Beta1, o.Beta2, o.Eps)
	case *optim.SGD:
		return fmt.Sprintf("sgd lr %v, momentum %v, nesterov %v", o.Rate, o.Momentum, o.Nesterov)
	}
	return fmt.Sprintf("%T", o)
}

// headReader reads head, then r: the bytes Load read before gob, given
// back to it.
type headReader struct {
	head []byte
	r    io.Reader
}

func (h *headReader) Read(p []byte) (int, error) {
	if len(h.head) > 0 {
		n := copy(p, h.head)
		h.head = h.head[n:]
		return n, nil
	}
	return h.r.Read(p)
}

// headByteReader is a headReader over an io.ByteReader, an io.ByteReader
// itself, so that gob reads it as it reads r: exactly, without a buffer
// of its own (gob.NewDecoder wraps any other reader in a bufio.Reader).
type headByteReader struct {
	headReader
	br io.ByteReader
}

func (h *headByteReader) ReadByte() (byte, error) {
	if len(h.head) > 0 {
		c := h.head[0]
		h.head = h.head[1:]
		return c, nil
	}
	return h.br.ReadByte()
}

// prefixed returns a reader of head and then r, an io.ByteReader when r
// is one.
func prefixed(head []byte, r io.Reader) io.Reader {
	if br, ok := r.(io.ByteReader); ok {
		return &headByteReader{headReader{head, r}, br}
	}
	return &headReader{head, r}
}
