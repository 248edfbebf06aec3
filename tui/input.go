package tui

import "charm.land/bubbles/v2/textinput"

// newInput is a text input with a steady cursor: calm on screen, and no
// blink ticks in the message stream.
func newInput(prompt, placeholder string, width int) textinput.Model {
	in := textinput.New()
	st := textinput.DefaultDarkStyles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.Prompt, in.Placeholder = prompt, placeholder
	in.CharLimit = 200
	in.SetWidth(width)
	return in
}
