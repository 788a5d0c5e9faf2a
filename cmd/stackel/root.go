package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// the module version from the build info is shown.
var version = ""

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "stackel",
		Short: "Learning in Stackelberg (leader–follower) games",
		Long: `stackel runs leader–follower learning dynamics on smooth games, matrix games,
finite Markov games and RL environments, analyses what they converge to,
and reproduces the results of four papers on Stackelberg learning.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return emptyPathFlags(cmd)
		},
	}
	root.AddCommand(newVersionCmd(), newRunCmd(), newAnalyzeCmd(), newReproduceCmd(), newEnvsCmd(), newSweepCmd(), newWorkerCmd(), newServerCmd(), newPlotCmd(), newEvalCmd())
	placeSubcommandFlags(root)
	refuseBareCompletion(root)
	refuseRepeats(root)
	cutUnknownCommands(root)
	return root
}

// wordText is s, words of the command line, as an error names them: as
// they are when printable and at most 40 bytes long, else quoted and cut
// there (safeyaml.ValueText): a 700-character argument filled the error,
// and one holding an escape sequence reached the terminal raw.
func wordText(s string) string { return textcut.Word(s, 40) }

// cutUnknownCommands makes `unknown command "WORD" for "…"`, cobra's of
// a command that takes no arguments (the shells of `stackel completion`)
// and the root's (placeSubcommandFlags), quote WORD cut to about 40 characters (safeyaml.ValueText), as stackel's
// own errors quote an argument: cobra's quoted it whole.
func cutUnknownCommands(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := check(cmd, args)
			if err == nil {
				return nil
			}
			rest, ok := strings.CutPrefix(err.Error(), "unknown command ")
			if !ok {
				return err
			}
			q, qerr := strconv.QuotedPrefix(rest)
			if qerr != nil {
				return err
			}
			w, _ := strconv.Unquote(q)
			return errors.New("unknown command " + safeyaml.ValueText(w) + rest[len(q):])
		}
	}
	for _, sub := range c.Commands() {
		cutUnknownCommands(sub)
	}
}

// cutFlagWords returns err, pflag's error for a flag's value or an
// unknown flag, with the value quoted cut to about 40 characters
// (safeyaml.ValueText), there and in the cause's words (strconv's, a
// duration's), and the unknown flag as wordText names it: pflag quoted
// the value whole (`invalid argument "…700 characters…" for "--seed"
// flag: …`) and wrote the flag raw. Other errors, and those of a short
// plain value or flag, are returned as they are.
func cutFlagWords(err error) error {
	var (
		ive  *pflag.InvalidValueError
		nee  *pflag.NotExistError
		text string
	)
	switch {
	case errors.As(err, &ive):
		text = cutQuotedParts(err.Error(), ive.GetValue())
	case errors.As(err, &nee) && nee.GetSpecifiedShortnames() != "":
		w := "-" + nee.GetSpecifiedShortnames()
		text = strings.Replace(err.Error(), " in "+w, " in "+wordText(w), 1)
	case errors.As(err, &nee):
		w := "--" + nee.GetSpecifiedName()
		text = strings.Replace(err.Error(), w, wordText(w), 1)
	default:
		return err
	}
	if text == err.Error() {
		return err
	}
	return &rewordedError{text: text, err: err}
}

// cutQuotedParts returns msg with each of its Go-quoted strings that
// says value or a part of it quoted as safeyaml.ValueText quotes it (cut,
// in strconv's escapes): pflag and strconv quote the value with
// strconv.Quote, but time.ParseDuration its own way (é as \xc3\xa9, a tab
// as \x09) and its unit too (`time: unknown unit "…" in duration "…"`).
// Other quoted strings (the flag's name) are left as they are.
func cutQuotedParts(msg, value string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			return b.String() + msg
		}
		b.WriteString(msg[:i])
		msg = msg[i:]
		q, err := strconv.QuotedPrefix(msg)
		if err != nil {
			b.WriteByte('"')
			msg = msg[1:]
			continue
		}
		if u, _ := strconv.Unquote(q); strings.Contains(value, u) {
			b.WriteString(safeyaml.ValueText(u))
		} else {
			b.WriteString(q)
		}
		msg = msg[len(q):]
	}
}

// rewordedError is err with the text given.
type rewordedError struct {
	text string
	err  error
}

func (e *rewordedError) Error() string { return e.text }

// Unwrap returns the error reworded.
func (e *rewordedError) Unwrap() error { return e.err }

// placeSubcommandFlags makes a flag of a subcommand given before the
// command (`stackel --quiet run smooth.yaml`) an error naming the flag and
// the commands it belongs to. cobra, finding the command, took the word
// after the unknown flag as its value and then the next word as the
// command: `unknown command "smooth.yaml" for "stackel"`. With Args set,
// the root's flags are parsed as they stand, and the flag is unknown; the
// root then runs (to print its help when given nothing), and its Args
// says what cobra said of an unknown command.
func placeSubcommandFlags(root *cobra.Command) {
	if root.SuggestionsMinimumDistance <= 0 {
		root.SuggestionsMinimumDistance = 2 // cobra's own default
	}
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		hint := subcommandHint(cmd, args[0])
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 && hint == "" {
			hint = "; did you mean " + strings.Join(s, " or ") + "?"
		}
		// Quoted whole: cutUnknownCommands cuts it, as cobra's own.
		return fmt.Errorf("unknown command %q for %q%s", args[0], cmd.CommandPath(), hint)
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return cmd.Help()
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		err = cutFlagWords(err) // every command's: they inherit the root's
		if cmd.HasParent() {
			return err
		}
		name, ok := unknownFlagName(err.Error())
		if !ok {
			return err
		}
		var owners []string
		for _, sub := range cmd.Commands() {
			f := sub.Flags().Lookup(name)
			if f == nil && len(name) == 1 {
				f = sub.Flags().ShorthandLookup(name)
			}
			if f != nil && !sub.Hidden {
				owners = append(owners, sub.Name())
			}
		}
		if len(owners) == 0 {
			return err
		}
		return fmt.Errorf("%w: --%s is a flag of %s; give it after the command (stackel COMMAND --%s …)", err, name, strings.Join(owners, ", "), name)
	})
}

// unknownFlagName returns the name of the flag in pflag's "unknown flag:
// --NAME" or "unknown shorthand flag: 'N' in -N…".
func unknownFlagName(msg string) (string, bool) {
	if n, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		return n, true
	}
	if rest, ok := strings.CutPrefix(msg, "unknown shorthand flag: '"); ok && len(rest) > 1 && rest[1] == '\'' {
		return rest[:1], true
	}
	return "", false
}

// refuseRepeats makes every single-valued flag of c and its subcommands
// (a path, a number, a duration: not a switch, not a list) an error when
// given twice: pflag keeps the last value, so `--resume a … --resume b`
// or `--seed 1 … --seed 2` would run with one of them without a word.
func refuseRepeats(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		t := f.Value.Type()
		if t == "bool" || strings.HasSuffix(t, "Slice") || strings.HasSuffix(t, "Array") {
			return
		}
		if _, ok := f.Value.(*onceValue); !ok {
			f.Value = &onceValue{Value: f.Value}
		}
	})
	for _, sub := range c.Commands() {
		refuseRepeats(sub)
	}
}

// onceValue is a flag value that may be set once on a command line.
type onceValue struct {
	pflag.Value
	first string // the value given first
	set   bool
}

// Set sets the value, or returns an error naming the first value if it
// was set before.
func (v *onceValue) Set(s string) error {
	if v.set {
		return fmt.Errorf("given twice (first %s); give it once", safeyaml.ValueText(v.first))
	}
	v.first, v.set = s, true
	return v.Value.Set(s)
}

// pathFlags are the flags that name a file or directory: given as "" (an
// unset shell variable, say) they would silently mean their default.
var pathFlags = []string{"out", "store", "work-dir", "resume", "job", "manifest", "creds", "tls-ca", "tls-cert", "tls-key"}

// choiceFlags are the flags whose value chooses where or how the work
// runs, and whose default, "", means not to: given as "" (an unset
// shell variable) they would silently run everything in this process
// (--nats "", --emit "" of reproduce and sweep run the jobs here, on this
// machine's cores, rather than on the workers or as a Slurm array;
// sweep collect --nats "" NAME read NAME as a directory) or in another
// element type than asked (--dtype ""), or listen where it was not asked
// to (--listen "" of server and sweep meant 127.0.0.1:4222).
var choiceFlags = []string{"nats", "emit", "dtype", "listen"}

// emptyPathFlags returns an error for a path flag, or a flag of
// choiceFlags, given as "".
func emptyPathFlags(cmd *cobra.Command) error {
	for _, name := range pathFlags {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed && f.Value.String() == "" {
			return fmt.Errorf("--%s \"\": an empty path (an unset variable?); leave the flag out for its default", name)
		}
	}
	for _, name := range choiceFlags {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed && f.Value.String() == "" {
			return fmt.Errorf("--%s \"\": an empty value (an unset variable?); give one, or leave the flag out for its default", name)
		}
	}
	return nil
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs(""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi, _ := debug.ReadBuildInfo()
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionLine(version, bi))
			return err
		},
	}
}

// versionLine is "stackel VERSION" followed by the VCS revision, its time
// and "+modified" when the build info records them (go build in a git
// checkout does; go run and test binaries do not): the module version is
// the -ldflags value, else the build info's main module version, else
// "(devel)".
func versionLine(ldflags string, bi *debug.BuildInfo) string {
	v := ldflags
	if v == "" {
		v = "(devel)"
		if bi != nil && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	line := "stackel " + v
	if bi == nil {
		return line
	}
	var rev, at, mod string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				mod = "+modified"
			}
		}
	}
	if rev == "" {
		return line + " (no VCS revision in the build info)"
	}
	line += " revision " + rev + mod
	if at != "" {
		line += " (" + at + ")"
	}
	return line + ", " + bi.GoVersion
}
