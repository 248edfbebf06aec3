package tui

import (
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/store"
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
	folded   []string // items as search compares them (store.Fold)
	marks    []string // optional prefix per item (✓ / ✗)
	numbered bool
	free     bool // the typed text itself may be chosen
	filter   textinput.Model
	cursor   int
	shown    []int
}

func newPicklist(c *Common, title string, items []string, numbered, free bool) *picklist {
	p := &picklist{c: c, title: title, items: items, numbered: numbered, free: free, folded: make([]string, len(items))}
	for i, it := range items {
		p.folded[i] = store.Fold(it) // "tuer" and "tur" find "Tür", "osterreich" "Österreich"
	}
	p.filter = newInput("» ", "tippen zum Filtern", 30)
	p.filter.Focus()
	p.refilter()
	return p
}

func (p *picklist) refilter() {
	q := store.Fold(strings.TrimSpace(p.filter.Value()))
	p.shown = p.shown[:0]
	var ranks []int
	for i, it := range p.folded {
		if r := rank(it, q); r >= 0 {
			p.shown = append(p.shown, i)
			ranks = append(ranks, r)
		}
	}
	// best matches first, catalogue order within a rank
	order := make([]int, len(p.shown))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ranks[order[a]] < ranks[order[b]] })
	sorted := make([]int, len(order))
	for i, o := range order {
		sorted[i] = p.shown[o]
	}
	p.shown = sorted
	p.cursor = min(p.cursor, max(0, len(p.shown)-1))
}

// rank says how well a folded item matches the folded query, best first: 0
// the word initials ("tvl" → "Tür vorn links"), 1 a word start, 2 anywhere,
// 3 the letters in order ("mh" → "Motorhaube"); -1 no match.
func rank(low, q string) int {
	if q == "" {
		return 0
	}
	words := strings.Fields(low)
	var initials strings.Builder
	for _, w := range words {
		initials.WriteRune([]rune(w)[0])
	}
	switch {
	case strings.HasPrefix(initials.String(), q):
		return 0
	case strings.HasPrefix(low, q) || strings.Contains(low, " "+q):
		return 1
	case strings.Contains(low, q):
		return 2
	case subsequence(low, q):
		return 3
	}
	return -1
}

func subsequence(s, q string) bool {
	rq := []rune(q)
	i := 0
	for _, r := range s {
		if i < len(rq) && r == rq[i] {
			i++
		}
	}
	return i == len(rq)
}

// pick is what a key did to a picklist: nothing chosen yet (chosen false),
// or the chosen item — its text and index, -1 for typed free text.
type pick struct {
	choice string
	index  int
	chosen bool
}

// update moves the cursor, filters, or chooses; the keys are the KeyMap's.
func (p *picklist) update(msg tea.Msg) (pick, tea.Cmd) {
	none := pick{index: -1}
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return none, nil
	}
	keys := p.c.Keys
	switch {
	case key.Matches(k, keys.Up):
		p.cursor = max(0, p.cursor-1)
		return none, nil
	case key.Matches(k, keys.Down):
		p.cursor = min(len(p.shown)-1, p.cursor+1)
		return none, nil
	case key.Matches(k, keys.Enter):
		if len(p.shown) > 0 {
			i := p.shown[p.cursor]
			return pick{choice: p.items[i], index: i, chosen: true}, nil
		}
		if t := strings.TrimSpace(p.filter.Value()); p.free && t != "" {
			return pick{choice: t, index: -1, chosen: true}, nil
		}
		return none, nil
	}
	if n, ok := p.direct(k); ok {
		return pick{choice: p.items[n], index: n, chosen: true}, nil
	}
	cmd := updateInput(&p.filter, msg)
	p.refilter()
	return none, cmd
}

// direct is the item a digit picks in a numbered list before anything is
// typed: 1–9 the first nine, 0 the tenth.
func (p *picklist) direct(k tea.KeyPressMsg) (int, bool) {
	s := k.Text
	if !p.numbered || p.filter.Value() != "" || len(s) != 1 || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	if n == 0 {
		n = 10
	}
	return n - 1, n <= len(p.items)
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
	if wrapped, ok := p.wrappedItems(width, height-len(lines)); ok {
		// every item fits whole, wrapped under its mark: nothing to cut
		return strings.Join(append(lines, wrapped...), "\n")
	}
	full := p.selectedInFull(width)
	if len(full) > 0 {
		height -= len(full) + 1 // the chosen item is read whole: the inspector judges by it
	}
	top := max(0, p.cursor-(height-2))
	for j := top; j < len(p.shown) && len(lines) < height; j++ {
		i := p.shown[j]
		line := truncate(p.prefix(i)+textsafe.Line(p.items[i]), width-2)
		if j == p.cursor {
			line = st.Selected.Render("›" + line)
		} else {
			line = " " + line
		}
		lines = append(lines, line)
	}
	if len(full) > 0 {
		for len(lines) < height {
			lines = append(lines, "")
		}
		lines = append(lines, "")
		for _, l := range full {
			lines = append(lines, st.Header.Render("  "+l))
		}
	}
	return strings.Join(lines, "\n")
}

// wrappedItems are the shown items wrapped whole to the width, when some
// would be cut on one line and all of them fit in room lines.
func (p *picklist) wrappedItems(width, room int) ([]string, bool) {
	st := p.c.Styles
	var out []string
	cut := false
	for j, i := range p.shown {
		prefix := p.prefix(i)
		indent := strings.Repeat(" ", lipgloss.Width(prefix)+1)
		text := textsafe.Line(p.items[i])
		wrapped := strings.Split(lipgloss.Wrap(text, max(width-len(indent)-1, 10), ""), "\n")
		cut = cut || len(wrapped) > 1
		for k, l := range wrapped {
			line := indent + l
			if k == 0 {
				line = prefix + l
				if j == p.cursor {
					line = "›" + line
				} else {
					line = " " + line
				}
			}
			if j == p.cursor {
				line = st.Selected.Render(line)
			}
			out = append(out, line)
		}
		if len(out) > room {
			return nil, false
		}
	}
	return out, cut
}

func (p *picklist) prefix(i int) string {
	prefix := "  "
	if p.numbered && i < 10 {
		prefix = strconv.Itoa((i+1)%10) + " "
	}
	if p.marks != nil {
		prefix += p.marks[i] + " "
	}
	return prefix
}

// selectedInFull is the selected item wrapped to the width when its line
// would be cut, else nothing (at most four lines).
func (p *picklist) selectedInFull(width int) []string {
	if len(p.shown) == 0 {
		return nil
	}
	i := p.shown[min(p.cursor, len(p.shown)-1)]
	text := textsafe.Line(p.items[i])
	if lipgloss.Width(p.prefix(i)+text) <= width-3 {
		return nil
	}
	lines := strings.Split(lipgloss.Wrap(text, width-4, ""), "\n")
	return lines[:min(len(lines), 4)]
}

// choose passes msg to the picklist: back (esc) closes it without a choice,
// a choice closes it and is returned with ok. The caller drops the list
// when closed.
func (p *picklist) choose(back key.Binding, msg tea.Msg) (index int, ok, closed bool, cmd tea.Cmd) {
	if k, isKey := msg.(tea.KeyPressMsg); isKey && key.Matches(k, back) {
		return 0, false, true, nil
	}
	pk, cmd := p.update(msg)
	return pk.index, pk.chosen, pk.chosen, cmd
}
