package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNegotiationRecordEvery: record_every k writes the rows of
// meta-intervals k, 2k, … and the last, each the row a run without it
// writes for that meta-interval, bit for bit (the stage column counting
// every meta-interval's τ_n); left out, every meta-interval's row, as
// before.
func TestNegotiationRecordEvery(t *testing.T) {
	run := func(src string) (string, [][]float64, []byte) {
		t.Helper()
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
			t.Fatal(err)
		}
		h, rows := readMetrics56(t, dir)
		sum, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(h, ","), rows, sum
	}
	hAll, all, _ := run(negotiationConfig56)
	if len(all) != 12 {
		t.Fatalf("%d rows without record_every, want 12 (one per meta-interval)", len(all))
	}
	for _, tc := range []struct {
		every int
		want  []int // the meta-intervals recorded
	}{
		{5, []int{5, 10, 12}},
		{3, []int{3, 6, 9, 12}},
		{12, []int{12}},
		{100, []int{12}},
		{1, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
	} {
		src := strings.Replace(negotiationConfig56, "init:", fmt.Sprintf("record_every: %d\ninit:", tc.every), 1)
		h, rows, sumText := run(src)
		if h != hAll {
			t.Errorf("record_every %d: header %s, want %s", tc.every, h, hAll)
		}
		if len(rows) != len(tc.want) {
			t.Errorf("record_every %d: %d rows, want %d (meta-intervals %v)", tc.every, len(rows), len(tc.want), tc.want)
			continue
		}
		for i, n := range tc.want {
			if fmt.Sprint(rows[i]) != fmt.Sprint(all[n-1]) {
				t.Errorf("record_every %d, row %d: %v, want meta-interval %d's %v", tc.every, i+1, rows[i], n, all[n-1])
			}
		}
		var sum struct {
			MetaIntervals int `json:"meta_intervals"`
			Stages        int `json:"stages"`
			MetricsRows   int `json:"metrics_rows"`
		}
		if err := json.Unmarshal(sumText, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.MetaIntervals != 12 || sum.Stages != 500+700+900*10 || sum.MetricsRows != len(tc.want) {
			t.Errorf("record_every %d: summary %s", tc.every, sumText)
		}
	}
}

// TestNegotiationRowBound: a config whose metrics.csv would hold more
// than DefaultMaxMetricsRows rows (meta_intervals / record_every, and
// the last) is refused at the meta_intervals line before anything runs,
// naming the keys to change and the environment variable that raises the
// limit; record_every bringing the rows under it, or the variable
// raising it, lets the config through.
func TestNegotiationRowBound(t *testing.T) {
	src := func(meta int, extra string) string {
		return `name: rows
game: {builtin: cournot}
dynamics:
  kind: negotiation
  meta: {beta: {constant: 0.0001}, kappa: {constant: 0.3}, tau: {constant: 1}}
  hic: {alpha: {constant: 0.003}, delta: {constant: 0.5}, commitment: {constant: 1}, burn_in: 0}
  gradient: {lr: 0.1}
  meta_intervals: ` + fmt.Sprint(meta) + `
` + extra
	}
	over := fmt.Sprintf("config: line 8: dynamics.meta_intervals = %d with record_every = 1 (left out: every meta-interval) gives %d metrics rows, over the limit %d (set STACKEL_MAX_METRICS_ROWS to raise it): raise record_every to at least 2 or lower dynamics.meta_intervals",
		2*DefaultMaxMetricsRows, 2*DefaultMaxMetricsRows, DefaultMaxMetricsRows)
	overEvery := fmt.Sprintf("config: line 8: dynamics.meta_intervals = %d with record_every = 3 gives %d metrics rows, over the limit %d (set STACKEL_MAX_METRICS_ROWS to raise it): raise record_every to at least 4 or lower dynamics.meta_intervals",
		3*DefaultMaxMetricsRows+4, DefaultMaxMetricsRows+2, DefaultMaxMetricsRows)
	for _, tc := range []struct {
		name string
		src  string
		want string
	}{
		{"every interval, over", src(2*DefaultMaxMetricsRows, ""), over},
		{"every interval, at the limit", src(DefaultMaxMetricsRows, ""), ""},
		{"record_every 2 brings it to the limit", src(2*DefaultMaxMetricsRows, "record_every: 2\n"), ""},
		// 3L+4 meta-intervals every 3: L+1 rows at 3, 6, …, 3L+3 and the last.
		{"record_every 3, one row over", src(3*DefaultMaxMetricsRows+4, "record_every: 3\n"), overEvery},
	} {
		if got := configErrorText(t, tc.src); got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
	t.Setenv("STACKEL_MAX_METRICS_ROWS", fmt.Sprint(2*DefaultMaxMetricsRows))
	if got := configErrorText(t, src(2*DefaultMaxMetricsRows, "")); got != "" {
		t.Errorf("limit raised to %d: %q", 2*DefaultMaxMetricsRows, got)
	}
}

// TestNegotiationStoppedRecordsLast: a run stopped between the rows
// record_every writes (cancelled after meta-interval 7, every 5) still
// writes the last meta-interval it completed, as a finished run writes
// its last: rows 5 and 7, the latter the row a full run writes for
// meta-interval 7.
func TestNegotiationStoppedRecordsLast(t *testing.T) {
	cfg, err := ParseConfig([]byte(negotiationConfig56))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	_, all := readMetrics56(t, dir)
	cfg, err = ParseConfig([]byte(strings.Replace(negotiationConfig56, "init:", "record_every: 5\ninit:", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir = t.TempDir()
	_, err = Run(ctx, cfg, RunOptions{Out: dir, Progress: func(n, _ int) {
		if n == 7 {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "stopped before meta-interval 8") {
		t.Fatalf("Run: %v, want it stopped before meta-interval 8", err)
	}
	_, rows := readMetrics56(t, dir)
	if len(rows) != 2 || fmt.Sprint(rows[0]) != fmt.Sprint(all[4]) || fmt.Sprint(rows[1]) != fmt.Sprint(all[6]) {
		t.Errorf("rows %v;\nwant meta-intervals 5 and 7: %v, %v", rows, all[4], all[6])
	}
}
