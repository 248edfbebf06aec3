// Package progress shows how far a long command has got: one line on a
// terminal, redrawn in place, cleared at the end. Anything that is not a
// terminal gets the no-op Reporter, so output through a pipe, into a file
// or in a test stays exactly what the command prints without it.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"rueckgabe/textsafe"
)

// Reporter hears of a job's items. Start names how many there are (0: not
// known in advance), Step says one more is done and which, Done ends the
// job (and clears what was shown). Step may come from any goroutine.
type Reporter interface {
	Start(total int)
	Step(item string)
	Done()
}

// None is the Reporter that shows nothing.
var None Reporter = nop{}

type nop struct{}

func (nop) Start(int)   {}
func (nop) Step(string) {}
func (nop) Done()       {}

// Or is r, or None when r is nil: a function taking an optional Reporter
// calls Or once and then never checks for nil.
func Or(r Reporter) Reporter {
	if r == nil {
		return None
	}
	return r
}

// Interval is the least time between two redraws (at most ~10 a second).
const Interval = 100 * time.Millisecond

// Enabled reports whether w is a terminal that wants a live line: a
// terminal file, NO_COLOR unset or empty, and TERM not "dumb".
func Enabled(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd()) && wanted(getenv)
}

// wanted: the environment does not ask for plain output.
func wanted(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// For returns a terminal Reporter labelled label when w is enabled
// (Enabled with the process environment), else None.
func For(w io.Writer, label string) Reporter {
	if !Enabled(w, os.Getenv) {
		return None
	}
	f := w.(*os.File)
	restore, ok := vtConsole(f)
	if !ok {
		return None
	}
	width := 80
	if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
		width = cols
	}
	t := NewTerm(w, label, width, time.Now)
	t.restore = restore
	return t
}

// Term draws the job as one line on w: label, done/total, rate, time left
// and the current item, redrawn with a carriage return at most once per
// Interval of now's clock (and always for the last item), and erased by
// Done. The clock is a parameter so that tests decide what time it is.
type Term struct {
	mu     sync.Mutex
	w      io.Writer
	label  string
	width  int
	now    func() time.Time
	total  int
	done   int
	start  time.Time
	last   time.Time
	drawn  bool
	closed bool
	// restore undoes what For changed in the console (Windows), at Done
	restore func()
}

// NewTerm returns a Term writing to w, cutting lines to width columns.
func NewTerm(w io.Writer, label string, width int, now func() time.Time) *Term {
	return &Term{w: w, label: label, width: width, now: now}
}

// Start begins a job of total items (0: unknown) and draws its first line.
func (t *Term) Start(total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total, t.done, t.closed = total, 0, false
	t.start = t.now()
	t.draw("", t.start)
}

// Step counts one item done and redraws when Interval has passed since the
// last drawing, or when it was the last item.
func (t *Term) Step(item string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.done++
	now := t.now()
	if now.Sub(t.last) < Interval && t.done != t.total { // the last item is always shown
		return
	}
	t.draw(item, now)
}

// Done erases the line; what the command prints next starts at column 1,
// and the console is as it was (a Term from For serves one job). Calling it
// again does nothing.
func (t *Term) Done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.drawn {
		_, _ = io.WriteString(t.w, "\r"+ansi.EraseEntireLine)
	}
	if t.restore != nil && !t.closed {
		t.restore()
	}
	t.drawn, t.closed = false, true
}

func (t *Term) draw(item string, now time.Time) {
	t.last = now
	t.drawn = true
	_, _ = io.WriteString(t.w, "\r"+ansi.Truncate(t.line(item, now), max(t.width-1, 10), "…")+ansi.EraseLineRight)
}

// line is what the terminal shows, e.g.
// "export 12/40  3.1/s  ETA 0:09  P-2026-0012".
func (t *Term) line(item string, now time.Time) string {
	var b strings.Builder
	b.WriteString(t.label)
	if t.total > 0 {
		fmt.Fprintf(&b, " %d/%d", t.done, t.total)
	} else {
		fmt.Fprintf(&b, " %d", t.done)
	}
	if el := now.Sub(t.start); t.done > 0 && el > 0 {
		fmt.Fprintf(&b, "  %.1f/s", float64(t.done)/el.Seconds())
		if left, ok := Left(t.done, t.total, el); ok {
			fmt.Fprintf(&b, "  ETA %s", Clock(left))
		}
	}
	if item = textsafe.Line(item); item != "" {
		b.WriteString("  " + item)
	}
	return b.String()
}

// Left is how long the rest of a job of total items takes at the rate of
// the done ones over elapsed; false while that cannot be told (nothing done
// yet, no total, or all done).
func Left(done, total int, elapsed time.Duration) (time.Duration, bool) {
	if done <= 0 || elapsed <= 0 || total <= done {
		return 0, false
	}
	return time.Duration(float64(elapsed) * float64(total-done) / float64(done)), true
}

// Clock writes d as m:ss, or h:mm:ss from an hour.
func Clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Interrupt ends the job because the user stopped it (ctrl+c): the live
// line is replaced by one that says how far it came and that running the
// command again is safe (every command that shows progress marks an item
// done only once it is complete). Nothing more is drawn after it.
func (t *Term) Interrupt() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	of, ofEN := "", ""
	if t.total > 0 {
		of, ofEN = fmt.Sprintf(" von %d", t.total), fmt.Sprintf(" of %d", t.total)
	}
	_, _ = fmt.Fprintf(t.w, "\r%s%s: abgebrochen nach %d%s, erneut starten ist sicher / interrupted after %d%s, safe to run again\n",
		ansi.EraseEntireLine, t.label, t.done, of, t.done, ofEN)
	if t.restore != nil {
		t.restore()
	}
	t.drawn, t.closed = false, true
}
