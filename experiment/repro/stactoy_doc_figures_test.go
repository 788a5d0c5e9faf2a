package repro

import (
	"os"
	"strings"
	"testing"
)

// TestStacToyDocNamesItsFigures checks that the package documentation
// names every figure of Zheng et al. that stac-toy draws, as its
// registered description does: the plain game's Figs. 1, 4 and 5 and the
// soft (SAC) version's Figs. 2, 6 and 7 (toyFiguresNote's "Fig. 6" and
// "Fig. 7"). doc.go used to list Figs. 1, 4, 5 only.
func TestStacToyDocNamesItsFigures(t *testing.T) {
	const figs = "Figs. 1, 2, 4–7"
	r, err := Lookup("stac-toy")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Description, figs) {
		t.Fatalf("stac-toy's description %q does not name %q", r.Description, figs)
	}
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " ")
	i := strings.Index(doc, "stac-toy (")
	if i < 0 {
		t.Fatal("doc.go no longer lists stac-toy: update this test")
	}
	entry := doc[i:]
	entry = entry[:strings.Index(entry, ")")+1]
	if !strings.Contains(entry, figs) {
		t.Errorf("doc.go lists %q; want it to name %s as the reproduction does", entry, figs)
	}
}
