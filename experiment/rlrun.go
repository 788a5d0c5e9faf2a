package experiment

func init() {
	RegisterRunKind(RunKind{Name: "rl", Match: (*Config).isRL, Run: RunRLConfig, Check: func(cfg *Config) error {
		_, err := RLAgentConfig(*cfg.RL, cfg.Seed)
		return err
	}})
}
