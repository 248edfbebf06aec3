package tui

import (
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// pageID names the screens of a protocol, in walkthrough order.
type pageID int

const (
	pageStart pageID = iota
	pageMaster
	pagePreconditions
	pageWalk
	pageChecks
	pageSummary
	pageSign
)

var pageTitles = map[pageID]string{
	pageMaster: "Stammdaten", pagePreconditions: "Voraussetzungen", pageWalk: "Rundgang",
	pageChecks: "Reifen · Lieferumfang · HU", pageSummary: "Übersicht", pageSign: "Unterschriften",
}

// page is one screen of a protocol.
type page interface {
	update(msg tea.Msg) tea.Cmd
	view(width, height int) string
	help() helpMap
	typing() bool // a text field has the keyboard: q and ? are text then
}

// Model is the root: it owns the session and routes messages to the page.
type Model struct {
	c        *Common
	today    func() inspection.Date
	current  pageID
	start    *startPage
	sess     *session
	pages    map[pageID]page
	help     help.Model
	fullHelp bool
}

// Options configure a new app.
type Options struct {
	Dir       string
	Inspector string
	Rules     *catalog.Rules
	Today     func() inspection.Date // the date a new protocol's return defaults to
	Now       func() time.Time       // signature and seal times (default: the clock)
	NoColor   bool
	// LockTimeout bounds the wait for a store held by another window (0: the store's default).
	LockTimeout time.Duration
}

// New creates the app on the start screen.
func New(o Options) *Model {
	if o.Today == nil {
		o.Today = func() inspection.Date {
			y, m, d := time.Now().Date()
			return inspection.NewDate(y, m, d)
		}
	}
	c := &Common{Width: 80, Height: 24, Styles: NewStyles(o.NoColor || os.Getenv("NO_COLOR") != ""),
		Keys: DefaultKeys(), Rules: o.Rules, Dir: o.Dir, Inspector: o.Inspector,
		StoreOptions: store.Options{LockTimeout: o.LockTimeout, Rules: o.Rules}, Now: o.Now}
	m := &Model{c: c, today: o.Today, help: help.New()}
	m.start = newStartPage(c)
	return m
}

// Init loads the start list.
func (m *Model) Init() tea.Cmd { return listCmd(m.c, "") }

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case savedMsg:
		if m.sess != nil {
			return m, m.sess.saved(msg)
		}
		return m, nil
	case listMsg:
		return m, m.start.loaded(msg)
	case sealedMsg, exportedMsg:
		if sp, ok := m.pages[pageSign].(*signPage); ok {
			return m, sp.update(msg)
		}
		return m, nil
	case openMsg:
		if msg.err != nil {
			m.start.err = msg.err
			return m, nil
		}
		m.openSession(msg.p, msg.rec)
		return m, nil
	case tea.KeyPressMsg:
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	}
	cmd := m.active().update(msg)
	if r := m.start.request; r != nil {
		m.start.request = nil
		m.openSession(r.p, nil)
		if r.save {
			cmd = tea.Batch(cmd, m.sess.changed())
		}
	}
	return m, cmd
}

func (m *Model) active() page {
	if m.current == pageStart || m.sess == nil {
		return m.start
	}
	return m.pages[m.current]
}

// globalKey handles keys valid on every screen.
func (m *Model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	keys := m.c.Keys
	typing := m.active().typing()
	switch {
	case key.Matches(k, keys.ForceQuit):
		return tea.Quit, true
	case !typing && key.Matches(k, keys.Quit):
		return tea.Quit, true
	case !typing && key.Matches(k, keys.Help):
		m.fullHelp = !m.fullHelp
		return nil, true
	case m.sess == nil:
		return nil, false
	case key.Matches(k, keys.Save) && !m.editorOpen():
		return m.sess.retry(), true
	case key.Matches(k, keys.Back) && m.current != pageStart && !m.editorOpen():
		m.current = pageStart
		return listCmd(m.c, ""), true
	case key.Matches(k, keys.NextPage):
		return m.goTo(min(m.current+1, pageSign)), true
	case key.Matches(k, keys.PrevPage):
		return m.goTo(max(m.current-1, pageMaster)), true
	}
	for id, b := range map[pageID]key.Binding{pageMaster: keys.Page1, pagePreconditions: keys.Page2, pageWalk: keys.Page3, pageChecks: keys.Page4, pageSummary: keys.Page5, pageSign: keys.Page6} {
		if key.Matches(k, b) {
			return m.goTo(id), true
		}
	}
	return nil, false
}

// editorOpen: the finding editor uses esc (cancel) and ctrl+s (take) itself.
func (m *Model) editorOpen() bool {
	switch pg := m.pages[m.current].(type) {
	case *walkPage:
		return pg.editor != nil
	case *signPage:
		return pg.dialog != nil || pg.edit != nil
	}
	return false
}

func (m *Model) goTo(id pageID) tea.Cmd {
	if m.sess == nil {
		return nil
	}
	m.current = id
	if r, ok := m.pages[id].(interface{ reload() }); ok {
		r.reload()
	}
	return nil
}

// openSession starts editing a protocol on its first screen.
func (m *Model) openSession(p *inspection.Protocol, rec *store.Record) {
	m.sess = newSession(m.c, p, rec)
	m.pages = map[pageID]page{
		pageMaster:        newFormPage(m.c, m.sess, masterFields(), "Stammdaten"),
		pagePreconditions: newFormPage(m.c, m.sess, preconditionFields(m.c.Rules), "Voraussetzungen für eine objektive Beurteilung"),
		pageWalk:          newWalkPage(m.c, m.sess),
		pageChecks:        newChecksPage(m.c, m.sess),
		pageSummary:       newSummaryPage(m.c, m.sess),
		pageSign:          newSignPage(m.c, m.sess),
	}
	m.current = pageMaster
	if m.sess.readOnly() {
		m.current = pageSummary
	}
}

// View renders header, page and help line.
func (m *Model) View() tea.View {
	w, h := m.c.Width, m.c.Height
	pg := m.active()
	hm := pg.help()
	helpLine := m.help.ShortHelpView(hm.short)
	bodyH := h - 2
	if m.fullHelp {
		full := m.help.FullHelpView(append(hm.full, m.c.Keys.global()))
		helpLine = full
		bodyH = h - 1 - strings.Count(full, "\n") - 1
	}
	body := pg.view(w, max(bodyH, 3))
	content := m.header(w) + "\n" + fitHeight(body, max(bodyH, 3)) + "\n" + helpLine
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "rueckgabe"
	return v
}

// header: app name, the protocol's plate, the steps, the save indicator.
func (m *Model) header(width int) string {
	st := m.c.Styles
	left := st.Title.Render("rueckgabe")
	if m.sess == nil || m.current == pageStart {
		return truncate(left+"  "+st.Muted.Render("Fahrzeugrücknahme"), width)
	}
	plate := textsafe.Line(m.sess.p.Vehicle.Plate)
	if plate == "" {
		plate = "neu"
	}
	tabs := []string{}
	for id := pageMaster; id <= pageSign; id++ {
		label := tabLabel(id, width)
		if id == m.current {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.Tab.Render(label))
		}
	}
	ind := m.sess.indicator()
	room := width - lipgloss.Width(ind) - 1
	if width < 100 {
		left = "" // narrow: the steps matter more than the app's name
	} else {
		left += " "
	}
	line := truncate(left+st.Header.Render(clipTo(plate, 12))+" "+strings.Join(tabs, " "), room)
	return padRight(line, room) + " " + ind
}

// tabLabel shortens the step names on narrow screens.
func tabLabel(id pageID, width int) string {
	fkey := "F" + string(rune('1'+int(id)))
	if width < 140 {
		short := map[pageID]string{pageMaster: "Daten", pagePreconditions: "Vor.", pageWalk: "Rund.", pageChecks: "Reif.", pageSummary: "Summe", pageSign: "Unt."}
		return fkey + " " + short[id]
	}
	return fkey + " " + pageTitles[id]
}

// fitHeight pads or cuts a block to exactly h lines.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
