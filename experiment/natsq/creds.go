package natsq

import (
	"fmt"
	"io"
	"os"
	"time"

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
// one without a user JWT, or whose JWT is another user's than the
// seed's (naming that user only when the JWT's subject is a user's
// public key); and one whose user JWT has expired or is not yet valid
// ("its user JWT expired on 2026-01-02 15:04 UTC", which the server
// refused with no reason given). Before, a file holding the seed alone passed, and the client
// sent the whole file, seed included, as its JWT when it connected,
// where the server's trace and advisories show it. No message holds any
// of the file's contents. Before, such files were refused in the
// client's terms once the server had been dialled ("connecting to NATS
// at URL: error signing nonce: unable to extract key pair from file …").
// What is read, into one buffer sized from the file's Stat, is wiped.
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
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("--creds %s: %w", name, err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("--creds %s: not a regular file (%s), which a NATS credentials file is", name, fileKind(fi.Mode()))
	}
	if fi.Size() > maxCredsSize {
		return fmt.Errorf("--creds %s: larger than 64 KiB, which no NATS credentials file is", name)
	}
	// One buffer, sized from the Stat, holds all that is read (a growing
	// buffer would leave the copies it outgrew uncleared); one byte more
	// tells a file that grew since.
	buf := make([]byte, int(fi.Size())+1)
	defer clear(buf)
	n, err := io.ReadFull(f, buf)
	switch {
	case err == nil:
		return fmt.Errorf("--creds %s: changed while it was read", name)
	case err != io.EOF && err != io.ErrUnexpectedEOF:
		return fmt.Errorf("--creds %s: %w", name, err)
	}
	b := buf[:n]
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
		// The subject is shown only when it is a user's public key:
		// anything else (terminal escapes, line breaks) is the file's.
		if !nkeys.IsValidPublicUserKey(claims.Subject) {
			return fmt.Errorf("--creds %s: its user JWT is not the seed's user (the JWT names no user key)", name)
		}
		return fmt.Errorf("--creds %s: its user JWT is not the seed's user (the JWT names user %s)", name, claims.Subject)
	}
	const stamp = "2006-01-02 15:04 UTC"
	now := time.Now()
	if claims.Expires != 0 && now.Unix() > claims.Expires {
		return fmt.Errorf("--creds %s: its user JWT expired on %s; issue a new one (nsc)", name, time.Unix(claims.Expires, 0).UTC().Format(stamp))
	}
	if claims.NotBefore != 0 && now.Unix() < claims.NotBefore {
		return fmt.Errorf("--creds %s: its user JWT is not valid before %s", name, time.Unix(claims.NotBefore, 0).UTC().Format(stamp))
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
