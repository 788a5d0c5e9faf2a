package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseNaNNamesItsLine: a NaN or infinity in a base config file is
// refused naming the base file, the key and the key's line in that file,
// as the base's other errors do (before: "base b.yaml: x = NaN", no line).
// An inline config's gives the key's own line too.
func TestBaseNaNNamesItsLine(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "b.yaml")
	os.WriteFile(base, []byte("game: {builtin: duopoly}\ndynamics:\n  kind: sga\n  step_tol: .nan\niterations: 10\n"), 0o644)
	for _, c := range []struct{ spec, want string }{
		{"name: s\nbase: b.yaml\n", "sweep: base " + base + ": line 4: dynamics.step_tol = NaN: NaN and Inf are not allowed"},
		{"name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics:\n    kind: sga\n    step_tol: -.inf\n", "sweep: config (line 6): dynamics.step_tol = -Inf: NaN and Inf are not allowed"},
	} {
		_, err := ParseSpec([]byte(c.spec), dir)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("spec %q: error %v\nwant it to start with %q", c.spec, err, c.want)
		}
	}
}

// TestExcludeKeyOwnLine: in an exclude entry written over several lines,
// a key that is not a grid key (or holds NaN) is reported at its own line,
// not the entry's first.
func TestExcludeKeyOwnLine(t *testing.T) {
	const head = "name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\ngrid:\n  iterations: [5, 10]\n  dynamics.step_tol: [0, 1]\nexclude:\n  - iterations: 5\n"
	for _, c := range []struct{ tail, want string }{
		{"    dynamic.step_tol: 0\n", "sweep: exclude[0] (line 8): dynamic.step_tol is not a grid key"},
		{"    dynamics.step_tol: .nan\n", "sweep: exclude[0].dynamics.step_tol = NaN (line 8): NaN and Inf"},
	} {
		_, err := ParseSpec([]byte(head+c.tail), t.TempDir())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v\nwant it to start with %q", c.tail, err, c.want)
		}
	}
}

// TestReadColumnsCRLF: a metrics.csv whose lines end in \r\n (edited on
// Windows), with or without a byte-order mark, reads as the same file
// with \n (before: `"1.5\r" is not a number`, and the report failed).
func TestReadColumnsCRLF(t *testing.T) {
	dir := t.TempDir()
	for i, body := range []string{
		"steps,return\r\n100,1.5\r\n200,NaN\r\n300,2\r\n",
		"\ufeffsteps,return\r\n100,1.5\r\n200,NaN\r\n300,2\r\n",
	} {
		p := filepath.Join(dir, "m.csv")
		os.WriteFile(p, []byte(body), 0o644)
		c, err := ReadColumns(p)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		ret, ok := c.Get("return")
		if !ok || len(c.Step) != 3 || c.Step[2] != 300 || len(ret) != 3 || ret[1] != 1.5 || ret[2] != 2 {
			t.Errorf("file %d: header %q steps %v return %v", i, c.Header, c.Step, ret)
		}
	}
}
