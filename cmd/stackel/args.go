package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// oneArg is the positional-argument check of a command that takes exactly
// one argument, what (e.g. "CONFIG, the configuration file"): a missing or
// an extra argument is an error naming the argument the command takes,
// where cobra's own says only "accepts 1 arg(s), received 0".
func oneArg(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch len(args) {
		case 1:
			return emptyArg(cmd, what, args[0])
		case 0:
			return fmt.Errorf("%s needs one argument, %s; none given (see %s --help)", cmd.CommandPath(), what, cmd.CommandPath())
		default:
			return fmt.Errorf("%s takes one argument, %s; %d given (%s)", cmd.CommandPath(), what, len(args), argsText(args))
		}
	}
}

// emptyArg refuses an argument given as "" (`stackel run "$UNSET"`), as
// an empty path flag is refused, where it read as a file or name "":
// "open : no such file or directory".
func emptyArg(cmd *cobra.Command, what, arg string) error {
	if arg != "" {
		return nil
	}
	return fmt.Errorf("%s: its argument, %s, is empty (an unset variable?)", cmd.CommandPath(), what)
}

// argsText is args as a refusal of them quotes them: space-separated as
// written when each is a word that wordText leaves as written and all fit
// its 40 bytes, else quoted and cut (textcut.Quoted): an empty argument,
// or one holding a space, would otherwise not be seen as one ("1 given
// ()").
func argsText(args []string) string {
	s := strings.Join(args, " ")
	for _, a := range args {
		if a == "" || strings.ContainsRune(a, ' ') {
			return textcut.Quoted(s, 40)
		}
	}
	return wordText(s)
}

// noArgs is the positional-argument check of a command that takes none;
// hint, if not empty, says how to give what an argument may have been
// meant as ("the server is --nats URL"). cobra's own NoArgs said
// `unknown command "nats://host:4222" for "stackel worker"`, as if the
// command had subcommands and the URL were a mistyped one.
func noArgs(hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		if hint != "" {
			hint = ": " + hint
		}
		return fmt.Errorf("%s takes no arguments; %d given (%s)%s", cmd.CommandPath(), len(args), argsText(args), hint)
	}
}

// shells are the shells `stackel completion` writes scripts for.
const shells = "bash, zsh, fish or powershell"

// refuseBareCompletion makes `stackel completion` without a shell, or
// with one it does not know (tcsh), an error: cobra's default completion
// command prints its help and exits 0 for both, so a script that sources
// its output gets the help text.
func refuseBareCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("completion needs a shell: %s (e.g. source <(stackel completion bash))", shells)
			}
			return fmt.Errorf("completion: unknown shell %s; give %s", safeyaml.ValueText(args[0]), shells)
		}
		for _, sh := range c.Commands() {
			writeScriptToCommandOut(root, sh)
		}
	}
}

// writeScriptToCommandOut makes the shell subcommand sh write its script
// to its output at run time: cobra's own writes to the output the root
// had when the completion command was made, which is now before the
// caller (a test) sets another.
func writeScriptToCommandOut(root, sh *cobra.Command) {
	gen := map[string]func(w io.Writer, desc bool) error{
		"bash": root.GenBashCompletionV2,
		"zsh": func(w io.Writer, desc bool) error {
			if desc {
				return root.GenZshCompletion(w)
			}
			return root.GenZshCompletionNoDesc(w)
		},
		"fish": root.GenFishCompletion,
		"powershell": func(w io.Writer, desc bool) error {
			if desc {
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return root.GenPowerShellCompletion(w)
		},
	}[sh.Name()]
	if gen == nil {
		return
	}
	sh.RunE = func(cmd *cobra.Command, _ []string) error {
		noDesc, _ := cmd.Flags().GetBool("no-descriptions")
		return gen(cmd.OutOrStdout(), !noDesc)
	}
}

// makeOutDir creates the output directory dir and any of its parents
// that are missing, and returns undo, which removes again, deepest first,
// each directory it created that is still empty. A command refused before
// writing anything calls undo and so leaves nothing behind, not even the
// out/ of a default out/NAME or the parents of a nested --out a/b/c
// (os.MkdirAll creates them, and removing dir alone left them).
func makeOutDir(dir string) (undo func(), err error) {
	created, err := missingDirs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", dir, err)
	}
	return func() {
		for _, p := range created {
			os.Remove(p) // only if empty
		}
	}, nil
}

// missingDirs returns the directories of the path dir that do not exist,
// deepest first, or an error naming the first of dir and its parents that
// exists and is a file (--out a/b/c with a file a): the checks of an
// output directory that read a file in it (its reproduction.json, its
// sweep.json) call it first, so that the error names the file in the way
// rather than "lstat a/b/c/sweep.json: not a directory".
func missingDirs(dir string) ([]string, error) {
	var missing []string
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				return nil, fmt.Errorf("output directory %s: %s is a file, not a directory", dir, p)
			}
			return missing, nil
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return nil, fmt.Errorf("output directory %s: %w", dir, err)
		}
		missing = append(missing, p)
		if parent := filepath.Dir(p); parent == p {
			return missing, nil
		}
	}
}

// checkDirFlag returns an error if the path flag name was given a path
// that exists and is not a directory (a file named where a directory is
// wanted), before a command waits on a server or starts work that would
// fail on it later.
func checkDirFlag(cmd *cobra.Command, name string) error {
	f := cmd.Flags().Lookup(name)
	if f == nil || f.Value.String() == "" {
		return nil
	}
	p := f.Value.String()
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return fmt.Errorf("--%s %s: not a directory", name, p)
	}
	return nil
}
