// Package shellquote writes a string, a path most often, as one POSIX
// shell word, for the commands stackel's messages and reports advise
// (Word), so that one pasted into bash runs on the path as it is. It
// implements no paper equation.
package shellquote
