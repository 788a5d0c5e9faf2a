package experiment

import (
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
)

// TODO(lead): figures once package plot lands.
func duopolyFigures(dir string, paths map[string]*learn.Trace, closed map[string][4]float64) error {
	return nil
}

func torusFigures(dir string, g game.Game, pts []equilib.Point, runs []torusRun) error { return nil }

func stacToyFigures(dir string, g game.Game, variants []*stacToyVariant) error { return nil }

func markovFigures(dir, name string, st, sim *markovCurve) error { return nil }
