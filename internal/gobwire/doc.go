// Package gobwire writes, streamed, the bytes encoding/gob writes for one
// struct value whose large fields (float64 slices, byte strings) would
// otherwise be encoded whole into gob's growing buffer before any byte
// is written: gob itself encodes the type definitions and the fields
// before the first large one (Split), and the large fields and the rest
// are written here, field by field, in gob's wire format (encoding/gob's
// documentation, "Encoding details"), from the caller's storage
// (StructWriter). The message's byte count, which gob writes first, is
// computed by a sizing pass over the same fields (Message.Encode). It
// depends on nothing of stackel's. It implements no paper equation.
package gobwire
