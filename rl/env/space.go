package env

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Space describes the set of valid observations or actions of an
// environment, encoded as flat []float64 slices of length Dim().
type Space interface {
	// Dim is the length of the flat []float64 encoding of an element.
	Dim() int
	// Shape is the logical shape of an element; nil or empty for a scalar
	// such as a Discrete index.
	Shape() []int
	// Sample draws an element using rng and writes it into dst, which must
	// have length Dim(). If dst is nil a new slice is allocated. It returns
	// the slice written.
	Sample(rng *rand.Rand, dst []float64) []float64
	// Contains reports whether x is an element of the space.
	Contains(x []float64) bool
	// String describes the space in Gymnasium's notation.
	String() string
}

// Box is the space of real vectors x with Low[i] ≤ x[i] ≤ High[i]. Bounds may
// be infinite. The vector is laid out in row-major order of Shape.
type Box struct {
	// Low and High are the lower and upper bounds, one per element (Dim()
	// = len(Low) = len(High)), Low[i] ≤ High[i], either possibly infinite.
	Low, High []float64
	shape     []int
}

// NewBox returns the box with the given elementwise bounds. low and high must
// have equal length and low[i] ≤ high[i]. shape is the logical shape, whose
// product must equal len(low); if omitted the box is one-dimensional. NewBox
// panics on invalid arguments.
func NewBox(low, high []float64, shape ...int) *Box {
	if len(low) != len(high) {
		panic(fmt.Sprintf("env: NewBox: len(low)=%d != len(high)=%d", len(low), len(high)))
	}
	for i := range low {
		if !(low[i] <= high[i]) {
			panic(fmt.Sprintf("env: NewBox: low[%d]=%v > high[%d]=%v", i, low[i], i, high[i]))
		}
	}
	if len(shape) == 0 {
		shape = []int{len(low)}
	}
	n := 1
	for _, s := range shape {
		if s < 0 {
			panic(fmt.Sprintf("env: NewBox: negative dimension in shape %v", shape))
		}
		n *= s
	}
	if n != len(low) {
		panic(fmt.Sprintf("env: NewBox: shape %v has %d elements, bounds have %d", shape, n, len(low)))
	}
	return &Box{
		Low:   append([]float64(nil), low...),
		High:  append([]float64(nil), high...),
		shape: append([]int(nil), shape...),
	}
}

// UniformBox returns a box of the given shape with every bound equal to low
// and high respectively. It panics as NewBox does on invalid arguments.
func UniformBox(low, high float64, shape ...int) *Box {
	n := 1
	for _, s := range shape {
		if s < 0 {
			panic(fmt.Sprintf("env: UniformBox: negative dimension in shape %v", shape))
		}
		n *= s
	}
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i := range lo {
		lo[i], hi[i] = low, high
	}
	return NewBox(lo, hi, shape...)
}

// Dim implements Space.
func (b *Box) Dim() int { return len(b.Low) }

// Shape implements Space.
func (b *Box) Shape() []int {
	if b.shape == nil {
		return []int{len(b.Low)}
	}
	return b.shape
}

// Sample implements Space. As in Gymnasium, each coordinate is drawn
// uniformly from [Low, High) when both bounds are finite, from a standard
// normal when both are infinite, and as Low + Exp(1) or High − Exp(1) when
// only one bound is finite.
func (b *Box) Sample(rng *rand.Rand, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(b.Low))
	}
	if len(dst) != len(b.Low) {
		panic(fmt.Sprintf("env: Box.Sample: len(dst)=%d, want %d", len(dst), len(b.Low)))
	}
	for i := range dst {
		lo, hi := b.Low[i], b.High[i]
		loInf, hiInf := math.IsInf(lo, -1), math.IsInf(hi, 1)
		switch {
		case !loInf && !hiInf:
			dst[i] = lo + (hi-lo)*rng.Float64()
		case loInf && hiInf:
			dst[i] = rng.NormFloat64()
		case !loInf:
			dst[i] = lo + rng.ExpFloat64()
		default:
			dst[i] = hi - rng.ExpFloat64()
		}
	}
	return dst
}

// Contains implements Space.
func (b *Box) Contains(x []float64) bool {
	if len(x) != len(b.Low) {
		return false
	}
	for i, v := range x {
		if !(v >= b.Low[i] && v <= b.High[i]) { // also rejects NaN
			return false
		}
	}
	return true
}

// Clip writes x clipped to the box into dst (which may alias x) and returns
// dst. x and dst must have length Dim(); Clip panics otherwise. A NaN
// element stays NaN.
func (b *Box) Clip(dst, x []float64) []float64 {
	if len(x) != len(b.Low) || len(dst) != len(b.Low) {
		panic(fmt.Sprintf("env: Box.Clip: len(x)=%d, len(dst)=%d, want %d", len(x), len(dst), len(b.Low)))
	}
	for i, v := range x {
		dst[i] = min(max(v, b.Low[i]), b.High[i])
	}
	return dst
}

// String implements Space, e.g. "Box([-2], [2], (1,))".
func (b *Box) String() string {
	return b.Format(func(v float64) string { return fmt.Sprintf("%.4g", v) })
}

// Format writes the box as String does, "Box([lo…], [hi…], (shape,))",
// with each bound written by bound (String: 4 significant digits).
func (b *Box) Format(bound func(float64) string) string {
	var sb strings.Builder
	floats := func(xs []float64) {
		sb.WriteByte('[')
		for i, v := range xs {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(bound(v))
		}
		sb.WriteByte(']')
	}
	sb.WriteString("Box(")
	floats(b.Low)
	sb.WriteString(", ")
	floats(b.High)
	sb.WriteString(", (")
	shape := b.Shape()
	for i, n := range shape {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(n))
	}
	if len(shape) == 1 {
		sb.WriteByte(',')
	}
	sb.WriteString("))")
	return sb.String()
}

// Discrete is the space {0, 1, …, N−1}. An element is encoded as a
// one-element slice holding the index as a float64.
type Discrete struct {
	// N is the number of elements; it must be positive for Sample.
	N int
}

// Dim implements Space; it is always 1.
func (d Discrete) Dim() int { return 1 }

// Shape implements Space; a Discrete element is a scalar, so it is empty.
func (d Discrete) Shape() []int { return nil }

// Sample implements Space, drawing an index uniformly.
func (d Discrete) Sample(rng *rand.Rand, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, 1)
	}
	if len(dst) != 1 {
		panic(fmt.Sprintf("env: Discrete.Sample: len(dst)=%d, want 1", len(dst)))
	}
	dst[0] = float64(rng.IntN(d.N))
	return dst
}

// Contains implements Space.
func (d Discrete) Contains(x []float64) bool {
	_, ok := d.Index(x)
	return ok
}

// Index decodes x as an element of d, reporting whether it is valid: x must
// have length 1 and hold an integer in [0, N).
func (d Discrete) Index(x []float64) (int, bool) {
	if len(x) != 1 {
		return 0, false
	}
	v := x[0]
	if !(v >= 0 && v < float64(d.N)) || v != math.Trunc(v) {
		return 0, false
	}
	return int(v), true
}

// String implements Space, e.g. "Discrete(2)".
func (d Discrete) String() string { return fmt.Sprintf("Discrete(%d)", d.N) }

// discreteAction decodes a discrete action or panics with a message naming
// the environment.
func discreteAction(name string, d Discrete, action []float64) int {
	a, ok := d.Index(action)
	if !ok {
		panic(fmt.Sprintf("env: %s: invalid action %v for %v (pass the index as a one-element slice, e.g. []float64{1})", name, action, d))
	}
	return a
}

// continuousAction returns the single element of a one-dimensional action or
// panics with a message naming the environment.
func continuousAction(name string, action []float64) float64 {
	if len(action) != 1 {
		panic(fmt.Sprintf("env: %s: action has %d elements, want 1", name, len(action)))
	}
	return action[0]
}
