package experiment

func init() {
	RegisterRunKind(RunKind{Name: "rl", Match: (*Config).isRL, Run: RunRLConfig})
}
