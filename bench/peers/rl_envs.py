"""Classic-control environments for the RL performance peers, with the
dynamics of Gymnasium's CartPole-v1 and Pendulum-v1 (the same equations as
stackel's rl/env), in plain Python floats: the peers measure the learning
machinery, not the simulator, so the environments are kept as cheap as
stackel's.
"""
import math
import random


class CartPole:
    """CartPole-v1: Euler integration, reward 1 per step, termination at
    |x| > 2.4 or |θ| > 12°, truncation after 500 steps."""

    obs_dim, n_actions, max_steps = 4, 2, 500

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.state = None
        self.t = 0

    def reset(self):
        self.state = [self.rng.uniform(-0.05, 0.05) for _ in range(4)]
        self.t = 0
        return list(self.state)

    def step(self, a):
        x, x_dot, th, th_dot = self.state
        force = 10.0 if a == 1 else -10.0
        c, s = math.cos(th), math.sin(th)
        temp = (force + 0.05 * th_dot * th_dot * s) / 1.1
        thacc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * c * c / 1.1))
        xacc = temp - 0.05 * thacc * c / 1.1
        x += 0.02 * x_dot
        x_dot += 0.02 * xacc
        th += 0.02 * th_dot
        th_dot += 0.02 * thacc
        self.state = [x, x_dot, th, th_dot]
        self.t += 1
        term = x < -2.4 or x > 2.4 or th < -0.20943951023931953 or th > 0.20943951023931953
        return list(self.state), 1.0, term, self.t >= self.max_steps


class Pendulum:
    """Pendulum-v1: torque in [-2, 2], reward −(θ² + 0.1 θ̇² + 0.001 u²),
    truncation after 200 steps."""

    obs_dim, act_dim, max_steps, act_high = 3, 1, 200, 2.0

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.th = self.thdot = 0.0
        self.t = 0

    def obs(self):
        return [math.cos(self.th), math.sin(self.th), self.thdot]

    def reset(self):
        self.th = self.rng.uniform(-math.pi, math.pi)
        self.thdot = self.rng.uniform(-1.0, 1.0)
        self.t = 0
        return self.obs()

    def step(self, u):
        u = min(max(u, -2.0), 2.0)
        thn = ((self.th + math.pi) % (2 * math.pi)) - math.pi
        r = -(thn * thn + 0.1 * self.thdot * self.thdot + 0.001 * u * u)
        self.thdot = min(max(self.thdot + (15.0 * math.sin(self.th) + 3.0 * u) * 0.05, -8.0), 8.0)
        self.th += self.thdot * 0.05
        self.t += 1
        return self.obs(), r, False, self.t >= self.max_steps
