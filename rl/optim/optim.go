package optim

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
)

// Param is one parameter tensor: its values and the gradient of the loss with
// respect to them, as flat slices of equal length. Both slices are used in
// place; an optimiser writes Data and reads Grad.
type Param struct {
	// Data is the parameter values, the caller's storage (e.g.
	// nn.Params.Data): Step moves them against Grad in place.
	Data []float64
	// Grad is the gradient of the loss with respect to Data, element for
	// element (len(Grad) = len(Data)): the caller writes it before each
	// Step, which only reads it (ZeroGrad and ClipGradNorm write it).
	Grad []float64
}

// Optimizer updates a fixed set of parameters from their gradients.
type Optimizer interface {
	// Step applies one update to every parameter using its current Grad,
	// or, changing nothing, returns an error naming the first element
	// whose gradient or new state would not be finite (see Adam.Step and
	// SGD.Step): a run whose step overflowed stops there, instead of going
	// on from parameters or moments that are infinite, NaN or frozen.
	Step() error
	// Params returns the parameters the optimiser is bound to.
	Params() []Param
	// LR returns the learning rate.
	LR() float64
	// SetLR sets the learning rate, e.g. for a schedule.
	SetLR(lr float64)
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// ErrState is returned (wrapped) when loading optimiser state that does not
// fit the optimiser.
var ErrState = errors.New("optim: incompatible optimiser state")

func checkParams(who string, params []Param) {
	for i, p := range params {
		if len(p.Data) != len(p.Grad) {
			panic(fmt.Sprintf("optim: %s: param %d has len(Data)=%d != len(Grad)=%d", who, i, len(p.Data), len(p.Grad)))
		}
	}
}

// checkRate returns an error unless lr is a finite learning rate ≥ 0 (a
// negative one would ascend, a NaN one make every parameter NaN).
func checkRate(lr float64) error {
	if !(lr >= 0) || math.IsInf(lr, 1) {
		return fmt.Errorf("learning rate %v, want a finite lr ≥ 0", lr)
	}
	return nil
}

func zerosLike(params []Param) [][]float64 {
	out := make([][]float64, len(params))
	for i, p := range params {
		out[i] = make([]float64, len(p.Data))
	}
	return out
}

// checkShapes reports whether state has one slice per parameter with
// matching lengths.
func checkShapes(params []Param, state [][]float64, what string) error {
	if len(state) != len(params) {
		return fmt.Errorf("%w: %s has %d tensors, optimiser has %d params", ErrState, what, len(state), len(params))
	}
	for i, s := range state {
		if len(s) != len(params[i].Data) {
			return fmt.Errorf("%w: %s[%d] has %d elements, param has %d", ErrState, what, i, len(s), len(params[i].Data))
		}
	}
	return nil
}

// ZeroGrad sets every gradient to zero.
func ZeroGrad(params []Param) {
	for _, p := range params {
		clear(p.Grad)
	}
}

// GradNorm returns the L2 norm of all gradients taken together.
func GradNorm(params []Param) float64 {
	var s0, s1, s2, s3 float64
	for _, p := range params {
		g := p.Grad
		for ; len(g) >= 4; g = g[4:] {
			s0 += g[0] * g[0]
			s1 += g[1] * g[1]
			s2 += g[2] * g[2]
			s3 += g[3] * g[3]
		}
		for _, x := range g {
			s0 += x * x
		}
	}
	sum := (s0 + s1) + (s2 + s3)
	if sum > 0x1p-900 && sum < 0x1p900 || math.IsNaN(sum) {
		return math.Sqrt(sum)
	}
	// The squares overflowed or may have underflowed: rescale by the largest
	// magnitude and sum again.
	scale := 0.0
	for _, p := range params {
		for _, g := range p.Grad {
			scale = max(scale, math.Abs(g))
		}
	}
	if scale == 0 || math.IsInf(scale, 0) || math.IsNaN(scale) {
		return scale
	}
	sum = 0
	for _, p := range params {
		for _, g := range p.Grad {
			x := g / scale // not g·(1/scale): 1/scale overflows for subnormal scales
			sum += x * x
		}
	}
	return scale * math.Sqrt(sum)
}

// ClipGradNorm rescales all gradients by the same factor so that their joint
// L2 norm is at most maxNorm, and returns the norm before clipping. Like
// PyTorch's clip_grad_norm_, the factor is maxNorm/(norm + 1e-6) when the
// norm exceeds maxNorm. (PyTorch applies that factor whenever it is below 1,
// so also to a norm in (maxNorm − 1e-6, maxNorm], which is left unchanged
// here.) If the norm is NaN or infinite the gradients are left
// unchanged, so the caller can detect and skip the step. It panics if
// maxNorm is negative or NaN (which would flip the gradients' sign or make
// them NaN).
func ClipGradNorm(params []Param, maxNorm float64) float64 {
	if !(maxNorm >= 0) {
		panic(fmt.Sprintf("optim: ClipGradNorm: maxNorm=%v, want ≥ 0", maxNorm))
	}
	norm := GradNorm(params)
	if math.IsNaN(norm) || math.IsInf(norm, 0) || norm <= maxNorm {
		return norm
	}
	c := maxNorm / (norm + 1e-6)
	for _, p := range params {
		for i := range p.Grad {
			p.Grad[i] *= c
		}
	}
	return norm
}

// Polyak moves every target parameter towards its source:
// target ← (1−τ)·target + τ·source, elementwise on Data. τ = 1 copies the
// source; τ = 0 leaves the target where it is (Spinning Up's polyak = 1,
// whose targets never move). It panics, changing nothing, if the shapes
// differ or τ is outside [0, 1].
func Polyak(target, source []Param, tau float64) {
	if len(target) != len(source) {
		panic(fmt.Sprintf("optim: Polyak: %d target params, %d source params", len(target), len(source)))
	}
	if !(tau >= 0 && tau <= 1) {
		panic(fmt.Sprintf("optim: Polyak: tau=%v outside [0, 1]", tau))
	}
	// All shapes first, so that a mismatch leaves every target as it was.
	for i := range target {
		if len(target[i].Data) != len(source[i].Data) {
			panic(fmt.Sprintf("optim: Polyak: param %d: len(target)=%d != len(source)=%d", i, len(target[i].Data), len(source[i].Data)))
		}
	}
	for i := range target {
		PolyakSlice(target[i].Data, source[i].Data, tau)
	}
}

// PolyakSlice is Polyak on a single slice: dst ← (1−τ)·dst + τ·src. Like
// Polyak, it panics if the lengths differ or τ is outside [0, 1].
func PolyakSlice(dst, src []float64, tau float64) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("optim: Polyak: len(target)=%d != len(source)=%d", len(dst), len(src)))
	}
	if !(tau >= 0 && tau <= 1) {
		panic(fmt.Sprintf("optim: Polyak: tau=%v outside [0, 1]", tau))
	}
	if tau == 1 {
		copy(dst, src)
		return
	}
	keep := 1 - tau
	src = src[:len(dst)]
	for j, s := range src {
		dst[j] = keep*dst[j] + tau*s
	}
}

// Save writes o's state to w as a length-prefixed MarshalBinary encoding.
func Save(w io.Writer, o encoding.BinaryMarshaler) error {
	data, err := o.MarshalBinary()
	if err != nil {
		return err
	}
	var n [8]byte
	for i := range n {
		n[i] = byte(uint64(len(data)) >> (8 * i))
	}
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Load reads state written by Save into o, consuming exactly the bytes Save
// wrote.
func Load(r io.Reader, o encoding.BinaryUnmarshaler) error {
	var n [8]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return fmt.Errorf("%w: reading length: %v", ErrState, err)
	}
	var size uint64
	for i := range n {
		size |= uint64(n[i]) << (8 * i)
	}
	if size > 1<<36 {
		return fmt.Errorf("%w: implausible state size %d", ErrState, size)
	}
	var buf bytes.Buffer
	if m, err := io.CopyN(&buf, r, int64(size)); err != nil {
		return fmt.Errorf("%w: read %d of %d bytes: %v", ErrState, m, size, err)
	}
	return o.UnmarshalBinary(buf.Bytes())
}

func gobEncode(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gobDecode(data []byte, v any) error {
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	return nil
}
