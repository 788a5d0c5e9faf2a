// Command stackel runs, analyses and reproduces learning in Stackelberg
// (leader–follower) games. It is a thin layer over package experiment: it
// parses flags, calls experiment and prints what comes back.
//
//	stackel run CONFIG            run the dynamics a config describes (DIR/metrics.csv, DIR/summary.json)
//	stackel run --resume DIR      continue an RL run from its last checkpoint
//	stackel analyze CONFIG        find and classify critical points (DNE, DSE, stability), --json for JSON
//	stackel reproduce NAME        reproduce a paper result (tables and figures); --list lists them
//	stackel version               print the version
//
// It implements no paper equation itself; see the packages it drives. The
// configuration schema is experiment.Config (and the README).
package main
