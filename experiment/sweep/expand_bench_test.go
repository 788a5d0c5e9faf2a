package sweep

import (
	"fmt"
	"testing"
)

// benchSpec is a smooth-game sweep: a 4 × 3 × 2 grid (24 points, of
// which one exclusion removes 2) over %d seeds, 22 jobs per seed, with an
// inline base config.
const benchSpec = `
name: bench-grid
config:
  game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
  dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
  iterations: 1000
  init: {x: [10], y: [10]}
grid:
  dynamics.kind: [sga, stackelberg, lola, extragradient]
  game.params.c1: [5, 10, 20]
  iterations: [1000, 2000]
exclude:
  - {dynamics.kind: lola, game.params.c1: 20}
seeds: {count: %d}
`

// BenchmarkExpand times expanding the spec into its jobs (every grid
// value and every job validated strictly), the spec parsed once outside
// the loop, with 5 and 20 seeds (110 and 440 jobs: ns/job, the time per
// job, should not grow with the count).
func BenchmarkExpand(b *testing.B) {
	for _, seeds := range []int{5, 20} {
		b.Run(fmt.Sprintf("seeds=%d", seeds), func(b *testing.B) {
			benchExpand(b, fmt.Sprintf(benchSpec, seeds), 22*seeds) // 24 points − 2 excluded
		})
	}
}

// benchExpand times expanding spec, which must make want jobs, and
// reports the time per job (ns/job).
func benchExpand(b *testing.B, spec string, want int) {
	s, err := ParseSpec([]byte(spec), "")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		jobs, err := s.Expand()
		if err != nil {
			b.Fatal(err)
		}
		if len(jobs) != want {
			b.Fatalf("%d jobs, want %d", len(jobs), want)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(want), "ns/job")
}

// BenchmarkParseSpec times parsing the same spec (5 seeds) (guarded YAML, strict
// keys, seeds, exclusions).
func BenchmarkParseSpec(b *testing.B) {
	data := []byte(fmt.Sprintf(benchSpec, 5))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseSpec(data, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// seedsSpec is a sweep of the inline base config alone over %d seeds:
// one job a seed, the shape of the largest sweeps (seeds: {count: N}).
const seedsSpec = `
name: bench-seeds
config:
  game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
  dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
  iterations: 1000
  init: {x: [10], y: [10]}
seeds: {count: %d}
`

// BenchmarkExpandSeeds times expanding a seeds-only sweep of 1 000 and
// 10 000 jobs (ns/job should not grow with the count).
func BenchmarkExpandSeeds(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("jobs=%d", n), func(b *testing.B) {
			benchExpand(b, fmt.Sprintf(seedsSpec, n), n)
		})
	}
}
