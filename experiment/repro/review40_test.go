package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDuopolyClosedFormDigits: the table's closed-form column prints the
// profits to the learned mean's 4 decimals, so that the Nash π2,
// (A−2c2+c1)²/9 = 1133.444…, reads 1133.4444 beside the note's 1133.4
// (it printed %.4g's 1133, and π1 940.4 in the column above it); the
// note gives every closed form to one decimal (it gave 1058 and 676
// beside 940.4).
func TestDuopolyClosedFormDigits(t *testing.T) {
	t.Parallel()
	dir := runQuick(t, "fiez-duopoly")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| simultaneous gradient (Nash) | π1 | 944.4 | 940.4444 | ",
		"| simultaneous gradient (Nash) | π2 | 1114.7 | 1133.4444 | ",
		"| simultaneous gradient (Nash) | q1 | 30.67 | 30.6667 | ",
		"| Stackelberg gradient | π2 | 659.9 | 676.0000 | ",
		"(A−2c1+c2)²/8 = 1058.0, (A+2c1−3c2)²/16 = 676.0 and (A−2c_i+c_−i)²/9 = 940.4, 1133.4",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}
