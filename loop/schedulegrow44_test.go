package loop

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestScheduleFormulas checks each schedule against its doc comment and
// the README's table (a/(b+k)^p, a·ln k + b, max(min, a·r^k)) at k = 1, a
// few more and k = 1e15 (the largest int, 2³¹−1, on a 32-bit platform),
// to a relative 1e-12.
func TestScheduleFormulas(t *testing.T) {
	const bigK = min(1e15, math.MaxInt)
	for _, c := range []struct {
		s    Schedule
		k    int
		want float64
	}{
		{Power{A: 2, B: 1, P: 1}, 1, 1},
		{Power{A: 1, B: 0, P: 0.5}, 4, 0.5},
		{Power{A: 3, B: 1, P: 2}, bigK, 3 / ((bigK + 1) * (bigK + 1))},
		{Log{A: 2, B: 5}, 1, 5},
		{Log{A: 2, B: 5}, bigK, 2*math.Log10(bigK)*math.Ln10 + 5},
		{Exponential{A: 4, R: 0.5, Min: 0}, 1, 2},
		{Exponential{A: 4, R: 0.5, Min: 0}, 3, 0.5},
		{Exponential{A: 4, R: 0.5, Min: 0.1}, bigK, 0.1},
		{Constant(7), bigK, 7},
		{List{1, 2}, bigK, 2},
	} {
		if got := c.s.At(c.k); math.Abs(got-c.want) > 1e-12*math.Abs(c.want) {
			t.Errorf("%#v.At(%d) = %g, want %g", c.s, c.k, got, c.want)
		}
	}
}

// TestGrowingSchedulesDoNotOverflow: a schedule that grows from a tiny
// value (a negative p, an r above 1) is finite where its true value is,
// and one that decays from a huge value is not rounded to 0 where its
// true value is a normal number: (b + k)^p or r^k overflowing or
// underflowing on its own gave +Inf (a/0) or 0 (a/Inf, a·0), and a run
// stopped on a schedule value "+Inf" that was 1.3e30. Values to a relative
// 1e-9 (the log-space form rounds ln a + k ln r).
func TestGrowingSchedulesDoNotOverflow(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		k    int
		want float64
	}{
		// 1e-300·2000^100 = 10^(-300 + 100·log10 2000)
		{Power{A: 1e-300, B: 0, P: -100}, 2000, math.Pow(10, -300+100*math.Log10(2000))},
		// 1e300/(1e15)^21 = 1e-15 (k the largest int on 32-bit)
		{Power{A: 1e300, B: 0, P: 21}, min(1e15, math.MaxInt), math.Pow(10, 300-21*math.Log10(min(1e15, math.MaxInt)))},
		{Power{A: -1e-300, B: 0, P: -100}, 2000, -math.Pow(10, -300+100*math.Log10(2000))},
		// 4.5e-16·1856^99, just below float64's largest value (math.Exp
		// alone is +Inf from about 709.4 on amd64)
		{Power{A: 4.5e-16, B: 0, P: -99}, 1856, 1.747558529732118e308},
		// 1e-300·2^1100 = 2^1100/1e300
		{Exponential{A: 1e-300, R: 2, Min: 0}, 1100, math.Pow(10, -300+1100*math.Log10(2))},
		// 1e300·0.5^1100
		{Exponential{A: 1e300, R: 0.5, Min: 0}, 1100, math.Pow(10, 300-1100*math.Log10(2))},
	} {
		got := c.s.At(c.k)
		if math.Abs(got-c.want) > 1e-9*math.Abs(c.want) {
			t.Errorf("%#v.At(%d) = %g, want %g", c.s, c.k, got, c.want)
		}
	}
	// Past float64's range the value is +Inf, as it truly overflows.
	if v := (Power{A: 1, B: 0, P: -100}).At(min(1e15, math.MaxInt)); !math.IsInf(v, 1) {
		t.Errorf("1/k^-100 at 1e15 = %g, want +Inf", v)
	}
	if v := (Power{A: 4.5e-16, B: 0, P: -99}).At(1857); !math.IsInf(v, 1) {
		t.Errorf("4.5e-16/k^-99 at 1857 = %g, want +Inf (1.83e308)", v)
	}
}

// TestLogAtZero: Log with a = 0 is the constant b at every k, 0
// included (0·ln 0 gave NaN); with a > 0, iteration 0 (outside k ≥ 1) is
// ln 0 = −Inf, which NonNegative reports naming the iteration.
func TestLogAtZero(t *testing.T) {
	if v := (Log{A: 0, B: 3}).At(0); v != 3 {
		t.Errorf("Log{0, 3}.At(0) = %g, want 3", v)
	}
	_, err := NonNegative("commitment", Log{A: 2, B: 3}, 0)
	if err == nil || !strings.Contains(err.Error(), "commitment: value -Inf at iteration 0 is not a finite non-negative number") {
		t.Errorf("error %v", err)
	}
}

// TestPowerString: the schedule formats as its formula, which run errors
// and the markov assumption checks quote ("leader steps 1/(1+k)^0.4"); a
// change of session 44 dropped the method, and they printed the struct
// ({1 1 0.4}).
func TestPowerString(t *testing.T) {
	if got, want := fmt.Sprint(Power{A: 1, B: 1, P: 0.4}), "1/(1+k)^0.4"; got != want {
		t.Errorf("Power{1, 1, 0.4} prints %q, want %q", got, want)
	}
}
