package ad

import (
	"fmt"
	"slices"
)

// Program is a recorded graph that can be re-evaluated on new input values
// of the same shapes with no allocation: every node keeps its buffer and
// each operation recomputes into it. Build one by recording a function on a
// tape (its value, gradients, HVPs, …) and calling Compile.
//
// A Program is not safe for concurrent use; compile one per goroutine, each
// from its own tape (Programs compiled from one tape share its nodes'
// buffers, so running one changes the other's outputs).
type Program struct {
	inputs  []*Node
	outputs []*Node
	steps   []*Node
	// scalar is the scalar path of steps (scalar.go), nil when none of
	// them is a 1×1 operation it lists.
	scalar []scalarStep
}

// Compile freezes the tape of outputs and returns the Program that maps the
// given input leaves (Var or Const nodes) to outputs. Leaves that are not
// inputs keep their recorded values, except View32 constants, which read
// the caller's values at every Run (they are views). The tape can record
// nothing more and cannot be Reset afterwards.
func Compile(inputs, outputs []*Node) *Program {
	if len(outputs) == 0 {
		panic("ad.Compile: no outputs")
	}
	t := outputs[0].tape
	for i, in := range inputs {
		if in.tape != t {
			panic(fmt.Sprintf("ad.Compile: input %d is on another tape", i))
		}
		if in.op != nil {
			panic(fmt.Sprintf("ad.Compile: input %d is the result of %s; inputs must be leaves", i, in.op.name()))
		}
	}
	seen := make(map[*Node]bool)
	var steps []*Node
	var visit func(n *Node)
	visit = func(n *Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, in := range n.in {
			visit(in)
		}
		if n.op != nil {
			steps = append(steps, n)
		}
	}
	for i, o := range outputs {
		if o.tape != t {
			panic(fmt.Sprintf("ad.Compile: output %d is on another tape", i))
		}
		visit(o)
	}
	slices.SortFunc(steps, func(a, b *Node) int { return a.id - b.id })
	t.frozen = true
	return &Program{inputs: inputs, outputs: outputs, steps: steps, scalar: compileScalar(steps)}
}

// Len returns the number of operations the Program evaluates.
func (p *Program) Len() int { return len(p.steps) }

// SetInput copies data into input i. It panics when i is not the index of
// an input.
func (p *Program) SetInput(i int, data []float64) {
	p.inputs[checkIndex("SetInput", i, len(p.inputs), "input")].Set(data)
}

// checkIndex returns i, after a panic naming method when i is not an index
// of count things of the given kind.
func checkIndex(method string, i, count int, kind string) int {
	if i < 0 || i >= count {
		if count != 1 {
			kind += "s"
		}
		panic(fmt.Sprintf("ad: Program.%s(%d): the Program has %d %s", method, i, count, kind))
	}
	return i
}

// Run re-evaluates every operation in recorded order. Operations of one
// float64 value (1×1, with 1×1 operands) run without their tensor
// dispatch: the Program lists them at Compile with their values' buffers
// (scalar.go), and computes each with the operation's own element
// function, to the same bits.
func (p *Program) Run() {
	if p.scalar != nil {
		runScalar(p.scalar)
		return
	}
	p.runSteps()
}

// runSteps is Run's general path: each operation's forward.
func (p *Program) runSteps() {
	for _, n := range p.steps {
		n.op.forward(n)
	}
}

// Output returns output i's values, aliasing the Program's buffer (valid
// until the next Run); on a float32 tape a float64 copy (see Node.Data).
// It panics when i is not the index of an output.
func (p *Program) Output(i int) []float64 {
	return p.outputs[checkIndex("Output", i, len(p.outputs), "output")].Data()
}

// OutputNode returns output i as a node, for its shape. It panics when i
// is not the index of an output.
func (p *Program) OutputNode(i int) *Node {
	return p.outputs[checkIndex("OutputNode", i, len(p.outputs), "output")]
}
