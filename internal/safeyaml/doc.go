// Package safeyaml is the guarded entry to the YAML decoder for every file
// stackel reads (run configurations, Markov game specs). It implements no
// paper equation; it exists so that hostile input gets a clear error instead
// of a crash, a hang or an out-of-memory death.
//
// Before the decoder (github.com/goccy/go-yaml) sees a byte, Unmarshal
// checks the input against Limits: its size, an upper bound on the number
// of values (the decoder's syntax tree takes about 2.5 KB per value), the
// nesting depth (a cheap scan, so a 100 000-deep input never reaches the
// recursive parser; lines end at \n, \r\n or \r, as the parser's do),
// the keys of one block mapping (the parser's time grows as their
// square: 2 minutes for a 1 MiB mapping), and a bound on the key paths the parser copies into every value (a long
// key above a long list; explicit "? key" keys, whose length the scan
// cannot bound, are refused). The depth is counted again on the tokens of
// the parser's own lexer, linear in the input, which tell text holding a
// quote or bracket (a "|" block, a plain x[) from structure as the parser
// does; the scan cannot, and took the levels after such text for text. It
// then parses the syntax tree and rejects
// what stackel does not use and the decoder mishandles: YAML tags, a second
// document (also one after an empty document, "---" twice, which the
// parser drops: the input decoded as empty), alias expansions beyond the node limit ("billion laughs"), an
// alias inside the value of its own anchor (b: &a [*a], which the decoder
// reads as null), and
// fractions in integer fields (the decoder truncates 100.7 to 100). Any
// panic left inside the decoder is recovered and reported as an error.
//
// An error of the parser or the decoder (an unknown or duplicate key, a
// syntax error) names its line and column and quotes the lines around
// it, as the decoder's yaml.FormatError does, with each line cut to 120
// characters around the error's column so that the caret under it stays
// in view. The quote is made here, in time linear in the input: the
// decoder's own formatting takes time quadratic in the length of the
// error's line (87 s and 100 GB of allocation for an unknown key below
// a list written on one 450 KB line; here, no more than parsing it).
//
// ReadFile (ReadFileLimit for another limit) is the one way stackel reads
// an input file (a config, a Markov or sweep spec, a job, a manifest): it
// refuses a named pipe, a device or a directory by name without waiting on
// it or reading from it, and reads no more than the size limit plus one
// byte, so that a file larger than memory is an error, not a crash. A
// leading UTF-8 byte-order mark is dropped, there and by Unmarshal.
// ReadOwnFile reads the files stackel writes itself (metrics.csv,
// summary.json, checkpoints, job records) with the same refusal of what is
// not a regular file, no size limit and no change to the bytes.
//
// Integer fields take whole numbers within the range of their type only,
// judged by the exact value of the text (1e2, 100.0, 0x64 are 100;
// 2.9999999999999999 is not an integer): the decoder converts a number
// with a point or an exponent through a float64, and would read 2⁶⁴ into
// a uint64 as 2⁶³ and 12345678901234567.0 as 12345678901234568, so a
// whole number that a float64 does not hold exactly is an error giving
// its digits, which the decoder reads exactly. A whole number written in
// hexadecimal, octal or binary beyond 64 bits (0x10000000000000000),
// which the decoder keeps as text, is an error in a number field and
// below a safeyaml:"numeric" field, giving it in decimal when it fits in
// 128 bits (and, in hexadecimal, with p0 as a float), the forms read as
// the nearest float; a text field keeps it as written. Such an integer is
// recognised by the decoder's own rule for the short ones it reads as
// numbers: every '_' deleted (0x1_0_ is 16), the prefixes 0x, 0o and 0b
// in lowercase only (0X10 is text, as in YAML 1.2). A number in quotes
// ("100") is an error in a number field, and anywhere below a field tagged
// safeyaml:"numeric" (a map of named numbers and words, whose type cannot
// say which values are numbers).
//
// A plain number or boolean in a text field is taken only when the
// decoder keeps it as written (name: 5, 0.25, true): it prints the value
// again, which made name: 1.10 the text "1.1", 0x1F "31" and True "true";
// such a value is an error asking for quotes.
//
// A value of the wrong type for its field (yes in a bool, 1e400 or a word
// in a number, a list where text is expected) is an error naming the key
// path and line ("line 3: init.x[0]: 1e400 is not a finite number"), not
// the decoder's Go types and struct fields; so is a number that is not
// zero as written but too small for its field, which the decoder reads
// as 0 ("x: 1.0e-400 underflows"), a number with more than 400 digits
// before its point, which Go's float reader misreads past 800 (1 and 800
// zeros, e-800, was 0.1), and a key that is not text (2:, true:,
// null:) where a struct's keys are expected, for which the decoder drops
// the whole mapping without an error, and a block list entry inside a
// flow collection ({a: - 1}, [- 1]), which YAML does not allow and the
// parser read as the list [1] where -1 was meant. An anchor on a key
// (&k iterations: 3, which the decoder read as the key "&") is an error
// saying so, and so is a non-breaking space (U+00A0) in plain text after
// a key's colon (one in text that begins its line, or follows '-', '['
// or ',') or at the start of a plain value (after ':', an anchor, '-',
// '[' or ','), which YAML reads as part of the text (iterations:\u00a03
// is a line of text, not a key and value), named by the line it is on;
// one inside a value on its key's line (name: run A:\u00a0fast) is kept.
// A tab the parser misreads is an error naming its line: one between two
// characters of plain text, which it drops (x: 1<TAB>5 was 15), and one
// inside double-quoted text that more text follows on its line, after
// which it drops the character past the closing quote (a '}', a ']' or a
// ','), unless all it drops is blanks and line breaks: blanks before the
// line's end, a comment, a ':' or the ',', ']' or '}' of a flow
// collection, and the \r of a \r\n, change nothing; line breaks and
// other blanks would join lines (every later line number one less, or the
// next line read as part of this one), so the parser is given the input
// with those tabs written \t, the same value (an error quoting that line
// shows \t). \t in double quotes is read right. A tab among the blanks ending a line of single-quoted
// text that goes on to the next, which the parser keeps where YAML drops
// it ('a<TAB>\n  b' was "a\t b"), and a tab after an anchor or alias
// name that text follows, which the parser reads as part of the name
// (&b<TAB>xy was the anchor "bxy" on nothing), are errors too. An escape in
// double quotes that YAML refuses (\xZZ, \u12G4, a lone half of a
// surrogate pair as \udc00, \U00110000) is an error naming its line; the
// parser read each as some other character. Tabs in double
// quotes are checked on the input's characters before the parser's lexer
// reads it, since at each such tab the lexer reads the rest of its line
// again: beyond 2²⁴ characters read again in all (160 KB of ["<TAB>",…]
// on one line took 23 s) the input is an error naming the costliest
// line. Quoted text (double or single) that goes on past a \r\n line
// break is an error: the lexer reads each such break as two ("a<CRLF>
// b" was "a\nb", where YAML reads "a b"). A
// key written twice on one line (a JSON config) is named with both
// columns. A file holding only
// null is one document (the decoder's error or an empty input), not "a
// second YAML document". A type that decodes its own
// mapping key by key (UnmarshalYAML(ctx, node) with a NodeDecoder from
// NewNodeDecoderContext) resolves aliases to any anchor defined before it
// in the document, with the same limits and checks.
//
// Every limit can be raised by an environment variable named in its error
// (all of stackel's begin with STACKEL_MAX_). Such a variable set to
// anything but a positive whole number (4000000, or 4e6 as in a config) is
// an error naming it and its value (ParseEnvInt, LookupEnvInt), which
// Unmarshal and ReadFile report for every STACKEL_MAX_ variable (CheckEnv)
// before reading any input, rather than running with the default.
package safeyaml
