package natsq

import (
	"fmt"
	"os"

	"github.com/nats-io/nkeys"
)

// checkCreds refuses a --creds file that the client could not use: one
// it cannot read, or one without a user's nkey seed (a NATS credentials
// file holds a user's JWT and its seed, as nsc writes it), naming the
// file and the flag. Before, such a file was refused in the client's
// terms once the server had been dialled ("connecting to NATS at URL:
// error signing nonce: unable to extract key pair from file …"). The
// seed read is wiped.
func checkCreds(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--creds %s: %w", shellPath(path), err)
	}
	defer clear(b)
	kp, err := nkeys.ParseDecoratedUserNKey(b)
	if err != nil {
		return fmt.Errorf("--creds %s: not a NATS credentials file (a user's JWT and nkey seed, as nsc writes it): %w", shellPath(path), err)
	}
	kp.Wipe()
	return nil
}
