package natsq

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStoreUnderAFileNamesTheFlag55n: a JetStream store on a path through
// a regular file (stackel server --store afile/sub) is refused naming the
// store, the flag and the file; the error was MkdirAll's alone ("mkdir
// …/afile: not a directory"). The file itself as the store is named so
// too (the CLI refuses that one before, naming --store).
func TestStoreUnderAFileNamesTheFlag55n(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, store := range []string{filepath.Join(file, "sub"), filepath.Join(file, "sub", "deeper"), file} {
		srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
		if err == nil {
			srv.Shutdown()
			t.Errorf("store %s: started", store)
			continue
		}
		want := "JetStream store " + store + " (stackel server's --store, or .nats in a sweep's --out): " + file + " is a file, not a directory"
		if err.Error() != want {
			t.Errorf("store %s:\n%v\nwant\n%s", store, err, want)
		}
	}
}
