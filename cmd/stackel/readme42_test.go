package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// readmeText returns the README with every run of white space one space,
// so that a phrase may be looked up across its line breaks.
func readmeText(t *testing.T) (raw, flat string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b), strings.Join(strings.Fields(string(b)), " ")
}

// commandsTable returns the first cells of the rows of the README's
// "## Commands" table.
func commandsTable(t *testing.T, raw string) []string {
	t.Helper()
	_, sec, ok := strings.Cut(raw, "\n## Commands\n")
	if !ok {
		t.Fatal("README: no ## Commands section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var cells []string
	for _, line := range strings.Split(sec, "\n") {
		if !strings.HasPrefix(line, "| `stackel") {
			continue
		}
		// The first cell ends at the first " | " (a `\|` inside it
		// separates alternatives).
		cell, _, _ := strings.Cut(line[2:], " | ")
		cells = append(cells, cell)
	}
	return cells
}

// commandPath is a command's path below the root, "sweep status".
func commandPath(c *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), "stackel"), " ")
}

// The README's Commands table is the CLI's: every flag a row writes exists
// on the command the row names (`stackel sweep status\|cancel --nats URL
// NAME` on both), every command of the CLI has a row, and every flag of
// every command is named somewhere in the README as `--flag`, and every
// other command line of the README (`stackel …` in a code span or a shell
// block) gives only flags its command has. The YAML
// examples are checked by TestREADMEExamples; no test compared the
// table's commands and flags with the CLI's before.
func TestREADMECommandsTableMatchesCLI(t *testing.T) {
	raw, _ := readmeText(t)
	root := newRootCmd()
	covered := map[string]bool{}
	span := regexp.MustCompile("`([^`]*)`")
	for _, cell := range commandsTable(t, raw) {
		var cmds []*cobra.Command
		for _, m := range span.FindAllStringSubmatch(cell, -1) {
			words := strings.Fields(m[1])
			if len(words) > 0 && words[0] == "stackel" {
				cmds, words = []*cobra.Command{root}, words[1:]
			}
			if cmds == nil {
				t.Errorf("README Commands table: %q has a span before any command", cell)
				break
			}
			for _, w := range words {
				w = strings.Trim(w, "[]")
				if name, ok := strings.CutPrefix(w, "--"); ok {
					for _, c := range cmds {
						if c.Flags().Lookup(name) == nil {
							t.Errorf("README Commands table: %q gives --%s, which stackel %s does not have", cell, name, commandPath(c))
						}
					}
					continue
				}
				// A word that names a subcommand of every command so
				// far (or alternatives, `status\|cancel`) descends;
				// anything else is an argument or a flag's value.
				alts := strings.Split(w, `\|`)
				var next []*cobra.Command
				for _, c := range cmds {
					for _, a := range alts {
						if sub, _, err := c.Find([]string{a}); err == nil && sub != c && sub.Name() == a {
							next = append(next, sub)
						}
					}
				}
				if len(next) == len(cmds)*len(alts) {
					for _, c := range cmds {
						covered[commandPath(c)] = true
					}
					cmds = next
				}
			}
			for _, c := range cmds {
				covered[commandPath(c)] = true
			}
		}
	}
	// Every other command line of the README, in a code span or a
	// shell block, gives flags its command has.
	var lines []string
	for _, m := range span.FindAllStringSubmatch(raw, -1) {
		lines = append(lines, m[1])
	}
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(raw, -1) {
		for _, l := range strings.Split(m[1], "\n") {
			l, _, _ = strings.Cut(l, " #")
			lines = append(lines, l)
		}
	}
	for _, l := range lines {
		words := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "go run ./cmd/stackel"))
		if strings.HasPrefix(strings.TrimSpace(l), "go run ./cmd/stackel") {
			words = append([]string{"stackel"}, words...)
		}
		if len(words) < 2 || words[0] != "stackel" {
			continue
		}
		c := root
		for _, w := range words[1:] {
			if name, ok := strings.CutPrefix(strings.Trim(w, "[]"), "--"); ok {
				if name != "help" && c.Flags().Lookup(name) == nil { // cobra adds --help as it runs
					t.Errorf("README: %q gives --%s, which stackel %s does not have", l, name, commandPath(c))
				}
				continue
			}
			if sub, _, err := c.Find([]string{w}); err == nil && sub != c && sub.Name() == w {
				c = sub
			}
		}
	}

	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" {
				continue
			}
			if !covered[commandPath(sub)] {
				t.Errorf("README Commands table: no row for stackel %s", commandPath(sub))
			}
			sub.Flags().VisitAll(func(f *pflag.Flag) {
				if f.Name == "help" || f.Hidden {
					return
				}
				if !regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `\b[^-]`).MatchString(raw) {
					t.Errorf("stackel %s --%s: not named in the README", commandPath(sub), f.Name)
				}
			})
			walk(sub)
		}
	}
	walk(root)
}

// The defaults the README states are the CLI's: the flag's default (as
// --help prints it) or, where the default is a sentinel the command
// replaces, the default its usage names; and the README's phrase.
func TestREADMEFlagDefaultsMatchCLI(t *testing.T) {
	_, flat := readmeText(t)
	root := newRootCmd()
	for _, c := range []struct {
		path, flag string
		def        string // the flag's DefValue, "" to skip
		usage      string // a phrase of its usage, "" to skip
		readme     string // the README's phrase (white space as one space)
	}{
		{"run", "out", "", "default out/NAME", "DIR being `--out` or `out/NAME`"},
		{"run", "job", "", "", "into DIR (default `out/<job id>`)"},
		{"analyze", "starts", "0", "default 200", "N = 200 by default"},
		{"analyze", "learn-stages", "400000", "", "`--learn-stages` stages (`\"learned_commitment\"`; 400 000 by default"},
		{"reproduce", "out", "", "default out/NAME; out/NAME-quick with --quick", "in `out/NAME` (`out/NAME-quick` with `--quick`)"},
		{"worker", "concurrency", "1", "0: the number of cores", "`--concurrency` at once (default 1; 0 for one per core)"},
		{"worker", "work-dir", "", "default a temporary one", "`--work-dir` (default a temporary one)"},
		{"server", "listen", "127.0.0.1:4222", "", "on `--listen` (default `127.0.0.1:4222`)"},
		{"server", "store", "out/.nats", "", "in `--store` (default `out/.nats`)"},
		{"sweep", "listen", "127.0.0.1:4222", "", "listening on `127.0.0.1:4222` (`--listen` to choose"},
		{"sweep", "workers", "", "default: the number of cores; 0 for none", "as many local worker slots as there are cores (`--workers N`; 0 for none)"},
		{"sweep", "ack-wait", "30s", "", "30 s on a new store"},
		{"sweep", "attempts", "3", "", "after `--attempts` (default 3) deliveries"},
	} {
		cmd, _, err := root.Find(strings.Fields(c.path))
		if err != nil {
			t.Fatal(err)
		}
		f := cmd.Flags().Lookup(c.flag)
		if f == nil {
			t.Errorf("stackel %s has no --%s", c.path, c.flag)
			continue
		}
		if c.def != "" && f.DefValue != c.def {
			t.Errorf("stackel %s --%s: default %q, the README says %q", c.path, c.flag, f.DefValue, c.readme)
		}
		if c.usage != "" && !strings.Contains(f.Usage, c.usage) {
			t.Errorf("stackel %s --%s: usage %q does not say %q", c.path, c.flag, f.Usage, c.usage)
		}
		if !strings.Contains(flat, c.readme) {
			t.Errorf("README: no %q (the default of stackel %s --%s)", c.readme, c.path, c.flag)
		}
	}
}
