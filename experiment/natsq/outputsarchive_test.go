package natsq

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// sparseTar is an archive of one entry, name, that a GNU sparse PAX header
// (format 0.1, no data blocks) declares size bytes long: a few blocks that
// archive/tar reads back as a regular file of size zero bytes. (tar.Writer
// drops GNU.sparse records, so the blocks are written here.)
func sparseTar(t *testing.T, name string, size int64) []byte {
	t.Helper()
	var recs bytes.Buffer
	for _, kv := range [][2]string{
		{"GNU.sparse.major", "0"}, {"GNU.sparse.minor", "1"},
		{"GNU.sparse.size", strconv.FormatInt(size, 10)},
		{"GNU.sparse.numblocks", "0"}, {"GNU.sparse.map", ""},
	} {
		recs.WriteString(paxRecord(kv[0], kv[1]))
	}
	var buf bytes.Buffer
	buf.Write(ustarBlock(t, "PaxHeaders/"+name, 'x', int64(recs.Len())))
	buf.Write(padBlock(recs.Bytes()))
	buf.Write(ustarBlock(t, name, '0', 0))
	buf.Write(make([]byte, 1024)) // the end of the archive
	return buf.Bytes()
}

// paxRecord is one PAX record, "<length> key=value\n", its length
// counting itself.
func paxRecord(k, v string) string {
	body := " " + k + "=" + v + "\n"
	n := len(body) + 1
	for len(strconv.Itoa(n))+len(body) != n {
		n++
	}
	return strconv.Itoa(n) + body
}

// padBlock pads b with zeros to a whole number of 512-byte blocks.
func padBlock(b []byte) []byte {
	if r := len(b) % 512; r != 0 {
		b = append(b, make([]byte, 512-r)...)
	}
	return b
}

// ustarBlock is a USTAR header block of an entry name of the given type and
// size.
func ustarBlock(t *testing.T, name string, typeflag byte, size int64) []byte {
	t.Helper()
	if len(name) > 100 {
		t.Fatalf("name %q: longer than a USTAR name", name)
	}
	b := make([]byte, 512)
	copy(b[0:], name)
	copy(b[100:], "0000644\x00")
	copy(b[108:], "0000000\x00")
	copy(b[116:], "0000000\x00")
	copy(b[124:], fmt.Sprintf("%011o\x00", size))
	copy(b[136:], "00000000000\x00")
	b[156] = typeflag
	copy(b[257:], "ustar\x0000")
	copy(b[148:], "        ")
	sum := 0
	for _, c := range b {
		sum += int(c)
	}
	copy(b[148:], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

// An outputs archive (anyone holding the server's credentials can store
// one: a hostile or broken worker) whose entry a sparse header declares
// 64 MiB long, in an archive of under 4 KiB, is refused by the download
// (no file of 64 MiB written, nothing left beside the job's directory):
// stackel's own archives hold every byte they unpack, and such an entry
// of a terabyte filled the collecting machine's memory and disk.
func TestOutputsArchiveSparseEntryRefused(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	j := smallJobs(t, "sparse")[0].Job
	const size = 64 << 20
	data := sparseTar(t, experiment.MetricsFile, size)
	if len(data) > 4096 {
		t.Fatalf("the sparse archive is %d bytes", len(data))
	}
	// archive/tar reads the entry as a regular file of size bytes.
	tr := tar.NewReader(bytes.NewReader(data))
	h, err := tr.Next()
	if err != nil || h.Typeflag != tar.TypeReg || h.Size != size {
		t.Fatalf("the crafted entry reads as %+v, %v", h, err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), data); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "runs", j.ID)
	err = c.FetchOutputs(ctx, j.ID, dir)
	want := `outputs of job ` + j.ID + ` into ` + dir + `: archive entry "metrics.csv": a sparse file (stackel writes none)` +
		`: the stored archive is unreadable and has been deleted (submitting the sweep again runs the job again)`
	if err == nil || err.Error() != want {
		t.Fatalf("FetchOutputs of a sparse archive: %v\nwant %s", err, want)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the job's directory after a refused download: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "runs", ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// A checkpoint archive with such an entry is refused by the worker that
// fetches it (untar is shared by both downloads).
func TestCheckpointArchiveSparseEntryRefused(t *testing.T) {
	dir := t.TempDir()
	err := untar(sparseTar(t, experiment.CheckpointFile, 64<<20), dir)
	want := `archive entry "checkpoint.gob": a sparse file (stackel writes none)`
	if err == nil || err.Error() != want {
		t.Fatalf("untar of a sparse entry: %v\nwant %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, experiment.CheckpointFile)); !os.IsNotExist(err) {
		t.Errorf("checkpoint.gob written: %v", err)
	}
}

// Entries that would leave the directory, or are not regular files, are
// refused by name, and nothing is written outside the directory.
func TestArchiveEntriesOutsideRefused(t *testing.T) {
	for _, tc := range []struct {
		name     string
		typeflag byte
		link     string
	}{
		{"../escape", tar.TypeReg, ""},
		{"a/../../escape", tar.TypeReg, ""},
		{"/tmp/escape", tar.TypeReg, ""},
		{"link", tar.TypeSymlink, "/etc/passwd"},
		{"hard", tar.TypeLink, "../escape"},
		{"sub", tar.TypeDir, ""},
		{"fifo", tar.TypeFifo, ""},
	} {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		body := []byte("x")
		h := &tar.Header{Name: tc.name, Mode: 0o644, Typeflag: tc.typeflag, Linkname: tc.link}
		if tc.typeflag == tar.TypeReg {
			h.Size = int64(len(body))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			tw.Write(body)
		}
		tw.Close()
		parent := t.TempDir()
		dir := filepath.Join(parent, "d")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		err := untar(buf.Bytes(), dir)
		want := `archive entry "` + tc.name + `": not a relative regular file`
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", tc.name, err, want)
		}
		ents, _ := os.ReadDir(parent)
		inside, _ := os.ReadDir(dir)
		if len(ents) != 1 || len(inside) != 0 {
			t.Errorf("%s: wrote %v beside, %v inside", tc.name, ents, inside)
		}
	}
}
