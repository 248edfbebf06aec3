package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rueckgabe/textsafe"
)

// picklist chooses one of many items by typing: the filter keeps items whose
// text contains what was typed, or whose word initials start with it
// ("tvl" finds "Tür vorn links"). With numbered=true the digits 1–9 and 0
// pick the first ten items directly.
type picklist struct {
	c        *Common
	title    string
	items    []string
	marks    []string // optional prefix per item (✓ / ✗)
	numbered bool
	free     bool // the typed text itself may be chosen
	filter   textinput.Model
	cursor   int
	shown    []int
}

func newPicklist(c *Common, title string, items []string, numbered, free bool) *picklist {
	p := &picklist{c: c, title: title, items: items, numbered: numbered, free: free}
	p.filter = newInput("» ", "tippen zum Filtern", 30)
	p.filter.Focus()
	p.refilter()
	return p
}

func (p *picklist) refilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.shown = p.shown[:0]
	for i, it := range p.items {
		if q == "" || matches(it, q) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = min(p.cursor, max(0, len(p.shown)-1))
}

// matches: substring, or the initials of the words.
func matches(item, q string) bool {
	low := strings.ToLower(item)
	if strings.Contains(low, q) {
		return true
	}
	var initials strings.Builder
	for _, w := range strings.Fields(low) {
		r := []rune(w)
		initials.WriteRune(r[0])
	}
	return strings.HasPrefix(initials.String(), q)
}

// update returns the chosen item (ok=true) when the choice is made.
func (p *picklist) update(msg tea.Msg) (choice string, index int, ok bool, cmd tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return "", -1, false, nil
	}
	switch s := k.String(); {
	case s == "up":
		p.cursor = max(0, p.cursor-1)
		return
	case s == "down":
		p.cursor = min(len(p.shown)-1, p.cursor+1)
		return
	case s == "enter":
		if len(p.shown) > 0 {
			i := p.shown[p.cursor]
			return p.items[i], i, true, nil
		}
		if t := strings.TrimSpace(p.filter.Value()); p.free && t != "" {
			return t, -1, true, nil
		}
		return
	case p.numbered && len(s) == 1 && s[0] >= '0' && s[0] <= '9' && p.filter.Value() == "":
		n, _ := strconv.Atoi(s)
		if n == 0 {
			n = 10
		}
		if n <= len(p.items) {
			return p.items[n-1], n - 1, true, nil
		}
		return
	}
	p.filter, cmd = p.filter.Update(msg)
	p.refilter()
	return "", -1, false, cmd
}

// set moves the cursor to an item (the current value when editing).
func (p *picklist) set(item string) {
	for j, i := range p.shown {
		if p.items[i] == item {
			p.cursor = j
		}
	}
}

func (p *picklist) view(width, height int) string {
	st := p.c.Styles
	lines := []string{st.Header.Render(p.title) + "  " + p.filter.View()}
	if len(p.shown) == 0 {
		hint := "keine Treffer"
		if p.free {
			hint += " – enter übernimmt den getippten Text"
		}
		lines = append(lines, st.Muted.Render(hint))
	}
	top := max(0, p.cursor-(height-2))
	for j := top; j < len(p.shown) && len(lines) < height; j++ {
		i := p.shown[j]
		prefix := "  "
		if p.numbered && i < 10 {
			prefix = strconv.Itoa((i+1)%10) + " "
		}
		if p.marks != nil {
			prefix += p.marks[i] + " "
		}
		line := prefix + textsafe.Line(p.items[i])
		line = truncate(line, width-2)
		if j == p.cursor {
			line = st.Selected.Render("›" + line)
		} else {
			line = " " + line
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
