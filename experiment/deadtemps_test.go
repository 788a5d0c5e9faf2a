package experiment

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// WriteFile removes the temporary files of earlier writes of the same
// file whose writer is dead (NAME.<pid>.<digits>.tmp, pid no longer
// running), and nothing else: a live process's temporary file (this
// process's parent stands for another stackel writing the file), an
// older binary's temporary file without a process id, another file's
// temporary file and a user's file are kept. Before, WriteFile removed
// none, and a kill mid-write left its temporary file for good.
func TestWriteFileRemovesDeadTemps(t *testing.T) {
	child := exec.Command(os.Args[0], "-test.run", "^$")
	if err := child.Run(); err != nil {
		t.Fatal(err)
	}
	dead := strconv.Itoa(child.Process.Pid) // waited for: no such process now
	live := strconv.Itoa(os.Getppid())
	self := strconv.Itoa(os.Getpid())
	dir := t.TempDir()
	files := []string{
		"report.md." + dead + ".123.tmp",      // removed
		"report.md." + live + ".124.tmp",      // a live writer's
		"report.md." + self + ".125.tmp",      // this process's
		"report.md.126.tmp",                   // an older binary's
		"report.md.tmp",                       // an older binary's
		"results.json." + dead + ".127.tmp",   // another file's
		"report.md." + dead + ".x.tmp",        // not a temporary name
		"notes.report.md." + dead + ".1.tmp",  // a user's
		"report.md." + dead + ".128.tmp.keep", // a user's
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFile(dir, "report.md", []byte("r\n")); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range ents {
		got[e.Name()] = true
	}
	if got[files[0]] {
		t.Errorf("%s (a dead writer's temporary file) kept", files[0])
	}
	for _, f := range append(files[1:], "report.md") {
		if !got[f] {
			t.Errorf("%s removed; only dead writers' temporary files of report.md may be", f)
		}
	}
	if len(got) != len(files) {
		t.Errorf("files after WriteFile: %v", got)
	}
}

// The temporary files writeFileAtomic makes now hold the writer's process
// id (NAME.<pid>.<digits>.tmp); PrepareRunDir and ClaimRunDir must still
// take them for a run's (isAtomicTemp), beside the older names.
func TestIsAtomicTempWithPID(t *testing.T) {
	for name, want := range map[string]bool{
		"checkpoint.gob.4021987.2948571.tmp": true,
		"checkpoint.gob.4021987.tmp":         true,
		"checkpoint.gob.tmp":                 true,
		"checkpoint.gob.4021987..tmp":        false,
		"checkpoint.gob..2948571.tmp":        false,
		"checkpoint.gob.1.2.3.tmp":           false,
		"checkpoint.gob.x.1.tmp":             false,
	} {
		if got := isAtomicTemp(name, runFileNames); got != want {
			t.Errorf("isAtomicTemp(%q) = %v, want %v", name, got, want)
		}
	}
	dir := t.TempDir()
	if err := writeFileAtomic(filepath.Join(dir, SummaryFile), []byte("{}\n"), ""); err != nil {
		t.Fatal(err)
	}
	// The name a write uses: NAME.<pid>.<digits>.tmp.
	f, err := os.CreateTemp(dir, SummaryFile+"."+strconv.Itoa(os.Getpid())+".*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !isAtomicTemp(filepath.Base(f.Name()), runFileNames) {
		t.Errorf("isAtomicTemp(%q) = false for writeFileAtomic's name", filepath.Base(f.Name()))
	}
	if pid, ok := tempWriter(filepath.Base(f.Name()), SummaryFile); !ok || pid != os.Getpid() || !strings.HasPrefix(filepath.Base(f.Name()), SummaryFile+".") {
		t.Errorf("tempWriter(%q) = %d, %v; want this process's id", filepath.Base(f.Name()), pid, ok)
	}
}
