package repro

// dynamicsLabels are the readable names the reproductions' tables give the
// learning dynamics, by their config kind (dynamics.kind, which results.json
// keys and run directories keep: a published interface).
var dynamicsLabels = map[string]string{
	"sga":             "simultaneous gradient (Nash)",
	"stackelberg":     "Stackelberg gradient",
	"stackelberg-pg":  "Stackelberg policy gradient",
	"simultaneous-pg": "simultaneous policy gradient (Nash)",
}

// dynamicsLabel returns the readable name of the dynamics kind, or kind
// itself for a kind without one.
func dynamicsLabel(kind string) string {
	if l, ok := dynamicsLabels[kind]; ok {
		return l
	}
	return kind
}
