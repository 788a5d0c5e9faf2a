// Package fault holds the fault-injection points of stackel's fault tests.
// It implements no paper equation.
//
// A test sets STACKEL_FAULT=NAME (or NAME:K, the K-th time the point is
// reached, K counting from 1; NAME alone is NAME:1) in the environment of
// a stackel process; when that process reaches Point(NAME) it kills itself
// with SIGKILL (on Windows, which has no signals, with TerminateProcess
// through os.Process.Kill, exit code 1), the way a power cut or the OOM
// killer would stop it, at a chosen moment (in the middle of a checkpoint write, of the metrics
// rewrite of a resume, of a report write). Without the variable Point does
// nothing. A malformed value (K of 0, negative or not a number; an empty
// NAME) makes Point panic with a message naming it, so that a fault test
// with a typo fails instead of passing without injecting anything.
package fault
