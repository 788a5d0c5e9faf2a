package experiment

import (
	"strings"
	"testing"
)

// TestNewJobNilConfig: a nil configuration is an error, where NewJob
// dereferenced it and panicked.
func TestNewJobNilConfig(t *testing.T) {
	j, err := NewJob(nil, 1, "out")
	if err == nil || !strings.Contains(err.Error(), "job: no configuration (nil *Config)") || j.ID != "" {
		t.Errorf("NewJob(nil) = %+v, %v", j, err)
	}
}
