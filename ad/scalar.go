package ad

// A Program of 1×1 operations (the compiled formula games of two scalar
// players: f1, f2 and their gradients, a few to a few dozen operations of
// one value each) spent its Run on each operation's dispatch: the call
// through the op interface, the node's dtype and size tests, the reading
// of its operands through their nodes. The scalar path (compileScalar)
// lists, at Compile, each such operation with its and its operands'
// one-element buffers, and runScalar calls on them the function the
// operation's forward ends in for a 1×1 float64 node (apply, affineLoop,
// the unary and pair loops, powLoop, clampLoop, inRangeLoop): the same
// floating-point operations in the same order, bit for bit
// (TestScalarPathSameBits). Operations it does not list run their forward
// in their place.

// scalarCode says how a scalarStep computes its value.
type scalarCode uint8

const (
	sForward  scalarCode = iota // the node's forward (not a 1×1 operation the list knows)
	sBinary                     // apply(kind, a, b): binaryOp and maskOp
	sAffine                     // affineLoop(d, a, f0, f1)
	sUnary                      // unary(d, a)
	sPair                       // pair(d, a, b)
	sPowConst                   // powLoop(d, a, f0)
	sClamp                      // clampLoop(d, a, f0, f1)
	sInRange                    // inRangeLoop(d, a, f0, f1)
)

// scalarStep is one operation of a Program's scalar path: d, a and b are
// the one-element buffers of the node and its operands.
type scalarStep struct {
	code    scalarCode
	kind    binKind
	d, a, b []float64
	f0, f1  float64
	unary   func(d, x []float64)
	pair    func(d, g, a []float64)
	n       *Node
}

// compileScalar returns the scalar path of steps, or nil when no step is a
// 1×1 float64 operation it lists (the Program then runs its general path).
func compileScalar(steps []*Node) []scalarStep {
	out := make([]scalarStep, len(steps))
	listed := 0
	for i, n := range steps {
		s := scalarStep{code: sForward, n: n}
		if scalar64(n) {
			s.d = n.val.Data
			s.a = n.in[0].val.Data
			if len(n.in) > 1 {
				s.b = n.in[1].val.Data
			}
			s.f0, s.f1 = n.p.f0, n.p.f1
			switch o := n.op.(type) {
			case *binaryOp:
				s.code, s.kind = sBinary, o.kind
			case *maskOp:
				s.code, s.kind = sBinary, o.kind
			case *affineOp:
				s.code = sAffine
			case *unaryOp:
				s.code, s.unary = sUnary, o.loop64
			case *pairOp:
				s.code, s.pair = sPair, o.loop64
			case *powConstOp:
				s.code = sPowConst
			case *clampOp:
				s.code = sClamp
			case *inRangeOp:
				s.code = sInRange
			}
		}
		if s.code != sForward {
			listed++
		}
		out[i] = s
	}
	if listed == 0 {
		return nil
	}
	return out
}

// scalar64 reports that n is a 1×1 float64 operation of one or two
// operands. (The operands of the elementwise operations the scalar path
// lists are 1×1 with their result: they have its shape or broadcast to
// it.)
func scalar64(n *Node) bool {
	return !n.is32 && len(n.val.Data) == 1 && len(n.in) >= 1 && len(n.in) <= 2
}

// runScalar runs the scalar path.
func runScalar(steps []scalarStep) {
	for i := range steps {
		s := &steps[i]
		switch s.code {
		case sBinary:
			s.d[0] = apply(s.kind, s.a[0], s.b[0])
		case sAffine:
			affineLoop(s.d, s.a, s.f0, s.f1)
		case sUnary:
			s.unary(s.d, s.a)
		case sPair:
			s.pair(s.d, s.a, s.b)
		case sPowConst:
			powLoop(s.d, s.a, s.f0)
		case sClamp:
			clampLoop(s.d, s.a, s.f0, s.f1)
		case sInRange:
			inRangeLoop(s.d, s.a, s.f0, s.f1)
		default:
			s.n.op.forward(s.n)
		}
	}
}
