package main

import "testing"

// An argument given empty (`stackel run "$UNSET"`) is refused naming
// what the argument is, as an empty path flag is; before session 49 it
// was read as the file or name "" ("open : no such file or directory").
func TestEmptyArgument49(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", ""}, "stackel run: its argument, CONFIG, the configuration file (or --resume DIR, --job FILE, --manifest FILE --index I), is empty (an unset variable?)"},
		{[]string{"run", "--resume", "somedir", ""}, "stackel run: its argument, CONFIG, the configuration that lengthens the run, is empty (an unset variable?)"},
		{[]string{"analyze", ""}, "stackel analyze: its argument, CONFIG, the configuration file of a smooth or bimatrix game, is empty (an unset variable?)"},
		{[]string{"reproduce", ""}, "stackel reproduce: its argument, NAME, the reproduction (stackel reproduce --list lists them), is empty (an unset variable?)"},
		{[]string{"sweep", ""}, "stackel sweep: its argument, SPEC, the sweep specification file, is empty (an unset variable?)"},
		{[]string{"sweep", "collect", ""}, "stackel sweep collect: its argument, DIR, the sweep's directory (with --nats, NAME, the sweep's name), is empty (an unset variable?)"},
		{[]string{"sweep", "status", "--nats", "nats://127.0.0.1:1", ""}, "stackel sweep status: its argument, NAME, the sweep's name, is empty (an unset variable?)"},
	} {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("stackel %q: error %v; want %q", c.args, err, c.want)
		}
	}
}
