package tblog_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/tblog"
)

// Example logs two metrics at two steps and counts the records of the
// file: the file version and one event per scalar.
func Example() {
	dir, err := os.MkdirTemp("", "tblog-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	w, err := tblog.Create(filepath.Join(dir, "tb"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for step := int64(0); step < 2; step++ {
		if err := w.Scalars(step, []string{"avg_return", "loss"}, []float64{-160.25, 0.5}); err != nil {
			fmt.Println(err)
		}
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	files, _ := tblog.Files(filepath.Join(dir, "tb"))
	n, err := tblog.Records(files[0])
	fmt.Println(len(files), "file,", n, "records,", err)
	// Output: 1 file, 5 records, <nil>
}
