package safeyaml

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestShortenKeepsMessageLine48: a formatted error's first line is its
// message (keys and values in it already cut by keyText and short), cut
// at maxLine, not at the 160 characters of a quoted input line: a message
// listing every choice of a key lost its last ones (a tenth dynamics kind
// pushed "test-heavy-ball" off dynamics.kind's list).
func TestShortenKeepsMessageLine48(t *testing.T) {
	message := "config: line 9: dynamics.kind = \"x\": need one of " + strings.Repeat("kind, ", 40) + "last"
	quoted := "   9 | " + strings.Repeat("q", 300)
	got := strings.Split(shorten(message+"\n"+quoted), "\n")
	if len(got) != 2 {
		t.Fatalf("%d lines, want 2", len(got))
	}
	if got[0] != message {
		t.Errorf("message line of %d characters cut to %d: %q", utf8.RuneCountInString(message), utf8.RuneCountInString(got[0]), got[0])
	}
	if n := utf8.RuneCountInString(got[1]); n != 161 || !strings.HasSuffix(got[1], "…") {
		t.Errorf("quoted line: %d characters, want 160 and the mark of the cut", n)
	}
	long := strings.Repeat("é", 1000)
	if n := utf8.RuneCountInString(strings.Split(shorten(long+"\nx"), "\n")[0]); n != maxLine+1 {
		t.Errorf("a message line of 1000 characters: %d, want maxLine and the mark of the cut", n)
	}
}
