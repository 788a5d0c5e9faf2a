package experiment

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fifotest"
	"github.com/stackel/stackel/internal/safeyaml"
)

const inputTestConfig = "name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 5\n"

// TestInputFilesRefuseSpecialFiles checks that LoadConfig and ReadJob
// refuse a named pipe (whose open would block until a writer came), a
// device (/dev/zero, which reads without end) and a directory, naming the
// path, without reading them.
func TestInputFilesRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "c.yaml")
	if err := fifotest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	paths := map[string]string{fifo: "is a named pipe (FIFO), not a regular file", dir: "is a directory, not a regular file"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths["/dev/zero"] = "is a device, not a regular file"
	}
	for path, what := range paths {
		if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), path+": "+what) {
			t.Errorf("LoadConfig(%s): %v, want %q", path, err, path+": "+what)
		}
		if _, err := ReadJob(path); err == nil || !strings.Contains(err.Error(), path+": "+what) {
			t.Errorf("ReadJob(%s): %v, want %q", path, err, path+": "+what)
		}
	}
}

// TestInputFilesSizeLimit checks LoadConfig and ReadJob at the size limit
// lowered through STACKEL_MAX_INPUT_BYTES: a file of exactly the limit is
// read, one byte more is refused naming the file, the limit and the
// variable.
func TestInputFilesSizeLimit(t *testing.T) {
	dir := t.TempDir()
	at := filepath.Join(dir, "at.yaml")
	over := filepath.Join(dir, "over.yaml")
	os.WriteFile(at, []byte(inputTestConfig), 0o644)
	os.WriteFile(over, []byte(inputTestConfig+"\n"), 0o644)
	limit := strconv.Itoa(len(inputTestConfig))
	t.Setenv(safeyaml.EnvMaxBytes, limit)
	c, err := LoadConfig(at)
	if err != nil || c.Iterations != 5 {
		t.Fatalf("config of %s bytes at the limit %s: %v", limit, limit, err)
	}
	want := []string{over, "file of " + strconv.Itoa(len(inputTestConfig)+1) + " bytes is too large", "limit " + limit, "STACKEL_MAX_INPUT_BYTES"}
	_, err = LoadConfig(over)
	var le *safeyaml.LimitError
	if !errors.As(err, &le) {
		t.Fatalf("one byte over the limit: %v, want a *safeyaml.LimitError", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("LoadConfig: error %q does not name %q", err, w)
		}
	}

	// A job file is held to the same limit.
	t.Setenv(safeyaml.EnvMaxBytes, "")
	j := mustJob(t, jobTestConfig, 7, "a")
	b, _ := json.Marshal(j)
	job := filepath.Join(dir, "job.json")
	os.WriteFile(job, b, 0o644)
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(len(b)))
	if got, err := ReadJob(job); err != nil || got.ID != j.ID {
		t.Errorf("job of %d bytes at the limit: %+v, %v", len(b), got, err)
	}
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(len(b)-1))
	if _, err := ReadJob(job); err == nil || !strings.Contains(err.Error(), job+": file of "+strconv.Itoa(len(b))+" bytes is too large") {
		t.Errorf("job one byte over the limit: %v", err)
	}
}

// TestConfigByteOrderMark checks that a config file beginning with a UTF-8
// byte-order mark (as Notepad writes it) reads as the same file without
// it, and that its errors keep their lines.
func TestConfigByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.yaml")
	marked := filepath.Join(dir, "marked.yaml")
	os.WriteFile(plain, []byte(inputTestConfig), 0o644)
	os.WriteFile(marked, []byte("\xef\xbb\xbf"+inputTestConfig), 0o644)
	want, err := LoadConfig(plain)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadConfig(marked)
	if err != nil {
		t.Fatalf("config with a byte-order mark: %v", err)
	}
	if !sameValues(got, want) || got.Name != "t" || got.Iterations != 5 {
		t.Errorf("config with a byte-order mark: %+v, want %+v", got, want)
	}
	// Parsed from text (a job's config) too, and in JSON.
	if c, err := ParseConfig([]byte("\xef\xbb\xbf{\"name\": \"t\", \"game\": {\"builtin\": \"duopoly\"}, \"dynamics\": {\"kind\": \"sga\"}, \"iterations\": 5}")); err != nil || c.Iterations != 5 {
		t.Errorf("JSON config with a byte-order mark: %+v, %v", c, err)
	}
	// An error after the mark names the right line.
	os.WriteFile(marked, []byte("\xef\xbb\xbfname: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 5.5\n"), 0o644)
	if _, err := LoadConfig(marked); err == nil || !strings.Contains(err.Error(), "line 4: iterations: 5.5 is not an integer") {
		t.Errorf("error in a config with a byte-order mark: %v", err)
	}
}

// TestConfigIntegerRange checks integer keys of a config file at the ends
// of their types' ranges: seed (uint64) and iterations (int). A whole
// number beyond the range is an error naming the file, the line and the
// key (seed: 2⁶⁴ was read as 2⁶³); the ends themselves read exactly.
func TestConfigIntegerRange(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("the int bounds below are those of a 64-bit int")
	}
	const (
		u64 = "outside the range of uint64 (0 to 18446744073709551615)"
		i64 = "outside the range of int (-9223372036854775808 to 9223372036854775807)"
	)
	refused := []struct{ line, want string }{
		{"seed: 18446744073709551616", u64},          // 2⁶⁴
		{"seed: 1.8446744073709552e19", u64},         // 2⁶⁴ as a float
		{"seed: 99999999999999999999999", u64},       //
		{"seed: -1", u64},                            //
		{"seed: -1.0", u64},                          //
		{"iterations: 9223372036854775808", i64},     // 2⁶³
		{"iterations: 9.223372036854775808e18", i64}, // 2⁶³ as a float
		{"iterations: -9223372036854775809", i64},    // rounds to −2⁶³ as a float
		{"iterations: 1e300", i64},
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	for _, c := range refused {
		os.WriteFile(path, []byte("name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"+c.line+"\n"), 0o644)
		_, err := LoadConfig(path)
		if err == nil {
			t.Errorf("%s: accepted", c.line)
			continue
		}
		for _, w := range []string{path + ": config: line 4: " + c.line + " ", c.want} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.line, err, w)
			}
		}
	}
	accepted := map[string]uint64{
		"seed: 18446744073709551615":     1<<64 - 1,
		"seed: 1.8446744073709549568e19": 18446744073709549568, // the largest float64 below 2⁶⁴
		"seed: 9223372036854775808":      1 << 63,
		"seed: 9.223372036854775808e18":  1 << 63,
		"seed: 1e19":                     1e19,
	}
	for line, seed := range accepted {
		os.WriteFile(path, []byte(inputTestConfig+line+"\n"), 0o644)
		if c, err := LoadConfig(path); err != nil || c.Seed != seed {
			t.Errorf("%s: %v, want seed %d", line, err, seed)
		}
	}
	// The largest int: a count with no limit of its own reads exactly.
	c, err := ParseConfig([]byte("name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: " + strconv.Itoa(math.MaxInt) + "\n"))
	if err != nil || c.Iterations != math.MaxInt {
		t.Errorf("iterations: %d: %+v, %v", math.MaxInt, c, err)
	}
}
