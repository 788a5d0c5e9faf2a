"""PyTorch peer of stackel's DDPG and STDDPG-AL, SAC and STSAC-AL on
Pendulum-v1 (rl/agent ddpg.go, sac.go and offpolicy.go,
BenchmarkOffPolicyUpdateSteps): the same algorithms and sizes, on one
thread, float64 or (--dtype float32, PyTorch's default) float32, written as
one would in PyTorch (Spinning Up's DDPG and SAC with the Stackelberg actor
update).

Networks 256×256 relu (actor with a tanh output scaled to ±2), Adam 1e-3,
mini-batches of 100 from a replay buffer, one update per environment step in
bursts of 50, Polyak 0.995. The target uses the current policy μθ(s') (the
paper's footnote 4). STDDPG-AL: the actor follows Eq. 15,
∇J = ∇θJ − ∇wθᵀL (∇²_w L + λI)⁻¹ ∇wJ, with λ = 500 and 10 CG iterations
on Hessian–vector products (double backward on a retained graph); the mixed
term is one more backward through the same graph.

SAC: tanh-squashed Gaussian actor (256×256 relu, mean and log σ clamped to
[−20, 2]), twin Q networks, fixed entropy coefficient 0.2, target from the
current policy at s'; STSAC-AL differentiates the sum of both critics' losses
as the follower's cost, as stackel does (sac.go).

CG keeps its iterate, residual, direction and scalars in float64 and
rounds only the direction to the model's dtype for each Hessian–vector
product, as stackel's ad.CG32 does in float32 runs: with a float32
recurrence the solve reaches the same tolerance (1e-10 relative) up to
three iterations later on the same operator (test_peers.py: 9–10 against
ad.CG32's 7), so until 2026-12-05 the float32 peer ran more Hessian–vector
products per update than stackel: on STSAC-AL 9.4–9.8 against 8.8–9.1 on
the same operators (≈ 5 % of an update's ≈ 1.86 GFLOP, one product being
≈ 159 MFLOP), on STDDPG-AL under 0.1 more.

The replay buffer is first filled with 1000 uniformly random steps, after
which one burst of 50 updates runs untimed (the warm-up: PyTorch's first
updates allocate Adam's moments and the process's working memory); then
--steps steps (with their updates) are timed. This is what
BenchmarkOffPolicyUpdateSteps does: its untimed first epoch of 1000 random
steps ends at step 1000 = update_after, a multiple of update_every, so it
runs that first burst of 50 updates before the timer starts. Prints "<algo>_pendulum
<steps per second>" (with --threads N above 1, "<algo>_pendulum_Nthreads").

Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1.
"""
import argparse
import copy
import math
import os
import random
import sys
import time


def _threads_arg(argv):
    """The value of --threads in argv (1 when absent or unreadable)."""
    for i, a in enumerate(argv):
        if a.startswith("--threads="):
            v = a.split("=", 1)[1]
        elif a == "--threads" and i + 1 < len(argv):
            v = argv[i + 1]
        else:
            continue
        return v if v.isdigit() else "1"
    return "1"


# Debian's PyTorch reaches OpenBLAS through libblas.so.3 (BLAS_INFO=generic),
# so torch.set_num_threads does not reach OpenBLAS, which starts one thread
# per core unless told otherwise before it loads: a peer run by hand without
# OPENBLAS_NUM_THREADS ran its products on 2 threads (0.24–0.33× its 1-thread
# rate on this machine, README). Default it to --threads; an explicit setting
# (the comparison scripts') wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads_arg(sys.argv[1:]))
os.environ.setdefault("OMP_NUM_THREADS", os.environ["OPENBLAS_NUM_THREADS"])

import numpy as np  # noqa: E402  (after the thread settings)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from rl_envs import Pendulum  # noqa: E402

torch.set_num_threads(1)

GAMMA, POLYAK, BATCH, EVERY = 0.99, 0.995, 100, 50


def mlp(sizes, out_act=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


def unflat(v, like):
    out, i = [], 0
    for p in like:
        out.append(v[i:i + p.numel()].view_as(p))
        i += p.numel()
    return out


def cg(hvp, b, iters, lam, tol=1e-10):
    """CG on (H + λI)x = b from x = 0, in place, the scalars as Python floats
    (on the CPU .item() costs no synchronisation). x, r, p and the inner
    products are float64 whatever b's dtype; hvp gets p rounded to b's dtype
    and its product is widened back, which is stackel's ad.CG32 scheme for a
    float32 operator (and plain float64 CG for a float64 one). Returns x in
    b's dtype."""
    dt = b.dtype
    x = torch.zeros_like(b, dtype=torch.float64)
    r = b.to(torch.float64, copy=True)
    p = r.clone()
    rr = r.dot(r).item()
    stop = tol * math.sqrt(rr)
    for _ in range(iters):
        if math.sqrt(rr) <= stop:
            break
        ap = hvp(p.to(dt)).to(torch.float64).add_(p, alpha=lam)
        alpha = rr / p.dot(ap).item()
        x.add_(p, alpha=alpha)
        r.add_(ap, alpha=-alpha)
        rr_new = r.dot(r).item()
        p.mul_(rr_new / rr).add_(r)
        rr = rr_new
    return x.to(dt)


class Replay:
    """Spinning Up's buffer, kept in the compute dtype (float32 or float64)
    so that a mini-batch needs no conversion."""

    def __init__(self, size, od, ad):
        dt = torch.empty(0).numpy().dtype  # the numpy twin of the default dtype
        self.o = np.zeros((size, od), dtype=dt)
        self.a = np.zeros((size, ad), dtype=dt)
        self.r = np.zeros((size, 1), dtype=dt)
        self.o2 = np.zeros((size, od), dtype=dt)
        self.d = np.zeros((size, 1), dtype=dt)
        self.ptr, self.n, self.size = 0, 0, size

    def add(self, o, a, r, o2, d):
        i = self.ptr
        self.o[i], self.a[i], self.r[i], self.o2[i], self.d[i] = o, a, r, o2, d
        self.ptr = (i + 1) % self.size
        self.n = min(self.n + 1, self.size)

    def sample(self, rng):
        idx = rng.integers(0, self.n, BATCH)
        return tuple(torch.from_numpy(x[idx]) for x in (self.o, self.a, self.r, self.o2, self.d))


class DDPG:
    def __init__(self, seed, stackelberg, lam=500.0, cg_iters=10):
        torch.manual_seed(seed)
        self.rng = np.random.default_rng(seed)
        self.env = Pendulum(seed)
        self.pi = mlp([3, 256, 256, 1], nn.Tanh())
        self.q = mlp([4, 256, 256, 1])
        self.q0 = copy.deepcopy(self.q)
        for p in self.q0.parameters():
            p.requires_grad_(False)
        self.pi_opt = torch.optim.Adam(self.pi.parameters(), lr=1e-3)
        self.q_opt = torch.optim.Adam(self.q.parameters(), lr=1e-3)
        self.buf = Replay(1_000_000, 3, 1)
        self.st, self.lam, self.cg_iters = stackelberg, lam, cg_iters
        self.o = self.env.reset()

    def mu(self, s):
        return 2.0 * self.pi(s)

    def J(self, s):
        return self.q(torch.cat([s, self.mu(s)], 1)).mean()

    def L(self, s, a, r, s2, d):
        y = r + GAMMA * (1 - d) * self.q0(torch.cat([s2, self.mu(s2)], 1))
        return ((self.q(torch.cat([s, a], 1)) - y) ** 2).mean()

    def critic_params(self):
        return list(self.q.parameters())

    def target_params(self):
        return list(self.q0.parameters())

    def update(self):
        s, a, r, s2, d = self.buf.sample(self.rng)
        th, w = list(self.pi.parameters()), self.critic_params()
        if not self.st:
            # Eq. 5–6 at (θ_k, w_k).
            g_th = torch.autograd.grad(self.J(s), th)
            g_w = torch.autograd.grad(self.L(s, a, r, s2, d), w)
        else:
            # Eq. 11 with Eq. 15.
            gs = torch.autograd.grad(self.J(s), th + w)
            gj_th, gj_w = flat(gs[:len(th)]), flat(gs[len(th):])
            g_l = torch.autograd.grad(self.L(s, a, r, s2, d), w, create_graph=True)

            def hvp(v):
                # ∇w(∇wL · v): a vector–Jacobian product of the recorded
                # gradient, seeded with v (no dot product in the graph).
                return flat(torch.autograd.grad(g_l, w, grad_outputs=unflat(v, w), retain_graph=True))

            z = cg(hvp, gj_w, self.cg_iters, self.lam)
            mixed = flat(torch.autograd.grad(g_l, th, grad_outputs=unflat(z, w)))
            g_th = unflat(gj_th - mixed, th)
            g_w = [g.detach() for g in g_l]
        for p, g in zip(w, g_w):
            p.grad = g
        self.q_opt.step()
        for p, g in zip(th, g_th):
            p.grad = g.neg()  # ascent on J
        self.pi_opt.step()
        with torch.no_grad():  # w₀ ← ρ w₀ + (1 − ρ) w
            tg = self.target_params()
            torch._foreach_mul_(tg, POLYAK)
            torch._foreach_add_(tg, w, alpha=1 - POLYAK)

    def step(self, random_action):
        if random_action:
            a = self.rng.uniform(-2.0, 2.0)
        else:
            with torch.no_grad():
                a = self.mu(torch.as_tensor(self.o, dtype=torch.get_default_dtype()).unsqueeze(0)).item()
            a = min(max(a + 0.1 * 2.0 * self.rng.standard_normal(), -2.0), 2.0)
        o2, r, te, tr = self.env.step(a)
        self.buf.add(self.o, [a], r, o2, float(te))
        self.o = self.env.reset() if te or tr else o2


LOG_STD_MIN, LOG_STD_MAX, ALPHA = -20.0, 2.0, 0.2


class SAC(DDPG):
    """SAC with a fixed entropy coefficient; STSAC-AL when stackelberg."""

    def __init__(self, seed, stackelberg, lam=500.0, cg_iters=10):
        super().__init__(seed, stackelberg, lam, cg_iters)
        self.pi = mlp([3, 256, 256, 2])
        self.q, self.q2 = mlp([4, 256, 256, 1]), mlp([4, 256, 256, 1])
        self.q0, self.q20 = copy.deepcopy(self.q), copy.deepcopy(self.q2)
        for p in list(self.q0.parameters()) + list(self.q20.parameters()):
            p.requires_grad_(False)
        self.pi_opt = torch.optim.Adam(self.pi.parameters(), lr=1e-3)
        self.q_opt = torch.optim.Adam(list(self.q.parameters()) + list(self.q2.parameters()), lr=1e-3)

    def critic_params(self):
        return list(self.q.parameters()) + list(self.q2.parameters())

    def rsample(self, s):
        out = self.pi(s)
        mu, log_std = out[:, :1], out[:, 1:].clamp(LOG_STD_MIN, LOG_STD_MAX)
        eps = torch.randn_like(mu)
        u = mu + log_std.exp() * eps
        logp = (-0.5 * eps ** 2 - log_std - 0.5 * math.log(2 * math.pi)).sum(1, keepdim=True)
        logp = logp - (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(1, keepdim=True)
        return 2.0 * torch.tanh(u), logp

    def J(self, s):
        a, logp = self.rsample(s)
        sa = torch.cat([s, a], 1)
        return (torch.min(self.q(sa), self.q2(sa)) - ALPHA * logp).mean()

    def L(self, s, a, r, s2, d):
        a2, logp2 = self.rsample(s2)
        sa2 = torch.cat([s2, a2], 1)
        y = r + GAMMA * (1 - d) * (torch.min(self.q0(sa2), self.q20(sa2)) - ALPHA * logp2)
        sa = torch.cat([s, a], 1)
        return ((self.q(sa) - y) ** 2).mean() + ((self.q2(sa) - y) ** 2).mean()

    def target_params(self):
        return list(self.q0.parameters()) + list(self.q20.parameters())

    def step(self, random_action):
        if random_action:
            a = self.rng.uniform(-2.0, 2.0)
        else:
            with torch.no_grad():
                a, _ = self.rsample(torch.as_tensor(self.o, dtype=torch.get_default_dtype()).unsqueeze(0))
                a = a.item()
        o2, r, te, tr = self.env.step(a)
        self.buf.add(self.o, [a], r, o2, float(te))
        self.o = self.env.reset() if te or tr else o2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--algo", nargs="+", default=["ddpg", "stddpg"], choices=["ddpg", "stddpg", "sac", "stsac"])
    ap.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    ap.add_argument("--threads", type=int, default=1,
                    help="torch.set_num_threads; above 1 the rows are named <algo>_pendulum_<N>threads "
                         "(also set OPENBLAS_NUM_THREADS and OMP_NUM_THREADS to N)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    suffix = f"_{args.threads}threads" if args.threads > 1 else ""
    torch.set_default_dtype(getattr(torch, args.dtype))
    for algo in args.algo:
        cls = SAC if algo in ("sac", "stsac") else DDPG
        agent = cls(seed=0, stackelberg=algo.startswith("st"))
        for _ in range(1000):
            agent.step(True)
        for _ in range(EVERY):  # warm-up burst, untimed (as the Go benchmark's)
            agent.update()
        t0 = time.perf_counter()
        for t in range(args.steps):
            agent.step(False)
            if (t + 1) % EVERY == 0:
                for _ in range(EVERY):
                    agent.update()
        dt = time.perf_counter() - t0
        print(f"{algo}_pendulum{suffix} {args.steps / dt:.2f}", flush=True)


if __name__ == "__main__":
    main()
