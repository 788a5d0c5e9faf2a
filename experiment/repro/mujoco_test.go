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
