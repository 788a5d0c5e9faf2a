// Package layers holds the test that keeps stackel's packages layered as
// design.md draws them: data flows top to bottom, and a package imports
// only packages of a lower layer. Its table, Rank, gives every package of
// the module its layer; a new package must be added to it.
package layers

// Rank gives each package (relative to the module path) its layer; a
// package may import only packages of a strictly lower rank. A path ending
// in "/..." covers the package and everything below it.
var Rank = map[string]int{
	"internal/textcut":   -1, // the quoting of user input in messages, under every package
	"internal/...":       0,  // utilities with no stackel imports but textcut (safeyaml, fault, tbread)
	"tblog":              0,  // TensorBoard event files
	"ad/internal/...":    0,  // the OpenBLAS installer (build tag openblas)
	"ad":                 1,  // reverse-mode differentiation
	"loop":               2,  // the run vocabulary: schedules, settings, recorder, status
	"total":              3,  // the Stackelberg total derivative over ad
	"game":               4,  // game definitions
	"equilib":            5,  // equilibrium analysis
	"internal/testgames": 5,  // games that the tests of equilib and learn share
	"learn":              6,  // smooth-game dynamics
	"markov":             6,  // Markov-game policy gradient
	"rl/env":             6,  // environments
	"rl/env/mujoco":      7,  // MuJoCo tasks (build tag mujoco), registered with rl/env
	"rl/nn":              6,  // networks
	"rl/optim":           6,  // optimisers
	"rl/replay":          6,  // replay buffer
	"rl":                 6,  // the rl package doc
	"learn/...":          7,  // uncoupled, hierarchy (may use learn)
	"rl/agent":           7,  // actor-critic (uses env, nn, optim, replay)
	"plot":               8,  // figures
	"experiment":         9,  // config, runs, jobs, executors
	"experiment/repro":   10,
	"experiment/sweep":   11,
	"experiment/runplot": 12, // stackel plot: runs' curves (uses sweep)
	"experiment/natsq":   12,
	"experiment/...":     12,
	"experiment/runeval": 13, // stackel eval: runs' policies (uses runplot's grouping)
	"cmd/...":            14,
}

// RankOf returns the rank of a package path relative to the module, the
// most specific entry of Rank winning, and whether one applies.
func RankOf(pkg string) (int, bool) {
	if r, ok := Rank[pkg]; ok {
		return r, true
	}
	best, found, bestLen := 0, false, -1
	for k, r := range Rank {
		if len(k) < 4 || k[len(k)-4:] != "/..." {
			continue
		}
		prefix := k[:len(k)-4]
		if (pkg == prefix || len(pkg) > len(prefix) && pkg[:len(prefix)+1] == prefix+"/") && len(prefix) > bestLen {
			best, found, bestLen = r, true, len(prefix)
		}
	}
	return best, found
}
