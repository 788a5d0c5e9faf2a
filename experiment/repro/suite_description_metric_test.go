package repro

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// TestSuiteDescriptionsNameTheirCurveMetric checks that the line
// `stackel reproduce --list` prints for each MuJoCo suite names the
// statistic its curves actually plot: the report draws, thresholds and
// tests the average training return for AC and STAC (experiment.ThresholdFor
// with OnTest false, Appendix E's measure) and the deterministic test return
// for the off-policy algorithms. stac-mujoco's description used to promise
// "test-return curves", while its committed report's figure is of the
// average return (results/stac-mujoco-1m/report.md).
func TestSuiteDescriptionsNameTheirCurveMetric(t *testing.T) {
	want := map[string]string{
		"stac-mujoco": "Zheng et al. Fig. 3 on MuJoCo (needs -tags mujoco): STAC vs AC on Hopper-v4, HalfCheetah-v4, Walker2d-v4, Ant-v4, " +
			"1M steps per run (--steps N to shorten), average-return curves over seeds (the training batches' mean episode return, " +
			"Appendix E's measure for AC and STAC), one panel per task, final and over-the-run returns",
		"stddpg-mujoco": "Zheng et al. Fig. 3 on MuJoCo (needs -tags mujoco): STDDPG vs DDPG on Hopper-v4, HalfCheetah-v4, Walker2d-v4, Ant-v4, " +
			"1M steps per run (--steps N to shorten), test-return curves over seeds, one panel per task, final and over-the-run returns",
		"stsac-mujoco": "Zheng et al. Fig. 3 on MuJoCo (needs -tags mujoco): STSAC vs SAC on Hopper-v4, HalfCheetah-v4, Walker2d-v4, Ant-v4, " +
			"1M steps per run (--steps N to shorten), test-return curves over seeds, one panel per task, final and over-the-run returns",
	}
	for _, s := range []rlSuite{stddpgMuJoCo, stsacMuJoCo, stacMuJoCo} {
		r, err := Lookup(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		if r.Description != want[s.Name] {
			t.Errorf("%s: description\n%q\nwant\n%q", s.Name, r.Description, want[s.Name])
		}
		// The same rule from the report's side: the metric the suite's
		// tables and figure use.
		th, _ := experiment.ThresholdFor(s.Envs[0], agent.Algo(s.Variants[0].RL.Algo))
		if says := strings.Contains(r.Description, "test-return curves"); says != th.OnTest {
			t.Errorf("%s: description says test-return curves: %v; the report plots the test return: %v", s.Name, says, th.OnTest)
		}
	}
}
