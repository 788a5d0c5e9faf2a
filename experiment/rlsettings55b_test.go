package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// summaryKeys55b returns the top-level keys of the summary.json in dir in
// the order the file writes them, and the file.
func summaryKeys55b(t *testing.T, dir string) ([]string, []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("summary.json does not open an object: %v, %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys, b
}

// summarySettings55b fails t unless the summary.json in dir ends in the
// key settings, after metrics_rows and metrics_sha256, holding the
// effective settings job.json records for the RL run of rc with seed
// (rlSettings), and returns them decoded.
func summarySettings55b(t *testing.T, what, dir string, rc RLConfig, seed uint64) map[string]any {
	t.Helper()
	keys, b := summaryKeys55b(t, dir)
	n := len(keys)
	if n < 3 || keys[n-3] != "metrics_rows" || keys[n-2] != "metrics_sha256" || keys[n-1] != "settings" {
		t.Fatalf("%s: summary.json's keys %v; want them to end in metrics_rows, metrics_sha256, settings", what, keys)
	}
	var m struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want, err := rlSettings(&rc, seed)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(m.Settings, want) {
		t.Errorf("%s: summary.json's settings\n%s\nwant job.json's\n%s", what, m.Settings, want)
	}
	var s map[string]any
	if err := json.Unmarshal(m.Settings, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRLSummaryRecordsSettings55b: a plain RL run (RunRL, as `stackel run`
// runs one) records in summary.json the effective settings job.json
// records for a job (every default filled in: stddpg's ρ 0.995 and actor
// and critic steps 10⁻³, which tinyRL does not write; its own cg.lambda
// 10 and batch 16), as the last key after the metrics digest; the keys
// before it keep their text: the file without the settings member is
// what digestLast wrote without it.
func TestRLSummaryRecordsSettings55b(t *testing.T) {
	dir := t.TempDir()
	rc := tinyRL()
	if _, err := RunRL(context.Background(), rc, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	s := summarySettings55b(t, "a plain run", dir, rc, 5)
	cg, _ := s["CG"].(map[string]any)
	for _, c := range []struct {
		key  string
		got  any
		want any
	}{
		{"Polyak", s["Polyak"], 0.995}, {"ActorLR", s["ActorLR"], 1e-3}, {"CriticLR", s["CriticLR"], 1e-3},
		{"BatchSize", s["BatchSize"], 16.0}, {"Steps", s["Steps"], 600.0}, {"Seed", s["Seed"], 5.0},
		{"CG.Lambda", cg["Lambda"], 10.0}, {"DType", s["DType"], "float32"}, {"Algo", s["Algo"], "stddpg"},
	} {
		if c.got != c.want {
			t.Errorf("settings %s = %v, want %v", c.key, c.got, c.want)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(",\n  \"settings\": {"))
	if i < 0 {
		t.Fatalf("no settings member:\n%s", b)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "settings")
	delete(m, "metrics_rows")
	delete(m, "metrics_sha256")
	var d MetricsDigest
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	sm := map[string]any{}
	for k, v := range m {
		sm[k] = v
	}
	without, err := json.MarshalIndent(digestLast{summary: sm, digest: d}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b[:i]) + "\n}"; got != string(without) {
		t.Errorf("summary.json before its settings:\n%s\nwant the summary and digest without them:\n%s", got, without)
	}
}

// TestRLSummarySettingsResumedAndLengthened55b: a run stopped after its
// first epoch and resumed, a finished run given again, and a run of one
// epoch lengthened to three (stackel run --resume with the longer
// config) each rewrite summary.json with the settings of the run they
// leave: the lengthened one's Steps 600, not the shorter run's 200.
func TestRLSummarySettingsResumedAndLengthened55b(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	if _, err := RunRL(stop, tinyRL(), 5, dir, false, func(done, total int) {
		if done == 1 {
			cancel()
		}
	}); !Interrupted(err) {
		t.Fatalf("stopping after epoch 1: %v", err)
	}
	summarySettings55b(t, "stopped after epoch 1", dir, tinyRL(), 5)
	if sum, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil || sum.ResumedFrom != 1 {
		t.Fatalf("resume: %+v, %v", sum, err)
	}
	summarySettings55b(t, "resumed from epoch 1", dir, tinyRL(), 5)
	if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatalf("the finished run given again: %v", err)
	}
	summarySettings55b(t, "the finished run given again", dir, tinyRL(), 5)

	ldir := t.TempDir()
	short := tinyRL()
	short.Steps = 200
	if _, err := RunRL(ctx, short, 4, ldir, false, nil); err != nil {
		t.Fatal(err)
	}
	if s := summarySettings55b(t, "the one-epoch run", ldir, short, 4); s["Steps"] != 200.0 {
		t.Errorf("the one-epoch run's settings: Steps %v, want 200", s["Steps"])
	}
	if sum, err := RunRL(ctx, tinyRL(), 4, ldir, true, nil); err != nil || sum.ExtendedFrom != 200 {
		t.Fatalf("lengthening: %+v, %v", sum, err)
	}
	if s := summarySettings55b(t, "lengthened to 600 steps", ldir, tinyRL(), 4); s["Steps"] != 600.0 {
		t.Errorf("the lengthened run's settings: Steps %v, want 600", s["Steps"])
	}
	if b, _ := os.ReadFile(filepath.Join(ldir, SummaryFile)); !strings.Contains(string(b), `"extended_from_steps": 200`) {
		t.Errorf("the lengthened run's summary.json lost extended_from_steps:\n%s", b)
	}
}
