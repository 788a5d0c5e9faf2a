//go:build linux

package sweep

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/tmpfstest"
)

// A disk that fills while a sweep's report is written again (stackel
// sweep collect once more jobs are done: a figure more to draw) leaves
// the previous report.md and figures whole, and the error names the file
// and says `no space left on device` once; with space freed the same
// call writes the new report. Before session 48 the previous report.md
// and every point's figures were removed first, so that the full disk
// left the sweep with no report at all, while the error said "the
// previous report.md, if any, is unchanged".
func TestReportFullDiskKeepsPrevious48(t *testing.T) {
	mnt := tmpfstest.Mount(t, "1m")
	dir := filepath.Join(mnt, "o")
	jobs := expandSpec(t, `name: full
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1, 0.2]}
seeds: [1]
`)
	write := func(j Job, status string) {
		d := j.OutDir(dir)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("iter,f1\n1,2\n2,3\n"), 0o644)
		os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 3}}`), 0o644)
		experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: j.Job, Status: status})
	}
	write(jobs[0], StatusDone)
	write(jobs[1], StatusRunning)
	if err := WriteReport(dir, "full", jobs, DiskRecords(dir, jobs), nil); err != nil {
		t.Fatal(err)
	}
	names := []string{"report.md", "curves/point0.png", "curves/point0.svg"}
	before := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		before[n] = b
	}
	// The second job done, the disk full but for a few pages.
	write(jobs[1], StatusDone)
	filler, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	if _, err := filler.Write(make([]byte, int64(st.Bavail)*int64(st.Bsize)-8<<10)); err != nil {
		t.Fatal(err)
	}
	filler.Close()
	err = WriteReport(dir, "full", jobs, DiskRecords(dir, jobs), nil)
	if err == nil || !errors.Is(err, syscall.ENOSPC) || strings.Count(err.Error(), "no space left on device") != 1 {
		t.Fatalf("report on a full disk: %v; want the error saying no space left on device once", err)
	}
	for _, n := range names {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || !bytes.Equal(b, before[n]) {
			t.Errorf("%s after the full disk: %d bytes, %v; want the previous %d bytes", n, len(b), err, len(before[n]))
		}
	}
	// Space freed: the new report.
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	if err := WriteReport(dir, "full", jobs, DiskRecords(dir, jobs), nil); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if strings.Count(string(md), "| 1/1 |") != 2 || strings.Count(string(md), "### Sweep") != 1 {
		t.Errorf("report.md with space freed:\n%s", md)
	}
	if _, err := os.Stat(filepath.Join(dir, "curves", "point1.png")); err != nil {
		t.Error(err)
	}
}
