// Package progress shows how far a long command-line job has come: on a
// terminal a bar redrawn in place with the rate and the time left, otherwise
// (a log, CI, systemd) a plain line at every tenth of the way, so logs stay
// readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Bar reports one job of a known size.
type Bar struct {
	w            io.Writer
	tty          bool
	label, unit  string
	total, done  int
	began, drawn time.Time
	tenths       int // plain lines written so far
	now          func() time.Time
}

// New starts reporting a job of total steps of unit ("persons", "days") to w;
// w is a terminal when it is a character device.
func New(w io.Writer, label, unit string, total int) *Bar {
	return newBar(w, Terminal(w), label, unit, total, time.Now)
}

func newBar(w io.Writer, tty bool, label, unit string, total int, now func() time.Time) *Bar {
	return &Bar{w: w, tty: tty, label: label, unit: unit, total: total, began: now(), now: now}
}

// Terminal reports whether w is a terminal.
func Terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Set records that done steps are done; it draws at most ten times a second
// on a terminal, and once per tenth of the job otherwise.
func (b *Bar) Set(done int) {
	b.done = min(done, b.total)
	now := b.now()
	if b.tty {
		if now.Sub(b.drawn) >= 100*time.Millisecond || b.done == b.total {
			b.drawn = now
			fmt.Fprintf(b.w, "\r%s", b.line(now, true))
		}
		return
	}
	if b.total > 0 {
		for b.tenths < 10*b.done/b.total {
			b.tenths++
			if b.tenths < 10 {
				fmt.Fprintln(b.w, b.line(now, false))
			}
		}
	}
}

// Finish ends the report with the job's size, time and rate.
func (b *Bar) Finish() {
	took := b.now().Sub(b.began)
	end := ""
	if b.tty {
		end = "\r\033[K"
	}
	fmt.Fprintf(b.w, "%s%s: %d %s in %s (%s/s)\n", end, b.label, b.done, b.unit, took.Round(100*time.Millisecond), rate(b.done, took))
}

// line is "label [#####     ] 50% 500/1000 persons 120/s, 4s left".
func (b *Bar) line(now time.Time, bar bool) string {
	took := now.Sub(b.began)
	pct := 0
	if b.total > 0 {
		pct = 100 * b.done / b.total
	}
	left := "?"
	if b.done > 0 {
		left = (time.Duration(float64(took) / float64(b.done) * float64(b.total-b.done))).Round(time.Second).String()
	}
	s := fmt.Sprintf("%s %3d%% %d/%d %s, %s/s, %s left", b.label, pct, b.done, b.total, b.unit, rate(b.done, took), left)
	if bar {
		const width = 30
		n := width * pct / 100
		s = fmt.Sprintf("%s [%s%s] %s", b.label, strings.Repeat("#", n), strings.Repeat(" ", width-n), strings.TrimPrefix(s, b.label+" "))
	}
	return s
}

func rate(n int, d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(n)/d.Seconds())
}

// Reader counts what is read through it as done (a file's bytes).
func (b *Bar) Reader(r io.Reader) io.Reader { return &reader{r: r, bar: b} }

type reader struct {
	r   io.Reader
	n   int
	bar *Bar
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += n
	r.bar.Set(r.n)
	return n, err
}
