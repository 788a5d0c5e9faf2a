package experiment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/experiment"
)

// A run as data: a job made from a configuration and a seed, sent as JSON,
// run with RunJob, and skipped when run again.
func ExampleRunJob() {
	cfg, err := experiment.ParseConfig([]byte("name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 100\n"))
	if err != nil {
		panic(err)
	}
	job, _ := experiment.NewJob(cfg, 7, "duo/seed7")
	again, _ := experiment.NewJob(cfg, 7, "elsewhere")
	other, _ := experiment.NewJob(cfg, 8, "duo/seed8")
	fmt.Println("same config and seed, same ID:", job.ID == again.ID)
	fmt.Println("another seed, another ID:", job.ID != other.ID)

	msg, _ := json.Marshal(job) // what a queue or a manifest carries
	var received experiment.Job
	if err := json.Unmarshal(msg, &received); err != nil {
		panic(err)
	}
	root, _ := os.MkdirTemp("", "jobs")
	defer os.RemoveAll(root)
	rec, err := experiment.RunJob(context.Background(), received, filepath.Join(root, received.Out), nil)
	fmt.Println(rec.Status, err)
	for _, f := range []string{experiment.ConfigFile, experiment.MetricsFile, experiment.SummaryFile, experiment.JobFile} {
		_, err := os.Stat(filepath.Join(root, received.Out, f))
		fmt.Println(f, err == nil)
	}
	pending, finished, _ := experiment.Pending(root, []experiment.Job{job, other})
	fmt.Println("pending:", len(pending), "finished:", len(finished))
	// Output:
	// same config and seed, same ID: true
	// another seed, another ID: true
	// done <nil>
	// config.yaml true
	// metrics.csv true
	// summary.json true
	// job.json true
	// pending: 1 finished: 1
}
