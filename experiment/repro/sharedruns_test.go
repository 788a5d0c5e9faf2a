package repro

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
)

// shared holds one entry per reproduction and options asked for, each
// run into a directory of root (made by the first executeShared, so that
// the test binary's child processes, which run none, make none; TestMain
// removes it when the tests end).
var shared struct {
	mu   sync.Mutex
	root string
	runs map[string]*sharedRun
}

// sharedRun is one reproduction run into its own directory under
// shared.root, once.
type sharedRun struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.root != "" {
		os.RemoveAll(shared.root)
	}
	os.Exit(code)
}

// executeShared returns what executeOnce returns — the reproduction
// called name and opt with Out a new directory holding its outputs with
// opt — without running it again: the first test to ask for name with
// these options runs it (from nothing, as executeOnce does) into a
// directory of shared.root that no test changes, and every test gets its
// own copy of that directory, to read or change. Options that reach
// outside the outputs (Log, Progress, JobProgress, Executor) are refused:
// a test that watches a run must run it itself.
func executeShared(t *testing.T, name string, opt Options) (Reproduction, Options) {
	t.Helper()
	if opt.Log != nil || opt.Progress != nil || opt.JobProgress != nil || opt.Executor != nil {
		t.Fatal("executeShared: a run with a log, progress or executor is not shared")
	}
	r, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	opt.Out = ""
	key := fmt.Sprintf("%s %+v", name, opt)
	shared.mu.Lock()
	if shared.root == "" {
		if shared.root, err = os.MkdirTemp("", "repro-shared-"); err != nil {
			shared.mu.Unlock()
			t.Fatal(err)
		}
		shared.runs = map[string]*sharedRun{}
	}
	root := shared.root
	run := shared.runs[key]
	if run == nil {
		run = &sharedRun{}
		shared.runs[key] = run
	}
	shared.mu.Unlock()
	run.once.Do(func() {
		if run.dir, run.err = os.MkdirTemp(root, name+"-"); run.err != nil {
			return
		}
		o := opt
		o.Out = run.dir
		run.err = r.Execute(context.Background(), o)
	})
	if run.err != nil {
		t.Fatalf("%s: %v", key, run.err)
	}
	opt.Out = copyDir(t, run.dir)
	return r, opt
}
