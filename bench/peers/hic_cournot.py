"""Peer of BenchmarkHiCCournot (learn/uncoupled/bench_test.go): one seed of
Hi-C against a gradient-ascent follower in the Cournot duopoly of Loftin et
al., Section 3.3, as a plain Python loop with the Cournot gradient written
by hand.

Same algorithm and schedules as the Go benchmark: 10^6 stages, leader step
alpha_n = 0.001 n^-0.1, perturbation delta_n = n^-0.6, commitment k_n of
Eq. 19 (beta = 0.1, mu = 2, B = 100, p = 0.5), EMA(0.9) baseline started at
the first observed payoff, 50 burn-in intervals, follower step 0.1,
quantities clipped to [0, 50], x0 = 10, y0 = 30. Seeded (random.Random).

Usage: python3 bench/peers/hic_cournot.py [--stages N] [--seed S] [--repeat R]
Prints the wall time per run and the final profile.
"""
import argparse
import math
import random
import time

A, C1, C2 = 50.0, 1.0, 1.0
LO, HI = 0.0, 50.0


def eq19(n, beta=0.1, mu=2.0, B=100.0, p=0.5):
    delta = n ** -0.6
    k = math.ceil(2 * (math.log(delta) - math.log(B) - p * math.log(n)) / math.log(1 - beta * mu))
    return max(k, 1)


def run(stages, seed):
    rng = random.Random(seed)
    x, y = 10.0, 30.0  # mean leader strategy, follower strategy
    lam, burn_in = 0.9, 50
    n = 1
    k = eq19(n)
    delta = n ** -0.6
    sign = 1.0 if rng.random() < 0.5 else -1.0
    xt = min(max(x + delta * sign, LO), HI)
    t = 0
    base, have_base = 0.0, False
    for _ in range(stages):
        # both play (xt, y); the follower takes a gradient step (Eq. 13)
        played_y = y
        y += 0.1 * (A - C2 - xt - 2.0 * y)
        if y < LO:
            y = LO
        elif y > HI:
            y = HI
        t += 1
        if t < k:
            continue
        # end of interval n: observe f1(xt, y_t), Hi-C update (Eq. 6)
        f = xt * (A - C1 - xt - played_y)
        if n > burn_in:
            est = f - base if have_base else f
            x += 0.001 * n ** -0.1 * est / (delta * sign)
            x = min(max(x, LO), HI)
        if have_base:
            base = lam * base + (1 - lam) * f
        else:
            base, have_base = f, True
        n += 1
        k = eq19(n)
        delta = n ** -0.6
        sign = 1.0 if rng.random() < 0.5 else -1.0
        xt = min(max(x + delta * sign, LO), HI)
        t = 0
    f1 = xt * (A - C1 - xt - y)
    return xt, y, f1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stages", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    best = float("inf")
    for r in range(a.repeat):
        t0 = time.perf_counter()
        xt, y, f1 = run(a.stages, a.seed + r)
        best = min(best, time.perf_counter() - t0)
    print(f"hic_cournot.py: {a.stages} stages, best of {a.repeat}: {best * 1e3:.1f} ms/run; final x={xt:.4f} y={y:.4f} f1={f1:.4f}")


if __name__ == "__main__":
    main()
