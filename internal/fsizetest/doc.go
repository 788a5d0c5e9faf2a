// Package fsizetest lets a test make file writes fail as on a full disk:
// it runs the test again alone in a child process of the test binary
// (InChild), where it may lower the process's file-size limit
// (LimitFileSize, RLIMIT_FSIZE) without touching the test process, whose
// other writes (the test log `go test` keeps for its cache among them)
// would fail too.
package fsizetest
