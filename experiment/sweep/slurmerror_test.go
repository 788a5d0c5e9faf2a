package sweep

import (
	"errors"
	"testing"
)

// A refused Slurm value is a *SlurmError naming which option it is (a
// command restates it with its flag): a partition with a space was
// `sweep: slurm option "a b"`, the same words for --time and --stackel.
func TestWriteSlurmErrorNamesOption(t *testing.T) {
	j := Job{}
	j.ID, j.Out = "abc", "runs/abc"
	m := Manifest{Name: "s", Jobs: []Job{j}}
	for _, c := range []struct {
		opt          SlurmOptions
		option, text string
	}{
		{SlurmOptions{Partition: "a b"}, SlurmPartition, `sweep: slurm partition "a b": only letters, digits and _.:/@+=,- are allowed`},
		{SlurmOptions{Time: "1;x"}, SlurmTime, `sweep: slurm time "1;x": only letters, digits and _.:/@+=,- are allowed`},
		{SlurmOptions{Binary: "a b"}, SlurmBinary, `sweep: slurm binary "a b": only letters, digits and _.:/@+=,- are allowed`},
	} {
		err := WriteSlurm(t.TempDir(), m, c.opt)
		var se *SlurmError
		if !errors.As(err, &se) || se.Option != c.option || err.Error() != c.text {
			t.Errorf("%+v: %v (%#v), want %s: %s", c.opt, err, se, c.option, c.text)
		}
	}
	dir := t.TempDir() + "/a b"
	err := WriteSlurm(dir, m, SlurmOptions{})
	var se *SlurmError
	if !errors.As(err, &se) || se.Option != SlurmDir || se.Value != dir {
		t.Errorf("a path with a space: %v", err)
	}
}
