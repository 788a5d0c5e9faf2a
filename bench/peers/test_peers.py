"""Checks that the peers do the work of the Go benchmarks they are compared
with (no timings are asserted).

    cd bench/peers && /usr/bin/python3 -m unittest test_peers -v

- rl_stddpg.cg on a float32 operator runs stackel's ad.CG32 scheme (x, r,
  p and the inner products in float64, the operator on p rounded to
  float32), so it stops after as many Hessian–vector products as stackel;
  on float64 it is textbook CG.
- Every PyTorch/numpy peer starts OpenBLAS on one thread when
  OPENBLAS_NUM_THREADS is unset (Debian's torch.set_num_threads does not
  reach it), and rl_stddpg.py on --threads N.
- rl_compare.sh and f32_compare.sh time as many Pendulum steps on the Go
  side as on the peer's, and refuse a step count the Go benchmark cannot
  match.
- markov_step.py reports the mean time per step, as go test's ns/op.
"""
import math
import os
import stat
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
sys.path.insert(0, HERE)

import markov_step  # noqa: E402
import rl_stddpg  # noqa: E402


def textbook_cg(apply, b, iters, lam, tol=1e-10):
    """CG on (A + λI)x = b from 0 in float64 numpy, the operator applied as
    apply(p); returns x and the number of operator applications."""
    x = np.zeros_like(b)
    r = b.copy()
    p = r.copy()
    rr = r @ r
    stop = tol * math.sqrt(rr)
    it = 0
    while it < iters and math.sqrt(rr) > stop:
        ap = apply(p) + lam * p
        it += 1
        a = rr / (p @ ap)
        x += a * p
        r -= a * ap
        rn = r @ r
        p = r + (rn / rr) * p
        rr = rn
    return x, it


def diagonal_problem(seed, n=67000):
    """A follower-Hessian-like spectrum: a bulk in [0, 0.05] and three
    outliers from 200 to 20000 (λ = 500 is added by CG), float32 entries,
    and a right-hand side, from a seeded stream."""
    rng = np.random.default_rng(seed)
    e = rng.uniform(0, 0.05, n)
    e[:3] = np.geomspace(200, 20000.0, 3)
    return e.astype(np.float32), rng.standard_normal(n)


class CGTest(unittest.TestCase):
    def test_float32_operator_takes_cg32s_iterations(self):
        # ad.CG32 (Lambda 500, MaxIter 10, Tol 1e-10) on these four problems
        # stops after 7 iterations each (measured with a Go program on the
        # same bytes); so does the textbook float64 recurrence below. The
        # peer's float32 recurrence, before 2026-12-05, took 9, 10, 9, 9.
        for seed in range(4):
            e32, b = diagonal_problem(seed)
            et = torch.from_numpy(e32)
            calls = []

            def hvp(v):
                self.assertEqual(v.dtype, torch.float32)
                calls.append(1)
                return et * v

            x = rl_stddpg.cg(hvp, torch.from_numpy(b.astype(np.float32)), 10, 500.0)
            ref, it = textbook_cg(lambda p: (e32 * p.astype(np.float32)).astype(np.float64), b, 10, 500.0)
            self.assertEqual(it, 7, f"seed {seed}: oracle")
            self.assertEqual(len(calls), 7, f"seed {seed}: Hessian–vector products")
            self.assertEqual(x.dtype, torch.float32)
            rel = np.linalg.norm(x.double().numpy() - ref) / np.linalg.norm(ref)
            self.assertLess(rel, 1e-6, f"seed {seed}: x against the oracle")

    def test_float64_operator_is_textbook_cg(self):
        rng = np.random.default_rng(11)
        g = rng.standard_normal((200, 40))
        A = g @ g.T * 3.0  # PSD, eigenvalues up to ≈ 1500
        b = rng.standard_normal(200)
        At = torch.from_numpy(A)
        x = rl_stddpg.cg(lambda v: At @ v, torch.from_numpy(b), 10, 500.0)
        ref, it = textbook_cg(lambda p: A @ p, b, 10, 500.0)
        self.assertEqual(x.dtype, torch.float64)
        np.testing.assert_allclose(x.numpy(), ref, rtol=0, atol=1e-12 * np.abs(ref).max())
        exact = np.linalg.solve(A + 500.0 * np.eye(200), b)
        self.assertLess(np.linalg.norm(x.numpy() - exact) / np.linalg.norm(exact), 1e-6)

    def test_b_is_left_alone(self):
        b = torch.arange(1.0, 5.0, dtype=torch.float64)
        keep = b.clone()
        rl_stddpg.cg(lambda v: 2 * v, b, 10, 1.0)
        self.assertTrue(torch.equal(b, keep))


def openblas_threads(module, env_extra=None, argv=None):
    """OpenBLAS's thread count after importing module from bench/peers in a
    fresh interpreter with OPENBLAS_NUM_THREADS and OMP_NUM_THREADS unset."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(env_extra or {})
    code = (f"import sys; sys.argv = {[module + '.py'] + (argv or [])!r}; import {module}; import ctypes; "
            "print(ctypes.CDLL('libopenblas.so.0').openblas_get_num_threads())")
    out = subprocess.run([PY, "-c", code], cwd=HERE, env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


class ThreadsTest(unittest.TestCase):
    def test_peers_start_openblas_on_one_thread(self):
        for m in ("rl_stddpg", "rl_stac", "mlp_torch", "stackelberg_step", "markov_step"):
            self.assertEqual(openblas_threads(m), 1, m)

    def test_rl_stddpg_follows_threads_and_the_environment(self):
        self.assertEqual(openblas_threads("rl_stddpg", argv=["--threads", "2"]), 2)
        self.assertEqual(openblas_threads("rl_stddpg", argv=["--threads=2"]), 2)
        self.assertEqual(openblas_threads("rl_stddpg", env_extra={"OPENBLAS_NUM_THREADS": "2"}), 2)

    def test_threads_arg(self):
        self.assertEqual(rl_stddpg._threads_arg(["--steps", "5", "--threads", "3"]), "3")
        self.assertEqual(rl_stddpg._threads_arg(["--threads=4"]), "4")
        self.assertEqual(rl_stddpg._threads_arg(["--threads"]), "1")
        self.assertEqual(rl_stddpg._threads_arg(["--threads", "x"]), "1")
        self.assertEqual(rl_stddpg._threads_arg([]), "1")


def write_exe(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


def trace_driver(script, env_extra):
    """Runs bench/peers/<script> with a fake `go` (whose test binaries log
    their arguments) and a fake Python (which logs its own), and returns the
    driver's exit status, stderr and the logged lines."""
    with tempfile.TemporaryDirectory() as d:
        trace = os.path.join(d, "trace")
        fake = ("#!/bin/sh\n"
                "echo \"$(basename \"$0\") $*\" >>\"$TRACE\"\n")
        write_exe(os.path.join(d, "fakebin"), fake)
        write_exe(os.path.join(d, "go"), "#!/bin/sh\n"
                  "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then cp \"$FAKEBIN\" \"$2\"; fi; shift; done\n")
        write_exe(os.path.join(d, "python"), fake)
        env = {k: v for k, v in os.environ.items() if k not in ("PY_STEPS", "ROWS", "PAIRS", "AUTOGROUP_NICE", "DTYPE", "TAGS")}
        env.update(PATH=d + ":" + os.environ["PATH"], TRACE=trace,
                   FAKEBIN=os.path.join(d, "fakebin"), PYTHON=os.path.join(d, "python"), ROUNDS="1")
        env.update(env_extra)
        out = subprocess.run(["bash", os.path.join(HERE, script)], cwd=ROOT, env=env,
                             capture_output=True, text=True)
        lines = []
        if os.path.exists(trace):
            with open(trace) as f:
                lines = f.read().splitlines()
        return out.returncode, out.stderr, lines


def pendulum_counts(lines):
    """(Go benchtime values of the off-policy benchmarks, peer --steps values)."""
    go, py = set(), set()
    for ln in lines:
        f = ln.split()
        if "-test.bench" in f and "OffPolicyUpdateSteps" in f[f.index("-test.bench") + 1]:
            go.add(f[f.index("-test.benchtime") + 1])
        if "rl_stddpg.py" in f:
            py.add(f[f.index("--steps") + 1])
    return go, py


class DriverTest(unittest.TestCase):
    def test_rl_compare_times_the_same_steps(self):
        rc, err, lines = trace_driver("rl_compare.sh", {"PY_STEPS": "200"})
        self.assertEqual(pendulum_counts(lines), ({"4x"}, {"200"}), err)
        rc, err, lines = trace_driver("rl_compare.sh", {})
        self.assertEqual(pendulum_counts(lines), ({"3x"}, {"150"}), err)

    def test_f32_compare_times_the_same_steps(self):
        rc, err, lines = trace_driver("f32_compare.sh", {"PY_STEPS": "150", "ROWS": "stddpg"})
        self.assertEqual(pendulum_counts(lines), ({"3x"}, {"150"}), err)

    def test_drivers_refuse_a_count_go_cannot_match(self):
        for script in ("rl_compare.sh", "f32_compare.sh"):
            for v in ("75", "0", "abc"):
                rc, err, lines = trace_driver(script, {"PY_STEPS": v})
                self.assertEqual(rc, 2, f"{script} PY_STEPS={v}")
                self.assertEqual(err.strip(), f"{script}: PY_STEPS={v}; want a positive multiple of 50 "
                                 "(the Go benchmark's epoch)")
                self.assertEqual(lines, [], "nothing run")


class MarkovStatisticTest(unittest.TestCase):
    def test_mean_over_every_timed_call(self):
        # Five rounds of two calls each, lasting 1, 2, 3, 4 and 100 clock
        # units: 110 over 10 calls. The best round's mean would be 0.5.
        ticks = iter([0, 1, 10, 12, 20, 23, 30, 34, 40, 140])
        calls = []
        got = markov_step.seconds_per_step(lambda: calls.append(1), 10, clock=lambda: next(ticks))
        self.assertEqual(got, 11.0)
        self.assertEqual(len(calls), 10)

    def test_at_least_one_call_a_round(self):
        ticks = iter(range(10))
        calls = []
        self.assertEqual(markov_step.seconds_per_step(lambda: calls.append(1), 2, clock=lambda: next(ticks)), 1.0)
        self.assertEqual(len(calls), 5)


if __name__ == "__main__":
    unittest.main()
