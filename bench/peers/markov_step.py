#!/usr/bin/env python3
"""numpy peer of markov.BenchmarkStackelbergPGStep.

One exact Stackelberg policy-gradient step (Eq. 8, 9, 19 of the stochastic
Stackelberg policy-gradient paper) on a random game with |S| = 50 and
|A1| = |A2| = 5, with the same math as the Go step: softmax policies, the
averaged transitions, M = (I - gamma P_pi)^-1 by an LU factorisation,
exact values and visitation, the four gradients, the Hessian blocks
Hess22 = d2 V2 / d theta2^2 and Mixed = d(grad_theta2 V2)/d theta1 in the
same closed form (block-diagonal part plus K-terms, K = gamma Pbar M - S M + S),
the gauge-fixed dense solve (H - c N N^T) x = grad_theta2 V1, the implicit
gradient and the parameter update.

BLAS runs single-threaded (OPENBLAS_NUM_THREADS=1 unless set) so that the
comparison with Go is per core; the Go benchmark's gonum Dgemm may use both
cores (run it with -cpu 1 for a strictly single-core comparison).

Usage: python3 markov_step.py [--states 50] [--actions 5] [--reps 200]
Prints the per-step time in microseconds: the mean over 5 timed rounds,
as the Go benchmark's ns/op is a mean.
"""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import scipy.linalg as sla


def make_game(n, m1, m2, seed=1, gamma=0.9, lam=0.2):
    rng = np.random.default_rng(seed)
    P = rng.exponential(size=(n, m1, m2, n))
    P /= P.sum(axis=-1, keepdims=True)
    return dict(n=n, m1=m1, m2=m2, gamma=gamma, lam=lam,
                P=P, R1=rng.random((n, m1, m2)), R2=rng.random((n, m1, m2)),
                rho=np.full(n, 1.0 / n))


def softmax(th):
    z = th - th.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True), z - np.log(e.sum(axis=1, keepdims=True))


def step(G, th1, th2, alpha, beta, reg=0.0, structured=False):
    n, m1, m2, gamma, lam = G["n"], G["m1"], G["m2"], G["gamma"], G["lam"]
    P, R1, R2, rho = G["P"], G["R1"], G["R2"], G["rho"]
    pi1, _ = softmax(th1)
    pi2, lp2 = softmax(th2)
    # Averaged transitions (Eq. 14) and P_pi.
    P1bar = np.einsum("sa,sabt->sbt", pi1, P)          # n, m2, n
    P2bar = np.einsum("sb,sabt->sat", pi2, P)          # n, m1, n
    Ppi = np.einsum("sb,sbt->st", pi2, P1bar)
    w = pi1[:, :, None] * pi2[:, None, :]
    ent = -(pi2 * lp2).sum(axis=1)
    r1 = (w * R1).sum(axis=(1, 2))
    r2 = (w * R2).sum(axis=(1, 2)) + lam * ent
    A = np.eye(n) - gamma * Ppi
    lu = sla.lu_factor(A)
    M = sla.lu_solve(lu, np.eye(n))
    v1, v2 = M @ r1, M @ r2
    d = rho @ M
    # Q-functions and gradients.
    Q1 = R1 + gamma * P @ v1
    Q2 = R2 + gamma * P @ v2
    q11 = (Q1 * pi2[:, None, :]).sum(axis=2)
    q12 = (Q1 * pi1[:, :, None]).sum(axis=1)
    q21 = (Q2 * pi2[:, None, :]).sum(axis=2) + lam * ent[:, None]
    q2bar = (Q2 * pi1[:, :, None]).sum(axis=1)
    q22 = q2bar - lam * lp2
    g11 = d[:, None] * pi1 * (q11 - v1[:, None])
    g12 = d[:, None] * pi2 * (q12 - v1[:, None])
    g22 = d[:, None] * pi2 * (q22 - v2[:, None])
    # Hessian blocks.
    N1, N2 = n * m1, n * m2
    eye_sel2 = np.repeat(np.eye(n), m2, axis=0)        # S, N2 x n
    eye_sel1 = np.repeat(np.eye(n), m1, axis=0)
    MS2 = np.repeat(M, m2, axis=0)
    MS1 = np.repeat(M, m1, axis=0)
    K2 = gamma * P1bar.reshape(N2, n) @ M - MS2 + eye_sel2
    if not structured:
        K1 = gamma * P2bar.reshape(N1, n) @ M - MS1 + eye_sel1
    dp2 = (d[:, None] * pi2).ravel()
    pa2 = (pi2 * (q22 - v2[:, None])).ravel()
    dp1 = (d[:, None] * pi1).ravel()
    pa1 = (pi1 * (q21 - v2[:, None])).ravel()
    st2 = np.repeat(np.arange(n), m2)
    st1 = np.repeat(np.arange(n), m1)
    if structured:
        hd = 2 * pa2 * K2[np.arange(N2), st2] * dp2
        pq = pi2 * (q22 - v2[:, None])
        hd = hd + (d[:, None] * (pq - 2 * pq * pi2 - lam * (pi2 - pi2 * pi2))).ravel()
        return step_structured(n, m1, m2, gamma, lam, reg, d, pi1, pi2, P1bar, P2bar, M, K2,
                               dp2, pa2, dp1, pa1, g11, g12, g22, Q2, q2bar, hd, th1, th2, alpha, beta)
    # H[i,j] = pa_i K2[j, s(i)] dp_j + dp_i K2[i, s(j)] pa_j + block diag
    H = pa2[:, None] * K2[:, st2].T * dp2[None, :] + dp2[:, None] * K2[:, st2] * pa2[None, :]
    blocks = d[:, None, None] * (
        np.einsum("sb,bc->sbc", (pi2 * (q22 - v2[:, None])), np.eye(m2))
        - np.einsum("sb,sc->sbc", pi2 * (q22 - v2[:, None]), pi2)
        - np.einsum("sb,sc->sbc", pi2, pi2 * (q22 - v2[:, None]))
        - lam * (np.einsum("sb,bc->sbc", pi2, np.eye(m2)) - np.einsum("sb,sc->sbc", pi2, pi2)))
    Hv = H.reshape(n, m2, n, m2)
    Hv[np.arange(n), :, np.arange(n), :] += blocks
    # Mixed[i,j] = pa_i K1[j, s(i)] dp1_j + dp_i (K2[i, s(j)] - [s(i)=s(j)]) pa1_j + block
    Kc = K2[:, st1] - (st2[:, None] == st1[None, :])
    X = pa2[:, None] * K1[:, st2].T * dp1[None, :] + dp2[:, None] * Kc * pa1[None, :]
    cblk = d[:, None, None] * pi2[:, :, None] * pi1[:, None, :] * (
        np.transpose(Q2, (0, 2, 1)) - q2bar[:, :, None])
    Xv = X.reshape(n, m2, n, m1)
    Xv[np.arange(n), :, np.arange(n), :] += cblk
    # Eq. 19 with the gauge term and regularisation.
    c = np.abs(np.diag(H)).mean()
    Ht = H - reg * np.eye(N2)
    Htv = Ht.reshape(n, m2, n, m2)
    Htv[np.arange(n), :, np.arange(n), :] -= c / m2
    x = np.linalg.solve(Ht, g12.ravel())
    hier = g11.ravel() - X.T @ x
    return th1 + alpha * hier.reshape(n, m1), th2 + beta * g22


def step_structured(n, m1, m2, gamma, lam, reg, d, pi1, pi2, P1bar, P2bar, M, K2,
                    dp2, pa2, dp1, pa1, g11, g12, g22, Q2, q2bar, hdiag, th1, th2, alpha, beta):
    """The Go structured step: H~ = B~ + U V^T + V U^T solved by Woodbury."""
    N2 = n * m2
    c = np.abs(hdiag).mean()
    pa = pa2.reshape(n, m2)
    eye = np.eye(m2)
    B = d[:, None, None] * (pa[:, :, None] * eye - pa[:, :, None] * pi2[:, None, :]
                            - pi2[:, :, None] * pa[:, None, :]
                            - lam * (pi2[:, :, None] * eye - pi2[:, :, None] * pi2[:, None, :]))
    B = B - c / m2 - reg * eye
    V = dp2[:, None] * K2                                   # N2 x n
    rhs_blocks = np.concatenate([V.reshape(n, m2, n), pa[:, :, None], g12.reshape(n, m2, 1)], axis=2)
    sol = np.linalg.solve(B, rhs_blocks)                     # batched block solves
    Z = sol[:, :, :n].reshape(N2, n)
    zu = sol[:, :, n].ravel()
    bg = sol[:, :, n + 1].ravel()
    F = (pa[:, :, None] * Z.reshape(n, m2, n)).sum(axis=1)  # U^T Z
    cap = np.empty((2 * n, 2 * n))
    cap[:n, :n] = np.diag((pa.ravel() * zu).reshape(n, m2).sum(axis=1))
    cap[:n, n:] = np.eye(n) + F
    cap[n:, :n] = cap[:n, n:].T
    cap[n:, n:] = V.T @ Z
    rhs = np.concatenate([(pa.ravel() * bg).reshape(n, m2).sum(axis=1), V.T @ bg])
    y = np.linalg.solve(cap, rhs)
    x = bg - zu * np.repeat(y[:n], m2) - Z @ y[n:]
    # Mixed^T x from the factors.
    u = (pa.ravel() * x).reshape(n, m2).sum(axis=1)
    mu = M @ u
    k1u = gamma * P2bar.reshape(n * m1, n) @ mu - np.repeat(mu, m1) + np.repeat(u, m1)
    yv = dp2 * x
    q = gamma * P1bar.reshape(N2, n).T @ yv - yv.reshape(n, m2).sum(axis=1)
    w = M.T @ q
    xd = (x * dp2).reshape(n, m2)
    cterm = pi1 * np.einsum("sb,sab->sa", xd, Q2 - q2bar[:, None, :])
    hier = g11.ravel() - dp1 * k1u - pa1 * np.repeat(w, m1) - cterm.ravel()
    return th1 + alpha * hier.reshape(n, m1), th2 + beta * g22


def seconds_per_step(fn, reps, rounds=5, clock=time.perf_counter):
    """The mean time of fn over rounds × ⌊reps/rounds⌋ calls (at least one a
    round): all the timed calls' time over their number, the statistic of
    the Go benchmark's ns/op (elapsed time over b.N). Until 2026-12-05 the
    peer printed the best of its rounds instead, which credits numpy with
    its quietest round and the Go side with none, understating the ratio
    (and the load of a shared machine widens the gap)."""
    per_round = max(1, reps // rounds)
    total = 0.0
    for _ in range(rounds):
        t0 = clock()
        for _ in range(per_round):
            fn()
        total += clock() - t0
    return total / (rounds * per_round)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--states", type=int, default=50)
    ap.add_argument("--actions", type=int, default=5)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--solver", choices=["dense", "structured"], default="dense",
                    help="dense Hessian blocks and LU solve (default), or the Go step's "
                         "factored blocks and Woodbury solve")
    args = ap.parse_args()
    n, m = args.states, args.actions
    G = make_game(n, m, m)
    rng = np.random.default_rng(2)
    th1 = 0.5 * rng.standard_normal((n, m))
    th2 = 0.5 * rng.standard_normal((n, m))
    structured = args.solver == "structured"
    for _ in range(5):
        step(G, th1, th2, 0.0, 0.0, structured=structured)
    sec = seconds_per_step(lambda: step(G, th1, th2, 0.0, 0.0, structured=structured), args.reps)
    print(f"numpy StackelbergPGStep solver={args.solver} states={n} actions={m}: {sec * 1e6:.1f} us/step")


if __name__ == "__main__":
    main()
