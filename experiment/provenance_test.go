package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestBuildFromBuildInfo: the build info's module version, VCS revision,
// modified flag, tags and amd64 level fill a Build, and String writes it
// as reports print it (exact text).
func TestBuildFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v0.9.0"}, Settings: []debug.BuildSetting{
		{Key: "-tags", Value: "mujoco,openblas"},
		{Key: "GOAMD64", Value: "v3"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123"},
		{Key: "vcs.modified", Value: "true"},
	}}
	b := Build{Platform: "linux/amd64", Kernels: "avx512", CPU: "Oxide Virtual Turin-like Processor", CPUs: 2, Host: "node7"}
	b.fromBuildInfo(bi)
	want := Build{Version: "v0.9.0", Revision: "0123456789abcdef0123", Modified: true, Go: "go1.26.0", Tags: "mujoco,openblas",
		Platform: "linux/amd64 v3", Kernels: "avx512", CPU: "Oxide Virtual Turin-like Processor", CPUs: 2, Host: "node7"}
	if b != want {
		t.Fatalf("fromBuildInfo:\n%+v\nwant\n%+v", b, want)
	}
	text := "stackel v0.9.0 revision 0123456789ab+modified, go1.26.0, linux/amd64 v3, kernels avx512, tags mujoco,openblas; Oxide Virtual Turin-like Processor (2 CPUs), host node7"
	if b.String() != text {
		t.Errorf("String:\n%s\nwant\n%s", b, text)
	}
	// A version stamped by -ldflags wins over the module's; no VCS
	// information, no tags, no CPU name: those parts are left out.
	s := Build{Version: "1.2.3", Platform: "darwin/arm64", Kernels: "go", CPUs: 8}
	s.fromBuildInfo(&debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Version: "(devel)"}})
	if got, want := s.String(), "stackel 1.2.3, go1.26.1, darwin/arm64, kernels go; CPU not recorded (8 CPUs)"; got != want {
		t.Errorf("String:\n%s\nwant\n%s", got, want)
	}
}

// TestCurrentBuild: this process's build names its platform, toolchain
// and logical CPUs as the runtime does.
func TestCurrentBuild(t *testing.T) {
	b := CurrentBuild()
	if !strings.HasPrefix(b.Platform, runtime.GOOS+"/"+runtime.GOARCH) || b.CPUs != runtime.NumCPU() || b.Go == "" || b.Version == "" || b.Kernels != ad.Kernels() {
		t.Errorf("CurrentBuild = %+v", b)
	}
	if runtime.GOOS == "linux" && b.CPU == "" {
		if _, err := os.Stat("/proc/cpuinfo"); err == nil {
			t.Errorf("CurrentBuild on Linux has no CPU model: %+v", b)
		}
	}
}

// TestRunJobRecordsBuilds: job.json records the build that ran the job;
// a smooth job left running by another build and run again here (from
// iteration 0: only RL runs resume) records this build alone; and
// JobBuilds counts each build once per job, most jobs first. (An RL run
// resumed or lengthened from another build's checkpoint keeps that build
// first: TestRunJobExtends.)
func TestRunJobRecordsBuilds(t *testing.T) {
	dir := t.TempDir()
	cur := CurrentBuild()
	readBuilds := func(sub string) []Build {
		t.Helper()
		rec, ok, err := ReadJobRecord(filepath.Join(dir, sub))
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", sub, ok, err)
		}
		return rec.Builds
	}
	a := mustJob(t, jobTestConfig, 3, "a")
	if _, err := RunJob(context.Background(), a, filepath.Join(dir, "a"), nil); err != nil {
		t.Fatal(err)
	}
	if got := readBuilds("a"); len(got) != 1 || got[0] != cur {
		t.Fatalf("builds %+v, want [%+v]", got, cur)
	}

	// A job left running by another build (its job.json written by
	// hand as that build would have): run again here from scratch, its
	// numbers are this build's alone.
	b := mustJob(t, jobTestConfig, 4, "b")
	other := Build{Version: "v0.8.0", Go: "go1.25.0", Platform: "linux/amd64", CPU: "another CPU", CPUs: 64, Host: "node1"}
	if err := os.MkdirAll(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(filepath.Join(dir, "b"), JobFile, JobRecord{Job: b, Status: JobRunning, Builds: []Build{other}}); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "b"), ConfigFile, []byte(b.Config)); err != nil {
		t.Fatal(err)
	}
	if _, err := RunJob(context.Background(), b, filepath.Join(dir, "b"), nil); err != nil {
		t.Fatal(err)
	}
	if got := readBuilds("b"); len(got) != 1 || got[0] != cur {
		t.Fatalf("rerun after another build: builds %+v, want [%+v]", got, cur)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "b", JobFile))
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil || keys["builds"] == nil {
		t.Errorf("job.json has no \"builds\" key: %s", raw)
	}

	// A record naming two builds (an RL run resumed elsewhere) counts
	// for each.
	rec, _, err := ReadJobRecord(filepath.Join(dir, "b"))
	if err != nil {
		t.Fatal(err)
	}
	rec.Builds = []Build{other, cur}
	if err := WriteJSON(filepath.Join(dir, "b"), JobFile, rec); err != nil {
		t.Fatal(err)
	}
	counts := JobBuilds(dir, []Job{a, b, mustJob(t, jobTestConfig, 5, "never-run")})
	want := []BuildCount{{cur, 2}, {other, 1}}
	if len(counts) != len(want) || counts[0] != want[0] || counts[1] != want[1] {
		t.Errorf("JobBuilds = %+v, want %+v", counts, want)
	}
}

// TestWithBuild: the same build twice in a row is recorded once; another
// build in between is kept in order.
func TestWithBuild(t *testing.T) {
	x, y := Build{Version: "x"}, Build{Version: "y"}
	got := withBuild(withBuild(withBuild(withBuild(nil, x), x), y), x)
	if len(got) != 3 || got[0] != x || got[1] != y || got[2] != x {
		t.Errorf("withBuild chain = %+v", got)
	}
}
