package sweep

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// smoothHead begins a spec with an inline smooth-game base whose seed is 7.
const smoothHead = `name: s
config:
  seed: 7
  game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
  dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
  iterations: 100
  init: {x: [10], y: [10]}
`

// specError parses and expands spec, returning the error text ("" if none).
func specError(t *testing.T, spec string) string {
	t.Helper()
	s, err := ParseSpec([]byte(spec), t.TempDir())
	if err == nil {
		_, err = s.Expand()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// A spec written as JSON (or with quoted keys) names the lines of its grid
// keys and seeds; before, every such error said "line 0", since the lines
// were looked up by the keys' text with their quotes.
func TestSpecLinesOfQuotedKeys(t *testing.T) {
	json := `{"name": "s",
 "config": {"seed": 7, "game": {"builtin": "duopoly"}, "dynamics": {"kind": "sga"},
            "iterations": 100, "init": {"x": [10], "y": [10]}},
 "grid": {"iterations": [10, 20],
          "itrations": [1]},
 "seeds": [1, 2]}
`
	cases := []struct{ spec, want string }{
		{json, `sweep: grid.itrations (line 5): unknown config key "itrations"`},
		{strings.Replace(json, `"seeds": [1, 2]`, `"seeds": {"cont": 2}`, 1), `sweep: seeds (line 6): unknown key "cont" (give a list, or {count: N})`},
		{smoothHead + "grid:\n  \"iterations\": [10, 20]\n  'record_every': [5, x]\n", `sweep: grid.record_every = x (line 10): config: record_every: "x": need a number`},
		{smoothHead + "\"seeds\": {count: 0}\n", `sweep: seeds (line 8): count: need a whole number from 1 to 100000, got 0`},
	}
	for _, c := range cases {
		if got := specError(t, c.spec); !strings.HasPrefix(got, c.want) {
			t.Errorf("spec\n%s\nerror %q\nwant it to start with %q", c.spec, got, c.want)
		}
	}
}

// Keys and values of a hostile spec appear in errors quoted when they hold
// a line break or a terminal escape, and cut when long: before, a grid key
// of 200 000 bytes made an error of 400 000, and a key with a line break
// split the message as if it were two.
func TestSpecErrorsQuoteAndBoundKeys(t *testing.T) {
	long := strings.Repeat("a", 200000)
	a39 := strings.Repeat("a", 39) // a long key is cut to 40 characters, quote included
	cases := []struct{ spec, want string }{
		{smoothHead + "grid:\n  \"iter\\nations\": [1]\n", `sweep: grid."iter\nations" (line 9): unknown config key "iter\nations": the configuration has`},
		{smoothHead + "grid:\n  iterations: [10, 20]\nexclude:\n  - {\"iter\\nations\\u001b[31m\": 1}\n", `sweep: exclude[0] (line 11): "iter\nations\x1b[31m" is not a grid key`},
		{smoothHead + "grid:\n  dynamics.kind: [\"sga\\nFAKE\", lola]\n", `sweep: grid.dynamics.kind = "sga\nFAKE" (line 9): config: dynamics.kind = "sga\nFAKE": need one of`},
		{smoothHead + "grid:\n  " + long + ": [1]\n", `sweep: grid."` + a39 + `… (line 9): unknown config key "` + a39 + `…: the configuration has`},
		{smoothHead + "grid:\n  dynamics.kind: [" + long + "]\n", `sweep: grid.dynamics.kind = ` + strings.Repeat("a", 60) + `… (line 9): config: dynamics.kind = "aaaa`},
		{smoothHead + "grid:\n  iterations: [10]\nexclude:\n  - {" + long + ": 1}\n", `sweep: exclude[0] (line 11): "` + a39 + `… is not a grid key`},
		{smoothHead + "grid:\n  ~: [1]\n", `sweep: grid key null (line 9): need a dotted config key`},
	}
	for _, c := range cases {
		got := specError(t, c.spec)
		if !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") || len(got) > 1000 {
			t.Errorf("error (%d bytes) %.300q\nwant one line under 1000 bytes starting with %q", len(got), got, c.want)
		}
	}
}

// Seeds are whole numbers however written, as a config's seed field takes
// them (before, seeds: [1.0] was refused as "1 is not a non-negative
// integer", and "1" in quotes was reported the same way); an error names
// the element and its own line.
func TestSeedsSpellings(t *testing.T) {
	s, err := ParseSpec([]byte(smoothHead+"seeds: [1.0, 2e0, 0x3, 4]\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint64{1, 2, 3, 4}; !reflect.DeepEqual(s.Seeds, want) {
		t.Errorf("seeds %v, want %v", s.Seeds, want)
	}
	s, err = ParseSpec([]byte(smoothHead+"seeds: {count: 3e0}\n"), "")
	if err != nil || !reflect.DeepEqual(s.Seeds, []uint64{1, 2, 3}) {
		t.Errorf("count: 3e0: seeds %v, %v; want [1 2 3]", s, err)
	}
	cases := []struct{ seeds, want string }{
		{`["1"]`, `sweep: seeds[0] (line 8): "1" is quoted text where a number is expected; write it without quotes`},
		{"\n  - 1\n  - 2.5\n", `sweep: seeds[1] (line 10): 2.5 is not a non-negative integer`},
		{"\n  - 1\n  - 1.0\n", `sweep: seeds[1] (line 10): seed 1 given twice (seeds[0])`},
		{"[-1]", `sweep: seeds[0] (line 8): -1 is not a non-negative integer`},
		{"[18446744073709551616]", `sweep: seeds[0] (line 8): 18446744073709551616 is outside the range of a seed (0 to 18446744073709551615)`},
		{"{count: ~}", `sweep: seeds (line 8): count: need a whole number from 1 to 100000: null is not a non-negative integer`},
		// A quoted count said "got 2", as if 2 were refused.
		{`{count: "2"}`, `sweep: seeds (line 8): count: need a whole number from 1 to 100000: "2" is quoted text where a number is expected; write it without quotes`},
		// Quoted exponent forms were taken for numbers, since the decoder
		// leaves an unquoted 1e1 as text too; a config's seed: "1e1" is
		// refused, as "1" is.
		{`["1e1"]`, `sweep: seeds[0] (line 8): "1e1" is quoted text where a number is expected; write it without quotes`},
		{`['2e0']`, `sweep: seeds[0] (line 8): "2e0" is quoted text where a number is expected; write it without quotes`},
		{"\n  - 1\n  - \"3e0\"\n", `sweep: seeds[1] (line 10): "3e0" is quoted text where a number is expected; write it without quotes`},
		{`{count: "2e0"}`, `sweep: seeds (line 8): count: need a whole number from 1 to 100000: "2e0" is quoted text where a number is expected; write it without quotes`},
	}
	for _, c := range cases {
		if got := specError(t, smoothHead+"seeds: "+c.seeds+"\n"); got != c.want {
			t.Errorf("seeds: %s\nerror %q\nwant  %q", c.seeds, got, c.want)
		}
	}
}

// A grid point's error without seeds: in the spec names the seed the job
// runs with, the base's (7 here); before, it said "seed 0".
func TestGridPointErrorNamesBaseSeed(t *testing.T) {
	// A = 8: the smallest price intercept the duopoly takes with c1 = 5,
	// c2 = 2 (2c1 − c2 ≤ A), whose box [0, 8] leaves out init.x = 10.
	got := specError(t, smoothHead+"grid:\n  game.params: [{A: 8}]\n")
	want := `sweep: grid point {game.params={"A":8}} seed 7: config: init.x[0] = 10 is outside the domain's [0, 8]`
	if !strings.HasPrefix(got, want) {
		t.Errorf("error %q\nwant it to start with %q", got, want)
	}
}

// A grid and seeds making more than MaxJobs jobs are refused before the
// grid's values are validated one by one (which took minutes for a grid of
// 200 000 values before the count was looked at): a bad value among them
// is not reported first.
func TestJobCountBeforeValues(t *testing.T) {
	vals := make([]string, 400)
	vals[0] = "x"
	for i := 1; i < len(vals); i++ {
		vals[i] = fmt.Sprint(i + 1)
	}
	spec := smoothHead + "grid:\n  iterations: [" + strings.Join(vals, ", ") + "]\nseeds: {count: 1000}\n"
	want := "sweep: the grid and seeds make 400 × 1000 = 400000 jobs (values per grid key × seeds, before exclusions), more than 100000; split the sweep"
	if got := specError(t, spec); got != want {
		t.Errorf("error %q\nwant  %q", got, want)
	}
}

// Exclusions are resolved against the grid once, not re-encoded for every
// grid point: 10 000 points and 100 entries cost the points' own
// allocations (before: two JSON encodings per key, point and entry, 4.5
// million allocations here; 0.45 million after). Values equal as JSON (10
// and 10.0) are one value to an exclusion.
func TestExclusionsMatchedOnce(t *testing.T) {
	var a, b, ex []string
	for i := 1; i <= 100; i++ {
		a = append(a, fmt.Sprint(i*10))
		b = append(b, fmt.Sprint(i))
		ex = append(ex, fmt.Sprintf("  - {iterations: %d}", i*10))
	}
	spec := smoothHead + "grid:\n  iterations: [" + strings.Join(a, ", ") + "]\n  record_every: [" + strings.Join(b, ", ") +
		"]\nexclude:\n" + strings.Join(ex, "\n") + "\n"
	s, err := ParseSpec([]byte(spec), "")
	if err != nil {
		t.Fatal(err)
	}
	var expandErr error
	allocs := testing.AllocsPerRun(1, func() { _, expandErr = s.Expand() })
	if want := "sweep: every grid point is excluded"; expandErr == nil || expandErr.Error() != want {
		t.Fatalf("error %v, want %q", expandErr, want)
	}
	if allocs > 1.5e6 {
		t.Errorf("%g allocations to expand 10 000 grid points against 100 exclusions, want under 1.5e6", allocs)
	}
	got := specError(t, smoothHead+"grid:\n  iterations: [10, 10.0]\nexclude:\n  - {iterations: 1e1}\n")
	if want := "sweep: every grid point is excluded"; got != want {
		t.Errorf("exclusion of 1e1 from [10, 10.0]: error %q, want %q", got, want)
	}
}

// An error of a spec's inline config (block style) names the key's own
// line in the spec, as a config file's error does; before, it named the
// config: line and quoted the one-line JSON the sweep makes of the block.
// A flow-style config ({…}) has no lines of its keys and keeps the
// config: line.
func TestInlineConfigErrorsNameTheKeyLine(t *testing.T) {
	cases := []struct{ spec, want string }{
		{smoothHead + "  recrd_every: 5\ngrid:\n  iterations: [10, 20]\n",
			"sweep: config: [8:3] unknown field \"recrd_every\" (the top level takes name, seed, game, dynamics, iterations, stages, record_every, init, rl, record)\n" +
				"   5 |   dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\n" +
				"   6 |   iterations: 100\n   7 |   init: {x: [10], y: [10]}\n>  8 |   recrd_every: 5\n         ^"},
		{strings.Replace(smoothHead, "iterations: 100", "# runs\n\n  iterations: 0", 1),
			"sweep: config: line 8: iterations: 0 is not a valid count; give a positive number or leave the key out for the default"},
		{strings.Replace(smoothHead, "c2: 2}", "c2: 2, Z: 1}", 1),
			"sweep: config: line 4: game.params.Z: unknown param of the built-in duopoly (valid: A, c1, c2)"},
		{strings.ReplaceAll(strings.Replace(smoothHead, "sga,", "sga, unroll: 3,", 1), "\n", "\r\n"),
			"sweep: config: line 5: dynamics.unroll is not used by kind sga (it takes leader_lr, follower_lr, noise, step_tol)"},
		{"name: s\nconfig: {seed: 1, iterations: 0, game: {builtin: duopoly}, dynamics: {kind: sga}, init: {x: [1], y: [1]}}\n",
			"sweep: config (line 2): iterations: 0 is not a valid count; give a positive number or leave the key out for the default"},
		// A null grid value said "0 is not a valid count".
		{smoothHead + "grid:\n  iterations: [null]\n",
			"sweep: grid.iterations = null (line 9): config: iterations: null is not a valid count; give a positive number or leave the key out for the default"},
	}
	for _, c := range cases {
		if got := specError(t, c.spec); got != c.want {
			t.Errorf("spec\n%s\nerror %q\nwant  %q", c.spec, got, c.want)
		}
	}
}

// The points an exclusion list keeps are those a direct reading of the
// spec keeps: every point minus those having all values of some entry,
// values compared as JSON, a key of one value constrained like any other
// (an oracle written from the README's rule, over entries of one, two and
// three keys and repeated entries).
func TestExclusionsKeepWhatTheRuleKeeps(t *testing.T) {
	a := []any{uint64(10), uint64(20), uint64(30)}
	b := []any{0.5, 0.25}
	c := []any{"sga"}
	entries := []map[string]any{
		{"iterations": uint64(10)},
		{"iterations": uint64(20), "dynamics.leader_lr.constant": 0.25},
		{"dynamics.leader_lr.constant": 0.5, "dynamics.kind": "sga", "iterations": uint64(30)},
		{"iterations": uint64(10)},
	}
	spec := smoothHead + "grid:\n  iterations: [10, 20, 30]\n  dynamics.leader_lr.constant: [0.5, 0.25]\n  dynamics.kind: [sga]\n" +
		"exclude:\n  - {iterations: 10}\n  - {iterations: 20, dynamics.leader_lr.constant: 0.25}\n" +
		"  - {dynamics.leader_lr.constant: 0.5, dynamics.kind: sga, iterations: 30}\n  - {iterations: 1e1}\n"
	s, err := ParseSpec([]byte(spec), "")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, va := range a {
		for _, vb := range b {
			for _, vc := range c {
				point := map[string]any{"iterations": va, "dynamics.leader_lr.constant": vb, "dynamics.kind": vc}
				dropped := false
				for _, e := range entries {
					all := true
					for k, v := range e {
						x, _ := canonical(point[k])
						y, _ := canonical(v)
						all = all && string(x) == string(y)
					}
					dropped = dropped || all
				}
				if !dropped {
					want = append(want, fmt.Sprintf("iterations=%v, dynamics.leader_lr.constant=%v, dynamics.kind=%v", va, vb, vc))
				}
			}
		}
	}
	var got []string
	for _, j := range jobs {
		got = append(got, j.Label())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept points\n%q\nwant\n%q", got, want)
	}
	if err := specError(t, smoothHead+"grid:\n  iterations: [10, 20]\n  dynamics.kind: [sga]\nexclude:\n  - {iterations: 10, dynamics.kind: lola}\n"); err != "sweep: exclude[0] (line 12) matches no grid point (check its values against the grid)" {
		t.Errorf("exclusion of a value not in the grid: %q", err)
	}
}
