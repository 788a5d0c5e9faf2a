//go:build !amd64 || purego

package ad

// convertVec converts nothing here: convert's loop does it all.
func convertVec[D, S float](dst []D, src []S) int { return 0 }
