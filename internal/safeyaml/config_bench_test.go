package safeyaml

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkUnmarshalConfig times decoding each of the repository's
// example configurations (configs/*.yaml, a smooth-game and an RL run)
// with the default limits, keys and lines included (UnmarshalKeys), into
// a generic map, the first stage of reading a run's config.
func BenchmarkUnmarshalConfig(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "configs", "*.yaml"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no configs/*.yaml: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var v map[string]any
				if _, err := UnmarshalKeys(data, &v, DefaultLimits()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
