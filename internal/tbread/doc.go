// Package tbread decodes TensorBoard event files for tests. It is written
// independently of package tblog's writer — its own TFRecord framing,
// CRC-32C (a bitwise Castagnoli loop, not hash/crc32) and protocol-buffer
// wire decoding (no protowire) — so that a test comparing what tblog wrote
// with what tbread reads checks the format, not the writer against itself.
package tbread
