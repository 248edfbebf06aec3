package tui

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/internal/atomicfile"
	"rueckgabe/textsafe"
)

// crash is an internal error met while handling a message or drawing the
// screen (a panic: a bug). The program cannot know what state the page was
// left in, so it changes nothing more: the screen says what happened, that
// what showed "● gespeichert" is stored (every save is a transaction of
// its own that either committed or did not), and where the report for the
// developers is; a key ends the program. The stack trace goes into that
// report, never onto the screen.
type crash struct {
	report string // the report's file ("" when it could not be written)
	err    error  // why it could not be written
}

// panicHook, when set (tests), is called with every message Update gets,
// and with nil by View: it stands for a bug that panics.
var panicHook func(tea.Msg)

// crashed records the panic r with the stack of the goroutine that met it.
func (m *Model) crashed(r any) {
	stack := debug.Stack()
	now := time.Now().UTC()
	c := &crash{}
	if m.c.Dir != "" {
		name := filepath.Join(m.c.Dir, "absturz-"+now.Format("20060102T150405Z")+".txt")
		report := fmt.Sprintf("rueckgabe: interner Fehler / internal error, %s\n\n%v\n\n%s", now.Format(time.RFC3339), r, stack)
		if c.err = atomicfile.WriteBytes(name, []byte(report)); c.err == nil {
			c.report = name
		}
	}
	m.crash = c
}

// Crash says whether the program ended on an internal error, and where its
// report is ("" when none could be written).
func (m *Model) Crash() (crashed bool, report string) {
	if m.crash == nil {
		return false, ""
	}
	return true, m.crash.report
}

func (c *crash) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "enter", "esc", "ctrl+c":
			return tea.Quit
		}
	}
	return nil
}

func (c *crash) view(m *Model) tea.View {
	st := m.c.Styles
	width := max(m.c.Width, 20)
	lines := []string{
		st.Error.Render("Interner Fehler – rueckgabe muss beendet werden."),
		"",
		"Alles, was „● gespeichert“ zeigte, ist im Speicher; eine Eingabe, die",
		"noch nicht übernommen war, ist verloren. Nach dem Neustart geht es dort weiter.",
		"",
	}
	if c.report != "" {
		lines = append(lines, "Ein Bericht für die Entwickler liegt in:", textsafe.Line(c.report))
	} else {
		lines = append(lines, "Der Bericht für die Entwickler konnte nicht geschrieben werden.")
	}
	lines = append(lines, "", st.Muted.Render("q oder Enter: beenden"))
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}
