package repro

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestMuJoCoReproductionsRegistered: the three MuJoCo comparisons exist
// with the paper's variants; in a build without the MuJoCo package they
// fail at once with an error naming the tag.
func TestMuJoCoReproductionsRegistered(t *testing.T) {
	want := map[string][]string{
		"stddpg-mujoco": {"stddpg-al", "stddpg-cl", "ddpg"},
		"stsac-mujoco":  {"stsac-al", "stsac-cl", "sac"},
		"stac-mujoco":   {"stac-m1", "stac-m80", "ac-m80"},
	}
	for name, variants := range want {
		r, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(r.Variants, ",") != strings.Join(variants, ",") || !r.Resumable {
			t.Errorf("%s: variants %v resumable %v", name, r.Variants, r.Resumable)
		}
		if mujocoLinked {
			continue
		}
		var log bytes.Buffer
		err = r.Execute(context.Background(), Options{Out: t.TempDir(), Quick: true, Seeds: 1, Workers: 1, Log: &log})
		if err == nil || !strings.Contains(err.Error(), "-tags mujoco") {
			t.Errorf("%s without MuJoCo: error %v; want one naming the build tag", name, err)
		}
	}
}

// TestMuJoCoSuiteEnvs: --envs restricts a suite's jobs to the named tasks
// (seed-major, every selected variant), and an unknown task is refused
// naming it.
func TestMuJoCoSuiteEnvs(t *testing.T) {
	r, err := Lookup("stddpg-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: t.TempDir(), Seeds: 2, Steps: 5000, Envs: []string{"HalfCheetah-v4", "Hopper-v4"}, Variants: []string{"ddpg", "stddpg-al"}}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, j.Out)
	}
	want := []string{
		"Hopper-v4/stddpg-al/seed1", "Hopper-v4/ddpg/seed1", "HalfCheetah-v4/stddpg-al/seed1", "HalfCheetah-v4/ddpg/seed1",
		"Hopper-v4/stddpg-al/seed2", "Hopper-v4/ddpg/seed2", "HalfCheetah-v4/stddpg-al/seed2", "HalfCheetah-v4/ddpg/seed2",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("jobs\n got %v\nwant %v", got, want)
	}
	if err := r.CheckEnvs([]string{"Hopper-v4", "Humanoid-v4"}); err == nil || !strings.Contains(err.Error(), `"Humanoid-v4"`) {
		t.Errorf("unknown task: error %v; want one naming Humanoid-v4", err)
	}
	single, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	if err := single.CheckEnvs([]string{"Hopper-v4"}); err == nil {
		t.Error("--envs on a one-task reproduction: no error")
	}
}
