package safeyaml

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// misreadTabs returns an error for a tab that the parser misreads in
// plain text, which YAML 1.2 reads as part of the text it is in; nothing
// of the input is changed. The error names the line of the tab and the
// text, and says how to write it so that it is read as meant. Tabs in
// double-quoted text are checked before, by doubleQuoted.
//
// Inside plain text, between two other characters of one line, the
// lexer drops the tab: name: run<TAB>A was "runA", x: 1<TAB>5 the
// number 15, and a key x<TAB>y: the key "xy", silently. A tab before or
// after the text (a: <TAB>1, a: 1<TAB># note) separates, as YAML says.
//
// Single-quoted text, a comment and a block of text (| or >) keep their
// tabs. A tab after the name of an anchor or alias that more text
// follows on its line is an error too (nameTab).
func misreadTabs(data []byte) (err error) {
	if !bytes.Contains(data, []byte("\t")) {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = nil // the parser reports the input
		}
	}()
	tokens := lexer.Tokenize(string(data))
	for i, tk := range tokens {
		if tk == nil || tk.Position == nil || !strings.Contains(tk.Origin, "\t") {
			continue
		}
		switch tk.Type {
		case token.StringType, token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType,
			token.FloatType, token.BoolType, token.NullType, token.InfinityType, token.NanType:
			if prev := tokens[max(i-1, 0)]; i > 0 && prev != nil && (prev.Type == token.AnchorType || prev.Type == token.AliasType) {
				if err := nameTab(tk, prev.Type == token.AnchorType); err != nil {
					return err
				}
				continue // the name of an anchor or alias
			}
			if blockText(tokens, i) || strings.Contains(tk.Value, "\t") {
				continue
			}
			if l, text, ok := innerTab(tk.Origin); ok {
				return fmt.Errorf("line %d: a tab inside the plain text %s, which YAML reads as part of it and the YAML reader here drops (it reads %s); write a space, or put the text in double quotes and write the tab as \\t", tk.Position.Line+l, ValueText(text), ValueText(tk.Value))
			}
		}
	}
	return nil
}

// innerTab reports that the plain text origin (as written; white space
// before it aside) holds a tab between two characters of one of its
// lines that are not spaces or tabs, and returns that line's number (0
// the first) and its text without the white space around it.
func innerTab(origin string) (line int, text string, ok bool) {
	s := strings.TrimLeft(origin, " \t\r\n")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	for l, t := range strings.Split(s, "\n") {
		if t = strings.Trim(t, " \t"); strings.Contains(t, "\t") {
			return l, t, true
		}
	}
	return 0, "", false
}

// nameTab returns an error when the name token tk of an anchor (else an
// alias) holds a tab that more text follows on its line: YAML ends the
// name at the tab, the parser reads on (&b<TAB>xy is the anchor "bxy"
// on nothing, &b<TAB>"x" the anchor b"x").
func nameTab(tk *token.Token, anchor bool) error {
	s := strings.TrimLeft(tk.Origin, " \t")
	at := strings.IndexByte(s, '\t')
	if at < 0 {
		return nil
	}
	if rest := strings.TrimLeft(s[at:], " \t"); rest == "" || rest[0] == '\r' || rest[0] == '\n' || rest[0] == '#' {
		return nil
	}
	kind, mark := "alias", "*"
	if anchor {
		kind, mark = "anchor", "&"
	}
	return fmt.Errorf("line %d: a tab after the %s name %s%s, which YAML reads as the end of the name and the YAML reader here as part of it; write a space", tk.Position.Line, kind, mark, KeyText(s[:at]))
}
