"""PyTorch peer of stackel's STAC on CartPole-v1 (rl/agent ac.go,
BenchmarkSTACCartPoleEpoch): the same algorithm and sizes, float64 (or with
--dtype float32, PyTorch's default, float32) on one thread, written as one would in PyTorch (Spinning Up's VPG with the
Stackelberg actor update).

Per epoch: 4000 environment steps with the categorical policy (64×32 tanh),
GAE-λ advantages and Monte-Carlo targets; the actor's total derivative of
Eq. 15 — ∇wJ = γ/(Nσ_A) Σ (1−d) ∇V(s'), z = (∇²L + λI)⁻¹∇wJ by 10 CG
iterations on Hessian–vector products (double backward on a retained graph),
∇V(s_k)·z by a double vector–Jacobian product, Proposition 1's weights by a
discounted prefix sum per path, and the mixed term as a weighted
log-likelihood gradient — then an SGD actor step and m SGD critic steps.

Prints "stac_cartpole_m<m> <steps per second>" for each m in --unroll,
timing --epochs epochs after one warm-up epoch.

Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1.
"""
import argparse
import math
import os
import random
import time

# Debian's PyTorch reaches OpenBLAS through libblas.so.3 (BLAS_INFO=generic),
# so torch.set_num_threads(1) does not reach OpenBLAS, which starts one
# thread per core unless told otherwise before it loads: run by hand without
# OPENBLAS_NUM_THREADS, the peer's products ran on 2 threads. One thread
# unless set (the comparison scripts set it).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import scipy.signal
import torch
import torch.nn as nn

from rl_envs import CartPole

torch.set_num_threads(1)


def T(x):
    """A float tensor of the default dtype from a numpy array or number."""
    return torch.as_tensor(x, dtype=torch.get_default_dtype())


GAMMA, LAM = 0.99, 0.97


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def discount_cumsum(x, discount):
    """Reverse discounted cumulative sum (Spinning Up's helper)."""
    return scipy.signal.lfilter([1], [1, float(-discount)], x[::-1], axis=0)[::-1]


def prefix_cumsum(x, discount):
    """Forward discounted cumulative sum: y_t = x_t + γ y_{t−1}."""
    return scipy.signal.lfilter([1], [1, float(-discount)], x, axis=0)


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


def unflat(v, like):
    out, i = [], 0
    for p in like:
        out.append(v[i:i + p.numel()].view_as(p))
        i += p.numel()
    return out


def cg(hvp, b, iters, lam, tol=1e-10):
    """CG on (H + λI)x = b from x = 0, in place, the scalars as Python floats,
    all in the model's dtype. (rl_stddpg.py's keeps its vectors in float64,
    as stackel's ad.CG32, because there CG stops at its tolerance and the
    recurrence's precision changes the number of Hessian–vector products; at
    λ = 0 on CartPole the solve never reaches 1e-10 and both sides run all
    10 iterations, stackel's in float64 (Config.HessianDType).)"""
    x = torch.zeros_like(b)
    r = b.clone()
    p = r.clone()
    rr = r.dot(r).item()
    stop = tol * math.sqrt(rr)
    for _ in range(iters):
        if math.sqrt(rr) <= stop:
            break
        ap = hvp(p)
        if lam:
            ap.add_(p, alpha=lam)
        alpha = rr / p.dot(ap).item()
        x.add_(p, alpha=alpha)
        r.add_(ap, alpha=-alpha)
        rr_new = r.dot(r).item()
        p.mul_(rr_new / rr).add_(r)
        rr = rr_new
    return x


class STAC:
    def __init__(self, seed, unroll, cg_iters=10, lam=0.0, pi_lr=0.03, vf_lr=0.01, n=4000):
        torch.manual_seed(seed)
        self.rng = random.Random(seed)
        self.env = CartPole(seed)
        self.pi = mlp([4, 64, 32, 2])
        self.v = mlp([4, 64, 32, 1])
        self.pi_opt = torch.optim.SGD(self.pi.parameters(), lr=pi_lr)
        self.v_opt = torch.optim.SGD(self.v.parameters(), lr=vf_lr)
        self.unroll, self.cg_iters, self.lam, self.n = unroll, cg_iters, lam, n

    def collect(self):
        n = self.n
        obs = np.zeros((n, 4))
        nxt = np.zeros((n, 4))
        act = np.zeros(n, dtype=np.int64)
        rew, val, term = np.zeros(n), np.zeros(n), np.zeros(n)
        adv, ret = np.zeros(n), np.zeros(n)
        starts = [0]
        o = self.env.reset()
        start = 0
        for t in range(n):
            with torch.no_grad():
                ot = T(o)
                p = torch.softmax(self.pi(ot), -1)
                vt = self.v(ot).item()
            a = 0 if self.rng.random() < p[0].item() else 1
            o2, r, te, tr = self.env.step(a)
            obs[t], nxt[t], act[t], rew[t], val[t], term[t] = o, o2, a, r, vt, te
            if te or tr or t == n - 1:
                last = 0.0
                if not te:
                    with torch.no_grad():
                        last = self.v(T(o2)).item()
                rs = np.append(rew[start:t + 1], last)
                vs = np.append(val[start:t + 1], last)
                deltas = rs[:-1] + GAMMA * vs[1:] - vs[:-1]
                adv[start:t + 1] = discount_cumsum(deltas, GAMMA * LAM)
                ret[start:t + 1] = discount_cumsum(rs, GAMMA)[:-1]
                start = t + 1
                if t < n - 1:
                    starts.append(start)
                if te or tr:
                    o = self.env.reset()
                else:
                    o = o2
            else:
                o = o2
        return obs, nxt, act, term, adv, ret, starts

    def update(self, obs, nxt, act, term, adv, ret, starts):
        n = self.n
        O, O2 = T(obs), T(nxt)
        A = torch.as_tensor(act).unsqueeze(1)  # int64 indices
        R = T(ret).unsqueeze(1)
        mu, sd = adv.mean(), max(adv.std(), 1e-8)
        advn = T((adv - mu) / sd).unsqueeze(1)
        pparams, vparams = list(self.pi.parameters()), list(self.v.parameters())

        def logp():
            return torch.log_softmax(self.pi(O), -1).gather(1, A)

        # ∇θJ (Eq. 3 with normalised GAE advantages).
        lp = logp()
        g_j = flat(torch.autograd.grad((lp * advn).mean(), pparams, retain_graph=True))

        # ∇wJ = γ/(Nσ_A) Σ (1 − d) ∇V(s').
        w = T(GAMMA * (1 - term) / (n * sd)).unsqueeze(1)
        gw_j = flat(torch.autograd.grad((self.v(O2) * w).sum(), vparams))

        # z = (∇²L + λI)⁻¹ ∇wJ: CG on HVPs of L = mean (V(s) − R̂)².
        loss_v = ((self.v(O) - R) ** 2).mean()
        g_l = flat(torch.autograd.grad(loss_v, vparams, create_graph=True))

        def hvp(vec):
            return flat(torch.autograd.grad(g_l.dot(vec), vparams, retain_graph=True))

        z = cg(hvp, gw_j, self.cg_iters, self.lam)

        # ∇V(s_k)·z by a double vector–Jacobian product.
        u = torch.zeros(n, 1, requires_grad=True)
        gu = flat(torch.autograd.grad((u * self.v(O)).sum(), vparams, create_graph=True))
        jvp = torch.autograd.grad(gu.dot(z), u)[0].squeeze(1).numpy()

        # Proposition 1: weights Â_t Σ_{k≤t} γ^{t−k} (−2 jvp_k) per path.
        pre = np.zeros(n)
        bounds = starts + [n]
        for s, e in zip(bounds[:-1], bounds[1:]):
            pre[s:e] = prefix_cumsum(-2 * jvp[s:e], GAMMA)
        wts = T(adv * pre).unsqueeze(1)
        mixed = flat(torch.autograd.grad((lp * wts).mean(), pparams))

        total = g_j - mixed  # Eq. 15
        self.pi_opt.zero_grad()
        for p, g in zip(pparams, unflat(-total, pparams)):
            p.grad = g.clone()
        self.pi_opt.step()

        for _ in range(self.unroll):
            self.v_opt.zero_grad()
            ((self.v(O) - R) ** 2).mean().backward()
            self.v_opt.step()

    def epoch(self):
        self.update(*self.collect())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--unroll", type=int, nargs="+", default=[1, 80])
    ap.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    args = ap.parse_args()
    torch.set_default_dtype(getattr(torch, args.dtype))
    for m in args.unroll:
        agent = STAC(seed=0, unroll=m)
        agent.epoch()  # warm-up
        t0 = time.perf_counter()
        for _ in range(args.epochs):
            agent.epoch()
        dt = time.perf_counter() - t0
        print(f"stac_cartpole_m{m} {args.epochs * agent.n / dt:.1f}", flush=True)


if __name__ == "__main__":
    main()
