#!/usr/bin/env python3
"""PyTorch peer for learn's BenchmarkStackelbergStep (learn/bench_test.go):
one noiseless two-timescale Stackelberg step (Eq. 6-7 of Fiez, Chasnov and
Ratliff) with the exact solver, in float64 on one thread, with
torch.autograd:

    g1x, g1y = grad c1 wrt (x, y);  g2y = grad c2 wrt y (create_graph)
    H        = grad(g2y, y, grad_outputs=I, is_grads_batched=True)
               (dense follower Hessian, all rows in one batched backward;
               --rows-loop: one reverse pass per row)
    w        = solve(H + lam I, g1y)
    m        = grad(g2y, x, grad_outputs=w)    (mixed product D21 f2^T w)
    x       -= g1 (g1x - m);  y -= g2 g2y

Workloads (the Go benchmark names):
  duopoly-exact        Section 4.1 duopoly, A=100, c1=5, c2=2, payoffs
  quadratic-d10-exact  quadratic game, d1 = d2 = 10
  quadratic-d100-exact quadratic game, d1 = d2 = 100
  quadratic-d100-cg20  the same with 20 conjugate-gradient iterations on
                       autograd Hessian-vector products instead of H

As in the Go benchmark the state is reset to the same point before every
step, so every step does the same work. Prints one line per workload:
"<name> <microseconds per step>", the median of several timed repetitions.

Usage: (. bench/peers/peer_env.sh; OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/stackelberg_step.py [--rows-loop])
(peer_env.sh keeps freed memory in the process; see there why.)
(Debian's torch 1.13 lives under /usr/bin/python3.)
"""
import os
import statistics
import sys
import time
import warnings

# Debian's PyTorch reaches OpenBLAS through libblas.so.3 (BLAS_INFO=generic),
# so torch.set_num_threads(1) does not reach OpenBLAS, which starts one
# thread per core unless told otherwise before it loads: run by hand without
# OPENBLAS_NUM_THREADS, the peer's products ran on 2 threads. One thread
# unless set (the comparison scripts set it).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch

# --rows-loop: the follower Hessian row by row (d2 reverse passes from
# Python), the peer's form before session 22; by default all rows in one
# batched backward (is_grads_batched, the vectorised form PyTorch offers for
# dense Hessians), which is what a PyTorch user would write for d2 = 100.
ROWS_LOOP = "--rows-loop" in sys.argv[1:]
# is_grads_batched warns once that vmap falls back for some operators.
warnings.filterwarnings("ignore", message=".*vmap.*")

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def duopoly(a=100.0, c1=5.0, c2=2.0):
    # Payoffs are maximised: costs are their negatives.
    def costs(x, y):
        f1 = (a - x - y - c1) * x
        f2 = (a - x - y - c2) * y
        return -f1.sum(), -f2.sum()
    x0 = torch.tensor([10.3])
    y0 = torch.tensor([9.1])
    return costs, x0, y0


def quadratic(d, seed=1):
    # Costs f1 = 1/2 x'Ax + x'By + 1/2 y'Cy + a'x, f2 = 1/2 y'Dy + y'Ex + b'y
    # on 1 x d row vectors, as learn's quadratic test game.
    g = torch.Generator().manual_seed(seed)

    def spd(n):
        m = torch.randn(n, n, generator=g)
        return m.T @ m / n + torch.eye(n)

    A, D = spd(d), spd(d)
    B = 0.5 * torch.randn(d, d, generator=g) / d ** 0.5
    C = 0.3 * torch.randn(d, d, generator=g) / d ** 0.5
    C = (C + C.T) / 2
    E = 0.5 * torch.randn(d, d, generator=g) / d ** 0.5
    av = torch.randn(1, d, generator=g) / d ** 0.5
    bv = torch.randn(1, d, generator=g) / d ** 0.5

    def costs(x, y):
        f1 = 0.5 * ((x @ A) * x).sum() + ((x @ B) * y).sum() + 0.5 * ((y @ C) * y).sum() + (x * av).sum()
        f2 = 0.5 * ((y @ D) * y).sum() + ((x @ E.T) * y).sum() + (y * bv).sum()
        return f1, f2

    x0 = 10 + torch.randn(1, d, generator=g)
    y0 = 10 + torch.randn(1, d, generator=g)
    return costs, x0, y0


def step_exact(costs, x0, y0, g1=0.01, g2=0.05, lam=0.0):
    x = x0.clone().requires_grad_()
    y = y0.clone().requires_grad_()
    c1, c2 = costs(x, y)
    g1x, g1y = torch.autograd.grad(c1, (x, y))
    (g2y,) = torch.autograd.grad(c2, y, create_graph=True)
    d2 = g2y.numel()
    if ROWS_LOOP or d2 == 1:  # one row: a plain backward
        flat = g2y.reshape(-1)
        rows = [torch.autograd.grad(flat[i], y, retain_graph=True)[0].reshape(-1) for i in range(d2)]
        H = torch.stack(rows)
    else:
        # All d2 rows in one batched backward (vmap over the seeds e_i), what
        # torch.autograd.functional.hessian(..., vectorize=True) does.
        (H,) = torch.autograd.grad(g2y, y, grad_outputs=torch.eye(d2).reshape(d2, *g2y.shape),
                                   retain_graph=True, is_grads_batched=True)
        H = H.reshape(d2, d2)
    if lam:
        H = H + lam * torch.eye(d2)
    w = torch.linalg.solve(H, g1y.reshape(-1)).reshape(g2y.shape)
    (m,) = torch.autograd.grad(g2y, x, grad_outputs=w)
    with torch.no_grad():
        xn = x - g1 * (g1x - m)
        yn = y - g2 * g2y
    return xn, yn


def step_cg(costs, x0, y0, iters=20, g1=0.01, g2=0.05, lam=0.0):
    x = x0.clone().requires_grad_()
    y = y0.clone().requires_grad_()
    c1, c2 = costs(x, y)
    g1x, g1y = torch.autograd.grad(c1, (x, y))
    (g2y,) = torch.autograd.grad(c2, y, create_graph=True)

    def hvp(v):
        # A vector-Jacobian product of the recorded gradient seeded with v
        # (no dot product in the graph), λv only when λ ≠ 0.
        (hv,) = torch.autograd.grad(g2y, y, grad_outputs=v, retain_graph=True)
        return hv.add_(v, alpha=lam) if lam else hv

    # Conjugate gradients for (H + lam I) w = g1y from w = 0, fixed
    # iterations, in place, the scalars as Python floats (on the CPU .item()
    # costs no synchronisation), as rl_stddpg.py's cg. Before the review of
    # 2026-12-04 this loop kept them as 0-d tensors and rebuilt every vector
    # out of place, which cost about a quarter of the step.
    w = torch.zeros_like(g1y)
    r = g1y.clone()
    p = r.clone()
    rr = r.flatten().dot(r.flatten()).item()
    for _ in range(iters):
        ap = hvp(p)
        alpha = rr / p.flatten().dot(ap.flatten()).item()
        w.add_(p, alpha=alpha)
        r.add_(ap, alpha=-alpha)
        rr_new = r.flatten().dot(r.flatten()).item()
        p.mul_(rr_new / rr).add_(r)
        rr = rr_new
    (m,) = torch.autograd.grad(g2y, x, grad_outputs=w)
    with torch.no_grad():
        xn = x - g1 * (g1x - m)
        yn = y - g2 * g2y
    return xn, yn


def timeit(fn, args, min_time=0.5, reps=5):
    for _ in range(3):
        fn(*args)
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn(*args)
        dt = time.perf_counter() - t
        if dt >= min_time / 5:
            break
        n *= 2
    n = max(1, int(n * (min_time / 5) / dt))
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(n):
            fn(*args)
        samples.append((time.perf_counter() - t) / n)
    return statistics.median(samples)


def main():
    work = [
        ("duopoly-exact", step_exact, duopoly()),
        ("quadratic-d10-exact", step_exact, quadratic(10)),
        ("quadratic-d100-exact", step_exact, quadratic(100)),
        ("quadratic-d100-cg20", step_cg, quadratic(100)),
    ]
    for name, fn, (costs, x0, y0) in work:
        sec = timeit(fn, (costs, x0, y0))
        print(f"{name} {sec * 1e6:.1f}", flush=True)


if __name__ == "__main__":
    main()
