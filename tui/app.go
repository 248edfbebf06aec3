package tui

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/service"
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
	// leave applies what the user typed into the focused field before the
	// page is left — by any key, a click, or quitting. Invalid text stays
	// in its field with its error.
	leave() tea.Cmd
	// pending says what the page shows that is not in the protocol (invalid
	// text kept in a field, a finding not taken yet); "" when nothing.
	pending() string
	// modal: a dialog, editor or picker is open on the page and takes esc
	// (cancel) and ctrl+s (take) itself; the root leaves both keys to it.
	modal() bool
}

// confirmAction is a leave that was asked about once and waits for the same
// key again.
type confirmAction int

const (
	confirmNone confirmAction = iota
	confirmLeave
	confirmQuit
)

// headerRows are the screen rows above every page's body (the header line):
// a click's Y minus these is the body row the page drew.
const headerRows = 1

// Model is the root: it owns the session and routes messages to the page.
type Model struct {
	c        *Common
	today    func() inspection.Date
	current  pageID
	start    *startPage
	sess     *session
	pages    map[pageID]page
	sessions map[uint64]*session // the current session and any still saving
	lastID   uint64              // the last session id given out
	confirm  confirmAction
	warn     string // the question of an armed confirm, or why a key did nothing
	quitting bool   // quit asked: waiting for the saves still running
	help     help.Model
	fullHelp bool
	// footerOf is what the last footer was drawn for (footerSig), footerLine
	// the line: most keys leave a page's keys as they were
	footerOf, footerLine string
	// the terminal as it reports itself: its background and its colours
	noColor, dark, ansi16 bool
	// loadRules gives the rules when Options.Rules was nil, until they are
	// taken; rulesErr is its failure, which ends the program (RulesErr)
	loadRules func() (*catalog.Rules, error)
	work      *service.Workspace // the workspace, given to Common with its rules
	rulesErr  error
	// crash is an internal error met in Update or View (crash.go): the
	// screen then says so, and only quitting is left
	crash *crash
}

// Options configure a new app.
type Options struct {
	Dir    string
	Device service.Device // who inspects where; an incomplete one is asked for at the start
	Rules  *catalog.Rules
	// LoadRules gives the rules when Rules is nil, once: asked by a command
	// of Init, and waited for only by the first message that needs them (a
	// key, a click) — the first frame, the start screen, is drawn without
	// them while the profile data and the repair hints are parsed (a few
	// milliseconds, issue 26); the list follows with the rules. An error
	// ends the program at once; RulesErr returns it.
	LoadRules func() (*catalog.Rules, error)
	Today     func() inspection.Date // the date a new protocol's return defaults to
	Now       func() time.Time       // signature and seal times (default: the clock)
	NoColor   bool
	// LockTimeout bounds the wait for a store held by another window (0: the store's default).
	LockTimeout time.Duration
	// StoreIdle is how long the store stays open after an operation (0: service.DefaultIdle).
	StoreIdle time.Duration
}

// New creates the app on the start screen.
func New(o Options) *Model {
	go warmWidths()
	if o.Today == nil {
		o.Today = func() inspection.Date {
			y, m, d := time.Now().Date()
			return inspection.NewDate(y, m, d)
		}
	}
	noColor := o.NoColor || os.Getenv("NO_COLOR") != ""
	c := &Common{Width: 80, Height: 24, Styles: NewStyles(noColor), Colour: !noColor,
		Keys: DefaultKeys(), Dir: o.Dir, Now: o.Now,
		Device: o.Device}
	c.jobs = &jobs{now: time.Now, ticker: jobTick}
	c.retryLater = func(sess uint64) tea.Cmd {
		return tea.Tick(saveRetryAfter, func(time.Time) tea.Msg { return retrySaveMsg{sess: sess} })
	}
	if o.Now != nil {
		c.jobs.now = o.Now
	}
	m := &Model{c: c, today: o.Today, help: help.New(), sessions: map[uint64]*session{}, noColor: noColor, dark: true,
		work: &service.Workspace{Dir: o.Dir, Options: store.Options{LockTimeout: o.LockTimeout}, Inspector: o.Device.By(), Idle: o.StoreIdle}}
	if o.Rules != nil || o.LoadRules == nil {
		m.useRules(o.Rules)
	} else {
		m.loadRules = sync.OnceValues(o.LoadRules) // asked by Init's command, or by the first key
	}
	m.help.Styles = c.Styles.helpStyles()
	m.start = newStartPage(c)
	if !o.Device.Complete() {
		m.start.device = newDeviceDialog(c, true)
	}
	return m
}

// warmWidths has the width table of the terminal's wcwidth built now, on a
// core of its own while Bubble Tea sets the terminal up: its renderer measures
// every cell, and the first character above U+02FF in a frame (a "─", an
// "€") made go-runewidth fill its two 1.1 MB tables on the way to the first
// frame (≈ 2–3 ms, issue 26).
func warmWidths() { ansi.StringWidthWc("─") }

// useRules gives the app its rules, the workspace that works with them and
// the hints (repair methods, makes) that go with the built-in profiles.
func (m *Model) useRules(r *catalog.Rules) {
	m.work.Rules, m.work.Options.Rules = r, r // before any command can use it
	m.c.Rules, m.c.Work = r, m.work
	if h, err := catalog.BuiltinHints(); err == nil {
		m.c.Hints = h
	} else {
		m.c.Hints = &catalog.Hints{} // offers every method, prefills no make (a test guards the data)
	}
}

// rulesMsg brings the rules of Options.LoadRules.
type rulesMsg struct {
	r   *catalog.Rules
	err error
}

// Init loads the start list — once the rules are there, when they come from
// Options.LoadRules: they arrive as a message, so the first frame does not
// wait for them — and asks the terminal for its background, for the palette
// that reads on it.
func (m *Model) Init() tea.Cmd {
	if load := m.loadRules; load != nil {
		return tea.Batch(func() tea.Msg { r, err := load(); return rulesMsg{r, err} }, tea.RequestBackgroundColor)
	}
	return tea.Batch(m.start.reload(), tea.RequestBackgroundColor)
}

// takeRules gives the app the rules of Options.LoadRules, waiting for them
// if they are not there yet, and starts the list; with a failure it ends
// the program (RulesErr).
func (m *Model) takeRules() (tea.Cmd, bool) {
	load := m.loadRules
	m.loadRules = nil
	r, err := load()
	if err != nil {
		m.rulesErr = err
		return tea.Quit, false
	}
	m.useRules(r)
	return m.start.reload(), true
}

// RulesErr is why Options.LoadRules gave no rules; the program ended then.
func (m *Model) RulesErr() error { return m.rulesErr }

// restyle takes the palette for the terminal's background and colours.
func (m *Model) restyle() {
	m.c.Styles = newStyles(m.noColor, m.dark, m.ansi16)
	m.help.Styles = m.c.Styles.helpStyles()
	m.footerOf = "" // drawn in other colours
}

// Update routes a message, then lays the screen out for the next View. An
// internal error (a panic) ends in the crash screen, not a stack trace.
func (m *Model) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	if m.crash != nil {
		return m, m.crash.update(m, msg)
	}
	defer func() {
		if r := recover(); r != nil {
			m.crashed(r)
			cmd = nil
		}
	}()
	if panicHook != nil {
		panicHook(msg)
	}
	return m.route(msg)
}

// route is Update's work.
func (m *Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	var list tea.Cmd
	if m.loadRules != nil {
		switch msg.(type) {
		case tea.WindowSizeMsg, tea.BackgroundColorMsg, tea.ColorProfileMsg, tea.EnvMsg:
			// the terminal telling about itself: no rules needed
		default: // their own message, a key, a click, …: with the rules
			var ok bool
			if list, ok = m.takeRules(); !ok {
				return m, list
			}
		}
	}
	if _, ok := msg.(rulesMsg); ok { // taken above, or before a key needed them
		m.layout()
		return m, list
	}
	_, cmd := m.update(msg)
	m.layout()
	return m, tea.Batch(list, cmd)
}

// layout draws the page once for its state: the scroll positions that keep
// the focus in sight and the rectangles clicks hit are stored here, in the
// update, so that View only reads.
func (m *Model) layout() {
	if m.tooSmall() {
		return // nothing is drawn that could be laid out
	}
	m.c.layingOut = true
	defer func() { m.c.layingOut = false }()
	_, bodyH := m.frame()
	m.active().view(m.c.Width, bodyH)
}

// frame is the help line under the page and the height left for the page.
func (m *Model) frame() (string, int) {
	w, h := m.c.Width, m.c.Height
	hm := m.active().help()
	helpLine := m.statusLine(w)
	if helpLine == "" {
		helpLine = m.footer(hm.short, w)
	}
	if m.fullHelp {
		helpLine = m.help.FullHelpView(append(hm.full, m.c.Keys.global()))
	}
	if jl := m.c.jobs.view(m.c.Styles, m.c.Colour, w); jl != "" {
		helpLine = jl + "\n" + helpLine
	}
	bodyH := h - 2 - strings.Count(helpLine, "\n")
	return helpLine, max(bodyH, 3)
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.restyle()
		return m, nil
	case tea.ColorProfileMsg:
		m.ansi16 = msg.Profile == colorprofile.ANSI // 16 colours: a palette of their own
		m.restyle()
		return m, nil
	case savedMsg:
		return m, m.saved(msg)
	case retrySaveMsg:
		if s := m.sessions[msg.sess]; s != nil && s.saveErr != nil {
			return m, s.retry()
		}
		return m, nil
	case listMsg:
		return m, m.start.loaded(msg)
	case waitingMsg:
		if msg.err == nil { // the list's own read names a store that cannot be read
			m.start.waiting = msg.n
		}
		return m, nil
	case deviceSavedMsg:
		m.deviceSaved(msg)
		return m, nil
	case sealedMsg:
		return m, m.toSession(msg.sess, msg)
	case exportedMsg:
		m.c.jobs.end(msg.job)
		if !m.onSignPage(msg.sess) { // the user moved on: say it where they are
			m.c.notice = msg.text
			if msg.err != nil {
				m.c.notice = "Export fehlgeschlagen: " + service.Sentence(msg.err)
			}
		}
		return m, m.toSession(msg.sess, msg)
	case unlockedMsg:
		return m, m.toSession(msg.sess, msg)
	case openMsg:
		m.opened(msg)
		if m.sess != nil && m.sess.p.ID == msg.p.ID {
			return m, m.sess.lookupBaseline() // a return drafted before its handover protocol came
		}
		return m, nil
	case photosStoredMsg:
		return m, m.photosStored(msg)
	case baselineMsg:
		if m.sess != nil {
			cmd := m.sess.takeBaseline(msg)
			// the car's fields it filled show at once, also the focused
			// one when nothing was typed into it yet
			if fp, ok := m.pages[pageMaster].(*formPage); ok && fp.s == m.sess {
				fp.form.refresh(m.sess.p)
				fp.form.fillFocused(m.sess.p)
				if len(m.sess.choices) > 0 && fp.baselines == nil {
					fp.openBaselines(m.sess.choices)
				}
			}
			return m, cmd
		}
		return m, nil
	case syncedMsg:
		m.c.jobs.end(msg.job)
		if m.current != pageStart && m.sess != nil { // the user left the start list: say it where they are
			m.c.notice = syncNote(msg)
		}
		return m, m.start.update(msg)
	case jobTickMsg:
		return m, m.c.jobs.tick()
	case thumbnailsMsg:
		m.c.jobs.end(msg.job)
		return m, nil
	case tea.KeyPressMsg:
		m.c.notice = ""
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	case tea.MouseClickMsg:
		if msg.Mouse().Y < headerRows {
			cmd, _ := m.clickHeader(msg.Mouse().X)
			return m, cmd
		}
	}
	cmd := m.active().update(msg)
	if r := m.start.request; r != nil {
		m.start.request = nil
		m.start.openSeq++ // a load still running for the list is no longer wanted
		if !r.save {
			prefill(r.p, m.today(), m.c.Hints)
		}
		m.openSession(r.p, nil)
		if r.save {
			cmd = tea.Batch(cmd, m.sess.changed())
		}
	}
	return m, cmd
}

// saved routes a save's reply to the session that started it, whichever
// protocol is on screen now.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	s := m.sessions[msg.sess]
	if s == nil {
		return nil
	}
	cmd := s.saved(msg)
	m.prune()
	if m.quitting {
		return tea.Batch(cmd, m.quitWhenSaved())
	}
	return cmd
}

// toSession hands a seal or export reply to the signing page of the session
// that asked; a reply for a protocol no longer on screen only updates that
// session's state.
func (m *Model) toSession(id uint64, msg tea.Msg) tea.Cmd {
	if m.sess != nil && m.sess.id == id {
		if sp, ok := m.pages[pageSign].(*signPage); ok {
			return sp.update(msg)
		}
	}
	if s, ok := m.sessions[id]; ok {
		if sm, ok := msg.(sealedMsg); ok && sm.err == nil && sm.rec != nil {
			s.status, s.revision = sm.rec.Status, sm.rec.Revision
		}
	}
	return nil
}

// onSignPage: the signing page of session id is on screen.
func (m *Model) onSignPage(id uint64) bool {
	return m.sess != nil && m.sess.id == id && m.current == pageSign
}

// opened shows a protocol loaded from the list, unless the user has moved on.
func (m *Model) opened(msg openMsg) {
	if msg.seq != m.start.openSeq || m.current != pageStart || m.sess != nil {
		return // stale: another protocol was opened or asked for meanwhile
	}
	if msg.err != nil {
		m.start.err = msg.err
		return
	}
	// a session of this protocol still saving holds newer content than the
	// store had when it was read: continue with it
	for _, s := range m.sessions {
		if s.p.ID == msg.p.ID && s.busy() {
			m.showSession(s)
			return
		}
	}
	m.openSession(msg.p, msg.rec)
	if m.sess != nil && len(msg.problems) > 0 {
		m.sess.storeMissing = msg.problems
		m.sess.recompute()
	}
}

func (m *Model) active() page {
	if m.current == pageStart || m.sess == nil {
		return m.start
	}
	return m.pages[m.current]
}

// globalKey handles keys valid on every screen. A key that leaves the field,
// the page, the protocol or the program applies the focused field first.
func (m *Model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	keys := m.c.Keys
	armed := m.confirm
	m.confirm, m.warn = confirmNone, ""
	if m.quitting {
		if key.Matches(k, keys.ForceQuit) {
			return m.askQuit(armed == confirmQuit)
		}
		return nil, true // saving before quitting: keys wait
	}
	typing := m.active().typing()
	switch {
	case key.Matches(k, keys.ForceQuit), !typing && key.Matches(k, keys.Quit):
		return m.askQuit(armed == confirmQuit)
	case !typing && key.Matches(k, keys.Help), key.Matches(k, keys.FullHelp):
		m.fullHelp = !m.fullHelp
		return nil, true
	case m.fullHelp && key.Matches(k, keys.Back):
		m.fullHelp = false // esc closes the help first, one level at a time
		return nil, true
	case m.sess == nil:
		return nil, false
	case key.Matches(k, keys.Save) && !m.editorOpen():
		return m.sess.retry(), true
	case key.Matches(k, keys.Back) && m.current != pageStart && !m.editorOpen():
		return m.leaveProtocol(armed == confirmLeave), true
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

// editorOpen: the page on screen has a dialog, editor or picker open.
func (m *Model) editorOpen() bool { return m.active().modal() }

// leave applies the focused field of the page on screen.
func (m *Model) leave() tea.Cmd {
	if m.sess == nil || m.current == pageStart {
		return nil
	}
	return m.pages[m.current].leave()
}

// unsaved is what the protocol's pages hold that is not in the protocol.
func (m *Model) unsaved() string {
	if m.sess == nil {
		return ""
	}
	for id := pageMaster; id <= pageSign; id++ {
		if p := m.pages[id].pending(); p != "" {
			return p
		}
	}
	return ""
}

func (m *Model) goTo(id pageID) tea.Cmd {
	if m.sess == nil {
		return nil
	}
	cmd := m.leave()
	m.current = id
	if r, ok := m.pages[id].(interface{ reload() }); ok {
		r.reload()
	}
	return cmd
}

// leaveProtocol goes back to the start list. What the pages hold that is not
// saved makes it ask once; the same key again leaves and drops it.
func (m *Model) leaveProtocol(confirmed bool) tea.Cmd {
	cmd := m.leave()
	if u := m.unsaved(); u != "" && !confirmed {
		m.confirm, m.warn = confirmLeave, u+" – esc erneut: verwerfen und Protokoll verlassen"
		return cmd
	}
	m.sess, m.pages, m.current = nil, nil, pageStart
	m.prune()
	return tea.Batch(cmd, m.start.reload())
}

// askQuit quits once everything shown as typed is applied and saved. What
// cannot be saved (invalid text, an untaken finding, a failed save) makes it
// ask once; the same key again quits.
func (m *Model) askQuit(confirmed bool) (tea.Cmd, bool) {
	cmd := m.leave()
	if !confirmed {
		u := m.unsaved()
		if u == "" && m.sess != nil && m.sess.saveErr != nil && !m.sess.busy() {
			u = "nicht gespeichert: " + saveProblem(m.sess.saveErr)
		}
		if u != "" {
			m.confirm, m.warn = confirmQuit, u+" – erneut beenden: verwerfen"
			return cmd, true
		}
	}
	if confirmed {
		return tea.Quit, true
	}
	m.quitting = true
	return tea.Batch(cmd, m.quitWhenSaved()), true
}

// quitWhenSaved ends the program when no session is saving any more; a save
// that failed meanwhile stops the quit and says so.
func (m *Model) quitWhenSaved() tea.Cmd {
	for _, s := range m.sessions {
		if s.busy() {
			return nil
		}
		if s.saveErr != nil {
			m.quitting = false
			m.confirm, m.warn = confirmQuit, "nicht gespeichert: "+saveProblem(s.saveErr)+" – erneut beenden: verwerfen"
			return nil
		}
	}
	return tea.Quit
}

// openSession starts editing a protocol on its first screen.
func (m *Model) openSession(p *inspection.Protocol, rec *store.Record) {
	m.lastID++
	s := newSession(m.c, m.lastID, p, rec)
	m.sessions[s.id] = s
	m.showSession(s)
}

func (m *Model) showSession(s *session) {
	m.sess = s
	m.fullHelp = false // the protocol's form, not the help over it
	m.pages = map[pageID]page{
		pageMaster:        newMasterPage(m.c, s),
		pagePreconditions: newPreconditionsPage(m.c, s),
		pageWalk:          newWalkPage(m.c, s),
		pageChecks:        newChecksPage(m.c, s),
		pageSummary:       newSummaryPage(m.c, s),
		pageSign:          newSignPage(m.c, s),
	}
	m.current = pageMaster
	if s.readOnly() {
		m.current = pageSummary
	}
	m.prune()
}

// prune forgets sessions that are neither on screen nor saving.
func (m *Model) prune() {
	for id, s := range m.sessions {
		if s != m.sess && !s.busy() {
			delete(m.sessions, id)
		}
	}
}

// footer shows a page's keys whole, in the order the page lists them (the
// ones that matter first), as many as fit; when any had to be left out it
// ends with F1, which shows them all. The help bubble would cut the last
// one with "…" instead.
//
// Fitting it renders the line once per key left out; a key that leaves the
// page's keys as they were (most) takes the line drawn last
// (BenchmarkWalkthroughManyFindings: it was half of a walkthrough key).
func (m *Model) footer(keys []key.Binding, width int) string {
	sig := footerSig(keys, width)
	if sig != m.footerOf {
		m.footerOf, m.footerLine = sig, m.fitFooter(keys, width)
	}
	return m.footerLine
}

// footerSig is everything the footer is drawn from but the styles: the
// width, and each key's names, text and whether it is on.
func footerSig(keys []key.Binding, width int) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(width))
	for _, k := range keys {
		b.WriteByte(0)
		if k.Enabled() {
			b.WriteByte(1)
		}
		b.WriteString(strings.Join(k.Keys(), "\x01"))
		b.WriteByte(0)
		b.WriteString(k.Help().Key)
		b.WriteByte(0)
		b.WriteString(k.Help().Desc)
	}
	return b.String()
}

func (m *Model) fitFooter(keys []key.Binding, width int) string {
	h := m.help
	h.SetWidth(0) // measured here instead
	line := h.ShortHelpView(keys)
	if lipgloss.Width(line) <= width {
		return line
	}
	f1 := m.c.Keys.FullHelp
	keys = slices.DeleteFunc(slices.Clone(keys), func(b key.Binding) bool { return b.Help().Key == f1.Help().Key })
	for n := len(keys) - 1; n >= 0; n-- {
		line = h.ShortHelpView(append(slices.Clone(keys[:n]), f1))
		if lipgloss.Width(line) <= width {
			return line
		}
	}
	return h.ShortHelpView([]key.Binding{f1})
}

// View renders header, page and help line (or the crash screen).
func (m *Model) View() (v tea.View) {
	if m.crash != nil {
		return m.crash.view(m)
	}
	defer func() {
		if r := recover(); r != nil {
			m.crashed(r)
			v = m.crash.view(m)
		}
	}()
	if panicHook != nil {
		panicHook(nil)
	}
	return m.draw()
}

// draw is View's work.
func (m *Model) draw() tea.View {
	if m.rulesErr != nil {
		return tea.NewView("") // the program ends; its caller says why
	}
	var content string
	if m.tooSmall() {
		content = m.tooSmallView()
	} else {
		w := m.c.Width
		helpLine, bodyH := m.frame()
		body := m.active().view(w, bodyH)
		content = m.header(w) + "\n" + fitHeight(body, bodyH) + "\n" + helpLine
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	// no window title: the terminal's own title stays as it was, also after
	// the program ends (Bubble Tea clears a title it set)
	return v
}

// The smallest window the screens are drawn in. Below it the screen only
// says so (keys still reach the page; nothing typed is lost): a form, the
// walkthrough's two columns or the diagram cannot be read in less.
const minWidth, minHeight = 40, 10

func (m *Model) tooSmall() bool { return m.c.Width < minWidth || m.c.Height < minHeight }

// tooSmallView says the window is too small, in as much of it as there is.
func (m *Model) tooSmallView() string {
	w, h := max(m.c.Width, 1), max(m.c.Height, 1)
	text := fmt.Sprintf("Fenster zu klein (%d×%d) – mindestens %d×%d; rueckgabe zeigt alles, sobald es größer ist", m.c.Width, m.c.Height, minWidth, minHeight)
	lines := strings.Split(lipgloss.Wrap(text, w, ""), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	return m.c.Styles.Warn.Render(strings.Join(lines, "\n"))
}

// statusLine replaces the key help while something needs saying: a question
// before leaving, why a save failed, that quitting waits for a save. It
// wraps onto a second line rather than cutting what the user must read.
func (m *Model) statusLine(width int) string {
	st := m.c.Styles
	switch {
	case m.warn != "":
		return wrapLines(st.Warn, textsafe.Line(m.warn), width, 2)
	case m.quitting:
		return st.Unsaved.Render("speichert noch … dann wird beendet")
	case m.sess != nil && m.sess.saveErr != nil && !m.sess.busy():
		return wrapLines(st.Error, textsafe.Line("! nicht gespeichert: "+saveProblem(m.sess.saveErr)), width, 2)
	case m.sess != nil && m.sess.voided != "":
		return wrapLines(st.Warn, textsafe.Line(m.sess.voided), width, 2)
	case m.c.notice != "":
		return wrapLines(st.OK, textsafe.Line(m.c.notice), width, 2)
	}
	return ""
}

// wrapLines word-wraps text to width in at most n lines, styled.
func wrapLines(style lipgloss.Style, text string, width, n int) string {
	lines := strings.Split(lipgloss.Wrap(text, width, ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = truncate(lines[n-1]+" …", width)
	}
	for i := range lines {
		lines[i] = style.Render(lines[i])
	}
	return strings.Join(lines, "\n")
}

// header: app name, the protocol's plate, the steps, the save indicator.
func (m *Model) header(width int) string {
	st := m.c.Styles
	if m.sess == nil || m.current == pageStart {
		return truncate(st.Title.Render("rueckgabe")+"  "+st.Muted.Render("Fahrzeugrücknahme"), width)
	}
	ind := m.sess.indicator(m.unsaved())
	room := width - lipgloss.Width(ind) - 1
	lead, tabs := m.headerParts(width)
	var b strings.Builder
	b.WriteString(lead)
	for i, t := range tabs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(t.text)
	}
	return padRight(truncate(b.String(), room), room) + " " + ind
}

// headerTab is a step's label in the header and the columns it takes, so a
// click can be hit-tested against the same layout the header is drawn with.
type headerTab struct {
	id     pageID
	text   string
	x0, x1 int // [x0, x1)
}

func (m *Model) headerParts(width int) (string, []headerTab) {
	st := m.c.Styles
	plate := textsafe.Line(m.sess.p.Vehicle.Plate)
	if plate == "" {
		plate = "neu"
	}
	lead := st.Header.Render(clipTo(plate, 12)) + " "
	if prof := m.sess.rules; width >= 100 {
		lead += st.Muted.Render(clipTo(prof.ID, 12)) + " "
	} else if prof.ID != catalog.DefaultProfile { // narrow: which lessor's rules, when not the default
		label := prof.Short
		if label == "" {
			label = prof.ID
		}
		lead += st.Muted.Render(clipTo(label, 6)) + " "
	}
	if width >= 100 {
		lead = st.Title.Render("rueckgabe") + " " + lead
	} // narrow: the steps matter more than the app's name
	x := lipgloss.Width(lead)
	var tabs []headerTab
	for id := pageMaster; id <= pageSign; id++ {
		style := st.Tab
		if id == m.current {
			style = st.TabActive
		}
		text := style.Render(tabLabel(id, width))
		w := lipgloss.Width(text)
		tabs = append(tabs, headerTab{id: id, text: text, x0: x, x1: x + w})
		x += w + 1
	}
	return lead, tabs
}

// clickHeader switches to the step clicked in the header.
func (m *Model) clickHeader(x int) (tea.Cmd, bool) {
	if m.sess == nil || m.current == pageStart {
		return nil, false
	}
	_, tabs := m.headerParts(m.c.Width)
	for _, t := range tabs {
		if x >= t.x0 && x < t.x1 && t.x1 <= m.c.Width {
			return m.goTo(t.id), true
		}
	}
	return nil, true
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

// deviceSaved takes the device settings over once they are stored; a failed
// write says so and asks again.
func (m *Model) deviceSaved(msg deviceSavedMsg) {
	if msg.err != nil {
		// ask again with what was typed: nothing the inspector entered is lost
		d := newDeviceDialog(m.c, !service.Device{Inspector: m.c.Device.Inspector}.Complete())
		d.inputs[0].SetValue(textsafe.Line(msg.dev.Inspector))
		d.inputs[1].SetValue(textsafe.Line(msg.dev.Dealership))
		d.err = "Einstellungen nicht gespeichert: " + service.Sentence(msg.err)
		m.start.device = d
		return
	}
	m.c.Device = msg.dev
	m.c.Work.SetInspector(msg.dev.By())
}
