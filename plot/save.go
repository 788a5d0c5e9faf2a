package plot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Size is the size of a saved figure.
type Size struct {
	// Width and Height are in inches; 0 means DefaultSize's.
	Width, Height float64
	// DPI is the resolution of PNG output in pixels per inch (SVG is a
	// vector format); 0 means DefaultSize's. A PNG is
	// round(Width·DPI) × round(Height·DPI) pixels.
	DPI int
}

// DefaultSize is 6×4 in at 150 dpi: a 900×600 PNG.
var DefaultSize = Size{Width: 6, Height: 4, DPI: 150}

// DefaultFormats are the formats Save writes when given none.
var DefaultFormats = []string{"png", "svg"}

// Save draws p at the given size and writes it to base + "." + format for
// each format ("png" or "svg", in any case and with or without a leading
// dot, written in lower case; DefaultFormats if none), creating base's
// directory if needed. It returns the paths written. It returns an error
// for an unknown format, a base that already ends in .png or .svg (it
// would be written as fig.png.png), a base that names a directory ("figs/",
// ".": it would be written as the hidden figs/.png), a directory where a
// file is to go (figs/fig.svg; nothing is then written), a negative or
// non-finite size, a PNG size below one pixel (before any file is
// written), or a failed write.
// Each file is replaced atomically and durably (written under a temporary
// name, synced, renamed, the directory then synced): a failed write leaves
// the file that was there before, and a power cut never leaves an empty
// or cut figure under the final name.
// A title or axis label too wide for the figure (or its panel) is wrapped
// at spaces for the drawing, the title into at most 3 lines and each
// label into 2, the last ending in "…" if text is left; the plot's texts
// are left as they were. A file
// that is a symbolic link stays one: the file it links to is replaced.
// The temporary files that writers killed mid-write left beside the
// figure (of processes that no longer exist) are removed. A plot saved
// again (at another size, or in SavePanels) is drawn as a fresh one
// would be: its legend makes room for the new size (see Frame.Legend).
//
// Text in SVG files names its font rather than embedding it: Liberation
// Sans, then the metric-compatible Arial and Helvetica, then sans-serif.
// PNG files draw a character that Liberation Sans has no glyph for (CJK,
// emoji) as "□" (tofuCanvas), where it would be left out without a trace.
//
// There is no PDF output: gonum's PDF canvas writes text in a single-byte
// encoding, which garbles the Greek letters and subscripts of axis labels
// (θ₁). For a PDF, convert the SVG, e.g. `rsvg-convert -f pdf -o f.pdf f.svg`.
func Save(p *gplot.Plot, base string, size Size, formats ...string) ([]string, error) {
	if p == nil {
		return nil, errors.New("plot: Save: nil plot")
	}
	return saveDrawn(func(dc draw.Canvas) {
		defer fitText(p, dc)()
		p.Draw(dc)
	}, base, size, formats...)
}

// SavePanels saves plots side by side as one figure, cols panels to a row
// (each panel keeps its own axes, title and legend), in the formats and
// with the conventions of Save; size is the whole figure's.
func SavePanels(plots []*gplot.Plot, cols int, base string, size Size, formats ...string) ([]string, error) {
	if len(plots) == 0 || cols <= 0 {
		return nil, fmt.Errorf("plot: SavePanels: %d plots in %d columns", len(plots), cols)
	}
	for i, p := range plots {
		if p == nil {
			return nil, fmt.Errorf("plot: SavePanels: plot %d is nil", i)
		}
	}
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*gplot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*gplot.Plot, cols)
		for c := range grid[r] {
			if i := r*cols + c; i < len(plots) {
				grid[r][c] = plots[i]
			}
		}
	}
	return saveDrawn(func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4}
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					defer fitText(p, tiles.At(dc, c, r))()
				}
			}
		}
		canvases := gplot.Align(grid, tiles, dc)
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	}, base, size, formats...)
}

// saveDrawn writes what drawFn draws to base.<format> for each format.
func saveDrawn(drawFn func(draw.Canvas), base string, size Size, formats ...string) ([]string, error) {
	if base == "" {
		return nil, errors.New("plot: Save: empty path")
	}
	// "figs/" (or ".", "figs/..") names no file: it would be written as
	// the hidden figs/.png and figs/.svg.
	if last := base[strings.LastIndexAny(base, `/`+string(filepath.Separator))+1:]; last == "" || last == "." || last == ".." {
		return nil, fmt.Errorf("plot: Save: path %q names a directory, not a file: pass the figure's path without extension, e.g. %q", base, filepath.Join(base, "fig"))
	}
	size, err := size.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	norm := make([]string, len(formats))
	for i, f := range formats {
		norm[i] = strings.ToLower(strings.TrimPrefix(f, "."))
		if norm[i] != "png" && norm[i] != "svg" {
			return nil, fmt.Errorf("plot: Save: format %q, want png or svg", f)
		}
	}
	formats = norm
	// "fig.png" would be written as fig.png.png and fig.png.svg, leaving
	// an old fig.png in place to be mistaken for the new figure.
	if ext := strings.ToLower(filepath.Ext(base)); ext == ".png" || ext == ".svg" {
		return nil, fmt.Errorf("plot: Save: path %q ends in %s, but Save adds the extension of each format: pass %q", base, filepath.Ext(base), strings.TrimSuffix(base, filepath.Ext(base)))
	}
	if slices.Contains(formats, "png") {
		if w, h := size.pixels(); w < 1 || h < 1 {
			return nil, fmt.Errorf("plot: Save: size %v×%v in at %d dpi is a %d×%d-pixel PNG, want at least 1×1", size.Width, size.Height, size.DPI, w, h)
		}
	}
	// A directory at one of the names is refused before any file is
	// written: the rename onto it failed only after the formats before
	// it were replaced, with "file exists".
	for _, f := range formats {
		path := base + "." + f
		real, err := linkTarget(path)
		if err != nil {
			return nil, fmt.Errorf("plot: Save: %w", err)
		}
		if fi, err := os.Stat(real); err == nil && fi.IsDir() {
			what := path
			if real != path {
				what = fmt.Sprintf("%s (which %s links to)", real, path)
			}
			return nil, fmt.Errorf("plot: Save: %s is a directory, not a figure file: remove it or save under another name", what)
		}
	}
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return nil, fmt.Errorf("plot: Save: %w", err)
	}
	w, h := vg.Length(size.Width)*vg.Inch, vg.Length(size.Height)*vg.Inch
	// A first drawing, thrown away, lets legends make room (legendBox).
	drawFn(draw.Canvas{Canvas: layoutCanvas{&recorder.Canvas{}}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}})
	var written []string
	for _, f := range formats {
		path := base + "." + f
		var c interface {
			vg.CanvasSizer
			io.WriterTo
		}
		switch f {
		case "png":
			c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(size.DPI))}
		case "svg":
			c = vgsvg.New(w, h)
		}
		if f == "png" {
			drawFn(draw.New(tofuCanvas{c}))
		} else {
			drawFn(draw.New(c))
		}
		var out io.WriterTo = c
		if f == "svg" {
			out = svgFallbackFonts{c}
		}
		if err := writeFile(path, out); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// layoutCanvas is the canvas of Save's first drawing, which is thrown
// away: on it legends make their room for the size being saved
// (legendBox), whatever they made for an earlier save.
type layoutCanvas struct{ *recorder.Canvas }

// isLayout reports whether c draws on Save's layoutCanvas, looking
// through the canvases gonum wraps it in (its padding makes a
// draw.Canvas the vg.Canvas of another).
func isLayout(c draw.Canvas) bool {
	var vc vg.Canvas = c.Canvas
	for range 64 {
		switch inner := vc.(type) {
		case layoutCanvas:
			return true
		case draw.Canvas:
			vc = inner.Canvas
		case *draw.Canvas:
			vc = inner.Canvas
		default:
			return false
		}
	}
	return false
}

// filled is s with its zero fields DefaultSize's.
func (s Size) filled() Size {
	if s.Width == 0 {
		s.Width = DefaultSize.Width
	}
	if s.Height == 0 {
		s.Height = DefaultSize.Height
	}
	if s.DPI == 0 {
		s.DPI = DefaultSize.DPI
	}
	return s
}

// withDefaults fills the zero fields of s from DefaultSize and checks it.
func (s Size) withDefaults() (Size, error) {
	s = s.filled()
	if !(s.Width > 0 && s.Height > 0) || math.IsInf(s.Width, 0) || math.IsInf(s.Height, 0) || s.DPI < 0 {
		return s, fmt.Errorf("plot: Save: size %v×%v in at %d dpi, want positive and finite", s.Width, s.Height, s.DPI)
	}
	// Refuse sizes that would allocate an absurd raster (over 100 MP).
	if px := s.Width * s.Height * float64(s.DPI) * float64(s.DPI); px > 1e8 {
		return s, fmt.Errorf("plot: Save: size %v×%v in at %d dpi is %.0f pixels, over 1e8", s.Width, s.Height, s.DPI, px)
	}
	return s, nil
}

// Pixels is the width and height in pixels of the PNG that Save writes at
// size s (its zero fields DefaultSize's): round(Width·DPI) ×
// round(Height·DPI), as gonum's raster canvas rounds them.
func (s Size) Pixels() (w, h int) {
	return s.filled().pixels()
}

// pixels is the width and height in pixels of a PNG of size s, as gonum's
// raster canvas rounds them.
func (s Size) pixels() (w, h int) {
	px := func(inches float64) int {
		return int(vg.Length(inches)*vg.Inch/vg.Inch*vg.Length(s.DPI) + 0.5)
	}
	return px(s.Width), px(s.Height)
}

// writeFile writes w to path atomically and durably: to a temporary file
// in path's directory, synced to disk, renamed over path, and the directory
// then synced, as the project's other outputs are written. A reader (a
// LaTeX build, a viewer) never sees a half-written figure, a power cut
// leaves the old figure or the whole new one (never an empty or cut one
// under the final name), and a write, sync, close or rename that fails
// leaves the file that was there before untouched (the temporary file is
// removed).
func writeFile(path string, w io.WriterTo) error {
	path, err := linkTarget(path)
	if err != nil {
		return fmt.Errorf("plot: Save: %w", err)
	}
	f, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("plot: Save: %w", err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done { // an error, or a panic in w.WriteTo
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := w.WriteTo(f); err != nil {
		return fmt.Errorf("plot: Save: writing %s: %w", path, err)
	}
	if err := syncFile(f); err != nil {
		return fmt.Errorf("plot: Save: writing %s: syncing: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("plot: Save: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("plot: Save: writing %s: %w", path, err)
	}
	done = true
	// The rename is durable once the directory is synced. A file system
	// that cannot sync a directory (some network ones) keeps the rename:
	// the data are synced already.
	syncDir(filepath.Dir(path))
	removeDeadTemps(path)
	return nil
}

// syncFile flushes f's data to disk (a variable so that tests can make it
// fail).
var syncFile = (*os.File).Sync

// syncDir flushes dir's entries (a rename) to disk as far as the file
// system allows; errors are ignored. A variable so that tests can watch it.
var syncDir = func(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// removeDeadTemps removes the temporary files of path (createTemp's
// names) that writers killed mid-write left behind: those of processes
// that no longer exist. A live process's file, this one's included, is
// left to its writer. Best effort: errors are ignored.
func removeDeadTemps(path string) {
	dir, base := filepath.Split(path)
	names, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".*.tmp"))
	for _, name := range names {
		rest := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), "."+base+"."), ".tmp")
		pidText, seq, ok := strings.Cut(rest, ".")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || !allDigits(seq) || processAlive(pid) {
			continue
		}
		os.Remove(name)
	}
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// allDigits reports that s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// linkTarget returns the file that writing path writes: path itself, or,
// where path is a symbolic link (a paper's figs/fig3.png linking to a
// run's figure), the file it links to, followed through every link, so
// that an atomic save replaces the figure and keeps the link, as writing
// through it would. A dangling link gives the missing file it names.
//
// A link's relative target is resolved as the kernel resolves it: from
// the link's directory, symbolic links in it followed before a "..".
// filepath.Join would cancel "dir/.." lexically, which names another
// directory when dir is itself a link (figs -> runs/a, and figs/fig.png
// -> ../b/fig.png is runs/b/fig.png, not b/fig.png). So the target is
// joined without cleaning, and the directory of the file found is given
// with its links resolved (filepath.EvalSymlinks), which the names of the
// temporary files, made with filepath.Join, then keep.
func linkTarget(path string) (string, error) {
	followed := false
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			if !followed {
				return path, nil
			}
			dir, base := filepath.Split(path)
			if dir == "" {
				dir = "."
			}
			real, err := filepath.EvalSymlinks(dir)
			if err != nil {
				return "", err
			}
			return filepath.Join(real, base), nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dir, _ := filepath.Split(path) // not cleaned: see above
			dest = dir + dest
		}
		path, followed = dest, true
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// tempSeq numbers createTemp's names within the process.
var tempSeq atomic.Uint64

// createTemp creates a new file beside path, named .BASE.PID.N.tmp, with
// mode 0666 less the umask, as os.Create would give path itself
// (os.CreateTemp's 0600 would hide the figure from other users, and a
// fixed 0644 would override a umask that keeps files private).
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d.%d.tmp", base, os.Getpid(), tempSeq.Add(1)))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// svgFallbackFonts writes an SVG document with font fallbacks added to the
// font-family that gonum's SVG canvas writes, so that viewers without
// Liberation Sans use a font of the same metrics rather than their default
// (often a serif), and with xml:space="preserve" on its root, so that
// text keeps its spaces as the PNG does (viewers otherwise collapse a run
// of spaces into one and drop leading ones: a legend entry "PPO  lr 3"
// read "PPO lr 3", and an indented label moved off the place gonum
// measured for it).
type svgFallbackFonts struct{ io.WriterTo }

// WriteTo implements io.WriterTo.
func (s svgFallbackFonts) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := s.WriterTo.WriteTo(&buf); err != nil {
		return 0, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	// (The root is the first "<svg ": gonum writes a declaration and a
	// comment before it, and escapes "<" in text. The attribute goes last
	// in the root's tag, so that the tag still begins `<svg width="…pt"`
	// as it did for scripts that read a figure's size from it.)
	if i := bytes.Index(out, []byte("<svg ")); i >= 0 {
		if j := bytes.IndexByte(out[i:], '>'); j >= 0 {
			k := i + j
			if out[k-1] == '/' {
				k--
			}
			out = append(out[:k:k], append([]byte(` xml:space="preserve"`), out[k:]...)...)
		}
	}
	n, err := w.Write(out)
	return int64(n), err
}

// tofuCanvas draws the text of a PNG with withTofu: the raster renderer
// leaves a character its font has no glyph for (CJK, emoji, the U+FFFD of
// invalid UTF-8) out without a trace, so that "日本 run" read " run".
// (SVG files keep the text, for the viewer's fallback fonts.)
type tofuCanvas struct{ vg.CanvasSizer }

// FillString implements vg.Canvas.
func (c tofuCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.CanvasSizer.FillString(f, pt, withTofu(f, s))
}

// withTofu returns s with every character that f has no glyph for
// replaced by "□" ("?" if f has none for that either); characters
// invisible by design are kept (drawn as nothing, as before): controls
// (DEL and C1 too), format characters (a byte-order mark, the word
// joiner, bidi isolates) and variation selectors.
func withTofu(f font.Face, s string) string {
	if f.Face == nil {
		return s
	}
	has := func(r rune) bool {
		i, err := f.Face.GlyphIndex(nil, r)
		return err == nil && i != 0
	}
	var b strings.Builder
	for i, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Variation_Selector) || has(r) {
			if b.Len() > 0 {
				b.WriteRune(r)
			}
			continue
		}
		if b.Len() == 0 {
			b.WriteString(s[:i])
		}
		if has('□') {
			b.WriteRune('□')
		} else {
			b.WriteByte('?')
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}
