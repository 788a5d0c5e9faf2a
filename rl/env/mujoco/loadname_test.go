//go:build mujoco

package mujoco

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// tinyModel is the smallest model with a degree of freedom.
const tinyModel = `<mujoco><worldbody><body><joint type="slide"/><geom size="0.1"/></body></worldbody></mujoco>`

// loadNameEnv carries, hex-encoded, the model name TestLoadNameChild loads.
const loadNameEnv = "STACKEL_MUJOCO_LOAD_NAME"

// TestLoadNameChild is run only by TestLoadRefusesNamesMuJoCoAbortsOn, in
// a process of its own: it loads tinyModel under the name in loadNameEnv
// and prints the outcome.
func TestLoadNameChild(t *testing.T) {
	enc, ok := os.LookupEnv(loadNameEnv)
	if !ok {
		t.Skip("run by TestLoadRefusesNamesMuJoCoAbortsOn")
	}
	name, err := hex.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(string(name), []byte(tinyModel))
	fmt.Printf("loaded=%v err=%v\n", s != nil, err)
}

// TestLoadRefusesNamesMuJoCoAbortsOn: MuJoCo 2.2.2's virtual file system
// keeps the part of a file name after its last '/' or '\' and, when that is
// empty or 1000 bytes or longer, calls mju_error, which prints "Empty
// filename in VFS" or "Filename too long in VFS", waits for Enter and ends
// the process. Load must return an error instead. Each name is loaded in a
// child process, so that an abort shows as a failure here rather than
// ending the test binary (in a scratch directory: MuJoCo's abort also
// appends to MUJOCO_LOG.TXT there). Names on either side of the bounds
// load.
func TestLoadRefusesNamesMuJoCoAbortsOn(t *testing.T) {
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want string }{
		{"", `mujoco: model name "" has no file name after its last / or \`},
		{"models/", `mujoco: model name "models/" has no file name after its last / or \`},
		{`C:\models\`, `mujoco: model name "C:\\models\\" has no file name after its last / or \`},
		{"dir/" + strings.Repeat("a", 996) + ".xml", "mujoco: model name: its file name has 1000 bytes, MuJoCo's virtual file system takes at most 999"},
		{"x/\x00.xml", `mujoco: model name "x/\x00.xml" holds a NUL byte`},
	} {
		cmd := exec.Command(bin, "-test.run=^TestLoadNameChild$", "-test.v")
		cmd.Dir = t.TempDir() // where an aborting MuJoCo writes MUJOCO_LOG.TXT
		cmd.Env = append(os.Environ(), loadNameEnv+"="+hex.EncodeToString([]byte(c.name)))
		out, err := cmd.CombinedOutput()
		short := c.name
		if len(short) > 40 {
			short = short[:20] + "…" + short[len(short)-10:]
		}
		if err != nil {
			t.Errorf("Load(%q) ended the process (%v):\n%s", short, err, out)
			continue
		}
		if want := "loaded=false err=" + c.want + "\n"; !strings.Contains(string(out), want) {
			t.Errorf("Load(%q) printed\n%s\nwant the line\n%s", short, out, want)
		}
	}
	for _, name := range []string{strings.Repeat("a", 995) + ".xml", strings.Repeat("d", 1494) + "/m.xml", `C:\x\m.xml`, "m"} {
		s, err := Load(name, []byte(tinyModel))
		if err != nil || s.NQ != 1 {
			t.Errorf("Load of a %d-byte name ending %q: %v", len(name), name[max(0, len(name)-12):], err)
			continue
		}
		s.Close()
	}
}
