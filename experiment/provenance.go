package experiment

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/internal/safeyaml"
)

// BinaryVersion is stackel's version as the binary was stamped with it
// (cmd/stackel sets it from its -ldflags value); empty means the build
// info's module version, else "(devel)".
var BinaryVersion string

// Build says which binary ran (part of) a job and on what machine: an
// entry of job.json's "builds", so that a report can say what made its
// numbers. Two runs with the same seed give the same bits on one machine
// and one build; across CPUs or build tags (openblas, purego) the last
// bits of floating-point results may differ.
type Build struct {
	// Version is stackel's version (BinaryVersion, the module version, or
	// "(devel)").
	Version string `json:"version"`
	// Revision is the VCS revision the binary was built from and Modified
	// says that the tree had uncommitted changes; both are absent when
	// the build info has none (go run, go test).
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	// Binary is the first 16 hex digits of the SHA-256 of the executable
	// that ran (absent when it cannot be read, and in records made by a
	// stackel that did not record it yet): it tells binaries apart that record the same version
	// and no revision (built with -buildvcs=false, or outside a VCS tree),
	// e.g. two commits of one "(devel)" tree.
	Binary string `json:"binary,omitempty"`
	// Go is the toolchain that built the binary, e.g. "go1.26.0".
	Go string `json:"go"`
	// Tags are the build tags (-tags), e.g. "mujoco,openblas".
	Tags string `json:"tags,omitempty"`
	// Platform is GOOS/GOARCH, with the amd64 instruction level when the
	// build info records one ("linux/amd64 v3").
	Platform string `json:"platform"`
	// Kernels is the matrix products' route on this CPU (ad.Kernels:
	// "avx512", "avx2" or "go", with "+openblas"), which decides the last
	// bits of an RL run's numbers.
	Kernels string `json:"kernels"`
	// CPU is the processor's model name as the kernel reports it (Linux:
	// /proc/cpuinfo's "model name"; absent elsewhere) and CPUs the number
	// of logical CPUs the process could use.
	CPU  string `json:"cpu,omitempty"`
	CPUs int    `json:"cpus"`
	// Host is the machine's host name (a sweep's jobs may run on many).
	Host string `json:"host,omitempty"`
}

// String describes b in one line, as reports print it:
// "stackel (devel) revision 1a2b3c4d5e6f+modified binary 0ca7a10b82ebbdb9, go1.26.0, linux/amd64,
// kernels avx512, tags mujoco; AMD EPYC 9654 (2 CPUs), host node7".
func (b Build) String() string {
	var s strings.Builder
	s.WriteString("stackel " + b.Version)
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s.WriteString(" revision " + rev)
		if b.Modified {
			s.WriteString("+modified")
		}
	}
	if b.Binary != "" {
		s.WriteString(" binary " + b.Binary)
	}
	fmt.Fprintf(&s, ", %s, %s, kernels %s", b.Go, b.Platform, b.Kernels)
	if b.Tags != "" {
		s.WriteString(", tags " + b.Tags)
	}
	cpu := b.CPU
	if cpu == "" {
		cpu = "CPU not recorded"
	}
	fmt.Fprintf(&s, "; %s (%s)", cpu, CountOf(b.CPUs, "CPU"))
	if b.Host != "" {
		s.WriteString(", host " + b.Host)
	}
	return s.String()
}

// CurrentBuild describes this binary and machine.
func CurrentBuild() Build {
	b := Build{Version: BinaryVersion, Binary: binaryDigest(), Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Kernels: ad.Kernels(), CPU: cpuModel(), CPUs: runtime.NumCPU()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.fromBuildInfo(bi)
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	if h, err := os.Hostname(); err == nil {
		b.Host = h
	}
	return b
}

// fromBuildInfo fills what the build info records: the module version
// (unless BinaryVersion was set), the VCS revision, the tags and the
// amd64 level.
func (b *Build) fromBuildInfo(bi *debug.BuildInfo) {
	if b.Version == "" && bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		b.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		case "-tags":
			b.Tags = s.Value
		case "GOAMD64":
			b.Platform += " " + s.Value
		}
	}
}

// binaryDigest is the first 16 hex digits of the SHA-256 of this
// process's executable, read once (openExecutable); empty when it cannot
// be read.
var binaryDigest = sync.OnceValue(func() string {
	f, err := openExecutable()
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// openExecutable opens the file this process runs. On Linux that is
// /proc/self/exe, the running file itself even when its path now names
// another (a `go build -o` of the next commit over the binary of a
// reproduction or NATS worker still running: os.Executable gives the path,
// whose file is the new binary) or none (the binary deleted); elsewhere
// the file at os.Executable's path.
func openExecutable() (*os.File, error) {
	if runtime.GOOS == "linux" || runtime.GOOS == "android" {
		if f, err := os.Open("/proc/self/exe"); err == nil {
			return f, nil
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return os.Open(exe)
}

// cpuModel is the first "model name" of /proc/cpuinfo, read once; empty
// where there is none.
var cpuModel = sync.OnceValue(func() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
})

// withBuild returns builds with b appended, unless b is already its last
// entry: a job resumed by the same binary on the same machine records it
// once, one resumed elsewhere records both.
func withBuild(builds []Build, b Build) []Build {
	if n := len(builds); n > 0 && builds[n-1] == b {
		return builds
	}
	return append(append([]Build(nil), builds...), b)
}

// BuildCount is one build that ran some of a set of jobs, and how many.
type BuildCount struct {
	// Build is the binary and machine, as a job.json records them.
	Build Build
	// Jobs is the number of jobs whose records list Build (a job resumed
	// by several builds counts once for each of them).
	Jobs int
}

// JobBuilds returns the builds that the job.json files of jobs under root
// record, each with the number of jobs it ran (part of), most jobs first,
// then by description; jobs without a job.json or without builds (made by
// a stackel that did not record builds yet), and directories that hold another job's record
// (other than the shorter run a job lengthens), are not counted. Unreadable records are skipped: a
// report says what it can.
func JobBuilds(root string, jobs []Job) []BuildCount {
	runs, _ := JobBuildRuns(root, jobs)
	out := make([]BuildCount, len(runs))
	for i, r := range runs {
		out[i] = BuildCount{r.Build, len(r.Jobs)}
	}
	return out
}

// BuildRuns is one build that ran some of a set of jobs, and which.
type BuildRuns struct {
	// Build is the binary and machine, as a job.json records them.
	Build Build
	// Jobs are the jobs whose records list Build, in the order given (a
	// job resumed by several builds is among the jobs of each).
	Jobs []Job
}

// JobBuildRuns is JobBuilds with the jobs each build ran, in the same
// order, and the jobs whose job.json (theirs, or the shorter run's they
// lengthen) records no build: unrecorded, runs made by a stackel that did
// not record builds yet, which a report of a set extended by a newer stackel names apart.
func JobBuildRuns(root string, jobs []Job) (builds []BuildRuns, unrecorded []Job) {
	return jobBuildRuns(root, jobs, nil)
}

// jobBuildRuns is JobBuildRuns, calling each (when not nil) with every
// job whose job.json it read and counted (its own, or the shorter run's
// it lengthens), so that a caller reads each job.json once.
func jobBuildRuns(root string, jobs []Job, each func(Job, JobRecord)) (builds []BuildRuns, unrecorded []Job) {
	index := map[Build]int{}
	for _, j := range jobs {
		rec, ok, err := ReadJobRecord(filepath.Join(root, j.Out))
		if err != nil || !ok || (rec.ID != j.ID && !extendsRun(j, rec.Job)) {
			continue // nothing, or another run's record
		}
		if each != nil {
			each(j, rec)
		}
		if len(rec.Builds) == 0 {
			unrecorded = append(unrecorded, j)
			continue
		}
		seen := map[Build]bool{}
		for _, b := range rec.Builds {
			if seen[b] {
				continue
			}
			seen[b] = true
			k, ok := index[b]
			if !ok {
				k = len(builds)
				index[b] = k
				builds = append(builds, BuildRuns{Build: b})
			}
			builds[k].Jobs = append(builds[k].Jobs, j)
		}
	}
	sort.SliceStable(builds, func(i, k int) bool {
		if len(builds[i].Jobs) != len(builds[k].Jobs) {
			return len(builds[i].Jobs) > len(builds[k].Jobs)
		}
		return builds[i].Build.String() < builds[k].Build.String()
	})
	return builds, unrecorded
}

// Provenance says what made a set of runs, as a reproduction's
// results.json records it (its "provenance"), from the runs' job.json
// files: the same builds as report.md's Provenance section, for scripts
// that compare results.json files of several machines or builds.
type Provenance struct {
	// Runs is the number of runs reported on.
	Runs int `json:"runs"`
	// Builds are the binaries and machines that made them
	// (JobBuildRuns: most runs first), each with the runs it made.
	Builds []ProvenanceBuild `json:"builds"`
	// Unrecorded are the runs whose job.json records no build (written
	// by a stackel before 2026-12-05). A run without a job.json, or whose
	// job.json is another job's, is in neither list.
	Unrecorded []string `json:"unrecorded"`
	// MetricsUnchecked are the smooth-game runs recorded done whose
	// summary.json has no metrics_sha256 (written by a stackel before
	// 2026-12-07): their metrics.csv was checked by its last row only, not
	// whole (checkDoneSmoothRows). Absent when there is none.
	MetricsUnchecked []string `json:"metrics_unchecked,omitempty"`
	// MetricsNotChecked are the Hi-C and Markov runs recorded done whose
	// summary.json has no metrics_sha256 (written by a stackel before
	// 2026-12-07): their metrics.csv was not checked at all, but for
	// being there (checkDoneDigestRows). Absent when there is none.
	MetricsNotChecked []string `json:"metrics_not_checked,omitempty"`
	// MetricsRowsCounted are the RL runs recorded done whose summary.json
	// has no metrics_sha256 (written by a stackel before 2026-12-07):
	// their metrics.csv was checked by its number of rows and its last
	// step only, not whole (checkDoneRLRows). Absent when there is none.
	MetricsRowsCounted []string `json:"metrics_rows_counted,omitempty"`
	// MetricsFailedNotChecked are the RL runs recorded failed (a diverged
	// seed, which a report averages up to its failure) whose summary.json
	// has no metrics_sha256 (written by a stackel before 2026-12-07; or
	// no summary.json that reads): their metrics.csv was not checked at
	// all (checkFailedRLRows). A
	// failed run without a metrics.csv (failed before its first epoch: no
	// row is reported) is not among them. Absent when there is none.
	MetricsFailedNotChecked []string `json:"metrics_failed_not_checked,omitempty"`
}

// ProvenanceBuild is one build of a Provenance: the Build's fields as
// job.json records them, its one-line description (Build.String, as
// report.md writes it) and the runs it made (their directories, with
// "/" between names, relative to the report's).
type ProvenanceBuild struct {
	Build
	Description string   `json:"description"`
	Runs        []string `json:"runs"`
}

// JobProvenance returns the Provenance of jobs under root (JobBuildRuns,
// and the runs whose metrics.csv was not checked whole: metricsDigestless),
// reading each job.json once.
func JobProvenance(root string, jobs []Job) Provenance {
	var unchecked, notChecked, counted, failed []string
	builds, unrecorded := jobBuildRuns(root, jobs, func(j Job, rec JobRecord) {
		switch metricsDigestless(root, j, rec) {
		case "smooth":
			unchecked = append(unchecked, filepath.ToSlash(j.Out))
		case "hic", "markov":
			notChecked = append(notChecked, filepath.ToSlash(j.Out))
		case "rl":
			counted = append(counted, filepath.ToSlash(j.Out))
		case "rl failed":
			failed = append(failed, filepath.ToSlash(j.Out))
		}
	})
	p := Provenance{Runs: len(jobs), Builds: make([]ProvenanceBuild, len(builds)), Unrecorded: jobOuts(unrecorded),
		MetricsUnchecked: unchecked, MetricsNotChecked: notChecked, MetricsRowsCounted: counted, MetricsFailedNotChecked: failed}
	for i, b := range builds {
		p.Builds[i] = ProvenanceBuild{Build: b.Build, Description: b.Build.String(), Runs: jobOuts(b.Jobs)}
	}
	return p
}

// jobOuts returns the directories of jobs, with "/" between names; an
// empty list, not nil, for none.
func jobOuts(jobs []Job) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = filepath.ToSlash(j.Out)
	}
	return out
}

// metricsDigestless returns the kind of run of job j, whose job.json
// under root is rec, when it is a smooth-game, Hi-C, Markov or RL run
// recorded done whose summary.json records no metrics_rows or
// metrics_sha256 (written by a stackel before 2026-12-07), "rl failed"
// for an RL run recorded failed whose summary.json records neither (or
// is missing, or does not read) and whose metrics.csv is there, and ""
// for any other: the check of a
// finished run read only a smooth run's metrics.csv's last row
// (checkDoneSmoothRows), no row of a Hi-C or Markov run's
// (checkDoneDigestRows), an RL run's number of rows and last step
// (checkDoneRLRows), and no row of a failed RL run's, which a report
// averages up to its failure (checkFailedRLRows), so that a row changed
// in the middle would go unseen (of a smooth, Hi-C or Markov run, or a
// failed RL run, a row lost too). Failed runs of the other kinds are
// left out of their reports and are not named.
func metricsDigestless(root string, j Job, rec JobRecord) string {
	if j.Task != nil || rec.ID != j.ID || (rec.Status != JobDone && rec.Status != JobFailed) {
		return ""
	}
	cfg, err := j.ParseConfig()
	if err != nil {
		return ""
	}
	kind, err := KindOf(cfg)
	if err != nil || !slices.Contains([]string{"smooth", "hic", "markov", "rl"}, kind.Name) {
		return ""
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(root, j.Out, SummaryFile))
	var sum MetricsDigest
	read := err == nil && json.Unmarshal(b, &sum) == nil
	digest := read && sum.MetricsRows != nil && sum.MetricsSHA256 != ""
	if rec.Status == JobFailed {
		if kind.Name != "rl" || digest {
			return ""
		}
		if _, err := os.Stat(filepath.Join(root, j.Out, MetricsFile)); err != nil {
			return "" // failed before its first epoch: no row is reported
		}
		return "rl failed"
	}
	if !read || digest {
		return ""
	}
	return kind.Name
}
