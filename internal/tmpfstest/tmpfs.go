package tmpfstest

import (
	"os/exec"
	"testing"
)

// Mount mounts a tmpfs of size (mount's size option: "4k", "1m") on a
// directory of t's and returns it, unmounted when t ends. Where no tmpfs
// can be mounted (not root) it skips t, saying why.
func Mount(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// Resize gives the tmpfs at dir, from Mount, the new size: more room for
// a test that freed its disk and goes on.
func Resize(t testing.TB, dir, size string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,size="+size, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s at %s: %v: %s", dir, size, err, out)
	}
}
