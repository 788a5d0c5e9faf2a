package experiment

import "testing"

// TestUnknownRLOptionListsAlgoOptions55: an rl.options key no algorithm
// reads is refused listing the options of the run's algorithm only (the
// full list offered alpha to stddpg, which then refused it as "not used
// by stddpg"), and counting the others.
func TestUnknownRLOptionListsAlgoOptions55(t *testing.T) {
	for _, c := range []struct {
		env, algo, want string
	}{
		{"Pendulum-v1", "stddpg", "rl.options.learning_rate: unknown option; valid for stddpg: act_noise, activation, actor_lr, batch_size, cg_tol, critic_lr, gamma, hessian_dtype, lambda_decay, lambda_min, lanczos_iters, optimizer, polyak, replay_size, start_steps, test_episodes, update_after, update_every (and 7 more for other algorithms)"},
		{"CartPole-v1", "ac", "rl.options.learning_rate: unknown option; valid for ac: activation, actor_lr, clip_actions, critic_lr, gamma, grad_noise, init_log_std, lam, lanczos_iters, normalize_advantages, optimizer, test_episodes (and 13 more for other algorithms)"},
		{"Pendulum-v1", "sac", "rl.options.learning_rate: unknown option; valid for sac: activation, actor_lr, alpha, batch_size, critic_lr, gamma, lanczos_iters, optimizer, polyak, replay_size, start_steps, test_episodes, update_after, update_every (and 11 more for other algorithms)"},
	} {
		_, err := RLAgentConfig(RLConfig{Env: c.env, Algo: c.algo, Extra: map[string]any{"learning_rate": 0.1}}, 1)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got\n%v\nwant\n%s", c.algo, err, c.want)
		}
	}
}
