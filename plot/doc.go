// Package plot draws paper-grade figures from recorded data and saves them
// as PNG and SVG, on top of gonum.org/v1/plot.
//
// It knows nothing about games or learners: every figure is built from small
// plain-data structs (Series, Path, PointSet, Curve, Rect) and plain
// functions, and returns a *plot.Plot of gonum that Save writes to files
// (and that callers may still adjust before saving).
//
//   - Lines: named series y(x) against iterations or stages, optionally on a
//     log-scale y axis, with shaded bands (min–max or ±sd across seeds, see
//     MeanBand) around mean lines, as in Fig. 1 of Loftin et al. (Hi-C) and
//     Fig. 3 of Zheng et al. (Stackelberg actor-critic). A series may fix
//     its colour (Series.Colour), so that one algorithm looks alike in
//     every figure; an axis of counts is ticked at integers
//     (Frame.XIntegers).
//   - Phase: trajectories in the (x, y) plane with their starts marked,
//     equilibrium points with one marker shape and legend entry per kind
//     ("DSE", "DNE"), and zero-level curves g(x, y) = 0 traced by marching
//     squares (Contour) over a rectangle, as in Fig. 2 of Fiez et al.
//   - VectorField: a quiver plot of a 2-D vector field on a grid, arrows
//     scaled to fit their cells, with trajectories overlaid, as in Figs. 1
//     and 4 of Zheng et al.
//
// A series, band or path denser than the page can show (a training curve
// logged at every one of a million steps) is drawn through at most four
// of its points in each column 0.05 pt wide (half a pixel in a PNG of
// under 720 dpi): its first, last, lowest and highest there. Every point
// given lies within a column's width of the line drawn, and every vertex
// drawn is a point given. Only consecutive points in one column are
// thinned: a path that keeps crossing back between columns (a noisy
// trajectory in a ball about its limit, an oscillation between two
// states) is drawn through every point, as before (200 000 such points:
// a 2.7 MB SVG and 3 s for the PNG).
//
// It implements no paper equation; it draws the paper figures named above.
//
// Errors name the field and the value at fault, e.g.
// `plot: Series[1] "Hi-C": len(Y) = 9, want len(X) = 10`.
package plot
