package replay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
)

// Buffer is a fixed-capacity ring buffer of transitions. The zero value is
// not usable; create one with New. A Buffer is not safe for concurrent use.
type Buffer struct {
	capacity, obsDim, actDim int

	// data holds rows of stride = 2·obsDim + actDim + 2 values, each laid
	// out as [obs | action | reward | next_obs | done], so that a sampled
	// transition is one contiguous run of memory. New allocates all
	// capacity rows; ReadFrom only the size rows it read, and Add extends
	// the storage as the buffer fills (see extend).
	data   []float64
	stride int
	// offsets within a row
	offAct, offRew, offNext, offDone int

	ptr   int    // row written by the next Add
	size  int    // number of stored transitions, ≤ capacity
	total uint64 // number of transitions ever added
}

// New returns an empty buffer holding up to capacity transitions with
// observations of obsDim and actions of actDim elements (1 for a discrete
// action index). It panics if capacity or a dimension is not positive, or
// if the storage, capacity·(2·obsDim + actDim + 2) values, would exceed
// 2³⁴ (2³¹−1 on a 32-bit platform; the bound ReadFrom and Grow enforce).
func New(capacity, obsDim, actDim int) *Buffer {
	if capacity <= 0 || obsDim <= 0 || actDim <= 0 {
		panic(fmt.Sprintf("replay: New(%d, %d, %d): capacity and dimensions must be positive", capacity, obsDim, actDim))
	}
	// The row length in uint64: in a 32-bit int, 2·obsDim + actDim + 2
	// wraps for dimensions near the largest int (New(10, 2³¹−1, 4) had
	// rows of 4 values).
	if obsDim > maxElements || actDim > maxElements || uint64(capacity) > maxElements/(2*uint64(obsDim)+uint64(actDim)+2) {
		panic(fmt.Sprintf("replay: New(%d, %d, %d): more than %d values of storage", capacity, obsDim, actDim, maxElements))
	}
	b := layout(capacity, obsDim, actDim)
	b.data = make([]float64, capacity*b.stride)
	return b
}

// layout returns an empty buffer with the given (checked) capacity and
// dimensions and no storage.
func layout(capacity, obsDim, actDim int) *Buffer {
	b := &Buffer{capacity: capacity, obsDim: obsDim, actDim: actDim}
	b.offAct = obsDim
	b.offRew = b.offAct + actDim
	b.offNext = b.offRew + 1
	b.offDone = b.offNext + obsDim
	b.stride = b.offDone + 1
	return b
}

// minExtend is the least number of values extend allocates.
const minExtend = 1 << 16

// extend enlarges the storage of a buffer that holds fewer than capacity
// rows (one loaded by ReadFrom, which allocates only the rows it read) so
// that it holds row ptr, at least doubling the rows held, up to capacity.
func (b *Buffer) extend() {
	rows := len(b.data) / b.stride
	n := min(b.capacity, max(2*rows, b.ptr+1, minExtend/b.stride))
	data := make([]float64, n*b.stride)
	copy(data, b.data)
	b.data = data
}

// row returns storage row i.
func (b *Buffer) row(i int) []float64 { return b.data[i*b.stride : (i+1)*b.stride] }

// Cap returns the capacity.
func (b *Buffer) Cap() int { return b.capacity }

// Len returns the number of stored transitions.
func (b *Buffer) Len() int { return b.size }

// Full reports whether the buffer holds Cap() transitions, so that the next
// Add overwrites the oldest one.
func (b *Buffer) Full() bool { return b.size == b.capacity }

// Total returns the number of transitions ever added, including overwritten
// ones.
func (b *Buffer) Total() uint64 { return b.total }

// ObsDim returns the observation dimension.
func (b *Buffer) ObsDim() int { return b.obsDim }

// ActDim returns the action dimension.
func (b *Buffer) ActDim() int { return b.actDim }

// Add stores a transition, copying its slices, and overwrites the oldest
// transition when the buffer is full. It panics if a slice has the wrong
// length. It allocates only on a buffer loaded by ReadFrom before it was
// full, whose storage it extends (doubling) as the buffer fills.
func (b *Buffer) Add(obs, action []float64, reward float64, nextObs []float64, done bool) {
	if len(obs) != b.obsDim || len(nextObs) != b.obsDim || len(action) != b.actDim {
		panic(fmt.Sprintf("replay: Add: lengths obs=%d action=%d next_obs=%d, want %d, %d, %d",
			len(obs), len(action), len(nextObs), b.obsDim, b.actDim, b.obsDim))
	}
	if (b.ptr+1)*b.stride > len(b.data) {
		b.extend()
	}
	row := b.row(b.ptr)
	copy(row, obs)
	copy(row[b.offAct:], action)
	row[b.offRew] = reward
	copy(row[b.offNext:], nextObs)
	row[b.offDone] = 0
	if done {
		row[b.offDone] = 1
	}
	b.ptr++
	if b.ptr == b.capacity {
		b.ptr = 0
	}
	if b.size < b.capacity {
		b.size++
	}
	b.total++
}

// Grow raises the capacity to capacity, keeping the stored transitions in
// their rows, so that the buffer is the one New(capacity, …) would hold
// after the same Adds. That is only so while nothing has been overwritten
// (Total() == Len()): a buffer that has wrapped is an error, since a larger
// one would have kept the transitions it dropped. A capacity not above the
// current one changes nothing.
func (b *Buffer) Grow(capacity int) error {
	if capacity <= b.capacity {
		return nil
	}
	if b.total != uint64(b.size) {
		return fmt.Errorf("replay: Grow(%d): the buffer of capacity %d has overwritten %d transitions that a larger one would hold", capacity, b.capacity, b.total-uint64(b.size))
	}
	if capacity > maxElements/b.stride {
		return fmt.Errorf("replay: Grow(%d): %d values per transition make more than %d values", capacity, b.stride, maxElements)
	}
	data := make([]float64, capacity*b.stride)
	copy(data, b.data[:b.size*b.stride])
	b.data, b.capacity, b.ptr = data, capacity, b.size
	return nil
}

// Reset empties the buffer without releasing its storage.
func (b *Buffer) Reset() {
	b.ptr, b.size, b.total = 0, 0, 0
}

// Transition is a view of one stored transition. Its slices alias the
// buffer's storage and are invalidated when the row is overwritten.
type Transition struct {
	// Obs is the observation the action was taken in (ObsDim values).
	Obs []float64
	// Action is the action taken (ActDim values; a discrete action's
	// index as one value).
	Action []float64
	// Reward is the reward of the step.
	Reward float64
	// NextObs is the observation the step led to (ObsDim values).
	NextObs []float64
	// Done is the done flag given to Add: true for a terminal transition,
	// whose target does not bootstrap from NextObs (the agents store
	// terminated, not truncated).
	Done bool
}

// At returns the i-th oldest stored transition, 0 ≤ i < Len(), without
// copying.
func (b *Buffer) At(i int) Transition {
	if i < 0 || i >= b.size {
		panic(fmt.Sprintf("replay: At(%d) with Len() = %d", i, b.size))
	}
	r := i
	if b.size == b.capacity {
		r = (b.ptr + i) % b.capacity
	}
	row := b.row(r)
	return Transition{
		Obs:     row[:b.offAct:b.offAct],
		Action:  row[b.offAct:b.offRew:b.offRew],
		Reward:  row[b.offRew],
		NextObs: row[b.offNext:b.offDone:b.offDone],
		Done:    row[b.offDone] != 0,
	}
}

// Batch holds a sampled mini-batch in flat row-major arrays: row k of Obs is
// Obs[k*ObsDim:(k+1)*ObsDim], and likewise for Act and NextObs. Rew and Done
// have one entry per row; Done is 1 for terminal transitions and 0 otherwise.
// Idx records the storage rows that were sampled.
type Batch struct {
	// Size is the number of rows (transitions); Sample fills all of them.
	Size int
	// ObsDim is the row width of Obs and NextObs.
	ObsDim int
	// ActDim is the row width of Act (1 for a discrete action index).
	ActDim int

	// Obs holds the Size×ObsDim observations.
	Obs []float64
	// Act holds the Size×ActDim actions.
	Act []float64
	// Rew holds the Size rewards.
	Rew []float64
	// NextObs holds the Size×ObsDim next observations.
	NextObs []float64
	// Done holds the Size done flags as 1 or 0, ready for the targets'
	// arithmetic.
	Done []float64
	// Idx holds the Size storage rows sampled, each in [0, Len()); a
	// storage row is not At's index once the buffer has wrapped.
	Idx []int
}

// NewBatch allocates a batch of size rows for the given dimensions.
func NewBatch(size, obsDim, actDim int) *Batch {
	if size <= 0 || obsDim <= 0 || actDim <= 0 {
		panic(fmt.Sprintf("replay: NewBatch(%d, %d, %d): size and dimensions must be positive", size, obsDim, actDim))
	}
	return &Batch{
		Size:    size,
		ObsDim:  obsDim,
		ActDim:  actDim,
		Obs:     make([]float64, size*obsDim),
		Act:     make([]float64, size*actDim),
		Rew:     make([]float64, size),
		NextObs: make([]float64, size*obsDim),
		Done:    make([]float64, size),
		Idx:     make([]int, size),
	}
}

// NewBatch allocates a batch of size rows matching the buffer's dimensions.
func (b *Buffer) NewBatch(size int) *Batch { return NewBatch(size, b.obsDim, b.actDim) }

// Sample fills batch with batch.Size transitions drawn uniformly with
// replacement from the stored ones, using rng. It does not allocate. It
// panics if the buffer is empty or the batch dimensions do not match.
func (b *Buffer) Sample(rng *rand.Rand, batch *Batch) {
	if b.size == 0 {
		panic("replay: Sample from an empty buffer")
	}
	if batch.ObsDim != b.obsDim || batch.ActDim != b.actDim ||
		len(batch.Obs) != batch.Size*b.obsDim || len(batch.NextObs) != batch.Size*b.obsDim ||
		len(batch.Act) != batch.Size*b.actDim || len(batch.Rew) != batch.Size ||
		len(batch.Done) != batch.Size || len(batch.Idx) != batch.Size {
		panic(fmt.Sprintf("replay: Sample: batch does not match buffer dimensions obs=%d act=%d", b.obsDim, b.actDim))
	}
	// Draw all indices first, then gather: the gathers are independent, so
	// their cache misses overlap.
	for k := range batch.Idx {
		batch.Idx[k] = rng.IntN(b.size)
	}
	od, ad := b.obsDim, b.actDim
	for k, i := range batch.Idx {
		row := b.data[i*b.stride : (i+1)*b.stride]
		copy(batch.Obs[k*od:(k+1)*od], row[:od])
		copy(batch.Act[k*ad:(k+1)*ad], row[b.offAct:b.offRew])
		batch.Rew[k] = row[b.offRew]
		copy(batch.NextObs[k*od:(k+1)*od], row[b.offNext:b.offDone])
		batch.Done[k] = row[b.offDone]
	}
}

// Serialization format (all integers and floats little-endian):
//
//	magic    [8]byte "STKRPLY\x00"
//	version  uint32 (1)
//	capacity, obsDim, actDim, ptr, size, total  uint64
//	hcrc     uint32 CRC-32 (IEEE) of the header fields above, checked before
//	         any storage is allocated
//	rows     size·(2·obsDim+actDim+2) float64, storage rows 0..size−1,
//	         each [obs | action | reward | next_obs | done]
//	crc      uint32 CRC-32 (IEEE) of everything above
//
// Only rows 0..size−1 are written: while the buffer is not full these are
// exactly the stored rows, and when it is full size = capacity.
var magic = [8]byte{'S', 'T', 'K', 'R', 'P', 'L', 'Y', 0}

const formatVersion = 1

// maxElements bounds a buffer's storage, in values (2³⁴ float64s, 128
// GiB), so that capacity × stride cannot overflow and a header damaged at
// random (its CRC then fails first) or nonsensical is refused. ReadFrom
// allocates row storage as it reads, never for more than the larger of
// twice the values read and one chunk, so a header written on purpose
// with a valid CRC that claims a huge capacity or size costs memory only
// in proportion to the data that follows it; the storage for the rest of
// the capacity is allocated as Add fills it. On a 32-bit platform the
// bound is the largest int, 2³¹−1, so that the storage's length is an int.
const maxElements = min(1<<34, math.MaxInt)

// chunk is the number of float64s encoded or decoded per I/O call.
const chunk = 8192

// WriteTo writes the buffer's state to w in the format described above. It
// implements io.WriterTo.
func (b *Buffer) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w, crc: crc32.NewIEEE()}
	var hdr [headerLen]byte
	copy(hdr[:8], magic[:])
	binary.LittleEndian.PutUint32(hdr[8:], formatVersion)
	for k, v := range [6]uint64{uint64(b.capacity), uint64(b.obsDim), uint64(b.actDim), uint64(b.ptr), uint64(b.size), b.total} {
		binary.LittleEndian.PutUint64(hdr[12+8*k:], v)
	}
	binary.LittleEndian.PutUint32(hdr[headerLen-4:], crc32.ChecksumIEEE(hdr[:headerLen-4]))
	if _, err := cw.Write(hdr[:]); err != nil {
		return cw.n, err
	}
	scratch := make([]byte, 8*chunk)
	for arr := b.data[:b.size*b.stride]; len(arr) > 0; {
		m := min(len(arr), chunk)
		for j, x := range arr[:m] {
			binary.LittleEndian.PutUint64(scratch[8*j:], math.Float64bits(x))
		}
		if _, err := cw.Write(scratch[:8*m]); err != nil {
			return cw.n, err
		}
		arr = arr[m:]
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], cw.crc.Sum32())
	_, err := cw.Write(sum[:])
	return cw.n, err
}

const headerLen = 8 + 4 + 6*8 + 4

// BinarySize returns the number of bytes WriteTo writes (and MarshalBinary
// returns) for the buffer as it is: the header, Len() rows of
// 2·ObsDim()+ActDim()+2 values, and the checksum. A writer of a stream
// that holds the buffer (a checkpoint) frames it with this length before
// WriteTo streams it, with no copy of its bytes.
func (b *Buffer) BinarySize() int64 {
	return binarySize(int64(b.size), int64(b.stride))
}

// FullBinarySize returns the BinarySize of a buffer of capacity rows of
// an obsDim-dimensional observation and an actDim-dimensional action once
// it is full: the most bytes its WriteTo ever writes. It allocates
// nothing, so a capacity too large to store can be refused before New.
func FullBinarySize(capacity, obsDim, actDim int) int64 {
	return binarySize(int64(capacity), 2*int64(obsDim)+int64(actDim)+2)
}

// binarySize is the header, rows rows of stride values, and the checksum.
func binarySize(rows, stride int64) int64 { return headerLen + 8*rows*stride + 4 }

type countWriter struct {
	w   io.Writer
	crc hash.Hash32
	n   int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.crc.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// ErrFormat is returned (wrapped) when reading data that is not a valid
// serialized buffer.
var ErrFormat = errors.New("replay: invalid buffer data")

// ReadFrom replaces the buffer's state, including its capacity and
// dimensions, with one written by WriteTo. The data is read into new storage
// and committed only after the checksum has been verified, so on error the
// buffer is left unchanged; an empty buffer (Len() and Total() 0) of the
// capacity and dimensions the data records, as New returns it, is read
// into its own storage instead, with no second copy of the rows (on error
// it is still empty, whatever its storage then holds), allocating no
// storage.
// It implements io.ReaderFrom and reads exactly the
// bytes WriteTo wrote, so a buffer may be followed by other data in a stream.
// ReadFrom may be called on a zero Buffer. It allocates storage for the rows
// it reads only, in proportion to the bytes read, whatever capacity or size
// the header claims (at once when r has a Len method, as a bytes.Reader
// has, that counts them all; otherwise as they are read, by doubling); Add
// allocates the rest of the capacity as it is used.
func (b *Buffer) ReadFrom(r io.Reader) (int64, error) {
	var nread int64
	crc := crc32.NewIEEE()
	readFull := func(p []byte) error {
		n, err := io.ReadFull(r, p)
		nread += int64(n)
		crc.Write(p[:n])
		return err
	}

	var hdr [headerLen]byte
	if err := readFull(hdr[:]); err != nil {
		return nread, fmt.Errorf("%w: reading header: %v", ErrFormat, err)
	}
	if !bytes.Equal(hdr[:8], magic[:]) {
		return nread, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != formatVersion {
		return nread, fmt.Errorf("%w: unsupported version %d", ErrFormat, v)
	}
	if binary.LittleEndian.Uint32(hdr[headerLen-4:]) != crc32.ChecksumIEEE(hdr[:headerLen-4]) {
		return nread, fmt.Errorf("%w: header checksum mismatch", ErrFormat)
	}
	var h [6]uint64
	for k := range h {
		h[k] = binary.LittleEndian.Uint64(hdr[12+8*k:])
	}
	capacity, obsDim, actDim, ptr, size, total := h[0], h[1], h[2], h[3], h[4], h[5]
	// A buffer written on a 64-bit platform may be larger than a 32-bit
	// one holds (maxElements is then the largest int): say so rather than
	// call its header inconsistent.
	if maxElements < 1<<34 && capacity > 0 && obsDim <= 1<<34 && actDim <= 1<<34 &&
		capacity <= (1<<34)/(2*obsDim+actDim+2) && capacity > maxElements/(2*obsDim+actDim+2) {
		return nread, fmt.Errorf("%w: capacity=%d obs=%d act=%d make %d values, more than the %d a buffer holds on a 32-bit platform",
			ErrFormat, capacity, obsDim, actDim, capacity*(2*obsDim+actDim+2), maxElements)
	}
	// A buffer that is not full has never wrapped: Add, Reset and Grow
	// keep ptr = size = total until size reaches capacity, and ptr =
	// total mod capacity always (Grow only before a wrap), so a full
	// buffer's oldest row, ptr, follows from total.
	if capacity == 0 || obsDim == 0 || actDim == 0 ||
		capacity > maxElements || obsDim > maxElements || actDim > maxElements ||
		capacity > maxElements/(2*obsDim+actDim+2) ||
		size > capacity || ptr >= capacity || (size < capacity && (ptr != size || total != size)) || total < size ||
		ptr != total%capacity {
		return nread, fmt.Errorf("%w: inconsistent header capacity=%d obs=%d act=%d ptr=%d size=%d total=%d",
			ErrFormat, capacity, obsDim, actDim, ptr, size, total)
	}

	nb := layout(int(capacity), int(obsDim), int(actDim))
	n := int(size)
	// An empty buffer of the header's capacity and dimensions whose
	// storage holds the rows (one New made, as a checkpoint's load makes
	// it) is read into that storage, which then holds the buffer's rows
	// with no second copy of them: it holds no transition, so that the
	// rows an error leaves half written are none of its state.
	reuse := b.size == 0 && b.total == 0 && b.capacity == nb.capacity && b.obsDim == nb.obsDim &&
		b.actDim == nb.actDim && len(b.data) >= n*nb.stride
	if reuse {
		nb.data = b.data[:0]
	}
	// The storage grows with the rows actually read, so that a header
	// claiming more rows than the data holds costs no more memory than
	// the data. A reader that tells how many bytes it holds (a
	// bytes.Reader, as UnmarshalBinary and so a checkpoint uses) and
	// holds them all gets the storage at once: growing it by doubling
	// allocated twice the storage, the old and the new at once.
	if lr, ok := r.(interface{ Len() int }); !reuse && ok && uint64(lr.Len()) >= 8*uint64(n)*uint64(nb.stride)+4 {
		nb.data = make([]float64, 0, n*nb.stride)
	}
	scratch := make([]byte, 8*chunk)
	for left := n * nb.stride; left > 0; {
		m := min(left, chunk)
		if err := readFull(scratch[:8*m]); err != nil {
			return nread, fmt.Errorf("%w: reading data: %v", ErrFormat, err)
		}
		k := len(nb.data)
		if k+m > cap(nb.data) {
			// Double, but never beyond the rows the header declares.
			grown := make([]float64, k, min(max(2*cap(nb.data), k+m), n*nb.stride))
			copy(grown, nb.data)
			nb.data = grown
		}
		nb.data = nb.data[:k+m]
		for j, arr := 0, nb.data[k:]; j < m; j++ {
			arr[j] = math.Float64frombits(binary.LittleEndian.Uint64(scratch[8*j:]))
		}
		left -= m
	}
	want := crc.Sum32()
	var sum [4]byte
	if err := readFull(sum[:]); err != nil {
		return nread, fmt.Errorf("%w: reading checksum: %v", ErrFormat, err)
	}
	if got := binary.LittleEndian.Uint32(sum[:]); got != want {
		return nread, fmt.Errorf("%w: checksum mismatch (stored %08x, computed %08x)", ErrFormat, got, want)
	}
	for i := 0; i < n; i++ {
		if d := nb.row(i)[nb.offDone]; d != 0 && d != 1 {
			return nread, fmt.Errorf("%w: done flag %v at row %d", ErrFormat, d, i)
		}
	}
	if reuse {
		nb.data = b.data // all of New's rows: Add need not extend them
	}
	nb.ptr, nb.size, nb.total = int(ptr), n, total
	*b = *nb
	return nread, nil
}

// Load reads a buffer written by WriteTo.
func Load(r io.Reader) (*Buffer, error) {
	b := new(Buffer)
	if _, err := b.ReadFrom(r); err != nil {
		return nil, err
	}
	return b, nil
}

// MarshalBinary implements encoding.BinaryMarshaler (and so gob encoding)
// using the WriteTo format.
func (b *Buffer) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(b.BinarySize()))
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler using the ReadFrom
// format. Trailing bytes are an error. On error the buffer is left
// unchanged.
func (b *Buffer) UnmarshalBinary(data []byte) error {
	r := bytes.NewReader(data)
	var nb Buffer
	if _, err := nb.ReadFrom(r); err != nil {
		return err
	}
	if r.Len() != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrFormat, r.Len())
	}
	*b = nb
	return nil
}
