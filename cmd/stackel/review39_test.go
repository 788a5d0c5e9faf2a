package main

import "testing"

// A command that takes no arguments, given one, says so and how to give
// what it may have been meant as: cobra's NoArgs reported it as an
// "unknown command" of a command that has none (`stackel worker
// nats://h:4222`, the URL without --nats).
func TestNoArgsCommandsSayTheyTakeNone(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"worker", "nats://h:4222"}, "stackel worker takes no arguments; 1 given (nats://h:4222): give the server's URL as --nats URL"},
		{[]string{"server", "0.0.0.0:4222", "out/.nats"}, "stackel server takes no arguments; 2 given (0.0.0.0:4222 out/.nats): give the address as --listen ADDR and the store as --store DIR"},
		{[]string{"envs", "Hopper-v4"}, "stackel envs takes no arguments; 1 given (Hopper-v4): it lists every environment"},
		{[]string{"version", "x"}, "stackel version takes no arguments; 1 given (x)"},
	}
	for _, c := range cases {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

// sweep --emit with another form than slurm is refused first, naming
// --emit: it was checked only after the spec was read and expanded (a
// missing spec reported instead), and "--emit Slurm --workers 2" was
// told that --workers has "no effect with --emit slurm".
func TestSweepEmitFormCheckedFirst(t *testing.T) {
	want := `--emit "Slurm": the only form is slurm`
	for _, args := range [][]string{
		{"sweep", "no-such-spec.yaml", "--emit", "Slurm"},
		{"sweep", "no-such-spec.yaml", "--emit", "Slurm", "--workers", "2"},
	} {
		if _, err := execute(t, args...); err == nil || err.Error() != want {
			t.Errorf("%v: error %v, want %q", args, err, want)
		}
	}
}
