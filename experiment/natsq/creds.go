package natsq

import (
	"fmt"
	"io"
	"os"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// maxCredsSize bounds what checkCreds reads of a --creds file: a NATS
// credentials file (a user's JWT and its seed) is a few kilobytes.
const maxCredsSize = 64 << 10

// checkCreds refuses a --creds file that the client could not use, or
// could use only by giving away its seed, naming the file and the flag:
// one it cannot read; one that is not a regular file (a FIFO, a device
// such as /dev/zero, a directory: before, the read of a FIFO without a
// writer, or of /dev/zero, never ended, and with it the process); one
// larger than maxCredsSize; one without a user's nkey seed (a NATS
// credentials file holds a user's JWT and its seed, as nsc writes it);
// and one without a user JWT, or whose JWT is another user's than the
// seed's. Before, a file holding the seed alone passed, and the client
// sent the whole file, seed included, as its JWT when it connected,
// where the server's trace and advisories show it. No message holds any
// of the file's contents. Before, such files were refused in the
// client's terms once the server had been dialled ("connecting to NATS
// at URL: error signing nonce: unable to extract key pair from file …").
// What is read is wiped.
func checkCreds(path string) error {
	name := shellPath(path)
	if fi, err := os.Stat(path); err != nil {
		return fmt.Errorf("--creds %s: %w", name, err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("--creds %s: not a regular file (%s), which a NATS credentials file is", name, fileKind(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("--creds %s: %w", name, err)
	}
	defer f.Close()
	// Replaced by another kind of file since the Stat: checked again on
	// what was opened.
	if fi, err := f.Stat(); err != nil {
		return fmt.Errorf("--creds %s: %w", name, err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("--creds %s: not a regular file (%s), which a NATS credentials file is", name, fileKind(fi.Mode()))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxCredsSize+1))
	defer clear(b)
	if err != nil {
		return fmt.Errorf("--creds %s: %w", name, err)
	}
	if len(b) > maxCredsSize {
		return fmt.Errorf("--creds %s: larger than 64 KiB, which no NATS credentials file is", name)
	}
	kp, err := nkeys.ParseDecoratedUserNKey(b)
	if err != nil {
		return fmt.Errorf("--creds %s: not a NATS credentials file (a user's JWT and nkey seed, as nsc writes it): %w", name, err)
	}
	defer kp.Wipe()
	// ParseDecoratedJWT returns the whole file when it finds no JWT in
	// it: a seed alone is then no user's claims.
	j, err := nkeys.ParseDecoratedJWT(b)
	if err != nil {
		return fmt.Errorf("--creds %s: holds no user JWT (a NATS credentials file holds a user's JWT and nkey seed, as nsc writes it)", name)
	}
	claims, err := jwt.DecodeUserClaims(j)
	if err != nil {
		// err is not shown: it may quote what was taken for the JWT.
		return fmt.Errorf("--creds %s: holds no user JWT (a NATS credentials file holds a user's JWT and nkey seed, as nsc writes it)", name)
	}
	if pub, err := kp.PublicKey(); err != nil || claims.Subject != pub {
		return fmt.Errorf("--creds %s: its user JWT is not the seed's user (the JWT names user %s)", name, claims.Subject)
	}
	return nil
}

// fileKind names the kind of file of mode, one that is not regular.
func fileKind(mode os.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&os.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&os.ModeSocket != 0:
		return "a socket"
	case mode&os.ModeDevice != 0:
		return "a device"
	}
	return "mode " + mode.Type().String()
}
