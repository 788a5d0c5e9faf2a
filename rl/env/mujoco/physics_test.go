//go:build mujoco

package mujoco

import (
	"encoding/json"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// physicsGolden holds Sim.physics of Gymnasium v4's own MJCF files compiled
// by MuJoCo 2.2.2, one object per task.
const physicsGolden = "testdata/gymnasium_v4_physics.json"

var gymnasiumAssets = flag.String("gymnasium-assets", "",
	"directory holding Gymnasium v4's MJCF files under the embedded models' names (ant.xml, hopper.xml, …): "+
		"TestModelsMatchGymnasiumPhysics compares with them and rewrites "+physicsGolden)

// TestModelsMatchGymnasiumPhysics compares every embedded model, compiled,
// with Gymnasium v4's own model of the task compiled by the same MuJoCo
// 2.2.2: physics options (timestep, integrator, gravity, fluid density and
// viscosity, solver, collision mode), each body's mass, principal inertia
// and world centre of mass, each joint's type, limits, stiffness, margin,
// solver parameters and world anchor and axis, each degree of freedom's
// damping, armature and friction loss, each geom's that can touch anything
// (type, size, friction, condim, contype, conaffinity, margin, gap, solref,
// solimp, world position and orientation), and each actuator's
// transmission, gear, gain, bias and control and force ranges — all at
// qpos0, in the world frame, so that Hopper's and Walker2d's body frames,
// placed differently from Gymnasium's (global-coordinate) files, do not
// matter. A model edit that changes the learning problem fails here.
//
// The reference is physicsGolden, written from Gymnasium's files (gym's
// hopper.xml and walker2d.xml, which Gymnasium v4 uses unchanged) with
// -gymnasium-assets DIR; the files themselves are not in the repository.
// Values agree to 10⁻¹² relative (world positions reached through other
// body frames differ in the last bits).
func TestModelsMatchGymnasiumPhysics(t *testing.T) {
	want := gymnasiumPhysics(t)
	for _, task := range env.MuJoCoTasks {
		e := newEnv(t, task.ID)
		got, ref := e.Sim().physics(), want[task.ID]
		if ref == nil {
			t.Errorf("%s: no reference in %s", task.ID, physicsGolden)
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(ref)) {
			g, w := got[k], ref[k]
			if len(g) != len(w) {
				t.Errorf("%s: %s has %d values, Gymnasium's %d:\n%v\nwant\n%v", task.ID, k, len(g), len(w), g, w)
				continue
			}
			for i := range w {
				if !(math.Abs(g[i]-w[i]) <= 1e-12*(1+math.Abs(w[i]))) {
					t.Errorf("%s: %s[%d] = %v, Gymnasium's %v", task.ID, k, i, g[i], w[i])
				}
			}
		}
		for k := range got {
			if _, ok := ref[k]; !ok {
				t.Errorf("%s: %s has no reference", task.ID, k)
			}
		}
		e.Close()
	}
}

// gymnasiumPhysics returns the reference: from the files in
// -gymnasium-assets (rewriting physicsGolden) if given, else from
// physicsGolden.
func gymnasiumPhysics(t *testing.T) map[string]map[string][]float64 {
	t.Helper()
	want := map[string]map[string][]float64{}
	if *gymnasiumAssets == "" {
		b, err := os.ReadFile(physicsGolden)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s: %v", physicsGolden, err)
		}
		return want
	}
	for _, task := range env.MuJoCoTasks {
		file := tasks[task.ID].model
		xml, err := os.ReadFile(filepath.Join(*gymnasiumAssets, file))
		if err != nil {
			t.Fatal(err)
		}
		s, err := Load(file, xml)
		if err != nil {
			t.Fatal(err)
		}
		want[task.ID] = s.physics()
		s.Close()
	}
	if err := os.WriteFile(physicsGolden, goldenJSON(want), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// goldenJSON writes one line per task and field, keys sorted.
func goldenJSON(p map[string]map[string][]float64) []byte {
	var b strings.Builder
	b.WriteString("{\n")
	for i, id := range slices.Sorted(maps.Keys(p)) {
		b.WriteString("  " + quote(id) + ": {\n")
		fields := p[id]
		for j, k := range slices.Sorted(maps.Keys(fields)) {
			v, err := json.Marshal(fields[k])
			if err != nil {
				panic(err)
			}
			b.WriteString("    " + quote(k) + ": " + string(v) + comma(j, len(fields)) + "\n")
		}
		b.WriteString("  }" + comma(i, len(p)) + "\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}
