package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTypeErrorsNameKeyAndLine: a value of the wrong type in a config is
// an error naming the line, the dotted key path and the value, not the
// decoder's Go types ("cannot unmarshal string into Go struct field
// Config.Init of type float64"), whether the key is read by the config's
// own types or by a dynamics kind's, and LoadConfig names the file.
func TestTypeErrorsNameKeyAndLine(t *testing.T) {
	const head = "name: t\ngame: {builtin: duopoly}\n"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"overflow in init", head + "dynamics: {kind: sga}\ninit: {x: [1e400], y: [1]}\n", []string{"line 4", "init.x[0]: 1e400 is not a finite number"}},
		{"overflow in a schedule", head + "dynamics: {kind: sga, leader_lr: {constant: 1e400}}\n", []string{"line 3", "dynamics.leader_lr.constant: 1e400 is not a finite number"}},
		{"yes in a bool", head + "dynamics: {kind: sga}\nrecord: {tensorboard: yes}\n", []string{"line 4", "record.tensorboard: yes is not true or false"}},
		{"bool in a count", head + "dynamics: {kind: sga}\niterations: true\n", []string{"line 4", "iterations: true is not an integer"}},
		{"word in a kind's number", head + "dynamics: {kind: consensus, gamma: yes}\n", []string{"line 3", "dynamics.gamma: yes is not a number"}},
		{"bool in a kind's integer", head + "dynamics:\n  kind: stackelberg\n  unroll: true\n", []string{"line 5", "dynamics.unroll: true is not an integer"}},
		{"list in a count", head + "dynamics: {kind: sga}\niterations: [1]\n", []string{"line 4", "iterations: need an integer, not a list"}},
		{"mapping in text", "name: {a: 1}\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", []string{"line 1", "name: need text, not a mapping"}},
	} {
		_, err := ParseConfig([]byte(c.src))
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
		for _, bad := range []string{"Go struct field", "Go value", "cannot unmarshal"} {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%s: error %q shows the decoder's %q", c.name, err, bad)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(head+"dynamics: {kind: sga}\ninit: {x: [1e400], y: [1]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := path + ": config: line 4: init.x[0]: 1e400 is not a finite number"
	if _, err := LoadConfig(path); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LoadConfig: error %v, want one beginning %q", err, want)
	}
}

// TestLimitEnvErrors: a limit's environment variable set to a value that
// is not a positive whole number stops the config's reading with an error
// naming the variable and the value, instead of the default limit being
// used silently; 1e7 is read as 10 000 000 (a generated Markov game of
// 1200²·2·2 = 5 760 000 transition entries is over the default limit
// 4 000 000 and within 1e7).
func TestLimitEnvErrors(t *testing.T) {
	const src = "name: m\ngame: {markov_builtin: random, params: {states: 1200, actions1: 2, actions2: 2}}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n"
	t.Setenv("STACKEL_MAX_MARKOV_SIZE", "")
	if _, err := ParseConfig([]byte(src)); err == nil || !strings.Contains(err.Error(), "4000000") {
		t.Fatalf("default limit: error %v, want the limit 4000000", err)
	}
	t.Setenv("STACKEL_MAX_MARKOV_SIZE", "1e7")
	if _, err := ParseConfig([]byte(src)); err != nil {
		t.Errorf("STACKEL_MAX_MARKOV_SIZE=1e7: %v", err)
	}
	for _, c := range []struct{ name, value string }{
		{"STACKEL_MAX_MARKOV_SIZE", "abc"},
		{"STACKEL_MAX_MARKOV_SIZE", "-5"},
		{"STACKEL_MAX_MARKOV_SIZE", "1.5e6"},
		{"STACKEL_MAX_MARKOV_SIZE", "2.5"},
		{"STACKEL_MAX_INPUT_BYTES", "-5"},
		{"STACKEL_MAX_INPUT_BYTES", "abc"},
		{"STACKEL_MAX_DIM", "0"},
	} {
		t.Run(c.name+"="+c.value, func(t *testing.T) {
			t.Setenv("STACKEL_MAX_MARKOV_SIZE", "1e7")
			t.Setenv(c.name, c.value)
			_, err := ParseConfig([]byte(src))
			if c.value == "1.5e6" { // a whole number, 1 500 000: the limit
				if err == nil || !strings.Contains(err.Error(), "1500000") {
					t.Errorf("error %v, want the limit 1500000", err)
				}
				return
			}
			want := c.name + `="` + c.value + `"`
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want one naming %s", err, want)
			}
		})
	}
}
