package game

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stackel/stackel/ad"
)

// FormulaSpec defines a game by its objectives written as Go expressions.
//
// The expressions are parsed with go/parser and may use:
//
//   - x and y, the leader's and follower's strategies (vectors of Dims[0]
//     and Dims[1] elements), indexed with constant integers: x[0];
//   - the names in Params: scalars (1×1), vectors (1×n) and matrices
//     (r×c, r > 1, or any r for a name in Matrices), where M[i] is row i
//     of a matrix as a vector;
//   - pi, number literals, + − * / (elementwise), unary − and +,
//     parentheses, with Go's precedence and left associativity (there is
//     no power operator: a^b and a**b are errors pointing to pow);
//   - the elementwise functions sin, cos, tan, exp, log, sqrt, tanh,
//     sigmoid, softplus, abs, and pow(a, b), min(a, b), max(a, b)
//     (at ties min and max pass the gradient to a; abs has derivative 0
//     at 0, a subgradient; the second derivatives of all three are 0,
//     at their kinks too);
//   - the reductions sum(v) (sum of the elements), dot(u, v) (Σ uᵢvᵢ over
//     equally shaped u, v), norm2(v) (the squared Euclidean norm Σ vᵢ²,
//     smooth everywhere), matvec(M, v) (Mv: an r×c matrix times a
//     c-vector gives an r-vector) and quad(u, M, v) (uᵀMv for an r×c
//     matrix, an r-vector u and a c-vector v).
//
// A scalar broadcasts over a vector or matrix in every elementwise
// operation; any other shape mismatch is an error. pow with an exponent
// that does not depend on x or y is x^p for constant p, defined for
// negative bases when p is a whole number (pow(x[0], 3) at x = −2 is −8;
// as math.Pow, pow(x[0], 1/3) at a negative base is NaN: write
// -pow(-x[0], 1/3) for the real cube root of a negative number);
// a constant vector or matrix exponent is the same elementwise;
// otherwise its derivative in the exponent uses ln of the base. Sub-expressions that depend on neither x nor y are evaluated once
// when the game is built, and one that is not finite, or that rounds a
// non-zero value to 0 (1e-200*1e-200, exp(-1000), pow(1e-200, 2): a
// product, quotient, exp, sigmoid, softplus, pow or norm2 that
// underflows, as the literal 1e-400 does), is an error. Each
// objective must be a scalar.
//
// Refused, each with an error naming the objective, the token and its
// line:column (columns count characters, not bytes): an integer literal
// with a leading 0 (Go reads 0100 as octal 64; 0o100, 0x40 and 0b1 are
// accepted; as an index, x[010], x[0_0] or x[08], the error names the index and
// says to write x[10] or x[0]; one inside an expression in an index,
// M[max(010, 1), 1], is named as the number it is), a literal that overflows float64 (1e400)
// or a non-zero one that underflows to 0 (1e-400), a division by a constant 0 (x[0]/0,
// sum(x / v) where v holds a 0), an index that is negative, too large or
// not an integer literal (x[-1], x[2] of a 2-vector, x[1.5]; x[(1)] and
// x[+1] are x[1]), and Unicode lookalikes of operators and spaces (−, ×,
// ·, ÷, ², a non-breaking or em space, the full-width ／ and ＋) and
// invisible zero-width characters, whose error says what to write. A
// syntax error from a missing operator (2x, x[0] y[0]), a newline
// after an operand or two indices in one pair of brackets (M[0, 1]) says so. Go scans
// "--" and "++" as one token, so ---x and a--b are syntax errors: write
// -(-(-x)) or a - (-b). A newline ends the expression after an operand (Go's
// semicolon rule), inside parentheses, brackets and a call's arguments
// too: break a long formula after an operator or a comma (the error
// says so). go/parser
// refuses nesting deeper than its limit (about 10⁵ levels, a sum of 10⁵
// terms included) with a syntax error. Errors quote at most 80 characters of a
// sub-expression.
type FormulaSpec struct {
	// Name identifies the game in outputs; "" means "formula".
	Name string
	// Sense says whether F1 and F2 are costs or payoffs.
	Sense Sense
	// Dims holds the leader's and the follower's dimensions (each ≥ 1).
	Dims [2]int
	// F1 and F2 are the leader's and the follower's objectives.
	F1, F2 string
	// Params names constant tensors the formulas use. Names must be Go
	// identifiers other than x, y, pi and the function names, and each
	// must be read by F1 or F2: one that neither reads is an error (it is
	// almost always a misspelt name; 0*k keeps an otherwise unused k).
	Params map[string]ad.Tensor
	// Matrices names the Params written as lists of rows ([[1, 2]] in a
	// config), which M[i] indexes by rows whatever their number, as it
	// does an elementwise expression of M's shape ((M)[i], (2*M)[i],
	// pow(M, 2)[i]; not matvec or a reduction): a 1×n
	// tensor is otherwise a vector, M[0] its first element, and
	// params: {M: [[1, 2]]} with sum(M[0]*y) read M[0] as 1, not as the
	// row [1, 2], without a word. Each name must be in Params.
	Matrices []string
	// DomainX and DomainY are the strategy domains; the zero value is
	// Unbounded.
	DomainX, DomainY Domain
}

// Formula is a game built from a FormulaSpec by NewFormula. It is
// immutable and safe for concurrent use (each call of F1 or F2 records on
// the tape of its arguments).
type Formula struct {
	spec   FormulaSpec
	f1, f2 *expr
}

// reservedNames may not be used as parameter names.
var reservedNames = map[string]bool{"x": true, "y": true, "pi": true}

// NewFormula parses and validates spec. Every problem is an error naming
// the field; formula errors name the objective, the offending identifier
// or operator and its line:column, as in
//
//	f1: unknown identifier "z" at 1:7
func NewFormula(spec FormulaSpec) (Game, error) {
	if spec.Name == "" {
		spec.Name = "formula"
	}
	if spec.Sense != Cost && spec.Sense != Payoff {
		return nil, fmt.Errorf("sense: invalid value %d (need Cost or Payoff)", int(spec.Sense))
	}
	for i, who := range []string{"leader", "follower"} {
		if spec.Dims[i] < 1 {
			return nil, fmt.Errorf("dims: %s dimension %d must be ≥ 1", who, spec.Dims[i])
		}
	}
	if err := spec.DomainX.Validate(spec.Dims[0]); err != nil {
		return nil, fmt.Errorf("domain x: %v", err)
	}
	if err := spec.DomainY.Validate(spec.Dims[1]); err != nil {
		return nil, fmt.Errorf("domain y: %v", err)
	}
	params := make(map[string]ad.Tensor, len(spec.Params))
	for _, name := range sortedKeys(spec.Params) {
		t := spec.Params[name]
		switch {
		case !token.IsIdentifier(name):
			return nil, fmt.Errorf("params: name %q is not an identifier", clipSource(name))
		case reservedNames[name] || functions[name] != nil:
			return nil, fmt.Errorf("params: name %q is reserved", name)
		}
		if err := checkTensor(name, t); err != nil {
			return nil, fmt.Errorf("params: %v", err)
		}
		params[name] = t.Clone()
	}
	spec.Params = params
	for _, name := range spec.Matrices {
		if _, ok := params[name]; !ok {
			return nil, fmt.Errorf("matrices: %q is not a parameter", clipSource(name))
		}
	}
	spec.Matrices = slices.Clone(spec.Matrices)
	spec.DomainX = cloneDomain(spec.DomainX)
	spec.DomainY = cloneDomain(spec.DomainY)
	f := &Formula{spec: spec}
	used := map[string]bool{}
	var err error
	if f.f1, err = parseObjective("f1", spec.F1, &spec, used); err != nil {
		return nil, err
	}
	if f.f2, err = parseObjective("f2", spec.F2, &spec, used); err != nil {
		return nil, err
	}
	if err := checkUsed(params, used); err != nil {
		return nil, err
	}
	return f, nil
}

// checkUsed refuses a parameter that neither objective reads: it is
// almost always a misspelt name (params {A: 100, A2: 3} with f2 reading
// A where A2 was meant), which would otherwise pass silently. The error
// names the first such parameter and lists the ones the formulas use.
func checkUsed(params map[string]ad.Tensor, used map[string]bool) error {
	for _, name := range sortedKeys(params) {
		if used[name] {
			continue
		}
		if len(used) == 0 {
			return fmt.Errorf("params: param %s is used by neither f1 nor f2, which use no params (remove it, or fix the name in the formula)", clipSource(name))
		}
		return fmt.Errorf("params: param %s is used by neither f1 nor f2, which use %s (remove it, or fix the misspelt name)", clipSource(name), strings.Join(sortedKeys(used), ", "))
	}
	return nil
}

func cloneDomain(d Domain) Domain {
	d.Lo = append([]float64(nil), d.Lo...)
	d.Hi = append([]float64(nil), d.Hi...)
	if d.Kind != Box {
		d.Lo, d.Hi = nil, nil
	}
	return d
}

// Name returns the spec's name.
func (f *Formula) Name() string { return f.spec.Name }

// Dims returns the spec's dimensions.
func (f *Formula) Dims() (int, int) { return f.spec.Dims[0], f.spec.Dims[1] }

// Sense returns the spec's sense.
func (f *Formula) Sense() Sense { return f.spec.Sense }

// Domains returns the spec's domains.
func (f *Formula) Domains() (Domain, Domain) {
	return cloneDomain(f.spec.DomainX), cloneDomain(f.spec.DomainY)
}

// Params returns copies of the named parameters.
func (f *Formula) Params() map[string]ad.Tensor {
	out := make(map[string]ad.Tensor, len(f.spec.Params))
	for k, v := range f.spec.Params {
		out[k] = v.Clone()
	}
	return out
}

// Formulas returns the source of f1 and f2.
func (f *Formula) Formulas() (f1, f2 string) { return f.spec.F1, f.spec.F2 }

// F1 records the leader's objective on the tape of x.
func (f *Formula) F1(x, y *ad.Node) *ad.Node { f.check(x, y); return f.f1.emit(x.Tape(), x, y) }

// F2 records the follower's objective on the tape of x.
func (f *Formula) F2(x, y *ad.Node) *ad.Node { f.check(x, y); return f.f2.emit(x.Tape(), x, y) }

func (f *Formula) check(x, y *ad.Node) {
	if x.Rows() != 1 || x.Cols() != f.spec.Dims[0] || y.Rows() != 1 || y.Cols() != f.spec.Dims[1] {
		panic(fmt.Sprintf("game %s: strategies of shape %dx%d and %dx%d, need 1x%d and 1x%d",
			f.spec.Name, x.Rows(), x.Cols(), y.Rows(), y.Cols(), f.spec.Dims[0], f.spec.Dims[1]))
	}
}

// exprKind is the kind of a checked expression node.
type exprKind int

const (
	eX     exprKind = iota // the leader's strategy
	eY                     // the follower's strategy
	eConst                 // a constant tensor (literal, parameter or folded)
	eNeg                   // −arg
	eBin                   // arg0 op arg1, elementwise with scalar broadcast
	eElem                  // element idx of a vector
	eRow                   // row idx of a matrix
	eCall                  // fn(args…)
	eLeaf                  // a node already recorded (DiagnoseDerivative)
)

// expr is a validated, shape-annotated formula node.
type expr struct {
	kind       exprKind
	op         token.Token
	fn         *function
	args       []*expr
	idx        int
	val        ad.Tensor
	rows, cols int
	dep        bool   // depends on x or y
	src        string // the source text, for Diagnose
	off        int    // the byte offset of src in the objective, for Diagnose
	// matrix marks a value indexed by rows whatever its number of rows:
	// a parameter named in FormulaSpec.Matrices, or one computed from
	// it elementwise with its shape ((M), 2*M, -M, pow(M, 2)).
	matrix bool
	// node is an eLeaf's node, on a tape of localDerivative's own.
	node *ad.Node
}

func (e *expr) isScalar() bool { return e.rows == 1 && e.cols == 1 }

// constScalar reports whether e is a constant 1×1 and its value.
func (e *expr) constScalar() (float64, bool) {
	if e.kind == eConst && e.isScalar() {
		return e.val.Data[0], true
	}
	return 0, false
}

// emit records e on tape t.
func (e *expr) emit(t *ad.Tape, x, y *ad.Node) *ad.Node { return e.emitVisit(t, x, y, nil) }

// emitVisit records e on tape t and, when visit is not nil, hands it each
// sub-expression's node after its arguments' (post-order).
func (e *expr) emitVisit(t *ad.Tape, x, y *ad.Node, visit func(*expr, *ad.Node)) *ad.Node {
	n := e.emitNode(t, x, y, visit)
	if visit != nil {
		visit(e, n)
	}
	return n
}

func (e *expr) emitNode(t *ad.Tape, x, y *ad.Node, visit func(*expr, *ad.Node)) *ad.Node {
	switch e.kind {
	case eX:
		return x
	case eY:
		return y
	case eConst:
		return t.Const(e.val)
	case eLeaf:
		return e.node
	case eNeg:
		return ad.Neg(e.args[0].emitVisit(t, x, y, visit))
	case eElem:
		return ad.Index(e.args[0].emitVisit(t, x, y, visit), e.idx)
	case eRow:
		a := e.args[0].emitVisit(t, x, y, visit)
		return ad.Slice(a, e.idx, e.idx+1, 0, a.Cols())
	case eBin:
		return e.emitBinary(t, x, y, visit)
	case eCall:
		args := make([]*ad.Node, len(e.args))
		for i, a := range e.args {
			if e.fn.constArg[i] {
				if _, ok := a.constScalar(); ok {
					continue // consumed as a float by emit
				}
			}
			args[i] = a.emitVisit(t, x, y, visit)
		}
		return e.fn.emit(e, args)
	}
	panic("game: unknown formula node")
}

// emitBinary uses the scalar-constant forms of ad (Scale, AddScalar,
// RSub), which give bit-identical results with fewer nodes.
func (e *expr) emitBinary(t *ad.Tape, x, y *ad.Node, visit func(*expr, *ad.Node)) *ad.Node {
	l, r := e.args[0], e.args[1]
	if c, ok := r.constScalar(); ok {
		a := l.emitVisit(t, x, y, visit)
		switch e.op {
		case token.ADD:
			return ad.AddScalar(a, c)
		case token.SUB:
			return ad.AddScalar(a, -c)
		case token.MUL:
			return ad.Scale(a, c)
		}
		return ad.Div(a, t.Const(r.val))
	}
	if c, ok := l.constScalar(); ok {
		b := r.emitVisit(t, x, y, visit)
		switch e.op {
		case token.ADD:
			return ad.AddScalar(b, c)
		case token.SUB:
			return ad.RSub(c, b)
		case token.MUL:
			return ad.Scale(b, c)
		}
		return ad.Div(t.Const(l.val), b)
	}
	a, b := l.emitVisit(t, x, y, visit), r.emitVisit(t, x, y, visit)
	switch e.op {
	case token.ADD:
		return ad.Add(a, b)
	case token.SUB:
		return ad.Sub(a, b)
	case token.MUL:
		return ad.Mul(a, b)
	}
	return ad.Div(a, b)
}

// function is a formula function: its arity, its shape rule and how it is
// recorded.
type function struct {
	name  string
	arity int
	// elementwise marks a function applied element by element (its
	// result a matrix when an argument of its shape is one).
	elementwise bool
	// constArg marks arguments that emit receives as nil when they are
	// constant scalars (read from the expr instead).
	constArg []bool
	// shape returns the result shape or an error message.
	shape func(args []*expr) (rows, cols int, msg string)
	emit  func(e *expr, args []*ad.Node) *ad.Node
}

var functions map[string]*function

func init() {
	functions = map[string]*function{}
	unary := map[string]func(*ad.Node) *ad.Node{
		"sin": ad.Sin, "cos": ad.Cos, "tan": ad.Tan, "exp": ad.Exp, "log": ad.Log,
		"sqrt": ad.Sqrt, "tanh": ad.Tanh, "sigmoid": ad.Sigmoid, "softplus": ad.Softplus, "abs": ad.Abs,
	}
	for name, f := range unary {
		f := f
		functions[name] = &function{name: name, arity: 1, elementwise: true,
			shape: func(a []*expr) (int, int, string) { return a[0].rows, a[0].cols, "" },
			emit:  func(_ *expr, a []*ad.Node) *ad.Node { return f(a[0]) }}
	}
	bshape := func(a []*expr) (int, int, string) { return broadcast(a[0], a[1]) }
	functions["pow"] = &function{name: "pow", arity: 2, elementwise: true, constArg: []bool{false, true}, shape: bshape,
		emit: func(e *expr, a []*ad.Node) *ad.Node {
			if p, ok := e.args[1].constScalar(); ok {
				return ad.PowConst(a[0], p)
			}
			if e.args[1].kind == eConst {
				return powConstTensor(a[0], e.args[1].val, e.rows, e.cols)
			}
			return ad.Pow(a[0], a[1])
		}}
	functions["min"] = &function{name: "min", arity: 2, elementwise: true, shape: bshape,
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Minimum(broadcastPair(a[0], a[1])) }}
	functions["max"] = &function{name: "max", arity: 2, elementwise: true, shape: bshape,
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Maximum(broadcastPair(a[0], a[1])) }}
	scalar := func(a []*expr) (int, int, string) { return 1, 1, "" }
	functions["sum"] = &function{name: "sum", arity: 1, shape: scalar,
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Sum(a[0]) }}
	functions["norm2"] = &function{name: "norm2", arity: 1, shape: scalar,
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Norm2(a[0]) }}
	functions["dot"] = &function{name: "dot", arity: 2,
		shape: func(a []*expr) (int, int, string) {
			if a[0].rows != a[1].rows || a[0].cols != a[1].cols {
				return 0, 0, "needs equally shaped arguments"
			}
			return 1, 1, ""
		},
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Dot(a[0], a[1]) }}
	functions["matvec"] = &function{name: "matvec", arity: 2,
		shape: func(a []*expr) (int, int, string) {
			m, v := a[0], a[1]
			if v.rows != 1 || v.cols != m.cols {
				return 0, 0, fmt.Sprintf("needs a %d-vector after a %s", m.cols, describeShape(m.rows, m.cols))
			}
			return 1, m.rows, ""
		},
		// Mv as a row: v·Mᵀ.
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.MatMulT(a[1], a[0], false, true) }}
	functions["quad"] = &function{name: "quad", arity: 3,
		shape: func(a []*expr) (int, int, string) {
			u, m, v := a[0], a[1], a[2]
			if u.rows != 1 || u.cols != m.rows || v.rows != 1 || v.cols != m.cols {
				return 0, 0, fmt.Sprintf("needs a %d-vector, a %s and a %d-vector", m.rows, describeShape(m.rows, m.cols), m.cols)
			}
			return 1, 1, ""
		},
		// uᵀMv = (uM)·v.
		emit: func(_ *expr, a []*ad.Node) *ad.Node { return ad.Dot(ad.MatMul(a[0], a[1]), a[2]) }}
	for _, f := range functions {
		if f.constArg == nil {
			f.constArg = make([]bool, f.arity)
		}
	}
}

// powConstTensor returns base^p elementwise for a constant exponent
// tensor p (a vector or matrix parameter, or a folded constant), as a
// rows×cols result: each element is recorded with PowConst, whose
// derivatives are exact where Pow's are NaN (d/da a⁰ at a = 0 is 0, not
// 0·0⁻¹; the second derivative of a¹ at 0 is 0). base is a scalar or has
// p's shape.
func powConstTensor(base *ad.Node, p ad.Tensor, rows, cols int) *ad.Node {
	scalarBase := base.Rows() == 1 && base.Cols() == 1
	out := make([]*ad.Node, rows)
	for i := range rows {
		row := make([]*ad.Node, cols)
		for j := range cols {
			b := base
			if !scalarBase {
				b = ad.Slice(base, i, i+1, j, j+1)
			}
			row[j] = ad.PowConst(b, p.Data[i*p.Cols+j])
		}
		out[i] = ad.ConcatCols(row...)
	}
	return ad.ConcatRows(out...)
}

// broadcast is the shape rule of elementwise operations: equal shapes, or
// one side a scalar.
func broadcast(a, b *expr) (int, int, string) {
	switch {
	case a.rows == b.rows && a.cols == b.cols:
		return a.rows, a.cols, ""
	case a.isScalar():
		return b.rows, b.cols, ""
	case b.isScalar():
		return a.rows, a.cols, ""
	}
	return 0, 0, "shape mismatch"
}

// broadcastPair expands a scalar operand to the other's shape.
func broadcastPair(a, b *ad.Node) (*ad.Node, *ad.Node) {
	switch {
	case a.Rows() == b.Rows() && a.Cols() == b.Cols():
	case a.Rows() == 1 && a.Cols() == 1:
		a = ad.BroadcastTo(a, b.Rows(), b.Cols())
	default:
		b = ad.BroadcastTo(b, a.Rows(), a.Cols())
	}
	return a, b
}

// checker validates one objective's AST.
type checker struct {
	which string
	src   string
	fset  *token.FileSet
	spec  *FormulaSpec
	// used collects the parameters the objectives read.
	used map[string]bool
	// spans holds the source range of each checked node. go/ast's Pos and
	// End recurse into the operands (a BinaryExpr starts where its left
	// operand does), which made checking a sum of n terms take O(n²)
	// time: 94 s for 90 000 terms.
	spans map[ast.Expr][2]token.Pos
}

// parseObjective parses and checks one objective, adding the names of
// the parameters it reads to used.
func parseObjective(which, src string, spec *FormulaSpec, used map[string]bool) (*expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("%s: empty formula", which)
	}
	c := &checker{which: which, src: src, fset: token.NewFileSet(), spec: spec, used: used, spans: map[ast.Expr][2]token.Pos{}}
	tree, err := parser.ParseExprFrom(c.fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			if lit, start, operand, fixed, ok := octalIndex(list[0].Msg, src, list[0].Pos.Offset); ok {
				line, col := lineColumn(src, start)
				if operand == "" {
					// Inside an expression in an index list, not an index.
					digits, _ := legacyOctal(&ast.BasicLit{Kind: token.INT, Value: lit})
					return nil, fmt.Errorf("%s: %s at %d:%d", which, legacyOctalMessage(lit, digits), line, col)
				}
				return nil, fmt.Errorf("%s: index %s of %q has a leading 0: write %s at %d:%d", which, clipSource(lit), clipSource(operand), clipSource(fixed), line, col)
			}
			line, col := lineColumn(src, list[0].Pos.Offset)
			return nil, fmt.Errorf("%s: syntax error: %s%s at %d:%d", which, clipMessage(list[0].Msg), syntaxHint(list[0].Msg, src, list[0].Pos.Offset), line, col)
		}
		return nil, fmt.Errorf("%s: syntax error: %s", which, clipMessage(err.Error()))
	}
	e, err := c.check(tree)
	if err != nil {
		return nil, err
	}
	if !e.isScalar() {
		return nil, c.errorf(tree.Pos(), "objective must be a scalar, but %q is a %s", c.quote(tree), describeShape(e.rows, e.cols))
	}
	return e, nil
}

func (c *checker) errorf(pos token.Pos, format string, args ...any) error {
	line, col := c.at(pos)
	return fmt.Errorf("%s: %s at %d:%d", c.which, fmt.Sprintf(format, args...), line, col)
}

// at returns the line and column of pos, the column counted in
// characters (runes) as an editor shows it, not in bytes: go/token's
// columns are byte offsets, which put an error after a "π" or "α" one
// column to the right per extra byte. It scans the source up to pos, so
// it is for errors only (Diagnose computes its position when it reports).
func (c *checker) at(pos token.Pos) (line, col int) {
	return lineColumn(c.src, c.fset.Position(pos).Offset)
}

// lineColumn returns the 1-based line and character column of byte
// offset off in src; each invalid UTF-8 byte counts as one character.
func lineColumn(src string, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	before := src[:off]
	start := strings.LastIndexByte(before, '\n') + 1
	return strings.Count(before, "\n") + 1, utf8.RuneCountInString(before[start:]) + 1
}

// span returns the source range of n: recorded when n was checked, else
// go/ast's (which recurses into n's operands).
func (c *checker) span(n ast.Expr) (lo, hi token.Pos) {
	if s, ok := c.spans[n]; ok {
		return s[0], s[1]
	}
	return n.Pos(), n.End()
}

// record stores n's source range, built in constant time from its
// operands' recorded ranges.
func (c *checker) record(n ast.Expr) {
	var lo, hi token.Pos
	switch n := n.(type) {
	case *ast.BinaryExpr:
		lo, _ = c.span(n.X)
		_, hi = c.span(n.Y)
	case *ast.UnaryExpr:
		_, hi = c.span(n.X)
		lo = n.OpPos
	case *ast.IndexExpr:
		lo, _ = c.span(n.X)
		hi = n.Rbrack + 1
	default: // a leaf, or delimited by its own tokens: constant time
		lo, hi = n.Pos(), n.End()
	}
	c.spans[n] = [2]token.Pos{lo, hi}
}

// text returns the source of n.
func (c *checker) text(n ast.Expr) string {
	l, h := c.span(n)
	lo, hi := c.fset.Position(l).Offset, c.fset.Position(h).Offset
	if lo < 0 || hi > len(c.src) || lo > hi {
		return ""
	}
	return c.src[lo:hi]
}

// quote returns the source of n for an error message, cut to
// diagnoseChars characters: a formula of megabytes must not make an
// error of megabytes.
func (c *checker) quote(n ast.Expr) string { return clipSource(c.text(n)) }

// syntaxMessageChars bounds a go/parser message quoted in an error: it
// repeats the offending token, which may be a literal of any length.
const syntaxMessageChars = 2 * diagnoseChars

// clipMessage cuts a parser message to syntaxMessageChars characters.
func clipMessage(msg string) string {
	r := []rune(msg)
	if len(r) <= syntaxMessageChars {
		return msg
	}
	return string(r[:syntaxMessageChars]) + "…"
}

// lookalikes maps characters that resemble an operator or a space, as
// word processors and papers write them, to what a formula needs.
var lookalikes = map[rune]string{
	'\u2212': "-", '\u2013': "-", '\u2014': "-", '\u2010': "-", '\u2011': "-",
	'\u00d7': "*", '\u00b7': "*", '\u22c5': "*", '\u2217': "*", '\u2219': "*",
	'\u00f7': "/", '\u2215': "/", '\u2044': "/",
	'\u00b2': "pow(a, 2)", '\u00b3': "pow(a, 3)",
	'\u00a0': "a space", '\u2009': "a space", '\u202f': "a space", '\u2007': "a space", '\u3000': "a space",
	'\u2002': "a space", '\u2003': "a space", '\u2004': "a space", '\u2005': "a space", '\u2006': "a space",
	'\u2008': "a space", '\u200a': "a space",
}

// invisibleHint is the hint for a zero-width character (U+200B–U+200D,
// U+2060, U+FEFF, which Go's scanner calls a byte order mark): invisible
// in an editor, so the message must say it is there.
const invisibleHint = " (an invisible zero-width character: delete it)"

// syntaxHint returns an explanation to append to a parser message about
// the token at byte offset off of src: what to write for a lookalike
// character, that Go scans "--" and "++" as one (increment) token, not
// as two signs, that a newline ends the expression after an operand (at
// the top level, and inside parentheses, brackets or a call's arguments
// unless only blanks follow it: an unclosed parenthesis), that
// multiplication needs its operator (2x, x[0] y[0]), that a leading 0
// makes an octal literal (08) and that a matrix is indexed one index at a
// time (M[0, 1], which Go reads as a generic type's arguments).
func syntaxHint(msg, src string, off int) string {
	if strings.HasSuffix(msg, "found '--'") || strings.HasSuffix(msg, "found '++'") {
		return " (Go reads \"--\" and \"++\" as one token, not two signs: write -(-a) or a - (-b))"
	}
	if strings.HasSuffix(msg, "in octal literal") {
		return " (Go reads an integer with a leading 0 as octal: drop the leading zeros)"
	}
	if found, ok := strings.CutPrefix(msg, "expected 'EOF', found "); ok {
		off = min(max(off, 0), len(src))
		if strings.Contains(src[len(strings.TrimRight(src[:off], " \t\r\n")):off], "\n") {
			return " (a newline ends the formula after an operand: break a line after an operator)"
		}
		if r, _ := utf8.DecodeRuneInString(found); found == "'('" || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return " (an operator is missing: multiply with *, as in 2*x[0])"
		}
	}
	if strings.HasSuffix(msg, "found newline") || strings.HasSuffix(msg, "before newline in argument list") {
		// Inside parentheses, brackets or a call's arguments (the top level
		// is "expected 'EOF'" above). Not when only blanks follow: that is
		// an unclosed parenthesis at the end (a YAML block ends with "\n").
		if off >= 0 && off < len(src) && src[off] == '\n' && strings.TrimSpace(src[off:]) != "" {
			return " (a newline ends an operand, inside parentheses and brackets too: break a line after an operator or a comma)"
		}
	}
	if strings.HasPrefix(msg, "expected type") && inIndexList(src[:min(max(off, 0), len(src))]) {
		// Go parses M[0, 1] as a generic instantiation, whose arguments
		// must be types.
		return " (index one at a time: M[i][j], not M[i, j])"
	}
	var r rune
	if _, err := fmt.Sscanf(msg, "illegal character U+%X", &r); err == nil {
		switch s, ok := lookalikes[r]; {
		case ok:
			return fmt.Sprintf(" (write %s)", s)
		case r >= '\uff01' && r <= '\uff5e':
			// The full-width forms of ASCII (／, ＋, （) that CJK input
			// methods type: U+FF01–U+FF5E are '!'–'~' shifted.
			return fmt.Sprintf(" (a full-width character: write %c)", r-0xfee0)
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060':
			return invisibleHint
		}
	}
	if msg == "illegal byte order mark" {
		return invisibleHint
	}
	return ""
}

// octalIndex reports whether the scanner message msg about byte offset
// off of src is an invalid digit (8 or 9) in an integer with a leading 0
// that is written inside an index, x[08], x[ -(0_9) ], M[0][08], θ[09] or
// M[0, 08] (at any depth of parentheses, over lines), or the parser's
// refusal of an index list (M[0, 1], which Go reads as a generic type's
// arguments: "expected type, found …") that holds a valid one at its own
// level, M[0, 010], M[010, 1] (the parser stops at 1, the first index
// after the first), and returns the literal (the list's first), its byte
// offset, the indexed operand (M[0] in M[0][08]) and the indexing to
// write instead: the index with the leading zeros of its integers
// dropped, spaces as single spaces, and an index list M[0, 08] (or
// M[0, 08,]) written one index at a time, M[0][8], as formulas index a
// matrix. An integer that is not itself an index but an operand inside
// one (M[max(010, 1), 1], M[1+010, 1], x[1+08]) is not reported: ok is
// false, except for a valid legacy octal in an index list, returned with
// operand "" for the caller to name as a number.
func octalIndex(msg, src string, off int) (lit string, start int, operand, fixed string, ok bool) {
	_, typed := strings.CutPrefix(msg, "expected type, found ")
	if !strings.HasSuffix(msg, "in octal literal") && !typed || off < 0 || off > len(src) {
		return "", 0, "", "", false
	}
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' || b == '_' }
	start, end := off, off
	if !typed {
		for start > 0 && isDigit(src[start-1]) {
			start--
		}
		for end < len(src) && isDigit(src[end]) {
			end++
		}
		if start == end || src[start] != '0' {
			return "", 0, "", "", false
		}
	} else if !inIndexList(src[:off]) {
		return "", 0, "", "", false
	}
	// The bracket that opens the index: back over balanced brackets and
	// the index's own parentheses.
	open, depth := -1, 0
	for i := start - 1; i >= 0 && open < 0; i-- {
		switch src[i] {
		case ')', ']':
			depth++
		case '(':
			if depth > 0 {
				depth--
			}
		case '[':
			if depth == 0 {
				open = i
			} else {
				depth--
			}
		}
	}
	closing, depth := -1, 0
	for i := end; i < len(src) && closing < 0; i++ {
		switch src[i] {
		case '(', '[':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ']':
			if depth == 0 {
				closing = i
			} else {
				depth--
			}
		}
	}
	if open < 0 || closing < 0 {
		return "", 0, "", "", false
	}
	zeros := zeroLedInts(src[open+1 : closing])
	if typed {
		// The list's first integer with a leading 0 at its own level (one
		// within another index, M[x[01], 1], is that index's).
		start = -1
		for _, z := range zeros {
			if inner := src[open+1 : open+1+z[0]]; strings.Count(inner, "[") == strings.Count(inner, "]") {
				start, end = open+1+z[0], open+1+z[1]
				break
			}
		}
		if start < 0 {
			return "", 0, "", "", false
		}
	}
	name := operandStart(src, open)
	if name == open {
		return "", 0, "", "", false
	}
	if !wholeIndex(src[open+1:closing], start-open-1, end-open-1) {
		// An operand inside the index (M[max(010, 1), 1], x[1+08]) is no
		// index: the parser's octal hint, as elsewhere, or for a valid
		// legacy octal in a list, which the parser refuses first, the
		// literal (operand "").
		if !typed || strings.ContainsAny(src[start:end], "89") {
			return "", 0, "", "", false
		}
		return src[start:end], start, "", "", true
	}
	// The index with every leading 0 dropped: the fixed indexing must not
	// be refused in turn (M[010, 010]).
	var index strings.Builder
	from := open + 1
	for _, z := range zeros {
		digits := strings.TrimLeft(src[open+1+z[0]:open+1+z[1]], "0_")
		if digits == "" {
			digits = "0"
		}
		index.WriteString(src[from:open+1+z[0]] + digits)
		from = open + 1 + z[1]
	}
	index.WriteString(src[from:closing])
	// Spaces, tabs and line breaks as one space: the text is quoted on
	// one line.
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	operand = oneLine(src[name:open])
	var b strings.Builder
	b.WriteString(operand)
	for _, index := range splitTopLevel(index.String()) {
		// The empty text after a trailing comma (M[0, 08,]) is no index.
		if index = oneLine(index); index != "" {
			b.WriteString("[" + index + "]")
		}
	}
	return src[start:end], start, operand, b.String(), true
}

// wholeIndex reports whether the integer at bytes [from, to) of the
// index list s is a whole index of it, alone or in parentheses, with signs
// and blanks (M[-( 010 ), 1]), not an operand inside one (M[max(010, 1), 1],
// M[1+010, 1]).
func wholeIndex(s string, from, to int) bool {
	opened, closed := 0, 0
	for i := from - 1; i >= 0 && s[i] != ','; i-- {
		switch s[i] {
		case '(':
			opened++
		case '+', '-', ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	for i := to; i < len(s) && s[i] != ','; i++ {
		switch s[i] {
		case ')':
			closed++
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return opened == closed
}

// zeroLedInts returns the byte ranges in s of the integers written with a
// leading 0 (010, 0_7, 00, also an invalid 08; not 0, 0x10, 0o7 or 0.5),
// in order, as Go's scanner reads them.
func zeroLedInts(s string) [][2]int {
	var sc scanner.Scanner
	f := token.NewFileSet().AddFile("", -1, len(s))
	sc.Init(f, []byte(s), nil, 0)
	var out [][2]int
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.INT && len(lit) > 1 && lit[0] == '0' && strings.Trim(lit, "0123456789_") == "" {
			at := f.Offset(pos)
			out = append(out, [2]int{at, at + len(lit)})
		}
	}
}

// operandStart returns the byte offset at which the operand indexed by
// the bracket at offset open begins: back over balanced (…) and […]
// groups and a name (Unicode letters and digits), blanks allowed between
// them, so that the operand of the last bracket in M[0][08], (M[0])[08]
// and θ[08] is M[0], (M[0]) and θ. It returns open when there is none.
func operandStart(src string, open int) int {
	p := open
	for {
		q := len(strings.TrimRight(src[:p], " \t\r\n"))
		if q == 0 {
			return p
		}
		if c := src[q-1]; c == ']' || c == ')' {
			opening := map[byte]byte{']': '[', ')': '('}[c]
			depth := 0
			for q--; q >= 0; q-- {
				if src[q] == c {
					depth++
				} else if src[q] == opening {
					if depth--; depth == 0 {
						break
					}
				}
			}
			if q < 0 {
				return p
			}
			p = q
			continue
		}
		if !isIdentRuneBefore(src, q) {
			return p
		}
		for q > 0 && isIdentRuneBefore(src, q) {
			_, size := utf8.DecodeLastRuneInString(src[:q])
			q -= size
		}
		// A name starts the operand.
		return q
	}
}

// isIdentRuneBefore reports whether the rune that ends src[:p] can be
// part of an identifier (a letter, a digit or _).
func isIdentRuneBefore(src string, p int) bool {
	r, _ := utf8.DecodeLastRuneInString(src[:p])
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// splitTopLevel splits s at the commas outside any parentheses or
// brackets: "0, x[1, 2]" gives "0" and " x[1, 2]".
func splitTopLevel(s string) []string {
	var parts []string
	depth, from := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[from:i])
				from = i + 1
			}
		}
	}
	return append(parts, s[from:])
}

// inIndexList reports whether the end of src lies inside brackets that
// hold a comma at their own level, as after "M[0, " or "M[0, x[".
func inIndexList(src string) bool {
	type open struct {
		bracket, comma bool
	}
	var stack []open
	for _, r := range src {
		switch r {
		case '(', '[', '{':
			stack = append(stack, open{bracket: r == '['})
		case ')', ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 {
				stack[len(stack)-1].comma = true
			}
		}
	}
	for _, o := range stack {
		if o.bracket && o.comma {
			return true
		}
	}
	return false
}

func constExpr(t ad.Tensor) *expr {
	return &expr{kind: eConst, val: t, rows: t.Rows, cols: t.Cols}
}

// check validates n and returns its expression, with constant
// sub-expressions folded.
func (c *checker) check(n ast.Expr) (*expr, error) {
	e, err := c.check1(n)
	if err == nil {
		c.record(n)
	}
	if _, paren := n.(*ast.ParenExpr); err == nil && e.dep && !paren {
		// A parenthesised expression keeps the source of what it
		// encloses: Diagnose quotes sqrt(x[0]), not ((sqrt(x[0]))).
		lo, _ := c.span(n)
		e.src, e.off = c.text(n), c.fset.Position(lo).Offset
	}
	if err != nil || e.dep || e.kind == eConst {
		return e, err
	}
	// Fold a constant sub-expression into its value.
	t := ad.NewTape()
	v := e.emit(t, nil, nil).Value().Clone()
	for _, x := range v.Data {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			lo, _ := c.span(n)
			return nil, c.errorf(lo, "constant %q is not finite (%g)", c.quote(n), x)
		}
	}
	if underflows(e, v) {
		lo, _ := c.span(n)
		return nil, c.errorf(lo, "constant %q underflows to 0", c.quote(n))
	}
	folded := constExpr(v)
	folded.matrix = e.matrix
	return folded, nil
}

// keepsMatrix reports whether a result of shape rows×cols computed
// elementwise from args is a matrix (indexed by rows): when an argument
// that is one has the result's shape. A 1×n parameter written as rows
// stays a matrix through parentheses and elementwise operations, so that
// (2*M)[0] is a row as M[0] is; a reduction's scalar, or a 1×1 matrix
// broadcast over a vector, is not one.
func keepsMatrix(rows, cols int, args ...*expr) bool {
	for _, a := range args {
		if a.matrix && a.rows == rows && a.cols == cols {
			return true
		}
	}
	return false
}

// underflows reports whether v, the value of the constant expression e
// (whose arguments are folded constants), has an element that is 0 where
// the exact value is not: a product or quotient of non-zero numbers,
// exp, sigmoid or softplus (never 0), pow of a non-zero base, or norm2 of
// a vector with a non-zero element, each too small for float64. A
// literal such as 1e-400 is refused the same way (number).
func underflows(e *expr, v ad.Tensor) bool {
	at := func(a *expr, i int) float64 {
		if len(a.val.Data) == 1 {
			return a.val.Data[0]
		}
		return a.val.Data[i]
	}
	for i, x := range v.Data {
		if x != 0 {
			continue
		}
		switch {
		case e.kind == eBin && e.op == token.MUL:
			if at(e.args[0], i) != 0 && at(e.args[1], i) != 0 {
				return true
			}
		case e.kind == eBin && e.op == token.QUO:
			if at(e.args[0], i) != 0 {
				return true
			}
		case e.kind != eCall:
		case e.fn.name == "exp" || e.fn.name == "sigmoid" || e.fn.name == "softplus":
			return true
		case e.fn.name == "pow":
			if at(e.args[0], i) != 0 {
				return true
			}
		case e.fn.name == "norm2":
			return slices.ContainsFunc(e.args[0].val.Data, func(y float64) bool { return y != 0 })
		}
	}
	return false
}

func (c *checker) check1(n ast.Expr) (*expr, error) {
	switch n := n.(type) {
	case *ast.ParenExpr:
		return c.check(n.X)
	case *ast.Ident:
		return c.ident(n)
	case *ast.BasicLit:
		return c.number(n)
	case *ast.UnaryExpr:
		switch n.Op {
		case token.ADD:
			return c.check(n.X)
		case token.SUB:
			a, err := c.check(n.X)
			if err != nil {
				return nil, err
			}
			return &expr{kind: eNeg, args: []*expr{a}, rows: a.rows, cols: a.cols, dep: a.dep, matrix: a.matrix}, nil
		}
		return nil, c.errorf(n.OpPos, "unsupported operator %q in %q", n.Op.String(), c.quote(n))
	case *ast.BinaryExpr:
		switch n.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
		case token.XOR:
			return nil, c.errorf(n.OpPos, "unsupported operator \"^\" in %q (use pow(a, b))", c.quote(n))
		default:
			return nil, c.errorf(n.OpPos, "unsupported operator %q in %q", n.Op.String(), c.quote(n))
		}
		a, err := c.check(n.X)
		if err != nil {
			return nil, err
		}
		b, err := c.check(n.Y)
		if err != nil {
			return nil, err
		}
		r, cl, msg := broadcast(a, b)
		if msg != "" {
			return nil, c.errorf(n.OpPos, "shape mismatch in %q: %q is a %s, %q is a %s", n.Op.String(),
				c.quote(n.X), describeShape(a.rows, a.cols), c.quote(n.Y), describeShape(b.rows, b.cols))
		}
		if n.Op == token.QUO && a.dep && b.kind == eConst {
			if i := zeroAt(b.val); i >= 0 {
				return nil, c.errorf(n.OpPos, "division by zero: %q is 0%s", c.quote(n.Y), elementText(b, i))
			}
		}
		return &expr{kind: eBin, op: n.Op, args: []*expr{a, b}, rows: r, cols: cl, dep: a.dep || b.dep, matrix: keepsMatrix(r, cl, a, b)}, nil
	case *ast.CallExpr:
		return c.call(n)
	case *ast.IndexExpr:
		return c.index(n)
	case *ast.SelectorExpr:
		return nil, c.errorf(n.Pos(), "unsupported selector %q", c.quote(n))
	case *ast.IndexListExpr:
		return nil, c.errorf(n.Pos(), "unsupported multiple indices %q (index one at a time: M[i][j])", c.quote(n))
	case *ast.SliceExpr:
		return nil, c.errorf(n.Pos(), "unsupported slice %q", c.quote(n))
	case *ast.StarExpr:
		// Go reads a**b as a * (*b): name the power operator users meant.
		return nil, c.errorf(n.Pos(), "unsupported operator \"**\" or unary \"*\" in %q (use pow(a, b))", c.quote(n))
	}
	return nil, c.errorf(n.Pos(), "unsupported syntax %q", c.quote(n))
}

// number returns the value of a number literal. It refuses a literal
// that float64 cannot hold (1e400), a non-zero one that rounds to 0
// (1e-400) and an integer with a leading 0 (0100), which Go reads as
// octal (64) where a user means a hundred.
func (c *checker) number(n *ast.BasicLit) (*expr, error) {
	lit := clipSource(n.Value)
	if n.Kind != token.INT && n.Kind != token.FLOAT {
		return nil, c.errorf(n.Pos(), "unsupported literal %s", lit)
	}
	if err := c.refuseLegacyOctal(n); err != nil {
		return nil, err
	}
	v := constant.MakeFromLiteral(n.Value, n.Kind, 0)
	if v.Kind() == constant.Unknown {
		// go/constant gives up on an exponent beyond its range
		// (1e-99999999999999999999): the literal is 0, underflows or
		// overflows as its mantissa and the exponent's sign say.
		switch {
		case !nonzeroMantissa(n.Value):
			return constExpr(ad.Scalar(0)), nil
		case negativeExponent(n.Value):
			return nil, c.errorf(n.Pos(), "number %s underflows to 0", lit)
		}
		return nil, c.errorf(n.Pos(), "number %s is out of range", lit)
	}
	f, _ := constant.Float64Val(constant.ToFloat(v))
	switch {
	case math.IsInf(f, 0) || math.IsNaN(f):
		return nil, c.errorf(n.Pos(), "number %s is out of range", lit)
	case f == 0 && nonzeroMantissa(n.Value):
		return nil, c.errorf(n.Pos(), "number %s underflows to 0", lit)
	}
	return constExpr(ad.Scalar(f)), nil
}

// negativeExponent reports whether a float literal's exponent (after e,
// or p for a hexadecimal one) is negative.
func negativeExponent(lit string) bool {
	marks := "eE"
	if len(lit) > 1 && lit[0] == '0' && strings.ContainsAny(lit[1:2], "xX") {
		marks = "pP"
	}
	i := strings.IndexAny(lit, marks)
	return i >= 0 && strings.HasPrefix(lit[i+1:], "-")
}

// nonzeroMantissa reports whether a float or integer literal has a
// non-zero digit before its exponent: its value is then not 0, however
// far its exponent takes it below float64's range (go/constant itself
// rounds 1e-1000000000 to 0).
func nonzeroMantissa(lit string) bool {
	mantissa, digits := lit, "123456789"
	if len(lit) > 1 && lit[0] == '0' && strings.ContainsAny(lit[1:2], "xX") {
		mantissa, digits = lit[2:], "123456789abcdefABCDEF"
		if i := strings.IndexAny(mantissa, "pP"); i >= 0 {
			mantissa = mantissa[:i]
		}
	} else if i := strings.IndexAny(mantissa, "eE"); i >= 0 {
		mantissa = mantissa[:i]
	}
	return strings.ContainsAny(mantissa, digits)
}

// refuseLegacyOctal returns an error for an integer literal of more than
// one digit that starts with 0 and no base prefix (0x, 0o, 0b).
func (c *checker) refuseLegacyOctal(n *ast.BasicLit) error {
	s := n.Value
	digits, bad := legacyOctal(n)
	if !bad {
		return nil
	}
	return c.errorf(n.Pos(), "%s", legacyOctalMessage(s, digits))
}

// legacyOctalMessage is the error text for the legacy octal integer
// literal s (0100), digits its digits without the leading zeros (100).
func legacyOctalMessage(s, digits string) string {
	octal := constant.MakeFromLiteral(s, token.INT, 0).ExactString()
	return fmt.Sprintf("number %s starts with 0, which Go reads as octal (%s): write %s, or 0o%s for octal",
		clipSource(s), clipSource(octal), clipSource(digits), clipSource(digits))
}

// legacyOctal reports whether n is an integer literal of more than one
// digit that starts with 0 and has no base prefix (0x, 0o, 0b), and
// returns its digits without the leading zeros and separators (0 for
// 0_0).
func legacyOctal(n *ast.BasicLit) (digits string, bad bool) {
	s := n.Value
	if n.Kind != token.INT || len(s) < 2 || s[0] != '0' || strings.ContainsAny(s[1:2], "xXoObB") {
		return "", false
	}
	if digits = strings.TrimLeft(s, "0_"); digits == "" {
		digits = "0"
	}
	return digits, true
}

// zeroAt returns the index of t's first zero element, or −1. A divisor
// that is a constant 0 makes a quotient ±Inf or NaN at every point, which
// NewFormula refuses rather than leave to the first iteration of a run
// (a constant dividend is folded, and refused as not finite, instead).
func zeroAt(t ad.Tensor) int {
	for i, v := range t.Data {
		if v == 0 {
			return i
		}
	}
	return -1
}

// elementText names element i of a constant that is not a scalar, as
// " at [2]" or " at [1][0]", and is "" for a scalar.
func elementText(e *expr, i int) string {
	switch {
	case e.isScalar():
		return ""
	case e.rows == 1:
		return fmt.Sprintf(" at [%d]", i)
	}
	return fmt.Sprintf(" at [%d][%d]", i/e.cols, i%e.cols)
}

func (c *checker) ident(n *ast.Ident) (*expr, error) {
	switch n.Name {
	case "x":
		return &expr{kind: eX, rows: 1, cols: c.spec.Dims[0], dep: true}, nil
	case "y":
		return &expr{kind: eY, rows: 1, cols: c.spec.Dims[1], dep: true}, nil
	case "pi":
		return constExpr(ad.Scalar(math.Pi)), nil
	}
	if t, ok := c.spec.Params[n.Name]; ok {
		if c.used != nil {
			c.used[n.Name] = true
		}
		e := constExpr(t)
		e.matrix = slices.Contains(c.spec.Matrices, n.Name)
		return e, nil
	}
	if functions[n.Name] != nil {
		return nil, c.errorf(n.Pos(), "function %q used without arguments", n.Name)
	}
	if n.Name == "π" {
		return nil, c.errorf(n.Pos(), "unknown identifier %q (write pi)", n.Name)
	}
	names := append([]string{"x", "y", "pi"}, sortedKeys(c.spec.Params)...)
	return nil, didYouMean(c.errorf(n.Pos(), "unknown identifier %q", clipSource(n.Name)), n.Name, names)
}

// didYouMean adds to err, an unknown name's error, " (did you mean A or
// B?)" listing the names among declared that name differs from only in
// case ("C2" for "c2"; these alone when there are any) or else, both
// being at least two characters long, by one edit in case-folded form (a
// character changed, added or dropped: "gamma" for "gama"), at most
// three. A one-letter name gets only a case match (z is one edit from x
// and y, which says nothing). err is returned as it is when there is no
// such name. Only the error path pays.
func didYouMean(err error, name string, declared []string) error {
	var cased, near []string
	for _, d := range declared {
		if d == name {
			continue
		}
		a, b := strings.ToLower(name), strings.ToLower(d)
		switch {
		case a == b:
			cased = append(cased, d)
		case utf8.RuneCountInString(a) >= 2 && utf8.RuneCountInString(b) >= 2 && oneEdit(a, b):
			near = append(near, d)
		}
	}
	if len(cased) > 0 {
		near = cased // only the case differs: surely the one meant
	}
	if len(near) == 0 {
		return err
	}
	slices.Sort(near)
	if len(near) > 3 {
		near = near[:3]
	}
	return fmt.Errorf("%w (did you mean %s?)", err, strings.Join(near, " or "))
}

// otherMath holds well-known mathematical functions that formulas do not
// have and that are one edit from one they do (sinh from sin, atan from
// tan, sign from sin, norm from norm2, the sum of squares): guessing that
// one would, if followed, compute another function without a word.
var otherMath = map[string]bool{
	"sinh": true, "cosh": true, "asin": true, "acos": true, "atan": true,
	"atanh": true, "sinc": true, "sign": true, "norm": true, "log2": true,
	"logb": true, "exp2": true,
}

// oneEdit reports whether a and b differ by exactly one character
// changed, added or dropped (Levenshtein distance 1), in runes.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		// One change at i: the rest equal.
		return i < len(ra) && slices.Equal(ra[i+1:], rb[i+1:])
	}
	// One character of the longer dropped at i.
	return slices.Equal(ra[i+1:], rb[i:])
}

func (c *checker) call(n *ast.CallExpr) (*expr, error) {
	id, ok := n.Fun.(*ast.Ident)
	if !ok {
		return nil, c.errorf(n.Pos(), "unsupported call of %q (call a function by name, or multiply with *: 2*(x[0]))", c.quote(n.Fun))
	}
	fn := functions[id.Name]
	if fn == nil {
		if id.Name == "x" || id.Name == "y" || id.Name == "pi" || c.spec.Params[id.Name].Rows > 0 {
			return nil, c.errorf(id.Pos(), "%q is not a function", id.Name)
		}
		err := c.errorf(id.Pos(), "unknown function %q", clipSource(id.Name))
		if otherMath[strings.ToLower(id.Name)] {
			// sinh is not a misspelt sin: no guess.
			return nil, err
		}
		return nil, didYouMean(err, id.Name, sortedKeys(functions))
	}
	if n.Ellipsis.IsValid() {
		return nil, c.errorf(n.Ellipsis, "unsupported \"...\" in call of %q", id.Name)
	}
	if len(n.Args) != fn.arity {
		plural := "s"
		if fn.arity == 1 {
			plural = ""
		}
		return nil, c.errorf(id.Pos(), "%s takes %d argument%s, got %d", id.Name, fn.arity, plural, len(n.Args))
	}
	args := make([]*expr, len(n.Args))
	dep := false
	for i, a := range n.Args {
		e, err := c.check(a)
		if err != nil {
			return nil, err
		}
		args[i] = e
		dep = dep || e.dep
	}
	r, cl, msg := fn.shape(args)
	if msg != "" {
		var parts []string
		for i, a := range n.Args {
			parts = append(parts, fmt.Sprintf("%q is a %s", c.quote(a), describeShape(args[i].rows, args[i].cols)))
		}
		return nil, c.errorf(id.Pos(), "%s: %s (%s)", id.Name, msg, strings.Join(parts, ", "))
	}
	return &expr{kind: eCall, fn: fn, args: args, rows: r, cols: cl, dep: dep, matrix: fn.elementwise && keepsMatrix(r, cl, args...)}, nil
}

func (c *checker) index(n *ast.IndexExpr) (*expr, error) {
	a, err := c.check(n.X)
	if err != nil {
		return nil, err
	}
	v, exact, ok, err := c.constIndex(n.Index, n)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, c.errorf(n.Index.Pos(), "index %q of %q must be a constant integer", c.quote(n.Index), c.quote(n.X))
	}
	lit, name := c.quote(n.Index), c.quote(n.X)
	if a.rows == 1 && !a.matrix { // a vector (or a scalar, a 1-vector)
		if !exact || v < 0 || v >= int64(a.cols) {
			return nil, c.errorf(n.Index.Pos(), "index %s out of range for %q (length %d)", lit, name, a.cols)
		}
		return &expr{kind: eElem, args: []*expr{a}, idx: int(v), rows: 1, cols: 1, dep: a.dep}, nil
	}
	if !exact || v < 0 || v >= int64(a.rows) {
		return nil, c.errorf(n.Index.Pos(), "row index %s out of range for %q (%d rows)", lit, name, a.rows)
	}
	return &expr{kind: eRow, args: []*expr{a}, idx: int(v), rows: 1, cols: a.cols, dep: a.dep}, nil
}

// constIndex reads an index written as an integer literal, in
// parentheses or with a sign: x[1], x[(1)], x[+1] and x[-1] (whose value
// −1 is then out of range, as Go has no negative indices). ok is false
// for anything else; exact is false when the value does not fit an int64.
// An integer with a leading 0 (x[010], x[0_0]) is an error that names
// the index of the expression at and what to write.
func (c *checker) constIndex(n ast.Expr, at *ast.IndexExpr) (v int64, exact, ok bool, err error) {
	switch n := n.(type) {
	case *ast.ParenExpr:
		return c.constIndex(n.X, at)
	case *ast.UnaryExpr:
		if n.Op != token.ADD && n.Op != token.SUB {
			return 0, false, false, nil
		}
		v, exact, ok, err = c.constIndex(n.X, at)
		if n.Op == token.SUB {
			v = -v
		}
		return v, exact, ok, err
	case *ast.BasicLit:
		if n.Kind != token.INT {
			return 0, false, false, nil
		}
		if digits, bad := legacyOctal(n); bad {
			// Write the whole index again, the literal without its zeros.
			idx, lo := c.text(at.Index), c.fset.Position(n.Pos()).Offset-c.fset.Position(at.Index.Pos()).Offset
			fixed := idx[:lo] + digits + idx[lo+len(n.Value):]
			return 0, false, false, c.errorf(n.Pos(), "index %s of %q has a leading 0: write %s[%s]",
				clipSource(n.Value), c.quote(at.X), c.quote(at.X), clipSource(fixed))
		}
		v, exact = constant.Int64Val(constant.MakeFromLiteral(n.Value, n.Kind, 0))
		return v, exact, true, nil
	}
	return 0, false, false, nil
}

// Diagnoser is implemented by games that can name the part of an
// objective that is not finite at a point (Formula does): a run loop that
// meets a NaN or infinite objective appends its error to its own.
type Diagnoser interface {
	// Diagnose returns nil where both objectives are finite at (x, y),
	// else an error naming the objective and the sub-expression at fault.
	Diagnose(x, y []float64) error
}

// ObjectiveDiagnoser is implemented by games that can name the part of
// one given objective that is not finite at a point (Formula does): a
// run loop whose failing agent is known asks about that agent's
// objective only, so that the other's is not blamed.
type ObjectiveDiagnoser interface {
	// DiagnoseObjective returns nil where objective i (1 for f1, 2 for
	// f2) is finite at (x, y), else an error naming the sub-expression
	// at fault.
	DiagnoseObjective(i int, x, y []float64) error
}

var (
	_ Diagnoser          = (*Formula)(nil)
	_ ObjectiveDiagnoser = (*Formula)(nil)
)

// Diagnose evaluates f1 and f2 at (x, y) and returns nil when both are
// finite. Otherwise it returns an error naming the objective and its
// innermost sub-expression whose value is not finite although its
// arguments are, with the source position and the strategies (their
// first 6 entries, and the sub-expression's first 80 characters, when
// longer), as in
//
//	f1: log(x[0]) is NaN at 1:1 (x = [-1], y = [0])
//
// f1 is named when both are not finite. A run loop that meets a
// non-finite objective calls it to say which formula left its domain. It
// panics if x or y has the wrong length.
func (f *Formula) Diagnose(x, y []float64) error {
	if err := f.DiagnoseObjective(1, x, y); err != nil {
		return err
	}
	return f.DiagnoseObjective(2, x, y)
}

// DiagnoseObjective is Diagnose for objective i alone (1 for f1, 2 for
// f2): nil when it is finite at (x, y), else the error Diagnose gives
// for it, whatever the other objective's value. It panics if i is not 1
// or 2, or if x or y has the wrong length.
func (f *Formula) DiagnoseObjective(i int, x, y []float64) error {
	obj, src := f.objective("DiagnoseObjective", i, x, y)
	t := ad.NewTape()
	xn := t.Const(ad.NewTensor(1, len(x), append([]float64(nil), x...)))
	yn := t.Const(ad.NewTensor(1, len(y), append([]float64(nil), y...)))
	var bad *expr
	var val float64
	obj.emitVisit(t, xn, yn, func(e *expr, n *ad.Node) {
		// x and y are passed over so that x[0], not x, is named, unless
		// the objective is the strategy itself (f1 = x with one
		// dimension), which has no other sub-expression to name.
		if bad != nil || (e.kind == eX || e.kind == eY) && e != obj {
			return
		}
		for _, v := range n.Value().Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad, val = e, v
				return
			}
		}
	})
	if bad == nil {
		return nil
	}
	line, col := lineColumn(src, bad.off)
	return fmt.Errorf("f%d: %s is %g at %d:%d (x = %s, y = %s)", i, clipSource(bad.src), val, line, col, strategyText(x), strategyText(y))
}

// diagnoseShown bounds what Diagnose quotes: the first entries of each
// strategy and the first characters of the sub-expression, so that a
// game of thousands of coordinates or a long formula does not make a
// message (and the summary.json that records it) of tens of kilobytes.
const (
	diagnoseEntries = 6
	diagnoseChars   = 80
)

// strategyText formats v as %v does, "[-0.75 1]", up to diagnoseEntries
// entries; a longer v is cut there, "[1 2 3 4 5 6 … 2994 more]".
func strategyText(v []float64) string {
	if len(v) <= diagnoseEntries {
		return fmt.Sprint(v)
	}
	s := fmt.Sprint(v[:diagnoseEntries])
	return fmt.Sprintf("%s … %d more]", s[:len(s)-1], len(v)-diagnoseEntries)
}

// clipSource cuts a sub-expression's source text to diagnoseChars
// characters, marking the cut with "…".
func clipSource(src string) string {
	r := []rune(src)
	if len(r) <= diagnoseChars {
		return src
	}
	return string(r[:diagnoseChars]) + "…"
}

// DerivativeDiagnoser is implemented by games that can name the part of
// an objective whose derivatives are not finite at a point where its
// value is (Formula does): a run loop whose gradient or Hessian turns
// infinite or NaN there (sqrt(x[0]) at x[0] = 0) appends its error to
// its own.
type DerivativeDiagnoser interface {
	// DiagnoseDerivative returns nil where the gradient (order 1) or
	// the Hessian (order 2) of objective i (1 for f1, 2 for f2) in
	// (x, y) is finite at (x, y), and where the objective itself is not
	// finite (Diagnose names that); else an error naming the
	// sub-expression at fault.
	DiagnoseDerivative(i, order int, x, y []float64) error
}

var _ DerivativeDiagnoser = (*Formula)(nil)

// DiagnoseDerivative returns nil when objective i (1 for f1, 2 for f2)
// is not finite at (x, y), or when its gradient (order 1) or its Hessian
// (order 2) in (x, y) is finite there. Otherwise it returns an error
// naming the innermost sub-expression whose derivative (second
// derivative for order 2) with respect to its arguments is infinite or
// NaN although their values and its own are finite, with its position
// and the strategies as Diagnose gives them, as in
//
//	f1: sqrt(x[0]) has an infinite derivative at 1:1 (x = [0], y = [1])
//
// When no sub-expression has one (a product of large but finite
// derivatives overflows: exp(exp(x[0])) near its largest finite value),
// the error says that the objective's gradient or Hessian overflows. It
// panics if i is not 1 or 2, order not 1 or 2, or x or y has the wrong
// length.
func (f *Formula) DiagnoseDerivative(i, order int, x, y []float64) error {
	obj, src := f.objective("DiagnoseDerivative", i, x, y)
	if order != 1 && order != 2 {
		panic(fmt.Sprintf("game %s: DiagnoseDerivative(%d, %d): the orders are 1 and 2", f.spec.Name, i, order))
	}
	t := ad.NewTape()
	xn := t.Var(ad.NewTensor(1, len(x), append([]float64(nil), x...)))
	yn := t.Var(ad.NewTensor(1, len(y), append([]float64(nil), y...)))
	nodes := map[*expr]*ad.Node{}
	var post []*expr
	v := obj.emitVisit(t, xn, yn, func(e *expr, n *ad.Node) {
		nodes[e] = n
		post = append(post, e)
	})
	if !allFinite(v.Value().Data) {
		return nil
	}
	var total []*ad.Node
	if order == 1 {
		total = ad.Grad(v, xn, yn)
	} else {
		ones := func(n int) *ad.Node { return t.Const(ad.NewTensor(1, n, slices.Repeat([]float64{1}, n))) }
		total = ad.HVPMulti(v, []*ad.Node{xn, yn}, []*ad.Node{ones(len(x)), ones(len(y))})
	}
	if allFinite(total[0].Value().Data) && allFinite(total[1].Value().Data) {
		return nil
	}
	what := [3]string{1: "derivative", 2: "second derivative"}[order]
	for _, e := range post {
		if e.kind == eX || e.kind == eY || e.kind == eConst {
			continue
		}
		if d, ok := localDerivative(e, nodes, order); !ok {
			kind := "an infinite"
			if math.IsNaN(d) {
				kind = "a NaN"
			}
			line, col := lineColumn(src, e.off)
			return fmt.Errorf("f%d: %s has %s %s at %d:%d (x = %s, y = %s)", i, clipSource(e.src), kind, what, line, col, strategyText(x), strategyText(y))
		}
	}
	name := [3]string{1: "gradient", 2: "Hessian"}[order]
	return fmt.Errorf("f%d: its %s overflows at (x = %s, y = %s), though no sub-expression has an infinite %s", i, name, strategyText(x), strategyText(y), what)
}

// localDerivative differentiates the sum of e's elements (order times)
// with respect to its arguments that depend on x or y, at their values
// in nodes (the nodes recorded for each sub-expression), and reports
// whether every entry is finite, else the first that is not. It records
// e alone on a tape of its own, so that the cost is e's size, not the
// objective's. It reports true when an argument's value or e's own is
// not finite (Diagnose's case) or e has no such argument.
func localDerivative(e *expr, nodes map[*expr]*ad.Node, order int) (float64, bool) {
	if !allFinite(nodes[e].Value().Data) {
		return 0, true
	}
	t := ad.NewTape()
	local := *e
	local.args = slices.Clone(e.args)
	var vars []*ad.Node
	for i, a := range e.args {
		n := nodes[a]
		if !a.dep || n == nil {
			continue
		}
		if !allFinite(n.Value().Data) {
			return 0, true
		}
		v := t.Var(n.Value())
		local.args[i] = &expr{kind: eLeaf, node: v, rows: a.rows, cols: a.cols, dep: true, matrix: a.matrix}
		vars = append(vars, v)
	}
	if len(vars) == 0 {
		return 0, true
	}
	gs := slices.Clone(ad.Grad(ad.Sum(local.emitNode(t, nil, nil, nil)), vars...))
	if order == 2 {
		s := ad.Sum(gs[0])
		for _, g := range gs[1:] {
			s = ad.Add(s, ad.Sum(g))
		}
		gs = ad.Grad(s, vars...)
	}
	for _, g := range gs {
		for _, d := range g.Value().Data {
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return d, false
			}
		}
	}
	return 0, true
}

// allFinite reports whether every element of v is finite.
func allFinite(v []float64) bool {
	return !slices.ContainsFunc(v, func(d float64) bool { return math.IsNaN(d) || math.IsInf(d, 0) })
}

// objective returns objective i (1 for f1, 2 for f2) and its source for
// the diagnosis method, panicking if i is not 1 or 2 or x or y has the
// wrong length.
func (f *Formula) objective(method string, i int, x, y []float64) (*expr, string) {
	if len(x) != f.spec.Dims[0] || len(y) != f.spec.Dims[1] {
		panic(fmt.Sprintf("game %s: Diagnose with %d and %d strategies, need %d and %d",
			f.spec.Name, len(x), len(y), f.spec.Dims[0], f.spec.Dims[1]))
	}
	switch i {
	case 1:
		return f.f1, f.spec.F1
	case 2:
		return f.f2, f.spec.F2
	}
	panic(fmt.Sprintf("game %s: %s(%d): the objectives are 1 and 2", f.spec.Name, method, i))
}
