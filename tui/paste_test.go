package tui

import (
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/textsafe"
)

// focusMaster opens a new protocol and focuses the Stammdaten field labelled label.
func focusMaster(t *testing.T, d *driver, label string) *field {
	t.Helper()
	if d.m.sess == nil {
		d.press("n", "enter")
	}
	fp := d.m.pages[pageMaster].(*formPage)
	for i, fd := range fp.form.fields {
		if fd.label == label {
			d.run(fp.form.focusField(i))
			return fd
		}
	}
	t.Fatalf("no field %q", label)
	return nil
}

// A paste (tea.PasteMsg) loses whole escape sequences, not only their ESC:
// the input's own filter dropped the ESC of "\x1b[H" and kept "[H", in the
// field, the store, the export and the PDF.
func TestPastedEscapeSequencesLeaveNoText(t *testing.T) {
	for _, c := range []struct {
		label, paste, want string
		stored             func(d *driver) string
	}{
		{"Name", "Jürgen \x1b[2J\x1b[HMüller\u202e", "Jürgen Müller", func(d *driver) string { return d.m.sess.p.Customer.Name }},
		{"Name", "Jürgen \x1b[HMüller\u202e", "Jürgen Müller", func(d *driver) string { return d.m.sess.p.Customer.Name }}, // as a bracketed paste brings it
		{"Anschrift", "Weg \x1b[2J\x1b[H1 \x1b[HEnde", "Weg 1 Ende", func(d *driver) string { return d.m.sess.p.Customer.Address }},
		{"Anschrift", "Weg\x1b]0;x\x07 1\x1b]8;;http://x\x1b\\ Ende\x1b[31m", "Weg 1 Ende", func(d *driver) string { return d.m.sess.p.Customer.Address }},
		{"Name", "Jürgen \u009b31mMüller", textsafe.Line("Jürgen \u009b31mMüller"), func(d *driver) string { return d.m.sess.p.Customer.Name }},
	} {
		if got := textsafe.Line(c.paste); got != c.want {
			t.Fatalf("textsafe.Line(%q) = %q, the test wants %q", c.paste, got, c.want)
		}
		d := newDriver(t, t.TempDir(), 80, 24)
		fd := focusMaster(t, d, c.label)
		d.send(tea.PasteMsg{Content: c.paste})
		if got := fd.input.Value(); got != c.want {
			t.Errorf("%s after pasting %q: field holds %q, want %q", c.label, c.paste, got, c.want)
		}
		d.press("tab")
		if got := c.stored(d); got != c.want {
			t.Errorf("%s after pasting %q: protocol holds %q, want %q", c.label, c.paste, got, c.want)
		}
	}
}

// Typed text is cleaned whole as well (a key's text is printable as the
// terminal's decoder makes it; a driver or IME could bring more).
func TestTypedEscapeSequencesLeaveNoText(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	fd := focusMaster(t, d, "Name")
	d.send(tea.KeyPressMsg{Code: 'J', Text: "Jü\x1b[2J"})
	d.send(tea.KeyPressMsg{Code: 0x1b, Text: "\x1b[H"}) // nothing printable: nothing typed
	d.send(tea.KeyPressMsg{Code: 'r', Text: "rgen"})
	if got := fd.input.Value(); got != "Jürgen" {
		t.Errorf("field holds %q, want %q", got, "Jürgen")
	}
}

type fakeClipboard string

// ctrl+v reads the clipboard; its text is cleaned like a terminal's paste.
func TestClipboardPasteLeavesNoEscapeText(t *testing.T) {
	old := readClipboard
	t.Cleanup(func() { readClipboard = old })
	readClipboard = func() tea.Msg { return fakeClipboard("Jürgen \x1b[2J\x1b[HMüller") }
	d := newDriver(t, t.TempDir(), 80, 24)
	fd := focusMaster(t, d, "Name")
	d.press("ctrl+v")
	if got := fd.input.Value(); got != "Jürgen Müller" {
		t.Errorf("field holds %q after ctrl+v, want %q", got, "Jürgen Müller")
	}
}

// recorder keeps the input messages Bubble Tea decodes from a terminal's bytes.
type recorder struct{ msgs *[]tea.Msg }

func (r recorder) Init() tea.Cmd { return nil }
func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return r, tea.Quit
	}
	switch msg.(type) {
	case tea.WindowSizeMsg, tea.EnvMsg, tea.ColorProfileMsg:
	default:
		*r.msgs = append(*r.msgs, msg)
	}
	return r, nil
}
func (r recorder) View() tea.View { return tea.NewView("") }

// decode is what Bubble Tea makes of bytes that arrive in one read.
func decode(t *testing.T, in string) []tea.Msg {
	t.Helper()
	var msgs []tea.Msg
	p := tea.NewProgram(recorder{&msgs}, tea.WithInput(strings.NewReader(in+"\x03")), tea.WithOutput(io.Discard),
		tea.WithWindowSize(80, 24), tea.WithoutSignals())
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	return msgs
}

// The terminal's bytes, through Bubble Tea's decoder into the name field:
// bracketed, the paste comes as one tea.PasteMsg that still holds "\x1b[H"
// (the decoder reads it as the Home key and keeps its bytes) and is cleaned
// whole. Not bracketed, the decoder splits the bytes into keys: "\x1b[2J"
// and the OSC are dropped whole as unknown sequences, "\x1b[H" is the Home
// key — as typed, the app cannot tell it from one — and no "[2J" or "[H"
// is typed.
func TestTerminalPasteLeavesNoEscapeText(t *testing.T) {
	const text = "Jürgen \x1b[2J\x1b[HMüller\u202e\x1b]0;x\x07"
	for _, c := range []struct{ name, in, want string }{
		{"bracketed", "\x1b[200~" + text + "\x1b[201~", "Jürgen Müller"},
		{"not bracketed", text, "MüllerJürgen"}, // Home moved the cursor
	} {
		msgs := decode(t, c.in)
		d := newDriver(t, t.TempDir(), 80, 24)
		fd := focusMaster(t, d, "Name")
		for _, msg := range msgs {
			d.send(msg)
		}
		if got := fd.input.Value(); strings.TrimSpace(got) != c.want {
			t.Errorf("%s: field holds %q, want %q (messages %v)", c.name, got, c.want, msgs)
		}
	}
}
