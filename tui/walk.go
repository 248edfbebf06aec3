package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/textsafe"
)

const sidebarWidth = 26 // below 110 columns (sidebarWidthFor)

// sidebarWidthFor is the sidebar's width on a screen this wide: 26 columns
// up to 110, then it grows so that no category name wraps (36 at 110, 39
// at 120 — "Verglasung / Beleuchtung" on one row — 50 from 153).
func sidebarWidthFor(width int) int {
	if width < 110 {
		return sidebarWidth
	}
	return min(50, 39+(width-120)/3)
}

// sideW is the sidebar's width on this screen.
func (w *walkPage) sideW() int { return sidebarWidthFor(w.c.Width) }

// walkPage is the walkthrough: the nine categories in a sidebar, the current
// category's criteria as the guide words them, and its findings.
type walkPage struct {
	c       *Common
	s       *session
	cat     int // category index
	sel     int // selected finding within the category
	editor  *findingEditor
	diagram *diagramPicker // the car's outline, open to point at a panel (diagram.go)
	confirm bool           // x pressed once: the next x deletes
	notice  string
}

func newWalkPage(c *Common, s *session) *walkPage { return &walkPage{c: c, s: s} }

func (w *walkPage) category() *catalog.Category { return &w.s.rules.Catalogue.Categories[w.cat] }

// findings returns the protocol indexes of the current category's findings.
func (w *walkPage) findings() []int {
	var idx []int
	for i, f := range w.s.p.Findings {
		if f.Category == w.category().ID {
			idx = append(idx, i)
		}
	}
	return idx
}

func (w *walkPage) typing() bool { return w.editor != nil && w.editor.typing() || w.diagram != nil }

// leave keeps an open finding editor as it is (a finding is saved when it is
// taken), with what was typed applied to its copy.
func (w *walkPage) leave() tea.Cmd {
	if w.editor != nil {
		w.editor.leave()
	}
	return nil
}

func (w *walkPage) modal() bool { return w.editor != nil || w.diagram != nil }

func (w *walkPage) pending() string {
	if w.editor != nil && w.editor.changed() {
		return "Befund in " + w.editor.cat.Name + " noch nicht übernommen (F4, ctrl+s)"
	}
	return ""
}

func (w *walkPage) update(msg tea.Msg) tea.Cmd {
	if w.editor != nil {
		cmd, done := w.editor.update(msg)
		if done {
			w.editor = nil
		}
		return cmd
	}
	if cmd, ok := w.diagramUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		m := msg.Mouse()
		// the sidebar's rows start at the body's first row, each row knows
		// its category (a long name takes several rows)
		y := m.Y - headerRows
		if rows := w.sidebarRows(); m.X < w.sideW() && y >= 0 && y < len(rows) && rows[y] >= 0 {
			w.cat, w.sel = rows[y], 0
		}
		return nil
	case tea.KeyPressMsg:
		return w.key(msg)
	}
	return nil
}

func (w *walkPage) key(k tea.KeyPressMsg) tea.Cmd {
	keys := w.c.Keys
	n := len(w.s.rules.Catalogue.Categories)
	idx := w.findings()
	wasConfirm := w.confirm
	w.confirm, w.notice = false, ""
	switch {
	case key.Matches(k, keys.NextCategory, keys.Next):
		w.cat, w.sel = (w.cat+1)%n, 0
	case key.Matches(k, keys.PrevCategory, keys.Prev):
		w.cat, w.sel = (w.cat-1+n)%n, 0
	case key.Matches(k, keys.Up):
		w.sel = max(0, w.sel-1)
	case key.Matches(k, keys.Down):
		w.sel = min(max(0, len(idx)-1), w.sel+1)
	case w.s.readOnly():
		if key.Matches(k, keys.Add, keys.Enter, keys.Delete, keys.NoFindings) {
			w.notice = sealedNotice(w.s.p.ID)
		}
	case key.Matches(k, keys.Add):
		w.editor = newFindingEditor(w.c, w.s, w.category(), -1)
	case key.Matches(k, keys.Enter) && len(idx) > 0:
		w.editor = newFindingEditor(w.c, w.s, w.category(), idx[w.sel])
	case key.Matches(k, keys.Delete) && len(idx) > 0:
		if w.s.p.Disputes(idx[w.sel]) {
			// the customer disputes this damage: the mark is taken off where it was set
			w.notice = "Befund ist bestritten – erst in F7 die Markierung aufheben, dann löschen"
			return nil
		}
		if !wasConfirm {
			w.confirm = true
			w.notice = "Befund löschen? x erneut drücken"
			return nil
		}
		w.s.p.DeleteFinding(idx[w.sel]) // the disputed findings after it keep their marks
		w.sel = max(0, w.sel-1)
		if id := w.category().ID; w.s.p.FindingCount(id) == 0 {
			// the last finding is gone: "keine Befunde" must be confirmed, not assumed
			w.s.p.Completed = slices.DeleteFunc(w.s.p.Completed, func(c string) bool { return c == id })
		}
		others := inspection.Rejudge(w.s.p, w.s.rules, -1) // one damage less on its panel
		cmd := w.s.changed()
		w.s.rejudged(others)
		return cmd
	case key.Matches(k, keys.NoFindings):
		return w.toggleDone()
	}
	return nil
}

// toggleDone marks the category finished ("keine Befunde") or open again.
func (w *walkPage) toggleDone() tea.Cmd {
	id := w.category().ID
	p := w.s.p
	if i := slices.Index(p.Completed, id); i >= 0 {
		if p.FindingCount(id) > 0 {
			w.notice = "Kategorie hat Befunde und bleibt erledigt"
			return nil
		}
		p.Completed = slices.Delete(p.Completed, i, i+1)
		return w.s.changed()
	}
	p.Completed = append(p.Completed, id)
	if p.FindingCount(id) == 0 && w.cat < len(w.s.rules.Catalogue.Categories)-1 {
		w.cat++ // keine Befunde: straight on to the next category
	}
	return w.s.changed()
}

func (w *walkPage) help() helpMap {
	k := w.c.Keys
	if w.editor != nil {
		return w.editor.help()
	}
	if w.diagram != nil {
		return w.diagram.help()
	}
	if w.s.readOnly() {
		return helpMap{short: []key.Binding{k.Up, k.Down, k.NextCategory, diagramKey, k.NextPage, k.Back}}
	}
	short := []key.Binding{k.Add, diagramKey, k.Enter, k.NoFindings, k.Delete, k.NextCategory, k.NextPage, k.Help}
	return helpMap{short: short, full: [][]key.Binding{{k.Add, diagramKey, k.Enter, k.Delete, k.NoFindings}, {k.NextCategory, k.PrevCategory, k.Up, k.Down}}}
}

func (w *walkPage) view(width, height int) string {
	if w.editor != nil {
		return w.editor.view(width, height)
	}
	if w.diagram != nil {
		return w.diagram.view(width, height)
	}
	if w.c.layingOut {
		// the list of categories and findings keeps nothing that drawing
		// decides (its window follows the selection; clicks are tested
		// against sidebarRows): the layout pass after each key would only
		// draw it a second time
		return ""
	}
	side := w.sidebar(height)
	sw := sidebarWidthFor(width)
	main := w.main(width-sw-1, height)
	return joinColumns(side, main, sw, height)
}

// nameWidth is the sidebar's name column; a longer name wraps onto more
// rows rather than being cut (issue 10: category names in full at 80
// columns).
func nameWidth(sideW int) int { return sideW - 9 }

// categoryNameLines is a category name wrapped into a name column.
func categoryNameLines(name string, nameW int) []string {
	var lines []string
	for _, word := range strings.Fields(textsafe.Line(name)) {
		if n := len(lines); n > 0 && lipgloss.Width(lines[n-1])+1+lipgloss.Width(word) <= nameW {
			lines[n-1] += " " + word
			continue
		}
		lines = append(lines, ansiTruncate(word, nameW))
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// sidebarRows says which category each sidebar row shows (-1: none), the
// same layout sidebar draws, so a click is tested against what is drawn.
func (w *walkPage) sidebarRows() []int {
	rows := []int{-1, -1}
	for i, c := range w.s.rules.Catalogue.Categories {
		for range categoryNameLines(c.Name, nameWidth(w.sideW())) {
			rows = append(rows, i)
		}
	}
	return rows
}

func (w *walkPage) sidebar(height int) []string {
	st, sw := w.c.Styles, w.sideW()
	lines := []string{st.Header.Render("Kategorien"), ""}
	counts := make(map[string]int, len(w.s.rules.Catalogue.Categories)) // one pass, not one per category
	for i := range w.s.p.Findings {
		counts[w.s.p.Findings[i].Category]++
	}
	for i, c := range w.s.rules.Catalogue.Categories {
		state := st.Warn.Render("offen")
		switch n := counts[c.ID]; {
		case n > 0:
			state = st.NotAcceptable.Render(fmt.Sprintf("%d Bef.", n))
		case slices.Contains(w.s.p.Completed, c.ID): // CategoryDone without counting again
			state = st.OK.Render("keine")
		}
		for j, name := range categoryNameLines(c.Name, nameWidth(sw)) {
			line := padRight(name, nameWidth(sw))
			if j == 0 {
				line += " " + state
			}
			if i == w.cat {
				// the category is the context, not a second cursor: the one
				// "›" on screen is the finding's (issue 10 §3); "◂" points to
				// the pane that shows it, also without colour
				if j == 0 {
					line = padRight(line, sw-2) + "◂"
				}
				line = st.TabActive.Render(" " + line)
			} else {
				line = " " + line
			}
			lines = append(lines, line)
		}
	}
	done := 0
	for _, c := range w.s.rules.Catalogue.Categories {
		if counts[c.ID] > 0 || slices.Contains(w.s.p.Completed, c.ID) {
			done++
		}
	}
	lines = append(lines, "", st.Muted.Render(fmt.Sprintf(" %d von %d erledigt", done, len(w.s.rules.Catalogue.Categories))))
	return lines
}

func (w *walkPage) main(width, height int) []string {
	st := w.c.Styles
	cat := w.category()
	lines := []string{st.Title.Render(cat.Name)}
	idx := w.findings()
	var full []string // the selected finding's description whole, when its row cuts it
	if w.sel < len(idx) {
		full = selectedInFull(st, &w.s.p.Findings[idx[w.sel]], width)
	}
	room := height - 3 - max(1, len(idx)) // keep the findings visible
	crit := w.criteriaLines(cat, width, room)
	used := 2 + max(1, len(idx))
	for _, c := range crit {
		lines = append(lines, c...)
		used += len(c)
	}
	if used+len(full) > height {
		full = nil // the criteria come first; the description shows where room is left
	}
	header := len(lines)
	lines = append(lines, st.Header.Render("Befunde"))
	if len(idx) == 0 {
		hint := "keine – a: Befund erfassen, k: keine Befunde"
		if w.s.p.CategoryDone(cat.ID) {
			hint = "keine Befunde (bestätigt)"
		}
		lines = append(lines, st.Muted.Render(hint))
	}
	var notice []string
	if n := w.notice; n != "" { // wrapped, whole: it says what to do instead
		if i := strings.LastIndex(n, " ("); i > 0 && lipgloss.Width(n) > width {
			n = n[:i] + "\n" + n[i+1:] // "(rueckgabe amend ID)" on a line of its own, not split
		}
		notice = strings.Split(wrapLines(st.Warn, n, width, 3), "\n")
	}
	// under the list: the selected finding's description whole, the
	// handover protocol's damage of this category
	under := slices.Concat(full, w.baselineLines(cat.ID, width))
	from, to := findingWindow(len(idx), w.sel, height-len(lines)-len(notice)-len(under))
	if to-from < len(idx) { // not all on screen: say which and how many
		lines[header] = st.Header.Render(fmt.Sprintf("Befunde %d–%d von %d (↑↓)", from+1, to, len(idx)))
	}
	// once a finding is on the diagram, every row carries its number, as
	// the markers and the PDF do (Nr. 3)
	number := func(int) string { return "" }
	if located(w.s.p) {
		digits := len(strconv.Itoa(len(w.s.p.Findings)))
		number = func(i int) string { return fmt.Sprintf("%*d ", digits, i+1) }
	}
	for j := from; j < to; j++ { // only the lines on screen are drawn
		i := idx[j]
		charged := fmt.Sprintf("%12s", money.Euro(w.s.val.Findings[i].Charged))
		mark := number(i)
		if w.s.p.Disputes(i) {
			mark += "bestritten " // marked on F7: shown where it would be deleted
		}
		line := padRight(mark+findingLine(&w.s.p.Findings[i], width-14-lipgloss.Width(mark)), width-14) + charged
		if j == w.sel {
			line = st.Selected.Render("›" + line)
		} else {
			line = " " + line
		}
		lines = append(lines, line)
	}
	// the notice says what to do instead of what was pressed: it stays,
	// and the handover's damage gives way where both do not fit
	if room := height - len(lines) - len(notice); len(under) > room {
		under = under[:max(0, room)]
	}
	lines = append(lines, under...)
	return append(lines, notice...)
}

// located: a finding of the protocol is placed on the diagram.
func located(p *inspection.Protocol) bool {
	return slices.ContainsFunc(p.Findings, func(f inspection.Finding) bool { return f.Location != nil })
}

// findingWindow is the part [from, to) of n findings that room rows show:
// all when they fit, else a window around the selected one (centred,
// within the list), so it is always on screen.
func findingWindow(n, sel, room int) (from, to int) {
	if n <= room || n == 0 {
		return 0, n
	}
	room = max(room, 1)
	from = max(0, min(sel-room/2, n-room))
	return from, from + room
}

// criteriaLines lists a category's criteria in room lines: each on one line,
// and as many as the room allows wrapped in full (indented under their
// mark) — those needing the fewest extra lines first, so the most criteria
// read whole; what does not fit at all is counted, not cut.
func (w *walkPage) criteriaLines(cat *catalog.Category, width, room int) [][]string {
	st := w.c.Styles
	out := make([][]string, len(cat.Criteria))
	wrapped := make([][]string, len(cat.Criteria))
	order := make([]int, len(cat.Criteria))
	for i, r := range cat.Criteria {
		mark := st.Acceptable.Render("✓")
		if !r.Acceptable {
			mark = st.NotAcceptable.Render("✗")
		}
		out[i] = []string{truncate(mark+" "+textsafe.Line(r.Text), width)}
		wrapped[i] = strings.Split(lipgloss.Wrap(textsafe.Line(r.Text), max(width-2, 10), ""), "\n")
		wrapped[i][0] = mark + " " + wrapped[i][0]
		for j := 1; j < len(wrapped[i]); j++ {
			wrapped[i][j] = "  " + wrapped[i][j]
		}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(wrapped[a]) - len(wrapped[b]) })
	spare := room - len(out)
	for _, i := range order {
		if extra := len(wrapped[i]) - 1; extra <= spare {
			spare -= extra
			out[i] = wrapped[i]
		}
	}
	if len(out) > room {
		out = append(out[:max(0, room-1)], []string{st.Muted.Render(fmt.Sprintf("  … %d weitere Kriterien beim Erfassen (a)", len(out)-room+1))})
	}
	return out
}

// findingLine: "✗ Tür vorn links · >3cm - 4cm · Smart Repair · 120,00 € · 2 Fotos"
// in width cells; when it is too long the description is cut, never the
// cost and the photo count.
func findingLine(f *inspection.Finding, width int) string {
	parts := []string{textsafe.Line(f.Part)}
	if f.Size != "" {
		parts = append(parts, textsafe.Line(f.Size))
	}
	if f.Repair != "" {
		parts = append(parts, repairLabel[f.Repair])
	}
	verdict := "✗"
	if f.Acceptable {
		verdict = "✓"
	}
	tail := " · " + money.Euro(f.RepairCost())
	if n := len(f.Evidence); n > 0 {
		tail += " · " + fotos(n)
	}
	head := verdict + " " + strings.Join(parts, " · ")
	if room := width - lipgloss.Width(tail); room >= 6 {
		return truncate(head, room) + tail
	}
	return truncate(head+tail, width) // too narrow for both: cut as one
}

// selectedInFull is the selected finding's description whole, wrapped
// under the list, when its row had to cut it (issue 23: "Tür hinten links…
// · 180,00 €" at 80×24); nothing when the row shows it whole.
func selectedInFull(st Styles, f *inspection.Finding, width int) []string {
	parts := []string{textsafe.Line(f.Part)}
	for _, s := range []string{textsafe.Line(f.Size), repairLabel[f.Repair]} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	full := strings.Join(parts, " · ")
	if strings.Contains(findingLine(f, width-14), full) {
		return nil
	}
	var out []string
	for _, l := range strings.Split(lipgloss.Wrap(full, max(width-4, 10), ""), "\n") {
		out = append(out, st.Muted.Render("   "+l))
	}
	return out
}

var repairLabel = inspection.RepairLabels

// joinColumns puts a sidebar and a main pane side by side.
func joinColumns(left, right []string, leftWidth, height int) string {
	rows := make([]string, 0, height)
	for i := 0; i < height; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		rows = append(rows, padRight(truncate(l, leftWidth), leftWidth)+"│"+r)
	}
	return strings.Join(rows, "\n")
}
