package natsq

import (
	"bytes"
	"strings"
	"testing"
)

// A worker's log line escapes what a terminal would not show as written
// (a job's error can name a path or a value no one quoted): before
// session 49 an ESC in it reached the terminal raw.
func TestWorkerLogEscapesControls49(t *testing.T) {
	var log bytes.Buffer
	w := &Worker{Log: &log}
	w.logf("failed %s: %v", "job 1", "open a\x1b[31mb.yaml: no such file")
	got := log.String()
	if strings.ContainsRune(got, 0x1b) || !strings.HasSuffix(got, `failed job 1: open a\x1b[31mb.yaml: no such file`+"\n") {
		t.Errorf("log line %q, want it to end %q with no raw ESC", got, `failed job 1: open a\x1b[31mb.yaml: no such file`)
	}
}
