package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// startPage lists the stored protocols: drafts first, newest first.
type startPage struct {
	c         *Common
	recs      []*store.Record
	loadedOne bool
	waiting   int // protocols the next sync sends (Workspace.Waiting), of the whole store
	cursor    int
	filtering bool
	filter    textinput.Model
	err       error
	listTop   int // screen row of the first list row, for mouse clicks
	listFrom  int // the first record shown: the list scrolls with the cursor
	// request is a protocol to open, handed to the root within the same
	// Update (Model.update takes it right after the page's update): a
	// tea.Cmd returning a message would arrive after keys typed right behind
	// "n" — those must reach the new protocol's first field, not the list.
	request     *newProtocolMsg
	device      *deviceDialog // the device settings, asked on the first start
	profiles    *picklist     // the profile a new protocol is created under
	records     *picklist     // the delivery record a handover protocol starts from (delivery.go)
	recordFiles []string
	listSeq     uint64 // the list request whose reply is wanted
	openSeq     uint64 // the open request whose reply is wanted
	syncing     bool   // a sync runs
	syncNote    string // what the last sync did
}

func newStartPage(c *Common) *startPage {
	return &startPage{c: c, filter: newInput("/ ", "Kennzeichen, FIN oder Kunde", 40)}
}

// newProtocolMsg asks the root to open a new protocol; save=true stores it at
// once (demo).
type newProtocolMsg struct {
	p    *inspection.Protocol
	save bool
}

// reload asks for the list again with the current search.
// reload asks for the list again and, without a filter (not at every key
// typed into one), for the count of protocols waiting to be sent.
func (s *startPage) reload() tea.Cmd {
	s.listSeq++
	if s.filter.Value() != "" {
		return listCmd(s.c, s.listSeq, s.filter.Value())
	}
	return tea.Batch(listCmd(s.c, s.listSeq, ""), waitingCmd(s.c))
}

// open asks for a protocol; only the newest request's reply is shown.
func (s *startPage) open(id string) tea.Cmd {
	s.openSeq++
	return openCmd(s.c, s.openSeq, id)
}

func (s *startPage) leave() tea.Cmd { return nil }
func (s *startPage) modal() bool {
	return s.device != nil || s.profiles != nil || s.records != nil || s.filtering
}

func (s *startPage) pending() string { return "" }

func (s *startPage) loaded(msg listMsg) tea.Cmd {
	if msg.seq != s.listSeq {
		return nil // a reply to an older search: the newer one follows
	}
	s.recs, s.err, s.loadedOne = msg.recs, msg.err, true
	s.cursor = min(s.cursor, max(0, len(s.recs)-1))
	return nil
}

func (s *startPage) typing() bool {
	return s.filtering || s.device != nil || s.profiles != nil || s.records != nil
}

func (s *startPage) update(msg tea.Msg) tea.Cmd {
	keys := s.c.Keys
	if s.device != nil {
		cmd, done := s.device.update(msg)
		if done {
			s.device = nil
		}
		return cmd
	}
	if s.profiles != nil {
		return s.pickProfile(msg)
	}
	if s.records != nil {
		return s.pickRecord(msg)
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		row := msg.Mouse().Y - s.listTop + s.listFrom
		if row >= s.listFrom && row < len(s.recs) {
			if row == s.cursor {
				return s.open(s.recs[row].ID)
			}
			s.cursor = row
		}
		return nil
	case tea.KeyPressMsg:
		if s.filtering {
			switch {
			case key.Matches(msg, keys.Enter):
				s.filtering = false
				s.filter.Blur()
				return nil
			case key.Matches(msg, keys.Back):
				s.filtering = false
				s.filter.SetValue("")
				s.filter.Blur()
				return s.reload()
			}
			cmd := updateInput(&s.filter, msg)
			return tea.Batch(cmd, s.reload())
		}
		switch {
		case key.Matches(msg, keys.Filter):
			s.filtering = true
			return s.filter.Focus()
		case key.Matches(msg, keys.Back) && s.filter.Value() != "":
			// a search kept with enter is cleared with esc, as while typing it
			s.filter.SetValue("")
			return s.reload()
		case key.Matches(msg, keys.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, keys.Down):
			s.cursor = min(len(s.recs)-1, s.cursor+1)
		case key.Matches(msg, keys.Enter) && len(s.recs) > 0:
			return s.open(s.recs[s.cursor].ID)
		case key.Matches(msg, keys.New):
			return s.askProfile()
		case key.Matches(msg, keys.Handover):
			return s.askRecord()
		case key.Matches(msg, keys.Settings):
			s.device = newDeviceDialog(s.c, false)
			return nil
		case key.Matches(msg, keys.Demo):
			s.request = &newProtocolMsg{p: demoProtocol(s.c), save: true}
		case key.Matches(msg, keys.Sync) && !s.syncing:
			s.syncing, s.syncNote = true, "Sync läuft …"
			return syncCmd(s.c)
		}
	case syncedMsg:
		s.syncing, s.syncNote = false, syncNote(msg)
		return s.reload()
	}
	return nil
}

// askProfile creates a new protocol at once when there is one profile, else
// asks which, the last one used preselected (issue 9 §4).
func (s *startPage) askProfile() tea.Cmd {
	all := s.c.profiles()
	if len(all) < 2 {
		s.request = &newProtocolMsg{p: newProtocol(s.c, s.c.profile())} // no I/O: keys typed right after reach it
		return nil
	}
	labels := make([]string, len(all))
	for i, r := range all {
		labels[i] = profileLabel(r)
	}
	s.profiles = newPicklist(s.c, "Leasinggeber-Profil für das neue Protokoll", labels, true, false)
	s.profiles.set(profileLabel(s.c.profile()))
	return nil
}

func profileLabel(r *catalog.Rules) string { return textsafe.Line(r.Title) + " (" + r.Ref() + ")" }

func (s *startPage) pickProfile(msg tea.Msg) tea.Cmd {
	i, ok, closed, cmd := s.profiles.choose(s.c.Keys.Back, msg)
	if closed {
		s.profiles = nil
	}
	if !ok {
		return cmd
	}
	chosen := s.c.profiles()[i]
	s.request = &newProtocolMsg{p: newProtocol(s.c, chosen)}
	if chosen.ID == s.c.Device.LastProfile || chosen.ID == catalog.DefaultProfile && s.c.Device.LastProfile == "" {
		return nil
	}
	s.c.Device.LastProfile = chosen.ID
	return saveDeviceCmd(s.c.Dir, s.c.device())
}

func (s *startPage) help() helpMap {
	k := s.c.Keys
	// a dialog over the start screen offers its own keys, not the list's
	if s.device != nil {
		short := []key.Binding{k.Next, withHelp(k.Enter, "speichern")}
		if !s.device.first {
			short = append(short, withHelp(k.Back, "abbrechen"))
		}
		return helpMap{short: append(short, k.ForceQuit)}
	}
	if s.profiles != nil || s.records != nil {
		return helpMap{short: []key.Binding{k.Up, k.Down, k.Enter, withHelp(k.Back, "abbrechen"), k.ForceQuit}}
	}
	short := []key.Binding{k.New, k.Enter, k.Filter, k.Demo, k.Help, k.Quit}
	if s.waiting > 0 {
		short = []key.Binding{k.New, k.Enter, k.Sync, k.Filter, k.Demo, k.Help, k.Quit}
	}
	return helpMap{short: short, full: [][]key.Binding{{k.Up, k.Down, k.Enter, k.Filter}, {k.New, k.Handover, k.Demo, k.Sync, k.Settings, k.Quit}}}
}

func (s *startPage) view(width, height int) string {
	st := s.c.Styles
	if s.device != nil {
		return s.device.view(width)
	}
	if s.profiles != nil {
		return s.profiles.view(width, height)
	}
	if s.records != nil {
		return s.records.view(width, height)
	}
	var b strings.Builder
	if s.err != nil {
		b.WriteString(st.Error.Render(textsafe.Line(s.err.Error())) + "\n")
	}
	if s.filtering || s.filter.Value() != "" {
		b.WriteString(s.filter.View() + "\n")
	}
	if s.loadedOne && len(s.recs) == 0 && s.filter.Value() == "" {
		b.WriteString(s.welcome(width))
		return b.String()
	}
	switch n := s.waiting; {
	case s.syncNote != "":
		b.WriteString(wrapLines(st.Muted, s.syncNote, width, 4) + "\n") // whole: it names the command to type
	case n > 0:
		b.WriteString(st.Warn.Render(truncate(fmt.Sprintf("%d versiegelt, noch nicht gesendet · s: jetzt senden", n), width)) + "\n")
	}
	header := listColumns(width, "Status", "Kennzeichen", "Modell", "Kunde", "Rückgabe", "Brutto")
	b.WriteString(st.Header.Render(truncate(header, width)) + "\n")
	if s.c.layingOut {
		s.listTop = headerRows + strings.Count(b.String(), "\n") // the screen row of the first list row, for clicks
	}
	// as many rows as the height leaves, a window that keeps the cursor in
	// sight (and where it was when the cursor moves inside it)
	room := max(height-strings.Count(b.String(), "\n"), 1)
	from := min(s.listFrom, max(len(s.recs)-room, 0))
	if s.cursor < from {
		from = s.cursor
	} else if s.cursor >= from+room {
		from = s.cursor - room + 1
	}
	if s.c.layingOut {
		s.listFrom = from
	}
	for i := from; i < min(len(s.recs), from+room); i++ {
		b.WriteString(s.row(s.recs[i], i == s.cursor, width) + "\n")
	}
	if len(s.recs) == 0 && s.loadedOne { // before the first list: no rows yet, not "no hits"
		b.WriteString(st.Muted.Render("  keine Treffer") + "\n")
	}
	return b.String()
}

func (s *startPage) row(r *store.Record, selected bool, width int) string {
	gross, date := service.GrossText(r.Summary), service.ReturnDateText(r.Summary)
	status := statusText[r.Status]
	if r.SyncedAt != nil {
		status = "gesendet"
	}
	if r.Amends != "" && r.Status.Immutable() {
		status = "Nachtrag" // a sealed correction of another protocol (rueckgabe amend)
	}
	line := listColumns(width, status, r.Summary.Plate, r.Summary.Model, r.Summary.Customer, date, gross)
	line = truncate(line, width)
	if selected {
		return s.c.Styles.Selected.Render(line)
	}
	return line
}

var statusText = map[store.Status]string{store.StatusDraft: "Entwurf", store.StatusSealed: "versiegelt", store.StatusExported: "exportiert"}

// listWidths are the start list's columns in terminal cells; the last is
// right-aligned (the gross amount).
var listWidths = []int{10, 11, 13, 16, 10, 12}

// columnWidths are the start list's columns for a screen width: what a
// screen has beyond 80 columns goes to the model and the customer's name
// (up to 30 and 40 cells), so a wide screen shows "Jürgen Müller-Lüdenscheidt"
// whole.
func columnWidths(width int) []int {
	ws := slices.Clone(listWidths)
	extra := max(0, width-80)
	model := min(extra/3, 30-ws[2])
	ws[2] += model
	ws[3] += min(extra-model, 40-ws[3])
	return ws
}

// listColumns lays a row out in terminal cells, not runes: a CJK name or an
// emoji takes two cells each, and the amount at the end stays whole.
func listColumns(width int, cells ...string) string {
	widths := columnWidths(width)
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		w := widths[i]
		c = clipTo(c, w)
		if i == len(cells)-1 {
			b.WriteString(strings.Repeat(" ", max(0, w-lipgloss.Width(c))) + c)
			continue
		}
		b.WriteString(padRight(c, w) + " ")
	}
	return b.String()
}

// clipTo sanitises untrusted text and fits it into n cells.
func clipTo(s string, n int) string {
	return ansiTruncate(textsafe.Line(s), n)
}

func (s *startPage) welcome(width int) string {
	st := s.c.Styles
	lines := []string{
		st.Title.Render("Willkommen bei rueckgabe."),
		"",
		"Mit diesem Programm nehmen Sie Leasingfahrzeuge zurück: Sie gehen das Fahrzeug",
		"Kategorie für Kategorie nach dem Schadenkatalog des Leasinggebers durch (BMW",
		"Financial Services), bewerten jeden Befund als akzeptabel oder nicht, erfassen",
		"Kosten, und das Programm berechnet Minderwert, Mehr-/Minderkilometer und Summen.",
		"Jede Eingabe wird sofort gespeichert – auch ohne Netz.",
		"",
		"  n   neues Rücknahmeprotokoll anlegen",
		"  u   Übergabeprotokoll anlegen (Zustand bei Auslieferung)",
		"  d   ein Demo-Protokoll zum Ausprobieren anlegen",
		"  e   Prüfer und Autohaus dieses Geräts ändern",
		"  ?   alle Tasten        q   beenden",
	}
	for i := range lines {
		lines[i] = truncate(lines[i], width)
	}
	return strings.Join(lines, "\n")
}
