package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// formPage is a screen that is one form: Stammdaten, Voraussetzungen.
type formPage struct {
	c     *Common
	s     *session
	title string
	form  *form
}

func newFormPage(c *Common, s *session, fields []*field, title string) *formPage {
	f := newForm(c, fields)
	f.load(s.p)
	return &formPage{c: c, s: s, title: title, form: f}
}

func (fp *formPage) reload() { fp.form.load(fp.s.p) }

func (fp *formPage) typing() bool { return fp.form.focused().choices == nil }

func (fp *formPage) leave() tea.Cmd { return leaveForm(fp.form, fp.s) }

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
	cmd, changed := fp.form.update(msg, fp.s.p)
	if changed {
		return tea.Batch(cmd, fp.s.changed())
	}
	return cmd
}

func (fp *formPage) help() helpMap {
	k := fp.c.Keys
	short := []key.Binding{k.Next, k.Prev, k.NextPage, k.Back, k.ForceQuit}
	if fp.form.focused().choices != nil {
		short = append([]key.Binding{k.Toggle}, short...)
	}
	return helpMap{short: short, full: [][]key.Binding{{k.Next, k.Prev, k.Up, k.Down, k.Enter, k.Toggle}}}
}

func (fp *formPage) view(width, height int) string {
	return fp.c.Styles.Title.Render(fp.title) + "\n" + fp.form.view(width, height-1, fp.s.problems)
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
