package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// field is one labelled input bound to a protocol value. get renders the
// value for editing; set parses the typed text and stores it, or returns what
// is wrong — the typed text then stays in the input, nothing is lost.
type field struct {
	section string
	label   string
	path    string // JSON path, to show validation problems inline
	hint    string
	blank   string   // shown, muted, for an empty value outside the focus ("nicht geprüft")
	choices []string // a choice field cycles with space/←/→ instead of typing
	// freeText: a name, an address, a note, a list — typing goes in where
	// the cursor is. Every other field holds one value (an amount, a date,
	// a count, a depth), and text typed first after it gets the focus
	// replaces the value it shows ("1" into "2/2" gives 1, not 2/21; "5"
	// into a depth of 4,5 gives 5, not 4,55); a cursor key first edits it
	// instead (typeOver)
	freeText bool
	// when, if set, says whether the field applies to the protocol as it
	// stands (the dealer's price only on a residual contract)
	when  func(p *inspection.Protocol) bool
	get   func(p *inspection.Protocol) string
	set   func(p *inspection.Protocol, s string) error
	input textinput.Model
	shown string // the stored value as loaded into the input; equal text is no edit
	err   string // parse error of the typed text, which stays pending in the input
}

// dirty: the input holds text the user typed that is not applied yet.
func (fd *field) dirty() bool { return fd.input.Value() != fd.shown }

// show loads a stored value into the input. Stored text is shown sanitised
// (no control or bidi character reaches the terminal); because shown is the
// sanitised text, merely looking at a field never writes it back.
func (fd *field) show(value string) {
	fd.input.SetValue(textsafe.Line(value))
	fd.shown = fd.input.Value()
	fd.err = ""
}

// form edits a list of fields; a value is applied when the field is left.
type form struct {
	c      *Common
	fields []*field
	focus  int
	top    int  // first visible row, for scrolling
	fresh  bool // the focused field has had no key since it got the focus
}

func newForm(c *Common, fields []*field) *form {
	f := &form{c: c, fields: fields}
	for _, fd := range fields {
		fd.input = newInput("", "", 28)
	}
	return f
}

// load fills the inputs from the protocol. A field holding invalid text
// keeps it with its error: what the user typed is never silently dropped.
func (f *form) load(p *inspection.Protocol) {
	for _, fd := range f.fields {
		if fd.err == "" {
			fd.show(fd.get(p))
		}
	}
	f.focusField(f.focus)
}

// refresh shows the protocol's values in the fields other than the focused
// one (an edit of one field may change another); text with an error stays.
func (f *form) refresh(p *inspection.Protocol) {
	for i, fd := range f.fields {
		if i != f.focus && fd.err == "" {
			fd.show(fd.get(p))
		}
	}
}

// fillFocused shows the protocol's value in the focused field when nothing
// is typed there (a value that arrived from elsewhere, as a baseline's).
func (f *form) fillFocused(p *inspection.Protocol) {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return
	}
	if fd := f.fields[f.focus]; fd.err == "" && fd.input.Value() == "" {
		fd.show(fd.get(p))
		f.fresh = true // a value shown: typing replaces it
	}
}

// carryPending keeps the invalid text of an older form of the same fields
// (a form rebuilt because the protocol's wheels or items changed).
func (f *form) carryPending(old *form) {
	if old == nil {
		return
	}
	for _, o := range old.fields {
		if o.err == "" {
			continue
		}
		for _, fd := range f.fields {
			if fd.path == o.path && fd.label == o.label {
				fd.input.SetValue(o.input.Value())
				fd.shown, fd.err = o.shown, o.err
			}
		}
	}
}

// pending describes what is on screen but not in the protocol: invalid text
// kept in a field, or text typed and not yet applied; "" when nothing.
func (f *form) pending() string {
	for _, fd := range f.fields {
		if fd.err != "" {
			return fd.label + ": ungültige Eingabe nicht gespeichert"
		}
	}
	if fd := f.focused(); fd.dirty() {
		return fd.label + ": Eingabe noch nicht übernommen"
	}
	return ""
}

func (f *form) focused() *field { return f.fields[f.focus] }

func (f *form) focusField(i int) tea.Cmd {
	f.fields[f.focus].input.Blur()
	f.focus = (i + len(f.fields)) % len(f.fields)
	f.fresh = true
	return f.fields[f.focus].input.Focus()
}

// apply stores the focused field's text; it reports whether the protocol
// changed. Only text the user changed is applied: the stored value may hold
// what the input cannot show (controls, tabs, surrounding spaces).
func (f *form) apply(p *inspection.Protocol) bool {
	fd := f.focused()
	if !fd.dirty() {
		fd.err = "" // typed, then typed back: nothing to apply
		return false
	}
	before := fd.get(p)
	if err := fd.set(p, strings.TrimSpace(fd.input.Value())); err != nil {
		fd.err = err.Error()
		return false
	}
	after := fd.get(p)
	fd.show(after)
	return after != before
}

// update handles a key; changed reports an applied edit to save.
func (f *form) update(msg tea.Msg, p *inspection.Protocol) (cmd tea.Cmd, changed bool) {
	fd := f.focused()
	// typed over: the field shows its value untouched since it got the
	// focus; invalid text kept in it is edited, never typed over
	over := f.fresh && !fd.freeText && fd.err == ""
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		f.fresh = false // any key ends it; focusField arms it again
		if cmd, changed, done := f.command(m, p); done {
			return cmd, changed
		}
	case tea.PasteMsg:
		f.fresh = false
	default:
		return updateInput(&fd.input, msg), false
	}
	cmd = typeOver(&fd.input, &over, msg)
	if fd.err != "" && fd.set(p.Clone(), strings.TrimSpace(fd.input.Value())) == nil {
		fd.err = "" // corrected: the error of the earlier text goes (the value is taken on leaving)
	}
	return cmd, false
}

// command handles a key that moves between the fields or switches a
// choice; done is false for a key typed into the focused field.
func (f *form) command(k tea.KeyPressMsg, p *inspection.Protocol) (cmd tea.Cmd, changed, done bool) {
	fd := f.focused()
	keys := f.c.Keys
	switch {
	case key.Matches(k, keys.Next, keys.Down):
		changed = f.apply(p)
		if fd.err == "" {
			cmd = f.focusField(f.focus + 1)
		}
		return cmd, changed, true
	case key.Matches(k, keys.Enter):
		// enter goes on to the next field still to fill in: past what is
		// prefilled (make, dates, the profile's km clause) and past choices
		changed = f.apply(p)
		if fd.err == "" {
			cmd = f.focusField(f.nextEmpty())
		}
		return cmd, changed, true
	case key.Matches(k, keys.Prev, keys.Up):
		changed = f.apply(p)
		if fd.err == "" {
			cmd = f.focusField(f.focus - 1)
		}
		return cmd, changed, true
	case fd.choices != nil && key.Matches(k, keys.Toggle, keys.ChoicePrev, keys.ChoiceNext):
		step := 1
		if key.Matches(k, keys.ChoicePrev) {
			step = -1
		}
		fd.input.SetValue(cycle(fd.choices, fd.input.Value(), step))
		return nil, f.apply(p), true
	case fd.choices != nil:
		return nil, false, true // a choice field takes no typing
	}
	return nil, false, false
}

// nextEmpty is the next field after the focus that is empty and typed
// into (no choice), or simply the next field when none is.
func (f *form) nextEmpty() int {
	for i := f.focus + 1; i < len(f.fields); i++ {
		if fd := f.fields[i]; fd.choices == nil && fd.input.Value() == "" {
			return i
		}
	}
	return f.focus + 1
}

func cycle(choices []string, cur string, step int) string {
	for i, c := range choices {
		if c == cur {
			return choices[(i+step+len(choices))%len(choices)]
		}
	}
	return choices[0]
}

// view renders the fields that fit in height rows, keeping the focus
// visible. From 120 columns a long form is laid out in two columns, split
// between sections, when that shows it whole.
func (f *form) view(width, height int, problems inspection.Problems) string {
	if width >= twoColumnsFrom {
		colW := (width - 3) / 2
		rows, _, _, sections := f.rows(colW, problems)
		if len(rows) > longForm {
			if left, right, ok := splitColumns(rows, sections, height); ok {
				if f.c.layingOut {
					f.top = 0
				}
				return joinColumns(left, right, colW, max(len(left), len(right)))
			}
		}
	}
	rows, focusRow, focusEnd, _ := f.rows(width, problems)
	top := f.top
	if focusRow < top {
		top = focusRow
	}
	if focusEnd >= top+height {
		top = min(focusEnd-height+1, focusRow)
	}
	top = max(0, min(top, len(rows)-height))
	if f.c.layingOut {
		f.top = top
	}
	end := min(len(rows), top+height)
	return strings.Join(rows[top:end], "\n")
}

// twoColumnsFrom is the screen width from which a long form (more than
// longForm rows) takes two columns.
const twoColumnsFrom, longForm = 120, 16

// splitColumns splits rows at the section start that makes the longer
// column shortest; ok is false when two columns of height do not hold them.
func splitColumns(rows []string, sections []int, height int) (left, right []string, ok bool) {
	best := -1
	for _, at := range sections {
		if at == 0 {
			continue
		}
		if best < 0 || max(at, len(rows)-at) < max(best, len(rows)-best) {
			best = at
		}
	}
	if best < 0 || best > height || len(rows)-best > height {
		return nil, nil, false
	}
	return rows[:best], rows[best:], true
}

// rows are the form's lines for a width: the section headers, each field
// with its hint when focused and its error; focusRow and focusEnd are the
// focused field's first and last line, sections the rows where a section
// starts.
func (f *form) rows(width int, problems inspection.Problems) (rows []string, focusRow, focusEnd int, sections []int) {
	st := f.c.Styles
	labelW := 0
	for _, fd := range f.fields {
		labelW = max(labelW, lipgloss.Width(fd.label))
	}
	section := ""
	for i, fd := range f.fields {
		if fd.section != section {
			section = fd.section
			sections = append(sections, len(rows))
			rows = append(rows, st.Header.Render(section))
		}
		label := st.Label
		marker := "  "
		if i == f.focus {
			label, marker, focusRow = st.LabelFocus, "› ", len(rows)
		}
		value := textsafe.Line(fd.input.Value())
		if i == f.focus && fd.choices == nil { // a choice takes no typing: no cursor, no input padding before its ›
			in := fd.input // a copy: drawing changes nothing
			if room := width - labelW - 5; room < in.Width() {
				in.SetWidth(max(room, 8))   // a narrow column: the input scrolls in what is left
				in.SetCursor(in.Position()) // the scroll for the new width
			} else if lipgloss.Width(in.Value()) >= in.Width() {
				in.SetWidth(room) // a long text takes the row (its hint goes under it)
				in.SetCursor(in.Position())
			}
			value = in.View()
		}
		if fd.choices != nil {
			value = "‹ " + value + " ›"
		}
		if value == "" && fd.blank != "" && i != f.focus {
			value = st.Muted.Render(fd.blank)
		}
		line := marker + label.Render(padRight(fd.label, labelW)) + "  " + value
		msg := fd.err
		if msg == "" {
			if ps := problems.At(fd.path); len(ps) > 0 && fd.path != "" {
				msg = ps[0].German()
			}
		}
		var hint []string
		if i == f.focus && fd.hint != "" && msg == "" {
			if lipgloss.Width(line)+2+lipgloss.Width(fd.hint) <= width {
				line += "  " + st.Muted.Render(fd.hint)
			} else { // under the value, whole: "z. B. 1 oder 1/2 · 2 erwartet"
				hint = hintLines(st, fd.hint, labelW+4, width)
			}
		}
		rows = append(rows, truncate(line, width))
		rows = append(rows, hint...)
		if i == f.focus {
			focusEnd = len(rows) - 1 // the hint under the focus stays in sight with it
		}
		if msg != "" {
			rows = append(rows, errorLines(st, msg, labelW+4, width)...)
		}
	}
	return rows, focusRow, focusEnd, sections
}

// errorLines wraps a field's error under the field, indented to its value,
// whole: the inspector reads the example it gives ("z. B. 31.03.2024").
func errorLines(st Styles, msg string, indent, width int) []string {
	if width-indent < 24 {
		indent = 2
	}
	wrapped := strings.Split(lipgloss.Wrap("✗ "+textsafe.Line(msg), max(width-indent, 10), ""), "\n")
	for i, l := range wrapped {
		wrapped[i] = truncate(strings.Repeat(" ", indent)+st.Error.Render(l), width)
	}
	return wrapped
}

// hintLines wraps a focused field's hint under its value.
func hintLines(st Styles, hint string, indent, width int) []string {
	if width-indent < 24 {
		indent = 2
	}
	wrapped := strings.Split(lipgloss.Wrap(hint, max(width-indent, 10), ""), "\n")
	for i, l := range wrapped {
		wrapped[i] = truncate(strings.Repeat(" ", indent)+st.Muted.Render(l), width)
	}
	return wrapped
}

func padRight(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// truncate cuts a styled line to width cells.
func truncate(s string, width int) string {
	if width <= 0 || lipgloss.Width(s) <= width {
		return s
	}
	return ansiTruncate(s, width)
}
