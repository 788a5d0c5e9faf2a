package ad

import "unsafe"

// A packed matrix product C = op(A)·op(B): the classic blocked scheme (pack a kc×nc block of op(B)
// into nr-column panels and an mc×kc block of op(A) into 4-row panels, then
// sweep a 4×nr register-tile micro-kernel over them; nr = 8 for float64 and
// 16 for float32, two AVX2 registers either way). The micro-kernels are
// AVX2/FMA assembly on amd64 CPUs that have them (gemm_amd64.s; with
// AVX-512F, kernels that take two panels at once in 512-bit registers)
// and kernGo elsewhere. The packing buffers live on the tape, so replays do
// not allocate. One generic implementation serves both element types.

const (
	gemmMR = 4   // rows of the micro-tile
	gemmNR = 8   // columns of the float64 micro-tile (16 for float32: nrOf)
	gemmKC = 256 // depth of a packed block
	gemmMC = 96  // rows of a packed A block
	gemmNC = 512 // columns of a packed B block

	// gemmDirectMaxN is the widest product whose A is read in place
	// rather than packed (measured: BenchmarkGemmSkinny).
	gemmDirectMaxN = 64
)

// nrOf is the width of the micro-tile for element type T: two AVX2
// registers of 4 doubles or 8 floats.
func nrOf[T float]() int {
	if is32[T]() {
		return 2 * gemmNR
	}
	return gemmNR
}

// gemmScratch holds the packing buffers.
type gemmScratch[T float] struct {
	a, b []T
	tile [6 * 2 * gemmNR]T // a partial tile of up to 6 rows
}

// gemm computes c (m×n, row stride ldc) = op(a)·op(b), inner dimension k,
// where op(a)[i,p] = a[p·lda+i] if ta else a[i·lda+p], and likewise for b.
// Every element of c is the sum over p in increasing order of
// op(a)[i,p]·op(b)[p,j] (fused multiply-adds in the assembly kernels), in
// blocks of gemmKC steps added to c in order, whatever m and n: a product
// split into blocks of rows or columns gives the same numbers.
func (s *gemmScratch[T]) gemm(ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	nr := nrOf[T]()
	kcMax, ncMax, mcMax := min(k, gemmKC), min(roundUp(n, nr), gemmNC), min(roundUp(m, gemmMR), gemmMC)
	if len(s.b) < kcMax*ncMax {
		s.b = make([]T, kcMax*ncMax)
	}
	// Panels of 6 rows then of 4 can take up to 3 rows of padding more
	// than panels of 4 alone.
	if len(s.a) < kcMax*(mcMax+4) {
		s.a = make([]T, kcMax*(mcMax+4))
	}
	// Skinny products (few columns, so each A value meets few B panels) read
	// A in place: packing it would cost as much as multiplying. So does
	// every product whose A is not transposed (rows read sequentially side
	// by side; measured with BenchmarkMatMul32: 100×256×256 85 → 91
	// GFLOP/s, with a transposed B 74 → 80; in float64 no gain with 4-row
	// tiles, and with the 6-row ones 159 → 147 µs, /tb 151 → 138, medians
	// of 4 alternated runs).
	direct := haveDirectA && (n <= gemmDirectMaxN || !ta)
	// Products go six rows at a time (kern6x16s, kern6x8d: 12
	// accumulators instead of 8, the FMA units never wait), the rows left
	// over four at a time.
	six := have6 && !(direct && ta)
	// Where the CPU has AVX-512, whole tiles go two panels at a time
	// (kernDirect6Pair for 6 rows, kernDirectPair for 4).
	wide := haveWide && useWide
	for jc := 0; jc < n; jc += gemmNC {
		nc := min(gemmNC, n-jc)
		for pc := 0; pc < k; pc += gemmKC {
			kc := min(gemmKC, k-pc)
			packB(s.b, tb, b, ldb, pc, kc, jc, nc)
			acc := 0
			if pc > 0 {
				acc = 1
			}
			for ic := 0; ic < m; ic += gemmMC {
				mc := min(gemmMC, m-ic)
				// Rows [0, six6) in tiles of 6, then tiles of 4; a last
				// tile of fewer than 4 rows is computed from a packed
				// panel (at the start of s.a when A is read in place).
				six6 := 0
				if six {
					six6 = mc / 6 * 6
				}
				if direct {
					if full := six6 + (mc-six6)/gemmMR*gemmMR; full < mc {
						packA(s.a, ta, a, lda, ic+full, mc-full, pc, kc)
					}
				} else {
					packA6(s.a, ta, a, lda, ic, six6, pc, kc)
					packA(s.a[six6*kc:], ta, a, lda, ic+six6, mc-six6, pc, kc)
				}
				blk := gemmBlock[T]{s: s, a: a, lda: lda, ta: ta, direct: direct, c: c, ldc: ldc,
					ic: ic, jc: jc, nc: nc, pc: pc, kc: kc, acc: acc}
				for jr := 0; jr < nc; {
					// Where the CPU has AVX-512, two whole panels at once:
					// their 6- and 4-row tiles in one kernel call each, a
					// last tile of fewer rows panel by panel (the same
					// bits).
					pair := wide && jr+2*nr <= nc
					for ir := 0; ir < mc; {
						mm := min(gemmMR, mc-ir)
						if ir < six6 {
							mm = 6
						}
						switch {
						case pair && mm == 6:
							blk.pairTile6(jr, ir)
						case pair && mm == gemmMR:
							blk.pairTile4(jr, ir)
						default:
							blk.panelTile(jr, ir, mm)
							if pair {
								blk.panelTile(jr+nr, ir, mm)
							}
						}
						ir += mm
					}
					jr += nr
					if pair {
						jr += nr
					}
				}
			}
		}
	}
}

// gemmBlock is one packed block of gemm's product as its tiles are
// computed: the operands, the block's place in the product (rows from ic,
// columns jc to jc+nc, steps pc to pc+kc), acc (add to c: every depth
// block after the first), and how op(A) is read (direct: in place, else
// from the panels packed in s.a; B always from the panels in s.b).
type gemmBlock[T float] struct {
	s          *gemmScratch[T]
	a          []T
	lda        int
	ta, direct bool
	c          []T
	ldc        int
	ic, jc, nc int
	pc, kc     int
	acc        int
}

// aTile returns where the tile of 6 or 4 whole rows at row ir of the block
// reads op(A): the first value, the stride from row to row and the stride
// from step to step. In place, op(A)'s rows are a's rows (a's columns when
// ta); packed, a panel holds the tile's rows side by side, step by step.
func (g *gemmBlock[T]) aTile(ir, mm int) (src []T, rs, ks int) {
	switch {
	case g.direct && g.ta:
		return g.a[g.pc*g.lda+g.ic+ir:], 1, g.lda
	case g.direct:
		return g.a[(g.ic+ir)*g.lda+g.pc:], g.lda, 1
	default:
		return g.s.a[ir*g.kc:], 1, mm
	}
}

// cTile returns c from the tile at row ir, column jr of the block.
func (g *gemmBlock[T]) cTile(jr, ir int) []T { return g.c[(g.ic+ir)*g.ldc+g.jc+jr:] }

// pairTile6 computes the 6-row tiles at row ir of the two adjacent
// panels from column jr in one call (AVX-512).
func (g *gemmBlock[T]) pairTile6(jr, ir int) {
	src, rs, ks := g.aTile(ir, 6)
	kernDirect6Pair(g.kc, src, rs, ks, g.s.b[jr*g.kc:], g.cTile(jr, ir), g.ldc, g.acc)
}

// pairTile4 is pairTile6 for 4-row tiles.
func (g *gemmBlock[T]) pairTile4(jr, ir int) {
	src, rs, ks := g.aTile(ir, gemmMR)
	kernDirectPair(g.kc, src, rs, ks, g.s.b[jr*g.kc:], g.cTile(jr, ir), g.ldc, g.acc)
}

// panelTile computes the mm rows (6, 4, or fewer in a last tile) of the
// tile at row ir, column jr of the block, from the packed panel of B at
// column jr. A partial tile (fewer than 4 rows, or fewer columns than the
// panel) is computed into the scratch tile and copied out; a last tile of
// fewer than 4 rows reads op(A) from a 4-row packed panel (at the start of
// s.a when A is read in place).
func (g *gemmBlock[T]) panelTile(jr, ir, mm int) {
	s, nr, kc := g.s, nrOf[T](), g.kc
	bp := s.b[jr*kc:]
	nn := min(nr, g.nc-jr)
	whole := mm >= gemmMR && nn == nr
	tile, ldt, tacc := g.cTile(jr, ir), g.ldc, g.acc
	if !whole {
		tile, ldt, tacc = s.tile[:], nr, 0
	}
	switch {
	case mm == 6:
		src, rs, ks := g.aTile(ir, mm)
		kernDirect6(kc, src, rs, ks, bp, tile, ldt, tacc)
	case mm == gemmMR && g.direct:
		src, rs, ks := g.aTile(ir, mm)
		kernDirect(kc, src, rs, ks, bp, tile, ldt, tacc)
	case g.direct:
		kern(kc, s.a, bp, tile, ldt, tacc)
	default:
		kern(kc, s.a[ir*kc:], bp, tile, ldt, tacc)
	}
	if !whole {
		out := g.cTile(jr, ir)
		for i := 0; i < mm; i++ {
			row := out[i*g.ldc : i*g.ldc+nn]
			t := s.tile[i*nr : i*nr+nn]
			if g.acc != 0 {
				addTo(row, t)
			} else {
				copy(row, t)
			}
		}
	}
}

// useWide turns the AVX-512 kernels off when false (they run wherever
// haveWide), so that tests and benchmarks can set them against the AVX2
// kernels on the same machine.
var useWide = true

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// transposeBlock is the side of the square blocks packB transposes in
// vector registers: 8 floats or 4 doubles, one AVX2 register per row.
func transposeBlock[T float]() int {
	if is32[T]() {
		return 8
	}
	return 4
}

// packB copies op(b)[pc:pc+kc, jc:jc+nc] into dst as ⌈nc/nr⌉ panels of
// kc×nr values (row-major within a panel), padding with zeros.
func packB[T float](dst []T, tb bool, b []T, ldb, pc, kc, jc, nc int) {
	nr := nrOf[T]()
	if !tb {
		// Walk op(b) = b row by row (sequential reads), dealing each row's
		// nr-column chunks out to the panels.
		full := nc / nr * nr
		if packBRows(dst, b, ldb, pc, kc, jc, full/16) {
			// Whole float32 panels packed in vector registers; only a
			// last panel of fewer than nr columns is left.
			if full < nc {
				for p := 0; p < kc; p++ {
					src := b[(pc+p)*ldb+jc+full : (pc+p)*ldb+jc+nc]
					d := dst[full*kc+p*nr : full*kc+p*nr+nr]
					copy(d, src)
					clear(d[nc-full:])
				}
			}
			return
		}
		for p := 0; p < kc; p++ {
			src := b[(pc+p)*ldb+jc : (pc+p)*ldb+jc+nc]
			if nr == 8 {
				for j0 := 0; j0 < full; j0 += 8 {
					s := src[j0 : j0+8 : j0+8]
					d := dst[j0*kc+p*8 : j0*kc+p*8+8 : j0*kc+p*8+8]
					d[0], d[1], d[2], d[3] = s[0], s[1], s[2], s[3]
					d[4], d[5], d[6], d[7] = s[4], s[5], s[6], s[7]
				}
			} else {
				for j0 := 0; j0 < full; j0 += 16 {
					*(*[16]T)(dst[j0*kc+p*16:]) = *(*[16]T)(src[j0:])
				}
			}
			if full < nc {
				d := dst[full*kc+p*nr : full*kc+p*nr+nr]
				copy(d, src[full:])
				clear(d[nc-full:])
			}
		}
		return
	}
	for j0 := 0; j0 < nc; j0 += nr {
		panel := dst[j0*kc : j0*kc+kc*nr]
		w := min(nr, nc-j0)
		// op(b)[p, j] = b[j·ldb + p]: panels of whole groups of tq
		// source rows are transposed tq×tq blocks at a time in vector
		// registers (packBT: 8×8 float32, 4×4 float64), the last kc mod
		// tq steps in Go.
		p0 := 0
		if tq := transposeBlock[T](); haveTranspose && w%tq == 0 && kc >= tq {
			p0 = kc / tq * tq
			packBT(panel, b[(jc+j0)*ldb+pc:], ldb, w, p0)
		}
		// Otherwise read each source row sequentially.
		for jj := 0; jj < w; jj++ {
			src := b[(jc+j0+jj)*ldb+pc+p0 : (jc+j0+jj)*ldb+pc+kc]
			for p, v := range src {
				panel[(p0+p)*nr+jj] = v
			}
		}
		if w < nr {
			for p := 0; p < kc; p++ {
				clear(panel[p*nr+w : p*nr+nr])
			}
		}
	}
}

// packA copies op(a)[ic:ic+mc, pc:pc+kc] into dst as ⌈mc/4⌉ panels of kc×4
// values (4 rows interleaved per step), padding with zeros.
func packA[T float](dst []T, ta bool, a []T, lda, ic, mc, pc, kc int) {
	for i0 := 0; i0 < mc; i0 += gemmMR {
		panel := dst[i0*kc : i0*kc+kc*gemmMR]
		h := min(gemmMR, mc-i0)
		if ta {
			// op(a)[i, p] = a[p·lda + i]: 4 consecutive values per step.
			for p := 0; p < kc; p++ {
				src := a[(pc+p)*lda+ic+i0:]
				d := panel[p*gemmMR : p*gemmMR+gemmMR : p*gemmMR+gemmMR]
				if h == gemmMR {
					s := src[:gemmMR:gemmMR]
					d[0], d[1], d[2], d[3] = s[0], s[1], s[2], s[3]
					continue
				}
				copy(d, src[:h])
				clear(d[h:])
			}
			continue
		}
		if h == gemmMR {
			r0 := a[(ic+i0)*lda+pc : (ic+i0)*lda+pc+kc]
			r1 := a[(ic+i0+1)*lda+pc : (ic+i0+1)*lda+pc+kc]
			r2 := a[(ic+i0+2)*lda+pc : (ic+i0+2)*lda+pc+kc]
			r3 := a[(ic+i0+3)*lda+pc : (ic+i0+3)*lda+pc+kc]
			for p := range r0 {
				d := panel[p*gemmMR : p*gemmMR+gemmMR : p*gemmMR+gemmMR]
				d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
			}
			continue
		}
		clear(panel)
		for ii := 0; ii < h; ii++ {
			src := a[(ic+i0+ii)*lda+pc : (ic+i0+ii)*lda+pc+kc]
			for p, v := range src {
				panel[p*gemmMR+ii] = v
			}
		}
	}
}

// packA6 copies op(a)[ic:ic+mc, pc:pc+kc], mc a multiple of 6, into dst as
// mc/6 panels of kc×6 values (6 rows interleaved per step), for the 6-row
// kernels.
func packA6[T float](dst []T, ta bool, a []T, lda, ic, mc, pc, kc int) {
	for i0 := 0; i0 < mc; i0 += 6 {
		panel := dst[i0*kc : i0*kc+kc*6]
		if ta {
			// op(a)[i, p] = a[p·lda + i]: 6 consecutive values per step.
			for p := 0; p < kc; p++ {
				s := a[(pc+p)*lda+ic+i0 : (pc+p)*lda+ic+i0+6 : (pc+p)*lda+ic+i0+6]
				d := panel[p*6 : p*6+6 : p*6+6]
				d[0], d[1], d[2], d[3], d[4], d[5] = s[0], s[1], s[2], s[3], s[4], s[5]
			}
			continue
		}
		for ii := 0; ii < 6; ii++ {
			src := a[(ic+i0+ii)*lda+pc : (ic+i0+ii)*lda+pc+kc]
			for p, v := range src {
				panel[p*6+ii] = v
			}
		}
	}
}

// kernGo sets (acc == 0) or adds to (acc ≠ 0) the 4×nr tile C[0:4, 0:nr]
// (row stride ldc) the product Σ_p a[4p:4p+4] ⊗ b[nr·p:nr·p+nr] of k
// packed steps, nr = nrOf[T](). It works in 2×4 sub-tiles so that the
// accumulators stay in registers; every element is summed over p in order
// and then added to C, as the assembly kernels do (which fuse each
// multiply-add).
func kernGo[T float](k int, a, b, c []T, ldc, acc int) {
	if !is32[T]() {
		kernGo64(k, *(*[]float64)(unsafe.Pointer(&a)), *(*[]float64)(unsafe.Pointer(&b)), *(*[]float64)(unsafe.Pointer(&c)), ldc, acc)
		return
	}
	nr := nrOf[T]()
	a, b = a[:4*k], b[:nr*k]
	for r := 0; r < 4; r += 2 {
		for q := 0; q < nr; q += 4 {
			var c00, c01, c02, c03, c10, c11, c12, c13 T
			for p := 0; p < k; p++ {
				ap := a[4*p+r : 4*p+r+2 : 4*p+r+2]
				bp := b[nr*p+q : nr*p+q+4 : nr*p+q+4]
				a0, a1 := ap[0], ap[1]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
			}
			r0 := c[r*ldc+q : r*ldc+q+4 : r*ldc+q+4]
			r1 := c[(r+1)*ldc+q : (r+1)*ldc+q+4 : (r+1)*ldc+q+4]
			if acc != 0 {
				c00 += r0[0]
				c01 += r0[1]
				c02 += r0[2]
				c03 += r0[3]
				c10 += r1[0]
				c11 += r1[1]
				c12 += r1[2]
				c13 += r1[3]
			}
			r0[0], r0[1], r0[2], r0[3] = c00, c01, c02, c03
			r1[0], r1[1], r1[2], r1[3] = c10, c11, c12, c13
		}
	}
}

// kernGo64 is kernGo for float64 (nr = 8): the same sums in the same
// order, so the same bits, faster. Each pair of rows goes in sub-tiles of
// 2×3, 2×3 and 2×2 (kernSub23, kernSub22: six accumulators at most; the
// compiler computes a step's products before adding them, and eight
// products next to eight accumulators do not fit in the 15 float
// registers of amd64 code, so the 2×4 sub-tiles of the generic loop
// spilled), and the panels are read at byte offsets from their start,
// with no bounds check in the loop (a and b are checked against k once,
// here).
func kernGo64(k int, a, b, c []float64, ldc, acc int) {
	for r := 0; r < 4; r += 2 {
		var c00, c01, c02, c03, c04, c05, c06, c07 float64
		var c10, c11, c12, c13, c14, c15, c16, c17 float64
		if k > 0 {
			a, b := a[:4*k], b[:8*k]
			pa := unsafe.Pointer(&a[r])
			c00, c01, c02, c10, c11, c12 = kernSub23(k, pa, unsafe.Pointer(&b[0]))
			c03, c04, c05, c13, c14, c15 = kernSub23(k, pa, unsafe.Pointer(&b[3]))
			c06, c07, c16, c17 = kernSub22(k, pa, unsafe.Pointer(&b[6]))
		}
		storeRow8(c[r*ldc:], acc, c00, c01, c02, c03, c04, c05, c06, c07)
		storeRow8(c[(r+1)*ldc:], acc, c10, c11, c12, c13, c14, c15, c16, c17)
	}
}

// storeRow8 sets (acc == 0) or adds to (acc ≠ 0) row[0:8] the sums s0…s7,
// each sum plus the old value as kernGo adds them.
func storeRow8(row []float64, acc int, s0, s1, s2, s3, s4, s5, s6, s7 float64) {
	row = row[:8:8]
	if acc != 0 {
		s0 += row[0]
		s1 += row[1]
		s2 += row[2]
		s3 += row[3]
		s4 += row[4]
		s5 += row[5]
		s6 += row[6]
		s7 += row[7]
	}
	row[0], row[1], row[2], row[3] = s0, s1, s2, s3
	row[4], row[5], row[6], row[7] = s4, s5, s6, s7
}

// kernSub23 returns the 2×3 sums Σ_p a[4p+i]·b[8p+j] (i < 2, j < 3, p < k,
// in increasing p) of the packed panels at pa and pb, the caller having
// checked that the panels hold k steps; the pointers are only ever offset
// into the panels. Two steps per iteration: the first step's sums then
// have a use in the block, so the compiler adds each product as it comes
// instead of holding them all.
func kernSub23(k int, pa, pb unsafe.Pointer) (c00, c01, c02, c10, c11, c12 float64) {
	// Byte offsets of step p: 32p into the A panel, 64p into B's.
	n := 32 * (k &^ 1)
	i, j := 0, 0
	for ; i < n; i, j = i+64, j+128 {
		x := (*[6]float64)(unsafe.Add(pa, i))
		y := (*[11]float64)(unsafe.Add(pb, j))
		c00 += x[0] * y[0]
		c01 += x[0] * y[1]
		c02 += x[0] * y[2]
		c10 += x[1] * y[0]
		c11 += x[1] * y[1]
		c12 += x[1] * y[2]
		c00 += x[4] * y[8]
		c01 += x[4] * y[9]
		c02 += x[4] * y[10]
		c10 += x[5] * y[8]
		c11 += x[5] * y[9]
		c12 += x[5] * y[10]
	}
	if k&1 != 0 {
		x := (*[2]float64)(unsafe.Add(pa, i))
		y := (*[3]float64)(unsafe.Add(pb, j))
		c00 += x[0] * y[0]
		c01 += x[0] * y[1]
		c02 += x[0] * y[2]
		c10 += x[1] * y[0]
		c11 += x[1] * y[1]
		c12 += x[1] * y[2]
	}
	return
}

// kernSub22 is kernSub23 for 2×2 sums.
func kernSub22(k int, pa, pb unsafe.Pointer) (c00, c01, c10, c11 float64) {
	n := 32 * (k &^ 1)
	i, j := 0, 0
	for ; i < n; i, j = i+64, j+128 {
		x := (*[6]float64)(unsafe.Add(pa, i))
		y := (*[10]float64)(unsafe.Add(pb, j))
		c00 += x[0] * y[0]
		c01 += x[0] * y[1]
		c10 += x[1] * y[0]
		c11 += x[1] * y[1]
		c00 += x[4] * y[8]
		c01 += x[4] * y[9]
		c10 += x[5] * y[8]
		c11 += x[5] * y[9]
	}
	if k&1 != 0 {
		x := (*[2]float64)(unsafe.Add(pa, i))
		y := (*[2]float64)(unsafe.Add(pb, j))
		c00 += x[0] * y[0]
		c01 += x[0] * y[1]
		c10 += x[1] * y[0]
		c11 += x[1] * y[1]
	}
	return
}
