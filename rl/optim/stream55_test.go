package optim

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
)

// streamParams55 returns parameters of the given lengths, their data and
// gradients filled with values of every width of gob's float encoding
// (0, −0, 17, π, a subnormal, ±Inf, NaN, huge and tiny).
func streamParams55(lens ...int) []Param {
	vals := []float64{0, math.Copysign(0, -1), 17, math.Pi, -1e-300, 5e-324, math.Inf(1), math.Inf(-1), math.NaN(), 1.5e300, -0.25, 3}
	var ps []Param
	k := 0
	for _, n := range lens {
		p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
		for i := range p.Data {
			p.Data[i] = vals[k%len(vals)]
			p.Grad[i] = float64(k%5) - 2.5
			k++
		}
		ps = append(ps, p)
	}
	return ps
}

// streamer55 is the streamed encoding Adam and SGD implement.
type streamer55 interface {
	BinarySize() int64
	io.WriterTo
}

// TestWriteToIsMarshalBinary55: Adam's and SGD's WriteTo write the bytes
// MarshalBinary returns, byte for byte, and BinarySize is their length,
// for states whose fields gob leaves out when zero (a zero rate, β or
// momentum, step count 0, no momentum buffers, no parameters) and ones it
// sends, moments of every float width (NaN, ±Inf, −0 included) and of
// 5000 elements (the writer's 32 KiB buffer flushed several times).
func TestWriteToIsMarshalBinary55(t *testing.T) {
	adam := func(steps int, set func(*Adam), lens ...int) func() Optimizer {
		return func() Optimizer {
			a := NewAdam(streamParams55(lens...), 1e-3)
			for range steps {
				if err := a.Step(); err != nil {
					panic(err)
				}
			}
			if set != nil {
				set(a)
			}
			return a
		}
	}
	sgd := func(mom float64, nesterov bool, steps int, lens ...int) func() Optimizer {
		return func() Optimizer {
			s := NewSGD(streamParams55(lens...), 0.1)
			s.Momentum, s.Nesterov = mom, nesterov
			for range steps {
				s.Step()
			}
			return s
		}
	}
	odd := func(a *Adam) {
		vals := streamParams55(len(a.m[0]))[0].Data
		copy(a.m[0], vals)
		copy(a.v[0], vals)
	}
	for _, c := range []struct {
		name string
		opt  func() Optimizer
	}{
		{"adam/fresh", adam(0, nil, 3, 4)},
		{"adam/3 steps", adam(3, nil, 3, 4, 1)},
		{"adam/every float width", adam(2, odd, 40, 2)},
		{"adam/zero hyperparameters", adam(1, func(a *Adam) { a.Rate, a.Beta1, a.Eps = 0, 0, 0 }, 3)},
		{"adam/no parameters", adam(0, nil)},
		{"adam/an empty parameter", adam(0, nil, 0, 2, 0)},
		{"adam/5000 elements", adam(2, nil, 5000, 64)},
		{"sgd/no momentum", sgd(0, false, 2, 3, 4)},
		{"sgd/momentum", sgd(0.9, false, 3, 3, 4)},
		{"sgd/nesterov, 5000 elements", sgd(0.9, true, 2, 5000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.opt()
			want, err := o.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			st := o.(streamer55)
			if n := st.BinarySize(); n != int64(len(want)) {
				t.Errorf("BinarySize %d, MarshalBinary's length %d", n, len(want))
			}
			var got bytes.Buffer
			n, err := st.WriteTo(&got)
			if err != nil || n != int64(got.Len()) {
				t.Fatalf("WriteTo: %d bytes, %v (wrote %d)", n, err, got.Len())
			}
			if !bytes.Equal(got.Bytes(), want) {
				i := 0
				for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
					i++
				}
				t.Fatalf("WriteTo wrote %d bytes, MarshalBinary %d; first difference at byte %d", got.Len(), len(want), i)
			}
			if err := o.UnmarshalBinary(got.Bytes()); err != nil && !errors.Is(err, ErrState) {
				t.Errorf("UnmarshalBinary of WriteTo's bytes: %v", err)
			}
		})
	}
}
