package tui

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	iprogress "rueckgabe/internal/progress"
	"rueckgabe/textsafe"
)

// job is long work running off the UI loop — a sync, photos copied or
// thumbnailed, a PDF or an export. The worker counts its items through
// the progress.Reporter methods (from any goroutine); the screen reads the
// count on each tick. Keys are never blocked by it: the work runs in a
// tea.Cmd, and the user may move anywhere meanwhile.
type job struct {
	label   string
	started time.Time

	mu          sync.Mutex
	total, done int
	item        string
}

// Start is told how many items there are (0: not known).
func (j *job) Start(total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.total = total
}

// Step counts one item done.
func (j *job) Step(item string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done++
	j.item = item
}

// Done does nothing: the job's result message ends it on the screen.
func (j *job) Done() {}

func (j *job) count() (done, total int, item string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.done, j.total, j.item
}

// jobs are the jobs running now, drawn as one line each above the key help
// on every screen while they run. A tick redraws them; it runs only while
// there is a job.
type jobs struct {
	now     func() time.Time
	ticker  func() tea.Cmd // jobTick; tests that drive the model synchronously tick by hand
	running []*job
	ticking bool
	frame   int // the spinner's step for a job without a total
}

// jobTickMsg redraws the running jobs.
type jobTickMsg struct{}

func jobTick() tea.Cmd {
	return tea.Tick(iprogress.Interval, func(time.Time) tea.Msg { return jobTickMsg{} })
}

// start registers a job labelled label; the command starts the ticks when
// none are running.
func (js *jobs) start(label string) (*job, tea.Cmd) {
	j := &job{label: label, started: js.now()}
	js.running = append(js.running, j)
	if js.ticking {
		return j, nil
	}
	js.ticking = true
	return j, js.ticker()
}

// end takes a finished job off the screen.
func (js *jobs) end(j *job) {
	js.running = slices.DeleteFunc(js.running, func(r *job) bool { return r == j })
}

// tick keeps ticking while a job runs.
func (js *jobs) tick() tea.Cmd {
	js.frame++
	if len(js.running) == 0 {
		js.ticking = false
		return nil
	}
	return js.ticker()
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// view is one line per running job, e.g.
// "Sync  12/40 ██████░░░░░░░░  30 % · noch 0:12 · P-2026-0012", cut to
// width; "" when none runs.
func (js *jobs) view(st Styles, colour bool, width int) string {
	if len(js.running) == 0 {
		return ""
	}
	lines := make([]string, 0, len(js.running))
	for _, j := range js.running {
		lines = append(lines, js.line(j, st, colour, width))
	}
	return strings.Join(lines, "\n")
}

func (js *jobs) line(j *job, st Styles, colour bool, width int) string {
	done, total, item := j.count()
	var b strings.Builder
	b.WriteString(st.Header.Render(j.label) + " ")
	if total > 0 {
		fmt.Fprintf(&b, "%d/%d ", done, total)
		barW := min(24, max(8, width/5))
		b.WriteString(bar(barW, colour).ViewAs(float64(done) / float64(total)))
		if left, ok := iprogress.Left(done, total, js.now().Sub(j.started)); ok {
			b.WriteString(" · noch " + iprogress.Clock(left))
		}
	} else {
		fmt.Fprintf(&b, "%s %d", spinnerFrames[js.frame%len(spinnerFrames)], done)
	}
	if item = textsafe.Line(item); item != "" {
		b.WriteString(st.Muted.Render(" · " + item))
	}
	return truncate(b.String(), width)
}

// bar is the bubbles progress bar in the app's colours; without colour the
// filled and empty parts differ by their characters alone.
func bar(width int, colour bool) progress.Model {
	opts := []progress.Option{progress.WithWidth(width), progress.WithFillCharacters('█', '░')}
	if colour {
		opts = append(opts, progress.WithColors(lipgloss.Color("2")))
	}
	m := progress.New(opts...)
	m.PercentFormat = " %3.0f %%"
	if !colour {
		m.FullColor, m.EmptyColor = lipgloss.NoColor{}, lipgloss.NoColor{}
		m.PercentageStyle = lipgloss.NewStyle()
	}
	return m
}
