package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// pinSpec is a small sweep whose jobs TestExpandOutputPinned pins: a grid with an
// exclusion, a uniform random init (drawn from each job's seed when the
// job is checked), and seeds from 1 to 2^64−1.
const pinSpec = `
name: pin
config:
  game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
  dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
  iterations: 1000
  init: {uniform: {x: [[0, 10]], y: [[0, 10]]}}
grid:
  dynamics.kind: [sga, stackelberg, lola]
  game.params.c1: [5, 1e1, 20.5]
exclude:
  - {dynamics.kind: lola, game.params.c1: 20.5}
seeds: [1, 2, 3, 9223372036854775808, 18446744073709551615]
`

// TestExpandOutputPinned pins the jobs a small sweep expands into (their
// IDs, the content hashes workers and resumed sweeps find them by) and
// the bytes of the manifest.json and sweep.sbatch --emit slurm writes:
// making the expansion faster must change none of them.
func TestExpandOutputPinned(t *testing.T) {
	s, err := ParseSpec([]byte(pinSpec), "")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	got, _ := json.Marshal(ids)
	t.Logf("ids: %s", got)
	if want := pinnedIDs; string(got) != want {
		t.Errorf("job IDs\n%s\nwant\n%s", got, want)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteSlurm(dir, Manifest{Name: s.Name, Jobs: jobs}, SlurmOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if h := hex.EncodeToString(sum[:]); h != pinnedManifestSHA256 {
		t.Errorf("manifest.json (%d bytes) has SHA-256 %s, want %s", len(b), h, pinnedManifestSHA256)
	}
}

// pinnedIDs and pinnedManifestSHA256 are what pinSpec expanded into
// before the expansion was made faster (seed templates).
const (
	pinnedIDs            = `["551faeac55099a1d","5a44b9e002680f59","6900731f1099eed0","def8953b8e6b8765","567bc8c4720bc4e2","e206d145ff82955f","2af46a3e171e7e7d","dd065d664298bf85","d7bad15765d525dc","fe67fb3c81e45a9a","3b2fcf785abbe893","341336f8dcf7c3e7","ba023f12dc5f1002","86387009dd33415c","a0f3a2fc07384fcd","4eb64e11a69d44d5","137d433cd734b5a4","fcc46e0a1d72ef12","309f6173d0887923","1d4b668c80015d51","a7149337a499b21e","43832c0a0c393878","98f3630525060885","7d013ee7c7792909","03a7b160db15e119","5a0584ecc7d094f0","7c1f92f9d969ddbe","090b6ae91096ec90","10eee274c4ac1831","29d765c72489799b","ff55a5da1d55f888","8c83e6837d79265a","ee0a6a5f7061c7f8","dd451509c905ad1a","9d25ab4ae21ac8c1","e771b60d48c8dddf","29ac2bbcfd070f0e","35abbbef82e94f98","7aa36eef6f296890","bbbe8df12bd7b432"]`
	pinnedManifestSHA256 = "f4e308fd48c490e05817898100b6d0b4090d647442e9cdcdf20d7bf1336ea369"
)

// TestSeedTemplatesChangeNoJob checks that the jobs Expand makes from
// seed templates are those it makes in full, job by job (ID, text, seed,
// directory, labels, grid), for sweeps of every kind of run: smooth (with
// a random initial strategy drawn from each seed, and a grid number whose
// canonical spelling differs, whose ID is not its text's), RL (with
// rl.threads, left out of the ID), Hi-C and a builtin Markov game.
func TestSeedTemplatesChangeNoJob(t *testing.T) {
	seeds := "seeds: [1, 2, 3, 10, 99, 100, 4294967296, 9223372036854775807, 18446744073709551615]\n"
	for _, spec := range []string{
		pinSpec,
		"name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\n  init: {uniform: {x: [[0, 1]], y: [[0, 1]]}}\ngrid:\n  game.params.c1: [5, 1e1]\n" + seeds,
		"name: r\nconfig:\n  name: pend\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}\ngrid:\n  rl.algo: [ddpg, stddpg]\n" + seeds,
		"name: r\nconfig:\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8], threads: 2}\n" + seeds,
		"name: h\nconfig:\n  game: {builtin: cournot}\n  dynamics: {kind: hic, alpha: {constant: 0.01}, delta: {constant: 0.5}, commitment: {constant: 5}, baseline: {ema: 9e-1}, follower: {kind: gradient, lr: 0.1}}\n  stages: 100\ngrid:\n  dynamics.baseline.ema: [5e-1, 0.75]\n" + seeds,
		"name: m\nconfig:\n  game: {markov_builtin: patrol}\n  dynamics: {kind: stackelberg-pg, estimator: exact}\n  iterations: 50\ngrid:\n  dynamics.leader_lr.constant: [0.1, 0.2]\n" + seeds,
	} {
		s, err := ParseSpec([]byte(spec), "")
		if err != nil {
			t.Fatal(err)
		}
		fast, err := s.Expand()
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		seedTemplates = false
		full, err := s.Expand()
		seedTemplates = true
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.MarshalIndent(fast, "", "  ")
		b, _ := json.MarshalIndent(full, "", "  ")
		if string(a) != string(b) {
			t.Errorf("spec\n%s\njobs made from seed templates differ from those made in full:\n%s\nwant\n%s", spec, a, b)
		}
	}
}

// TestSeedTemplateUsed checks that a smooth sweep's point gets a template
// from its first two seeds (TestSeedTemplatesChangeNoJob would otherwise
// compare the full path with itself) and that the template makes the
// third seed's text and ID as experiment.NewJob does.
func TestSeedTemplateUsed(t *testing.T) {
	s, err := ParseSpec([]byte("name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\nseeds: [7, 12, 123456789]\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	seedTemplates = false
	jobs, err := s.Expand()
	seedTemplates = true
	if err != nil {
		t.Fatal(err)
	}
	var tp seedTemplate
	for _, j := range jobs[:2] {
		cfg, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil {
			t.Fatal(err)
		}
		tp.sample(cfg, j.Job)
	}
	if !tp.ok {
		t.Fatalf("no template from seeds 7 and 12 of\n%s", jobs[0].Config)
	}
	got, err := tp.job(123456789)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != jobs[2].ID || got.Config != jobs[2].Config || got.Out != jobs[2].Out {
		t.Errorf("template's job of seed 123456789: %s %q %s, want %s %q %s", got.ID, got.Config, got.Out, jobs[2].ID, jobs[2].Config, jobs[2].Out)
	}
}

// The error for a sweep of too many jobs says how many it would make, as
// the product of its counts: 399 × 399 grid values are 159 201 jobs; a
// grid of values alone; 30 keys of 10 values (10³⁰ jobs, beyond int64).
func TestJobCountErrorSaysHowMany(t *testing.T) {
	vals := make([]string, 399)
	for i := range vals {
		vals[i] = fmt.Sprint(i + 1)
	}
	list := "[" + strings.Join(vals, ", ") + "]"
	ten := "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"
	var many []string
	for i := 0; i < 30; i++ {
		many = append(many, fmt.Sprintf("  game.params.p%d: %s", i, ten))
	}
	for _, c := range []struct{ grid, want string }{
		{"grid:\n  iterations: " + list + "\n  game.params.c1: " + list + "\n",
			"sweep: the grid and seeds make 399 × 399 = 159201 jobs (values per grid key, before exclusions), more than 100000; split the sweep"},
		{"grid:\n  iterations: " + list + "\nseeds: {count: 300}\n",
			"sweep: the grid and seeds make 399 × 300 = 119700 jobs (values per grid key × seeds, before exclusions), more than 100000; split the sweep"},
		{"grid:\n" + strings.Join(many, "\n") + "\n",
			"sweep: the grid and seeds make " + strings.Repeat("10 × ", 29) + "10 = 1" + strings.Repeat("0", 30) + " jobs (values per grid key, before exclusions), more than 100000; split the sweep"},
	} {
		if got := specError(t, smoothHead+c.grid); got != c.want {
			t.Errorf("error %q\nwant  %q", got, c.want)
		}
	}
}
