package env

import "math"

// MuJoCoTask describes one of the MuJoCo locomotion and control tasks
// (Gymnasium v4) by its interface alone: its name, its observation and
// action dimensions, action bounds, time limit and reward threshold. The
// default build registers these names without a constructor, so that
// asking for one is a clear error naming the build tag; the package
// rl/env/mujoco (build tag mujoco) provides the constructors.
type MuJoCoTask struct {
	// ID is the Gymnasium ID, registered for Make, e.g. "Hopper-v4".
	ID string
	// ObsDim is the length of an observation (unbounded in every
	// coordinate).
	ObsDim int
	// ActLow and ActHigh bound every coordinate of an action.
	ActLow, ActHigh float64
	// ActDim is the length of an action.
	ActDim int
	// MaxEpisodeSteps is the time limit, in steps, that Make applies
	// (Spec.MaxEpisodeSteps).
	MaxEpisodeSteps int
	// RewardThreshold is Gymnasium's (0: none, as for Walker2d-v4).
	RewardThreshold float64
}

// MuJoCoTasks lists the eight MuJoCo tasks with Gymnasium v4's spaces,
// time limits and reward thresholds.
var MuJoCoTasks = []MuJoCoTask{
	{ID: "Hopper-v4", ObsDim: 11, ActLow: -1, ActHigh: 1, ActDim: 3, MaxEpisodeSteps: 1000, RewardThreshold: 3800},
	{ID: "Walker2d-v4", ObsDim: 17, ActLow: -1, ActHigh: 1, ActDim: 6, MaxEpisodeSteps: 1000},
	{ID: "HalfCheetah-v4", ObsDim: 17, ActLow: -1, ActHigh: 1, ActDim: 6, MaxEpisodeSteps: 1000, RewardThreshold: 4800},
	{ID: "Ant-v4", ObsDim: 27, ActLow: -1, ActHigh: 1, ActDim: 8, MaxEpisodeSteps: 1000, RewardThreshold: 6000},
	{ID: "Swimmer-v4", ObsDim: 8, ActLow: -1, ActHigh: 1, ActDim: 2, MaxEpisodeSteps: 1000, RewardThreshold: 360},
	{ID: "Reacher-v4", ObsDim: 11, ActLow: -1, ActHigh: 1, ActDim: 2, MaxEpisodeSteps: 50, RewardThreshold: -3.75},
	{ID: "InvertedPendulum-v4", ObsDim: 4, ActLow: -3, ActHigh: 3, ActDim: 1, MaxEpisodeSteps: 1000, RewardThreshold: 950},
	{ID: "InvertedDoublePendulum-v4", ObsDim: 11, ActLow: -1, ActHigh: 1, ActDim: 1, MaxEpisodeSteps: 1000, RewardThreshold: 9100},
}

// Spaces returns the task's observation space, Box(−∞, ∞, (ObsDim,)), and
// action space, Box(ActLow, ActHigh, (ActDim,)).
func (t MuJoCoTask) Spaces() (obs, act *Box) {
	return UniformBox(math.Inf(-1), math.Inf(1), t.ObsDim), UniformBox(t.ActLow, t.ActHigh, t.ActDim)
}

func init() {
	for _, t := range MuJoCoTasks {
		obs, act := t.Spaces()
		if err := Register(Spec{ID: t.ID, MaxEpisodeSteps: t.MaxEpisodeSteps, RewardThreshold: t.RewardThreshold,
			Tag: "mujoco", Obs: obs, Act: act}); err != nil {
			panic(err)
		}
	}
}
