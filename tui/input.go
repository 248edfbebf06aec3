package tui

import (
	"reflect"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/textsafe"
)

// newInput is a text input with a steady cursor: calm on screen, and no
// blink ticks in the message stream. It has no character limit: an input
// accepts everything the format accepts, and never cuts stored text.
func newInput(prompt, placeholder string, width int) textinput.Model {
	in := textinput.New()
	st := textinput.DefaultDarkStyles()
	st.Cursor.Blink = false
	// the prompt and text in the terminal's own colour (the default's light
	// grey is 1.3:1 on white); the example in the one grey that reads at
	// 4.5:1 on black and on white alike
	for _, s := range []*textinput.StyleState{&st.Focused, &st.Blurred} {
		s.Prompt, s.Text = lipgloss.NewStyle(), lipgloss.NewStyle()
		s.Placeholder, s.Suggestion = lipgloss.NewStyle().Foreground(placeholderGrey), lipgloss.NewStyle().Foreground(placeholderGrey)
	}
	in.SetStyles(st)
	in.Prompt, in.Placeholder = prompt, placeholder
	in.CharLimit = 0
	in.SetWidth(width)
	return in
}

// placeholderGrey is #767676: 4.54:1 on white, 4.62:1 on black.
var placeholderGrey = lipgloss.Color("#767676")

// updateInput passes a message to an input and keeps its text free of
// anything the terminal would act on (pasted escapes, bidi overrides): the
// input shows its text raw. Pasted and typed text is cleaned whole, before
// the input sees it: the input's own filter drops control characters one by
// one, which of "\x1b[2J" would keep "[2J". A bracketed paste brings the
// sequences the terminal's decoder reads as keys (cursor keys, Home: "\x1b[H")
// as their bytes; the other sequences it has already left out.
func updateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.PasteMsg:
		msg = tea.PasteMsg{Content: textsafe.Line(m.Content)}
	case tea.KeyPressMsg:
		if in.Focused() && key.Matches(m, in.KeyMap.Paste) {
			return pasteClipboard // ctrl+v: the clipboard's text as a paste, cleaned when it comes
		}
		if t := textsafe.Line(m.Text); t != m.Text {
			if t == "" {
				return nil // nothing printable: nothing to type
			}
			m.Text = t
			msg = m
		}
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if v := in.Value(); textsafe.Line(v) != v {
		pos := in.Position()
		in.SetValue(textsafe.Line(v))
		in.SetCursor(min(pos, len([]rune(in.Value()))))
	}
	return cmd
}

// readClipboard is the input's own clipboard read (ctrl+v); its text comes
// as a message of the input's own, which updateInput could not tell from
// others. Tests replace it.
var readClipboard = textinput.Paste

// pasteClipboard reads the clipboard and hands its text over as a
// tea.PasteMsg, the message updateInput cleans; a failed read stays the
// input's message (its Err).
func pasteClipboard() tea.Msg {
	msg := readClipboard()
	if v := reflect.ValueOf(msg); v.Kind() == reflect.String {
		return tea.PasteMsg{Content: v.String()}
	}
	return msg
}

// typeOver passes a message to an input that shows a value to be replaced
// by one typed (a preset, a stored value): while *fresh — no key since the
// value was shown or the input got the focus — a printable key or a paste
// replaces the whole value ("3" into a preset 1 is 3, not 13); any other key
// first (←, →, home, end, backspace) keeps the value to be edited. Every key
// and every paste ends *fresh; the caller sets it when it shows a value.
func typeOver(in *textinput.Model, fresh *bool, msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if *fresh && textsafe.Line(m.Text) != "" {
			in.SetValue("")
		}
		*fresh = false
	case tea.PasteMsg:
		if *fresh && textsafe.Line(m.Content) != "" {
			in.SetValue("")
		}
		*fresh = false
	}
	return updateInput(in, msg)
}
