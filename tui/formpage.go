package tui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/service"
)

// formPage is a screen that is one form: Stammdaten, Voraussetzungen.
type formPage struct {
	c     *Common
	s     *session
	title string
	all   []*field // every field of the page; form holds those that apply
	form  *form
	// withPhotos: the page takes the photos of the whole car (Stammdaten:
	// overview, odometer, VIN plate); photos is the picker while open.
	withPhotos bool
	photos     *photoPicker
	// allMet: ctrl+l confirms every open precondition as met (ja) in one
	// key, as "alles vollständig" does on F5
	allMet bool
	notice string
	// baselines asks which handover protocol of the VIN is the baseline
	// when there are several (found); nil when closed (delivery.go)
	baselines *picklist
	found     []service.Delivery
}

// newPreconditionsPage is Voraussetzungen, whose open points ctrl+l
// confirms at once.
func newPreconditionsPage(c *Common, s *session) *formPage {
	fp := newFormPage(c, s, preconditionFields(c.Rules), "Voraussetzungen für eine objektive Beurteilung")
	fp.allMet = true
	return fp
}

// confirmAll sets every precondition still open to ja; one answered nein
// stays so.
func (fp *formPage) confirmAll() tea.Cmd {
	cmd := fp.leave()
	n := 0
	for _, fd := range fp.form.fields {
		if fd.choices != nil && fd.get(fp.s.p) == "offen" {
			_ = fd.set(fp.s.p, "ja")
			n++
		}
	}
	if n == 0 {
		fp.notice = "keine offenen Voraussetzungen"
		return cmd
	}
	fp.notice = fmt.Sprintf("%d Voraussetzungen als erfüllt bestätigt", n)
	fp.form.load(fp.s.p)
	return tea.Batch(cmd, fp.s.changed())
}

func newFormPage(c *Common, s *session, fields []*field, title string) *formPage {
	fp := &formPage{c: c, s: s, title: title, all: fields}
	fp.form = newForm(c, fp.applying())
	fp.form.load(s.p)
	return fp
}

// applying are the page's fields that apply to the protocol as it stands.
func (fp *formPage) applying() []*field {
	var out []*field
	for _, fd := range fp.all {
		if fd.when == nil || fd.when(fp.s.p) {
			out = append(out, fd)
		}
	}
	return out
}

// refit rebuilds the form when an edit changed which fields apply (the
// contract type): the focus stays on its field, typed text with an error
// stays in its field.
func (fp *formPage) refit() {
	fields := fp.applying()
	if slices.Equal(fields, fp.form.fields) {
		return
	}
	focused := fp.form.focused().path
	old := fp.form
	fp.form = newForm(fp.c, fields)
	for i, fd := range fields {
		if fd.path == focused {
			fp.form.focus = i
		}
	}
	fp.form.load(fp.s.p)
	fp.form.carryPending(old)
}

// newMasterPage is Stammdaten, which also takes the photos of the whole car.
func newMasterPage(c *Common, s *session) *formPage {
	fields := masterFields()
	if s.p.IsDelivery() {
		fields = deliveryMasterFields()
	}
	fp := newFormPage(c, s, fields, "Stammdaten")
	fp.withPhotos = true
	return fp
}

func (fp *formPage) reload() {
	fp.refit()
	fp.form.load(fp.s.p)
}

func (fp *formPage) typing() bool {
	return fp.photos != nil || fp.baselines != nil || fp.form.focused().choices == nil
}

func (fp *formPage) leave() tea.Cmd { return leaveForm(fp.form, fp.s) }

func (fp *formPage) modal() bool { return fp.photos != nil || fp.baselines != nil }

func (fp *formPage) pending() string { return fp.form.pending() }

// leaveForm applies a form's focused field to the session's protocol and
// saves it when that changed something.
func leaveForm(f *form, s *session) tea.Cmd {
	if s.readOnly() || !f.apply(s.p) {
		return nil
	}
	return s.changed()
}

func (fp *formPage) update(msg tea.Msg) tea.Cmd {
	if fp.s.readOnly() {
		return nil
	}
	if fp.baselines != nil {
		return fp.pickBaseline(msg)
	}
	if fp.photos != nil {
		cmd, closed := fp.photos.run(msg, func(paths []string) tea.Cmd { return attachPhotosCmd(fp.c, fp.s, nil, paths) },
			func(sha string) tea.Cmd {
				if service.RemovePhoto(fp.s.p, -1, sha) {
					return fp.s.changed() // the car's photos are saved at once, so is their removal
				}
				return nil
			})
		if closed {
			fp.photos = nil
		}
		return cmd
	}
	fp.notice = ""
	if k, ok := msg.(tea.KeyPressMsg); ok && fp.allMet && key.Matches(k, fp.c.Keys.DeliveryComplete) {
		return fp.confirmAll()
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && fp.withPhotos && key.Matches(k, fp.c.Keys.Photos) {
		cmd := fp.leave() // what was typed is applied first
		pp, open := newPhotoPicker(fp.c, fp.s.started, fp.s.p.Evidence)
		fp.photos = pp
		return tea.Batch(cmd, open)
	}
	cmd, changed := fp.form.update(msg, fp.s.p)
	if changed {
		fp.refit()
		return tea.Batch(cmd, fp.s.changed())
	}
	return cmd
}

func (fp *formPage) help() helpMap {
	k := fp.c.Keys
	if fp.baselines != nil {
		return helpMap{short: []key.Binding{k.Up, k.Down, k.Enter, withHelp(k.Back, "keines"), k.ForceQuit}}
	}
	if fp.photos != nil {
		return helpMap{short: fp.photos.help()}
	}
	short := []key.Binding{k.Next, k.Prev, k.NextPage, k.Back, k.ForceQuit}
	if fp.withPhotos && !fp.s.readOnly() {
		short = []key.Binding{k.Next, k.Prev, k.Photos, k.NextPage, k.Back, k.ForceQuit}
	}
	if fp.allMet && !fp.s.readOnly() {
		short = []key.Binding{withHelp(k.DeliveryComplete, "alle erfüllt"), k.Next, k.Prev, k.NextPage, k.Back, k.ForceQuit}
	}
	if fp.form.focused().choices != nil {
		short = append([]key.Binding{k.Toggle}, short...)
	}
	full := []key.Binding{k.Next, k.Prev, k.Up, k.Down, withHelp(k.Enter, "nächstes leeres Feld"), k.Toggle}
	if fp.allMet {
		full = append(full, withHelp(k.DeliveryComplete, "alle erfüllt"))
	}
	if fp.withPhotos && !fp.s.readOnly() {
		full = append(full, k.Photos) // the full help names every key the footer does
	}
	return helpMap{short: short, full: [][]key.Binding{full}}
}

func (fp *formPage) view(width, height int) string {
	if fp.baselines != nil {
		return fp.baselines.view(width, height)
	}
	if fp.photos != nil {
		return fp.photos.view(width, height)
	}
	title := fp.c.Styles.Title.Render(fp.title)
	if fp.withPhotos {
		line := photoLine(fp.s.p.Evidence)
		if line == "" {
			line = "keine Fotos zum Fahrzeug"
		}
		if !fp.s.readOnly() {
			line += " · ctrl+o: Übersicht, Tacho, Typenschild"
		}
		title += "  " + fp.c.Styles.Muted.Render(truncate(line, max(10, width-lipgloss.Width(title)-2)))
	}
	title, extra := fp.withBaseline(title, width)
	if fp.notice != "" {
		return title + "\n" + fp.form.view(width, height-2-extra, fp.s.problems) + "\n" + fp.c.Styles.OK.Render(truncate(fp.notice, width))
	}
	return title + "\n" + fp.form.view(width, height-1-extra, fp.s.problems)
}

var tristate = []string{"offen", "ja", "nein"}

func boolText(b *bool) string {
	switch {
	case b == nil:
		return "offen"
	case *b:
		return "ja"
	}
	return "nein"
}

func parseTri(s string) *bool {
	switch s {
	case "ja":
		v := true
		return &v
	case "nein":
		v := false
		return &v
	}
	return nil
}

// preconditionFields: the guide's preconditions, each confirmed yes/no, and a
// note for what was not met.
func preconditionFields(_ *catalog.Rules) []*field {
	const sec = "bestätigen (Leertaste: offen → ja → nein)"
	tri := func(label string, ptr func(p *inspection.Protocol) **bool) *field {
		return &field{section: sec, label: label, choices: tristate,
			get: func(p *inspection.Protocol) string { return boolText(*ptr(p)) },
			set: func(p *inspection.Protocol, s string) error { *ptr(p) = parseTri(s); return nil }}
	}
	return []*field{
		tri("Fahrzeug gereinigt, Innenraum leer", func(p *inspection.Protocol) **bool { return &p.Preconditions.Cleaned }),
		tri("Tageslicht oder ausreichende Hallenbeleuchtung", func(p *inspection.Protocol) **bool { return &p.Preconditions.Lighting }),
		tri("ohne Beeinflussung der Witterung", func(p *inspection.Protocol) **bool { return &p.Preconditions.NoWeather }),
		tri("alle Türen und Klappen lassen sich öffnen", func(p *inspection.Protocol) **bool { return &p.Preconditions.DoorsOpen }),
		tri("rundherum frei zugänglich", func(p *inspection.Protocol) **bool { return &p.Preconditions.Accessible }),
		text("Vermerk", "Nicht erfüllt, weil", "preconditions.note", "wird auf dem Protokoll vermerkt", func(p *inspection.Protocol) *string { return &p.Preconditions.Note }),
	}
}
