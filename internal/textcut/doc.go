// Package textcut words a user's input (a config value, a name, a path, a
// word of the command line) for an error message: quoted and cut when it
// is long or holds characters a terminal would not show as written, so
// that no input can flood a message or break its lines. It depends on
// nothing of stackel's, so that every package can use it (ad and rl/env
// import no config package). It implements no paper equation.
package textcut
