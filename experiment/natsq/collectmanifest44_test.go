package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A collect's read of the sweep's manifest (CollectManifest, which
// `sweep collect --nats` reads before Collect) waits out an object store
// whose JetStream answers "no responders", saying so once, and then
// returns the manifest; with no log it ends at once saying the server
// does not answer. Before session 44 the collect ended at once with
// "reading the manifest of sweep …: nats: no responders available for
// request", so an outage already there when it began was not waited out.
func TestCollectManifestOutlastsNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	const name = "manifestoff"
	all := smallJobs(t, name)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: all}, sweep.Plain(all), nil); err != nil {
		t.Fatal(err)
	}
	objectDirectGets(ctx, t, c, false)

	_, err := c.CollectManifest(ctx, name)
	const said = "the NATS server, or JetStream on it, does not answer (restarting, or JetStream not enabled yet); collect again once it does: "
	if err == nil || !strings.HasPrefix(err.Error(), "sweep "+name+": "+said) || !strings.Contains(err.Error(), "no responders") {
		t.Errorf("with no log: %v, want %q and the cause", err, "sweep "+name+": "+said+"…")
	}

	log := &lockedWriter{w: &strings.Builder{}}
	c.Log = log
	m, err := throughObjectOutage(ctx, t, c, log, "the manifest's read", 0, func() (sweep.Manifest, error) {
		return c.CollectManifest(ctx, name)
	})
	if err != nil || m.Name != name || len(m.Jobs) != len(all) {
		t.Fatalf("manifest %q with %d jobs, %v; want %q with %d\n%s", m.Name, len(m.Jobs), err, name, len(all), logString(log))
	}
	saidOnce(t, log, "does not answer", "the server does not answer")
}
