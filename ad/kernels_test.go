package ad

import "testing"

// TestKernels: the route is one of the three kernel families, the one
// the CPU flags select (haveWide before haveAVX2 on amd64), and
// "+openblas" is added exactly when products are routed to OpenBLAS.
func TestKernels(t *testing.T) {
	route := kernelRoute()
	switch route {
	case "avx512", "avx2", "go":
	default:
		t.Fatalf("kernelRoute() = %q", route)
	}
	if (route == "avx512") != haveWide {
		t.Errorf("kernelRoute() = %q with AVX-512 kernels usable = %v", route, haveWide)
	}
	saved := useBLAS
	defer func() { useBLAS = saved }()
	useBLAS = false
	if got := Kernels(); got != route {
		t.Errorf("Kernels() = %q without OpenBLAS, want %q", got, route)
	}
	useBLAS = true
	if got := Kernels(); got != route+"+openblas" {
		t.Errorf("Kernels() = %q with OpenBLAS, want %q", got, route+"+openblas")
	}
}
