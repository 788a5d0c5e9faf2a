package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
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
	}
	root.AddCommand(newVersionCmd(), newRunCmd(), newAnalyzeCmd(), newReproduceCmd(), newEnvsCmd(), newSweepCmd(), newWorkerCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v := version
			if v == "" {
				v = "(devel)"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintln(cmd.OutOrStdout(), "stackel", v)
		},
	}
}
