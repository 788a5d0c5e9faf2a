package env

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// spacesEnv is an environment with the spaces it is given; Reset and Step
// are never called here.
type spacesEnv struct{ obs, act Space }

func (e *spacesEnv) ObservationSpace() Space                         { return e.obs }
func (e *spacesEnv) ActionSpace() Space                              { return e.act }
func (e *spacesEnv) Reset(*rand.Rand) []float64                      { return make([]float64, e.obs.Dim()) }
func (e *spacesEnv) Step([]float64) ([]float64, float64, bool, bool) { return nil, 0, false, false }

// unregister removes id from the registry when the test ends (ExampleMake
// lists the registered names).
func unregister(t *testing.T, id string) {
	t.Cleanup(func() {
		registryMu.Lock()
		delete(registry, id)
		registryMu.Unlock()
	})
}

const remedy52 = "; declare the instance's space in Spec.%s, or leave it nil to have it read from an instance"

// TestMakeChecksDeclaredSpaces52: Make refuses an instance whose
// observation or action space is not the one its spec declares (Obs, Act),
// naming the environment, the field, both spaces and their first
// difference, the instance's side first. agent.Defaults reads the declared
// spaces and the agent builds its instance with Make: before session 52 a
// declared Box of dimension 3 over an instance of dimension 2, or a
// declared Discrete over an instance's Box, went through silently.
// Agreeing declarations (equal spaces built another way) are made. The
// last two cases are the ones Register could not see had it built an
// instance: a constructor supplied later by Provide (as the MuJoCo
// tasks' are) and instances that change after the first.
func TestMakeChecksDeclaredSpaces52(t *testing.T) {
	box2, box3 := UniformBox(-1, 1, 2), UniformBox(-1, 1, 3)
	for _, c := range []struct {
		id               string
		obs, act         Space // declared
		instObs, instAct Space // the instance's
		want             string
	}{
		{"ObsDim52-v0", box3, nil, box2, Discrete{N: 2},
			`env: ObsDim52-v0: the observation space of its instance, Box([-1 -1], [1 1], (2,)), is not the registered Spec.Obs Box([-1 -1 -1], [1 1 1], (3,)) (dimension 2 against 3)` + fmt.Sprintf(remedy52, "Obs")},
		{"ActKind52-v0", nil, Discrete{N: 2}, box2, UniformBox(-2, 2, 1),
			`env: ActKind52-v0: the action space of its instance, Box([-2], [2], (1,)), is not the registered Spec.Act Discrete(2) (*env.Box against env.Discrete)` + fmt.Sprintf(remedy52, "Act")},
		{"ActBounds52-v0", box2, UniformBox(-1, 1, 1), box2, NewBox([]float64{-1}, []float64{2}),
			`env: ActBounds52-v0: the action space of its instance, Box([-1], [2], (1,)), is not the registered Spec.Act Box([-1], [1], (1,)) (High[0] 2 against 1)` + fmt.Sprintf(remedy52, "Act")},
		{"ActN52-v0", box2, Discrete{N: 3}, box2, Discrete{N: 4},
			`env: ActN52-v0: the action space of its instance, Discrete(4), is not the registered Spec.Act Discrete(3) (N 4 against 3)` + fmt.Sprintf(remedy52, "Act")},
		{"ObsShape52-v0", UniformBox(0, 1, 2, 3), nil, UniformBox(0, 1, 6), Discrete{N: 2},
			`env: ObsShape52-v0: the observation space of its instance, Box([0 0 0 0 0 0], [1 1 1 1 1 1], (6,)), is not the registered Spec.Obs Box([0 0 0 0 0 0], [1 1 1 1 1 1], (2, 3)) (shape [6] against [2 3])` + fmt.Sprintf(remedy52, "Obs")},
		{"ObsNil52-v0", box2, nil, nil, Discrete{N: 2},
			`env: ObsNil52-v0: the observation space of its instance, <nil>, is not the registered Spec.Obs Box([-1 -1], [1 1], (2,)) (nil against *env.Box)` + fmt.Sprintf(remedy52, "Obs")},
		{"Agree52-v0", UniformBox(-1, 1, 2), Discrete{N: 2}, NewBox([]float64{-1, -1}, []float64{1, 1}), Discrete{N: 2}, ""},
		{"AgreeAct52-v0", nil, UniformBox(-2, 2, 1), box3, NewBox([]float64{-2}, []float64{2}), ""},
	} {
		instObs, instAct := c.instObs, c.instAct
		if err := Register(Spec{ID: c.id, MaxEpisodeSteps: 10, Obs: c.obs, Act: c.act,
			New: func() Env { return &spacesEnv{obs: instObs, act: instAct} }}); err != nil {
			t.Errorf("Register %s: %v", c.id, err)
			continue
		}
		unregister(t, c.id)
		e, err := Make(c.id)
		switch {
		case c.want == "" && (err != nil || e == nil):
			t.Errorf("Make(%s): %v, %v; want an instance", c.id, e, err)
		case c.want != "" && (err == nil || err.Error() != c.want || e != nil):
			t.Errorf("Make(%s): %v, %v; want nil and\n%s", c.id, e, err, c.want)
		}
	}

	const provided = "Provided52-v0"
	if err := Register(Spec{ID: provided, Tag: "custom", Obs: UniformBox(-1, 1, 3), Act: Discrete{N: 2}}); err != nil {
		t.Fatal(err)
	}
	unregister(t, provided)
	if err := Provide(provided, func() Env { return &spacesEnv{obs: UniformBox(-1, 1, 2), act: Discrete{N: 2}} }); err != nil {
		t.Fatal(err)
	}
	const changing = "Changing52-v0"
	calls := 0
	if err := Register(Spec{ID: changing, Act: Discrete{N: 2}, New: func() Env {
		calls++
		return &spacesEnv{obs: UniformBox(-1, 1, 2), act: Discrete{N: calls}}
	}}); err != nil {
		t.Fatal(err)
	}
	unregister(t, changing)
	wantProvided := "env: Provided52-v0: the observation space of its instance, Box([-1 -1], [1 1], (2,)), is not the registered Spec.Obs Box([-1 -1 -1], [1 1 1], (3,)) (dimension 2 against 3)" + fmt.Sprintf(remedy52, "Obs")
	if e, err := Make(provided); err == nil || e != nil || err.Error() != wantProvided {
		t.Errorf("Make(%s): %v, %v", provided, e, err)
	}
	// Register builds no instance; the first Make's has Discrete(1), the
	// second's Discrete(2), the declared space, the third's Discrete(3).
	for i, want := range []string{
		"env: Changing52-v0: the action space of its instance, Discrete(1), is not the registered Spec.Act Discrete(2) (N 1 against 2)" + fmt.Sprintf(remedy52, "Act"),
		"",
		"env: Changing52-v0: the action space of its instance, Discrete(3), is not the registered Spec.Act Discrete(2) (N 3 against 2)" + fmt.Sprintf(remedy52, "Act"),
	} {
		e, err := Make(changing)
		if got := fmt.Sprint(err); (want == "" && err != nil) || (want != "" && (got != want || e != nil)) {
			t.Errorf("Make(%s) #%d: %v, %v; want error %q", changing, i+1, e, err, want)
		}
	}
}

// TestRegisterBuildsNoInstance52: Register does not call New, even with
// declared spaces to check (New may be costly at registration, in an
// init, or panic there: cmd/stackel's TestPanicOnNew-v0 registers one
// whose panic its run must record).
func TestRegisterBuildsNoInstance52(t *testing.T) {
	calls := 0
	if err := Register(Spec{ID: "Counted52-v0", Obs: UniformBox(-1, 1, 2), Act: Discrete{N: 2},
		New: func() Env { calls++; panic("built") }}); err != nil {
		t.Fatal(err)
	}
	unregister(t, "Counted52-v0")
	if calls != 0 {
		t.Errorf("Register called New %d times, want 0", calls)
	}
}

// TestRegisterChecksID52: Register refuses an ID that is not a name of
// ASCII letters, digits, '_', '-' and '.' starting with a letter or digit,
// optionally after one namespace of the same and a '/', at most 100
// bytes (Gymnasium's IDs "CartPole-v1", "ns/Name-v0"), naming the ID and
// the rule; before session 52 "My Env-v0" (a space, which breaks the
// tab-separated `stackel envs` and --envs lists) was registered. Every ID
// stackel or its tests register is accepted.
func TestRegisterChecksID52(t *testing.T) {
	const rule = "an ID is a name of ASCII letters, digits, '_', '-' and '.' that starts with a letter or digit, optionally after a namespace of the same and a '/', at most 100 bytes, like \"CartPole-v1\" or \"ns/Name-v0\""
	for _, c := range []struct{ id, why string }{
		{"My Env-v0", `' ' at byte 2`},
		{"Env-v0\t", `'\t' at byte 6`},
		{"Env,Other-v0", `',' at byte 3`},
		{"Env:v0", `':' at byte 3`},
		{"Été-v0", `'É' at byte 0`},
		{"-Env-v0", `its name starts with '-'`},
		{".hidden-v0", `its name starts with '.'`},
		{"ns/_Env-v0", `its name starts with '_'`},
		{"_ns/Env-v0", `its namespace starts with '_'`},
		{"ns/", `its name is empty`},
		{"/Env-v0", `its namespace is empty`},
		{"a/b/Env-v0", `it has 2 '/' (one namespace at most)`},
		{strings.Repeat("E", 101), `it is 101 bytes long`},
		{"Env-v0\x1b[2J", `'\x1b' at byte 6`},
	} {
		err := Register(Spec{ID: c.id, New: func() Env { return NewCartPole() }})
		if err == nil {
			unregister(t, c.id)
		}
		want := "env: Register " + nameText(c.id) + ": " + c.why + "; " + rule
		if err == nil || err.Error() != want {
			t.Errorf("Register(%q):\n got %v\nwant %s", c.id, err, want)
		}
	}
	ids := append(Names(), // stackel's own, and those other packages' tests register
		"TestNilNew-v0", "TestPanicOnNew-v0", "CloseCounted-v0", "NoBoxActionsOff-v0", "S-v0", "N-v0",
		"ns/Name-v0", "my_org/My_Env.2-v10", "PointMass", "0Env", strings.Repeat("E", 100))
	for _, id := range ids {
		if err := validID(id); err != nil {
			t.Errorf("validID(%q): %v", id, err)
		}
	}
	for _, id := range []string{"ns/Name-v0", "PointMass52"} {
		if err := Register(Spec{ID: id, New: func() Env { return NewCartPole() }}); err != nil {
			t.Errorf("Register(%q): %v", id, err)
		} else {
			unregister(t, id)
		}
	}
}
