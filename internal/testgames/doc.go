// Package testgames holds games that the tests of several packages check
// their numbers on; nothing outside tests uses it.
package testgames
