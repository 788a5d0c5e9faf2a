"""PyTorch peer for ad's MLP benchmarks (BenchmarkMLPGrad, BenchmarkMLPHVP,
BenchmarkSmallMLPGrad in ad/bench_test.go): the same workloads in float64
(or, with the argument float32, PyTorch's default float32: the peers of
BenchmarkMLPGrad32 and BenchmarkMLPHVP32) on one thread.

  MLP 11->256->256->1 tanh, batch 100, mean-squared-error loss:
    grad  - gradient w.r.t. all weights and biases
    hvp   - one Hessian-vector product w.r.t. all weights and biases
            (grad with create_graph, dot with a random v, grad again)
  MLP 4->64->32->2 tanh, batch 100: grad

Prints one line per workload: "<name> <ns per op>", the median of several
timed repetitions (each repetition averages many calls).
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (run_ad.sh does).
"""
import os
import statistics
import sys
import time

# Debian's PyTorch reaches OpenBLAS through libblas.so.3 (BLAS_INFO=generic),
# so torch.set_num_threads(1) does not reach OpenBLAS, which starts one
# thread per core unless told otherwise before it loads: run by hand without
# OPENBLAS_NUM_THREADS, the peer's products ran on 2 threads. One thread
# unless set (the comparison scripts set it).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch

torch.set_num_threads(1)
DTYPE = sys.argv[1] if len(sys.argv) > 1 else "float64"
if DTYPE not in ("float32", "float64"):
    sys.exit(f"usage: mlp_torch.py [float32|float64], not {DTYPE}")
torch.set_default_dtype(getattr(torch, DTYPE))


def make_mlp(sizes, batch, seed):
    g = torch.Generator().manual_seed(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append((torch.randn(fan_in, fan_out, generator=g) / fan_in ** 0.5).requires_grad_())
        params.append((0.1 * torch.randn(1, fan_out, generator=g)).requires_grad_())
    vs = [torch.randn(p.shape, generator=g) for p in params]
    x = torch.randn(batch, sizes[0], generator=g)
    y = torch.randn(batch, sizes[-1], generator=g)
    return params, vs, x, y


def loss_fn(params, x, y):
    h = x
    nl = len(params) // 2
    for l in range(nl):
        h = h @ params[2 * l] + params[2 * l + 1]
        if l + 1 < nl:
            h = torch.tanh(h)
    return ((h - y) ** 2).mean()


def grad_step(params, vs, x, y):
    return torch.autograd.grad(loss_fn(params, x, y), params)


def hvp_step(params, vs, x, y):
    gs = torch.autograd.grad(loss_fn(params, x, y), params, create_graph=True)
    gv = sum((g * v).sum() for g, v in zip(gs, vs))
    return torch.autograd.grad(gv, params)


def timeit(fn, args, min_time=0.5, reps=5):
    for _ in range(3):
        fn(*args)
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn(*args)
        dt = time.perf_counter() - t0
        if dt >= min_time / reps:
            break
        n *= 2
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(n):
            fn(*args)
        times.append((time.perf_counter() - t0) / n)
    return statistics.median(times) * 1e9


def main():
    big = make_mlp([11, 256, 256, 1], 100, 1)
    small = make_mlp([4, 64, 32, 2], 100, 1)
    print(f"# {torch.__version__}, threads={torch.get_num_threads()}, {DTYPE}")
    print(f"MLPGrad {timeit(grad_step, big):.0f}")
    print(f"MLPHVP {timeit(hvp_step, big):.0f}")
    print(f"SmallMLPGrad {timeit(grad_step, small):.0f}")


if __name__ == "__main__":
    main()
