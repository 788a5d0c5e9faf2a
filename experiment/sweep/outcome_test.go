package sweep

import (
	"path/filepath"
	"testing"
)

func TestNotDone(t *testing.T) {
	recs := []Record{{Status: StatusDone}, {Status: StatusDone}}
	if err := NotDone("g", "out/g", recs); err != nil {
		t.Errorf("every job done: %v", err)
	}
	recs = append(recs, Record{Status: StatusFailed}, Record{Status: StatusCancelled}, Record{Status: StatusFailed}, Record{Status: "paused"})
	want := "sweep g: 4 of 6 jobs not done: 2 failed, 1 cancelled, 1 paused (see " + filepath.Join("out/g", "report.md") + ")"
	if err := NotDone("g", "out/g", recs); err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
