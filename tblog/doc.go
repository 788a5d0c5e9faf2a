// Package tblog writes TensorBoard event files: the scalar logs that
// `tensorboard --logdir DIR` reads, and the convention of CleanRL,
// Stable-Baselines3 and Tianshou for viewing runs side by side.
//
// A file DIR/events.out.tfevents.<unix seconds>.<host> is a sequence of
// TFRecords (TensorFlow's record framing):
//
//	uint64 length (little endian)
//	uint32 masked CRC-32C of the 8 length bytes
//	length bytes of data
//	uint32 masked CRC-32C of the data
//
// where the mask is ((crc >> 15) | (crc << 17)) + 0xa282ead8 and CRC-32C is
// the Castagnoli polynomial (hash/crc32). Each record's data is a serialised
// tensorflow.Event protocol-buffer message: the first carries the file
// version "brain.Event:2", every further one a wall time, a step and a
// Summary with one scalar Summary.Value (tag, simple_value), or, written
// by Writer.SessionStart, a SessionLog of status START (TensorBoard's mark
// of a restarted run, whose earlier values at later steps it drops). The
// messages are encoded with google.golang.org/protobuf's protowire, field
// numbers as in TensorFlow's event.proto and summary.proto.
//
// tblog implements no paper equation; it is a run log.
package tblog
