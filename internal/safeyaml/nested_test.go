package safeyaml

import (
	"fmt"
	"strings"
	"testing"
)

// nestedShapes build inputs of about size bytes, nested about 90 levels
// deep (within the default depth limit of 100) or wide, in flow and
// block style; those named "error: …" end in a mistake that the parser
// or the decoder reports with the lines around it (on one long line).
var nestedShapes = []struct {
	name  string
	input func(size int) string
}{
	{"flow lists", func(size int) string {
		return fill("p: {a: [", nest("[", "1", "]", 90)+", ", "1]}\n", size)
	}},
	{"flow maps", func(size int) string {
		return fill("p: {a: [", nest("{k: ", "1", "}", 40)+", ", "1]}\n", size)
	}},
	{"block maps", func(size int) string {
		var b strings.Builder
		b.WriteString("p:\n")
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "  k%d:\n", i)
			for d := 2; d < 90; d++ {
				b.WriteString(strings.Repeat(" ", d+1) + "k:\n")
			}
			b.WriteString(strings.Repeat(" ", 91) + "k: [1, 2]\n")
		}
		return b.String()
	}},
	{"wide", func(size int) string {
		return fill("p: {a: [", "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]], ", "1]}\n", size)
	}},
	{"aliases", func(size int) string {
		return fill("p:\n  b: &b {x: 1, y: [1, 2, 3]}\n  l: [", "*b, ", "*b]\n", size)
	}},
	{"error: unknown key", func(size int) string {
		return fill("p: {a: [", nest("[", "1", "]", 90)+", ", "1]}\nzz: 1\n", size)
	}},
	{"error: unclosed list", func(size int) string {
		return fill("p: {a: [", nest("[", "1", "]", 90)+", ", "1}\n", size)
	}},
}

// nest is leaf inside depth pairs of open and close.
func nest(open, leaf, close string, depth int) string {
	return strings.Repeat(open, depth) + leaf + strings.Repeat(close, depth)
}

// fill is prefix, unit repeated to size bytes, and suffix.
func fill(prefix, unit, suffix string, size int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for b.Len() < size {
		b.WriteString(unit)
	}
	b.WriteString(suffix)
	return b.String()
}

// TestNestedShapes checks that the inputs of BenchmarkUnmarshalNested
// are within the default limits, and parse or fail as named.
func TestNestedShapes(t *testing.T) {
	for _, s := range nestedShapes {
		err := Unmarshal([]byte(s.input(50_000)), new(sample), Limits{})
		if fails := strings.HasPrefix(s.name, "error:"); (err != nil) != fails {
			t.Errorf("%s: error %v", s.name, err)
		}
	}
}

// BenchmarkUnmarshalNested times Unmarshal on inputs of 50, 150 and
// 450 KB nested near the depth limit or wide, valid or with a mistake
// on a long line (whose error took time quadratic in the line's length
// to format).
func BenchmarkUnmarshalNested(b *testing.B) {
	for _, s := range nestedShapes {
		for _, size := range []int{50_000, 150_000, 450_000} {
			in := []byte(s.input(size))
			b.Run(fmt.Sprintf("%s/%dKB", s.name, size/1000), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					_ = Unmarshal(in, new(sample), Limits{})
				}
			})
		}
	}
}
