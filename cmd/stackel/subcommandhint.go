package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// subcommandHint is the hint of an unknown command word that names a
// visible subcommand of one of root's commands (by name or alias):
// `stackel status` is `stackel sweep status` without its command, and
// is answered `did you mean "stackel sweep status"?`. "" when word names
// none.
func subcommandHint(root *cobra.Command, word string) string {
	var paths []string
	for _, c := range root.Commands() {
		if c.Hidden || !c.IsAvailableCommand() {
			continue
		}
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.IsAvailableCommand() && (sub.Name() == word || sub.HasAlias(word)) {
				paths = append(paths, fmt.Sprintf("%q", sub.CommandPath()))
			}
		}
	}
	if len(paths) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(paths, " or ") + "?"
}
