package sweep

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

const issueSpec = `name: stddpg-grid
config:
  name: pend
  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}
grid:
  rl.algo: [ddpg, stddpg]
  rl.leader: [actor, critic]
  rl.options.actor_lr: [0.0001, 0.001]
seeds: [1, 2, 3, 4, 5]
exclude:
  - {rl.algo: ddpg, rl.leader: critic}
`

// The issue's example: 2 × 2 × 2 grid points minus the 2 excluded, × 5
// seeds = 30 jobs, seed-major, each a full configuration with its seed.
func TestExpandIssueExample(t *testing.T) {
	s, err := ParseSpec([]byte(issueSpec), ".")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 30 {
		t.Fatalf("%d jobs, want 30", len(jobs))
	}
	ids := map[string]bool{}
	for i, j := range jobs {
		if j.Index != i || j.Seed != uint64(i/6+1) || j.Point != i%6 {
			t.Errorf("job %d: index %d seed %d point %d", i, j.Index, j.Seed, j.Point)
		}
		if j.Label() == "rl.algo=ddpg, rl.leader=critic, rl.options.actor_lr=0.0001" {
			t.Errorf("excluded point present: %s", j.Label())
		}
		ids[j.ID] = true
		cfg, err := j.ParseConfig()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Seed != j.Seed || cfg.RL.Algo != j.Grid[0].Value || cfg.RL.Leader != j.Grid[1].Value || cfg.RL.Extra["actor_lr"] == nil {
			t.Errorf("job %d config %+v does not carry grid %v", i, cfg.RL, j.Grid)
		}
	}
	if len(ids) != 30 {
		t.Errorf("%d distinct IDs", len(ids))
	}
	if jobs[0].Label() != "rl.algo=ddpg, rl.leader=actor, rl.options.actor_lr=0.0001" {
		t.Errorf("first point %q", jobs[0].Label())
	}
	// JSON round trip keeps the job.
	b, _ := json.Marshal(jobs[7])
	var back Job
	if err := json.Unmarshal(b, &back); err != nil || back.ID != jobs[7].ID || back.Config != jobs[7].Config || back.Out != "runs/"+jobs[7].ID || back.Grid[2].Key != "rl.options.actor_lr" || back.Seed != jobs[7].Seed {
		t.Errorf("round trip: %v %+v", err, back)
	}
}

// IDs depend on content only: the same job written another way (keys in
// another order, a number spelt differently, in a base file instead of
// inline) has the same ID; another seed or value changes it.
func TestStableIDs(t *testing.T) {
	a, _ := ParseSpec([]byte("name: a\nconfig: {name: c, rl: {env: CartPole-v1, algo: ac, steps: 1000, steps_per_epoch: 500}}\ngrid: {rl.options.actor_lr: [0.001]}\nseeds: [3]\n"), ".")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("rl:\n  steps: 1000\n  steps_per_epoch: 500\n  algo: ac\n  env: CartPole-v1\nname: c\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("name: b\nbase: base.yaml\ngrid: {rl.options.actor_lr: [1e-3]}\nseeds: {count: 3}\n"), 0o644)
	b, err := LoadSpec(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ja, err := a.Expand()
	if err != nil {
		t.Fatal(err)
	}
	jb, err := b.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(jb) != 3 || jb[2].Seed != 3 || jb[0].Seed != 1 {
		t.Fatalf("{count: 3}: %d jobs, seeds %d…%d", len(jb), jb[0].Seed, jb[len(jb)-1].Seed)
	}
	if ja[0].ID != jb[2].ID {
		t.Errorf("same job, IDs %s and %s:\n%s\n%s", ja[0].ID, jb[2].ID, ja[0].Config, jb[2].Config)
	}
	if jb[0].ID == jb[1].ID {
		t.Error("seeds 1 and 2 share an ID")
	}
	if len(ja[0].ID) != 16 {
		t.Errorf("ID %q", ja[0].ID)
	}
}

// TestNumbersInBase checks that an exponent without a dot (3e-4), which
// the YAML decoder reads as text, is a number in the base config's
// rl.options and game.params and inside a grid's matrix values, where it
// used to be quoted on the way through JSON and refused; and that the job
// is the one `stackel run` makes of the same config spelt with decimals
// (experiment.NewJob), whose ID a sweep made before keeps: values below
// 10⁻⁶, which JSON writes as 1e-7, keep that spelling. An exclusion's
// matrix spelt with exponents matches its grid point. Hi-C's baseline
// decay ({ema: 9e-1}) is such a number too, in the base and in a grid.
func TestNumbersInBase(t *testing.T) {
	s, err := ParseSpec([]byte("name: s\nconfig:\n  name: c\n  rl: {env: Pendulum-v1, algo: stddpg, steps: 1200, steps_per_epoch: 300, options: {actor_lr: 3e-4, cg_tol: 1e-7}}\ngrid:\n  rl.options.lambda_min: [1e-8, 5e-1]\nseeds: [2]\n"), ".")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 {
		t.Fatalf("%d jobs, want 2", len(jobs))
	}
	for i, lm := range []string{"0.00000001", "0.5"} {
		cfg, err := experiment.ParseConfig([]byte("name: c\nseed: 2\nrl: {env: Pendulum-v1, algo: stddpg, steps: 1200, steps_per_epoch: 300, options: {actor_lr: 0.0003, cg_tol: 0.0000001, lambda_min: " + lm + "}}\n"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := experiment.NewJob(cfg, 2, "")
		if err != nil {
			t.Fatal(err)
		}
		if jobs[i].ID != want.ID {
			t.Errorf("lambda_min %s: the sweep's job %s, `stackel run`'s %s:\n%s\n%s", lm, jobs[i].ID, want.ID, jobs[i].Config, want.Config)
		}
		if i == 0 && jobs[i].ID != experiment.JobID([]byte(jobs[i].Config), 2) {
			t.Errorf("lambda_min 1e-8: ID %s, want that of the job's text, as sweeps made before had it", jobs[i].ID)
		}
	}

	m, err := ParseSpec([]byte("name: m\nconfig:\n  name: f\n  game: {sense: payoff, dims: [1, 2], f1: 'x[0]*(A - x[0] - y[0]) - c1*x[0] + quad(y, M, y)', f2: 'y[0]*(A - x[0] - y[0]) - c2*y[0]', params: {A: 1e2, c1: 5, c2: 2, M: [[1, 0], [0, 1e0]]}}\n  dynamics: {kind: lola, lookahead: 0.1}\n  init: {uniform: {x: [[0, 50]], y: [[0, 50], [1, 2]]}}\ngrid:\n  game.params.M: [[[1, 5e-1], [0, 1]], [[1, 0], [0, 1]]]\nexclude:\n  - {game.params.M: [[1, 0.5], [0, 1e0]]}\n"), ".")
	if err != nil {
		t.Fatal(err)
	}
	mj, err := m.Expand()
	if err != nil {
		t.Fatalf("matrix params with exponents: %v", err)
	}
	if len(mj) != 1 || mj[0].Labels["point"] != "game.params.M=[[1,0],[0,1]]" {
		t.Errorf("one of two grid points excluded: got %d jobs, want the one of M = I", len(mj))
	}

	// Hi-C's baseline decay: in the base config and in the grid.
	hic := "name: h\nconfig:\n  name: h\n  game: {builtin: cournot}\n  dynamics: {kind: hic, alpha: {constant: 0.01}, delta: {constant: 0.5}, commitment: {constant: 5}, baseline: {ema: 9e-1}, follower: {kind: gradient, lr: 0.1}}\n  stages: 100\n"
	for _, c := range []struct {
		grid  string
		decay []float64
	}{{"", []float64{0.9}}, {"grid:\n  dynamics.baseline.ema: [5e-1, 0.75]\n", []float64{0.5, 0.75}}} {
		h, err := ParseSpec([]byte(hic+c.grid), ".")
		if err != nil {
			t.Fatal(err)
		}
		hj, err := h.Expand()
		if err != nil {
			t.Fatalf("hic baseline decay in exponent form (%q): %v", c.grid, err)
		}
		if len(hj) != len(c.decay) {
			t.Fatalf("%d jobs, want %d", len(hj), len(c.decay))
		}
		for i, j := range hj {
			cfg, err := experiment.ParseConfig([]byte(j.Config))
			if err != nil {
				t.Fatalf("job %d: %v\n%s", i, err, j.Config)
			}
			run, err := experiment.HiCRunConfig(cfg)
			if err != nil || run.Leader.Baseline.Decay != c.decay[i] {
				t.Errorf("job %d: decay %g, %v; want %g", i, run.Leader.Baseline.Decay, err, c.decay[i])
			}
		}
	}
}

// Bad specs fail before anything runs, naming the key, its line and the
// grid entry.
func TestSpecErrors(t *testing.T) {
	head := "name: s\nconfig:\n  rl: {env: CartPole-v1, algo: ac, steps: 1000, steps_per_epoch: 500}\n"
	cases := []struct{ src, want string }{
		{head + "grid:\n  rl.algoo: [ac]\n", `grid.rl.algoo (line 5): unknown config key "rl.algoo": rl has env, algo`},
		{head + "grid:\n  rl.steps: [100, many]\n", `grid.rl.steps = many (line 5)`},
		{head + "grid:\n  rl.algo: [stac]\n  rl.leader: [actor, critic]\n", `grid point {rl.algo=stac, rl.leader=critic} seed 0: rl.leader: "critic"; STAC's leader is the actor`},
		{head + "grid:\n  rl.options.actor_rate: [0.1]\n", `grid point {rl.options.actor_rate=0.1} seed 0: rl.options.actor_rate: unknown option`},
		{head + "grid:\n  rl.env.x: [1]\n", `grid.rl.env.x (line 5): rl.env is a string value`},
		{head + "gird:\n  rl.algo: [ac]\n", `[4:1] unknown field "gird"`},
		{head + "seeds: {cout: 3}\n", `seeds (line 4): unknown key "cout"`},
		{head + "seeds: [1, x]\n", `seeds[1] (line 4): x is not a non-negative integer`},
		{head + "grid: {rl.algo: [ac, stac]}\nexclude:\n  - {rl.algo: sac}\n", `exclude[0] (line 6) matches no grid point`},
		{head + "grid: {rl.algo: [ac]}\nexclude:\n  - {rl.unroll: 3}\n", `exclude[0] (line 6): rl.unroll is not a grid key`},
		{head + "grid: {rl.algo: []}\n", `grid.rl.algo (line 4): need a non-empty list`},
		{head + "grid: {seed: [1, 2]}\n", `give seeds under seeds:`},
		{"name: s\nbase: nowhere.yaml\n", `base: open`},
		{"config: {rl: {env: CartPole-v1, algo: ac}}\n", `name: missing`},
		// The base's own error is the base's, not the first grid value's.
		{"name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga, bogus: 1}\ngrid:\n  iterations: [10, 20]\n", `sweep: config: line 4: dynamics.bogus: unknown key`},
		// A name is written into sweep.sbatch: a newline would end its
		// #SBATCH header and run the rest as a command.
		{strings.Replace(head, "name: s", `name: "x\ntouch${IFS}PWNED"`, 1), `use letters, digits, - and _ only`},
		{strings.Replace(head, "name: s", `name: "a'b"`, 1), `use letters, digits, - and _ only`},
		{strings.Replace(head, "name: s", `name: a$b`, 1), `use letters, digits, - and _ only`},
		{strings.Replace(head, "name: s", `name: naïve`, 1), `use letters, digits, - and _ only`},
		{head + "grid: {rl.hidden: [[8], [8]]}\n", `same configuration`},
		{head + "grid: {rl.threads: [1, 2]}\n", `same configuration (grid point {rl.threads=2}); rl.threads changes no number`},
		{head + "grid: {rl.options.lam: [0.95, 1, 1.0]}\n", `grid.rl.options.lam (line 4): its values 1 and 1 make the same configuration (jobs 1 and 2, grid point {rl.options.lam=1}); a value repeats`}, // named by its key since session 44
		{head + "grid: {rl.options.actor_lr: [0.001, 1.0e-3]}\n", `same configuration`},
		// 11 grid points × 9091 seeds = 100001 jobs, one over MaxJobs.
		{head + "grid: {rl.options.lam: [0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1]}\nseeds: {count: 9091}\n", `sweep: the grid and seeds make 11 × 9091 = 100001 jobs (values per grid key × seeds, before exclusions), more than 100000; split the sweep`},
	}
	for _, c := range cases {
		s, err := ParseSpec([]byte(c.src), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("spec\n%s\nerror %v\nwant %q", c.src, err, c.want)
		}
	}
}

// TestDynamicsGridKeys: a grid key below dynamics. is checked against the
// keys of every registered kind (each kind's own type): a kind's own key
// and a nested one expand, a key no kind takes is refused before anything
// runs, and a key the configured kind does not take is refused naming the
// kind.
func TestDynamicsGridKeys(t *testing.T) {
	head := "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg}\n  iterations: 10\n"
	s, err := ParseSpec([]byte(head+"grid:\n  dynamics.unroll: [1, 2]\n  dynamics.solver.lambda: [0, 0.5]\n"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Config["dynamics"].(map[string]any)["solver"] = map[string]any{"kind": "exact"}
	jobs, err := s.Expand()
	if err != nil || len(jobs) != 4 {
		t.Fatalf("%d jobs, %v; want 4", len(jobs), err)
	}
	for _, c := range []struct{ grid, want string }{
		{"dynamics.gama: [1]", `grid.dynamics.gama (line 7): unknown config key "dynamics.gama": no dynamics kind takes gama`},
		{"dynamics.gamma: [1]", `dynamics.gamma is not used by kind stackelberg`},
		{"dynamics.solver.lamda: [1]", `unknown config key "dynamics.solver.lamda"`},
	} {
		s, err := ParseSpec([]byte(head+"grid:\n  "+c.grid+"\n"), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("grid %s: error %v, want %q", c.grid, err, c.want)
		}
	}
}

// TestNonFiniteValuesRefused: NaN or an infinity in a grid value, an
// exclusion or the base configuration is an error naming the key (and the
// grid key's line) and saying that NaN and Inf are not allowed, not the
// JSON encoder's "unsupported value: NaN" under an empty value.
func TestNonFiniteValuesRefused(t *testing.T) {
	const base = "name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\n"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"nan grid value", base + "grid:\n  dynamics.leader_lr.constant: [.nan, 1]\n",
			[]string{"grid.dynamics.leader_lr.constant[0] = NaN", "line 4", "NaN and Inf are not allowed"}},
		{"inf grid value", base + "grid:\n  dynamics.leader_lr.constant: [1, -.inf]\n",
			[]string{"grid.dynamics.leader_lr.constant[1] = -Inf", "line 4", "NaN and Inf are not allowed"}},
		{"nan in a vector param", base + "grid:\n  game.params.v: [[1, .NaN]]\n",
			[]string{"grid.game.params.v[0][1] = NaN", "line 4", "NaN and Inf are not allowed"}},
		{"nan in an exclusion", base + "grid:\n  dynamics.step_tol: [0, 1]\nexclude:\n  - {dynamics.step_tol: .nan}\n",
			[]string{"exclude[0].dynamics.step_tol = NaN", "line 6", "NaN and Inf are not allowed"}},
		{"inf in the base config", "name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga, step_tol: .inf}, iterations: 10}\ngrid:\n  iterations: [5, 10]\n",
			[]string{"config (line 2): dynamics.step_tol = +Inf", "NaN and Inf are not allowed"}},
	} {
		s, err := ParseSpec([]byte(c.src), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "json:") {
			t.Errorf("%s: error %q is the JSON encoder's", c.name, err)
		}
	}
}

// TestWriteSlurmRefusesUnsafeName: a manifest built in code (not through
// ParseSpec) with a name that would break the script's #SBATCH header is
// refused before anything is written.
func TestWriteSlurmRefusesUnsafeName(t *testing.T) {
	dir := t.TempDir()
	m := Manifest{Name: "x\ntouch PWNED", Jobs: []Job{{}}}
	if err := WriteSlurm(dir, m, SlurmOptions{}); err == nil || !strings.Contains(err.Error(), "use letters, digits, - and _ only") {
		t.Fatalf("WriteSlurm with an unsafe name: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("WriteSlurm wrote %d files for a refused name", len(entries))
	}
}
