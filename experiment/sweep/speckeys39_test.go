package sweep

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// specKeyPaths lists every key the spec parser accepts: the top-level
// keys of rawSpec (its yaml tags) and the keys of seeds' map form. The
// keys below config: are a run configuration's (experiment's
// configkeys39_test), and grid and exclude take dotted config keys.
func specKeyPaths() []string {
	var out []string
	t := reflect.TypeOf(rawSpec{})
	for i := 0; i < t.NumField(); i++ {
		out = append(out, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
	}
	out = append(out, "seeds.count")
	sort.Strings(out)
	return out
}

// readmeSpecSection returns the README's "The spec (published interface)"
// section.
func readmeSpecSection(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "### The spec (published interface)")
	if i < 0 {
		t.Fatal("README has no section \"The spec (published interface)\"")
	}
	s = s[i:]
	if j := strings.Index(s, "\n### Three ways to run it"); j > 0 {
		s = s[:j]
	}
	return s
}

// TestSpecKeysDocumented: the keys the parser accepts are exactly the keys
// the README's spec section documents in its example (a top-level key, or
// one in backquotes as `key:` in a comment; seeds' count as {count: N}), so that neither a
// key added to the parser nor one the README invents goes unnoticed.
func TestSpecKeysDocumented(t *testing.T) {
	sec := readmeSpecSection(t)
	// The example: its first YAML block.
	i := strings.Index(sec, "```yaml\n")
	if i < 0 {
		t.Fatal("README's spec section has no YAML example")
	}
	example := sec[i:]
	example = example[:strings.Index(example[3:], "```")+3]
	doc := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^([a-z_]+):|`([a-z_]+):`").FindAllStringSubmatch(example, -1) {
		doc[m[1]+m[2]] = true
	}
	if strings.Contains(example, "{count: ") {
		doc["seeds.count"] = true
	}
	var documented []string
	for k := range doc {
		documented = append(documented, k)
	}
	sort.Strings(documented)
	if accepted := specKeyPaths(); !reflect.DeepEqual(accepted, documented) {
		t.Errorf("spec keys accepted %q, documented %q", accepted, documented)
	}
	// Every documented key goes through the real parser.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(strings.SplitN(smoothHead, "config:\n", 2)[1]), 0o644)
	for _, src := range []string{
		"name: s\nbase: b.yaml\ngrid: {iterations: [10, 20]}\nseeds: [1, 2]\nexclude: [{iterations: 10}]\n",
		smoothHead + "grid: {iterations: [10, 20]}\nseeds: {count: 2}\nexclude: [{iterations: 20}]\n",
	} {
		s, err := ParseSpec([]byte(src), dir)
		if err == nil {
			_, err = s.Expand()
		}
		if err != nil {
			t.Errorf("spec\n%s\n%v", src, err)
		}
	}
}

// TestSpecBoundaries: the stated ranges, at their edges, through the real
// parser: seeds from 0 to 2⁶⁴−1, {count: N} from 1 to 100 000, a name of
// at most 128 characters, and a grid and seeds of exactly 100 000 jobs
// (counted, not expanded). Without seeds a job takes the base's seed;
// without a grid the base is the one grid point.
func TestSpecBoundaries(t *testing.T) {
	g := "grid:\n  iterations: [10, 20]\n"
	for _, c := range []struct{ src, want string }{
		{smoothHead + g + "seeds: [0, 18446744073709551615]\n", ""},
		{smoothHead + g + "seeds: [18446744073709551616]\n", "sweep: seeds[0] (line 10): 18446744073709551616 is outside the range of a seed (0 to 18446744073709551615)"},
		{smoothHead + g + "seeds: [-1]\n", "sweep: seeds[0] (line 10): -1 is not a non-negative integer"},
		{smoothHead + g + "seeds: {count: 1}\n", ""},
		{smoothHead + g + "seeds: {count: 0}\n", "sweep: seeds (line 10): count: need a whole number from 1 to 100000, got 0"},
		{smoothHead + "seeds: {count: 100001}\n", "sweep: seeds (line 8): count: need a whole number from 1 to 100000, got 100001"},
		{strings.Replace(smoothHead, "name: s", "name: "+strings.Repeat("a", MaxNameLen), 1), ""},
		{strings.Replace(smoothHead, "name: s", "name: "+strings.Repeat("a", MaxNameLen+1), 1), "use letters, digits, - and _ only, at most 128 of them"},
	} {
		got := ""
		s, err := ParseSpec([]byte(c.src), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err != nil {
			got = err.Error()
		}
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("spec\n%s\nerror %q\nwant %q", c.src, got, c.want)
		}
	}
	// 100 000 jobs are allowed, 100 001 refused, from the counts alone.
	s, err := ParseSpec([]byte(smoothHead+"grid:\n  iterations: [10, 20]\nseeds: {count: 50000}\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.checkJobCount(); err != nil {
		t.Errorf("2 × 50000 jobs: %v", err)
	}
	s.Seeds = append(s.Seeds, 50001)
	if err := s.checkJobCount(); err == nil || !strings.Contains(err.Error(), "2 × 50001 = 100002 jobs") {
		t.Errorf("2 × 50001 jobs: %v", err)
	}
	// Defaults: the base's seed (7) without seeds; one point without a grid.
	s, err = ParseSpec([]byte(smoothHead), "")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil || len(jobs) != 1 || jobs[0].Seed != 7 {
		t.Errorf("no grid, no seeds: %d jobs, %v; want one of seed 7", len(jobs), err)
	}
}

// TestSpecBadValueNamesKeyAndLine feeds one bad value per spec key (and
// per form of seeds), each on a line of its own below its key, and wants
// the error to name the key and the bad value's line. Before session 39
// a grid key that is not text (null, 1) was given the grid: line, a bad
// count or unknown key under a block seeds: the seeds: line, seeds: {}
// said "null is not a non-negative integer", and an unreadable or empty
// base file no line at all.
func TestSpecBadValueNamesKeyAndLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.yaml"), []byte("# nothing\n"), 0o644)
	g := "grid:\n  iterations: [10, 20]\n" // lines 8, 9
	for _, c := range []struct{ key, src, want string }{
		{"name", "# a sweep\nname: a.b\nconfig: {iterations: 1}\n",
			`sweep: name "a.b" (line 2): use letters, digits, - and _ only`},
		{"name (missing)", "config: {iterations: 1}\n", "sweep: name: missing"},
		{"base", "name: s\n\nbase: nowhere.yaml\n",
			"sweep: base: open " + filepath.Join(dir, "nowhere.yaml") + ": no such file or directory (the spec's base:, line 3)"},
		{"base (empty file)", "name: s\n\nbase: empty.yaml\n",
			"sweep: base " + filepath.Join(dir, "empty.yaml") + " (line 3) is empty"},
		{"base and config", "name: s\nbase: b.yaml\nconfig: {iterations: 1}\n",
			"sweep: base (line 2) and config (line 3): give either base (a file) or config (inline), not both"},
		{"config", "name: s\n\nconfig: [1]\n", "sweep: line 3: config: need a mapping (key: value), not a list"},
		{"config (a key below)", strings.Replace(smoothHead, "iterations: 100", "iterations: -1", 1),
			"sweep: config: line 6: iterations: -1 is not a valid count"},
		{"grid", smoothHead + "\ngrid: [iterations]\n", "sweep: line 9: grid: need a mapping (key: value), not a list"},
		{"grid (a key)", smoothHead + "grid:\n  iterations: [10]\n  null: [1]\n", "sweep: grid key null (line 10): need a dotted config key"},
		{"grid (a value)", smoothHead + "grid:\n  iterations: [10]\n  record_every: [x]\n", "sweep: grid.record_every = x (line 10): config: record_every"},
		{"grid (not a list)", smoothHead + "grid:\n  iterations: [10]\n  record_every: 5\n", "sweep: grid.record_every (line 10): need a non-empty list of values"},
		{"seeds", smoothHead + g + "\nseeds: yes\n", "sweep: seeds (line 11): give a list of seeds or {count: N}, not yes"},
		{"seeds (an element)", smoothHead + g + "seeds:\n  - 1\n  - 2.5\n", "sweep: seeds[1] (line 12): 2.5 is not a non-negative integer"},
		{"seeds (empty list)", smoothHead + g + "seeds: []\n", "sweep: seeds (line 10): empty list"},
		{"seeds.count", smoothHead + g + "seeds:\n\n  count: 0\n", "sweep: seeds (line 12): count: need a whole number from 1 to 100000, got 0"},
		{"seeds.count (missing)", smoothHead + g + "seeds: {}\n", "sweep: seeds (line 10): count: missing (give a list, or {count: N})"},
		{"seeds (unknown key)", smoothHead + g + "seeds:\n  count: 2\n  cuont: 3\n", `sweep: seeds (line 12): unknown key "cuont" (give a list, or {count: N})`},
		{"exclude", smoothHead + g + "\nexclude: {iterations: 10}\n", "sweep: line 11: exclude: need a list, not a mapping (key: value)"},
		{"exclude (an entry)", smoothHead + g + "exclude:\n  - {iterations: 10}\n  - {}\n", "sweep: exclude[1] (line 12): empty"},
		{"exclude (a key)", smoothHead + g + "exclude:\n  - {iterations: 10}\n  - {record_every: 5}\n", "sweep: exclude[1] (line 12): record_every is not a grid key"},
		{"exclude (a value)", smoothHead + g + "exclude:\n  - {iterations: 10}\n  - {iterations: 30}\n", "sweep: exclude[1] (line 12) matches no grid point"},
		{"unknown key", smoothHead + g + "sedes: [1]\n", `sweep: [10:1] unknown field "sedes" (the top level takes name, base, config, grid, seeds, exclude)`},
	} {
		s, err := ParseSpec([]byte(c.src), dir)
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant it to start with %q", c.key, err, c.want)
		}
	}
}
