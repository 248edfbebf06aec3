package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/textsafe"
)

// summaryPage shows the valuation: every finding with cost, share, charged
// amount and basis, the km settlement with its rule, late return, fees,
// net / VAT / gross, and what is still missing before signing.
type summaryPage struct {
	c      *Common
	s      *session
	scroll int
	pick   *picklist
	amount textinput.Model
	adding *catalog.Fee
	typeOn bool // the preset count is untouched: a count typed replaces it (typeOver)
	err    string
	// counts caches each finding's line count for one valuation (a
	// recompute allocates a new one) and width: scrolling a thousand
	// findings does not wrap their texts again
	counts      []int
	countsOf    *inspection.FindingValue
	countsWidth int
}

func newSummaryPage(c *Common, s *session) *summaryPage {
	return &summaryPage{c: c, s: s, amount: newInput("Betrag netto € ", "z. B. 50,00", 20)}
}

func (sp *summaryPage) typing() bool { return sp.pick != nil || sp.adding != nil }

func (sp *summaryPage) leave() tea.Cmd { return nil }

// pending: a fee chosen whose amount was not confirmed.
func (sp *summaryPage) modal() bool { return sp.pick != nil || sp.adding != nil }

func (sp *summaryPage) pending() string {
	if sp.adding != nil {
		return "Gebühr " + sp.adding.Label + " noch nicht übernommen (enter)"
	}
	return ""
}

func (sp *summaryPage) update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return nil
	}
	keys := sp.c.Keys
	if sp.adding == nil {
		sp.err = "" // a notice lasts one key
	}
	switch {
	case sp.adding != nil:
		return sp.updateAmount(k)
	case sp.pick != nil:
		if key.Matches(k, keys.Back) {
			sp.pick = nil
			return nil
		}
		pk, cmd := sp.pick.update(msg)
		if choice, i := pk.choice, pk.index; pk.chosen {
			sp.pick = nil
			fee := catalog.Fee{Label: choice, Description: "frei"} // typed: a fee outside the schedule
			if i >= 0 {
				fee = sp.s.rules.Fees.Fees[i]
			}
			if fee.Priced() && fee.Unit == "" {
				// the schedule says what it costs: no keystroke more (RULES.md §5)
				sp.s.p.Fees = append(sp.s.p.Fees, inspection.Fee{Code: fee.Code})
				return sp.s.changed()
			}
			sp.adding = &fee
			sp.amount.SetValue("")
			// the field says what it takes: a count for a fee per day, else an amount
			sp.amount.Prompt, sp.amount.Placeholder = "Betrag netto € ", "z. B. 50,00"
			if fee.Unit != "" && fee.Priced() {
				sp.amount.Prompt, sp.amount.Placeholder = "Anzahl (je "+fee.Unit+") ", "z. B. 3"
			}
			if fee.Unit != "" {
				sp.amount.SetValue("1")
			}
			sp.typeOn = true
			return sp.amount.Focus()
		}
		return cmd
	case key.Matches(k, keys.Up):
		sp.scroll = max(0, sp.scroll-1)
	case key.Matches(k, keys.Down):
		sp.scroll++
	case sp.s.readOnly():
		if key.Matches(k, keys.AddFee, keys.DeleteFee) {
			sp.err = sealedNotice(sp.s.p.ID)
		}
	case key.Matches(k, keys.AddFee):
		sp.pick = newPicklist(sp.c, feeTitle(sp.s.rules.Fees), feeLabels(sp.s.rules.Fees), false, true)
		return nil
	case key.Matches(k, keys.DeleteFee) && len(sp.s.p.Fees) > 0:
		sp.s.p.Fees = slices.Delete(sp.s.p.Fees, len(sp.s.p.Fees)-1, len(sp.s.p.Fees))
		return sp.s.changed()
	}
	return nil
}

func (sp *summaryPage) updateAmount(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, sp.c.Keys.Back):
		sp.adding = nil
		return nil
	case key.Matches(k, sp.c.Keys.Enter):
		fee, msg := feeFromInput(sp.adding, strings.TrimSpace(sp.amount.Value()))
		if msg != "" {
			sp.err = msg
			return nil
		}
		sp.s.p.Fees = append(sp.s.p.Fees, fee)
		sp.adding, sp.err = nil, ""
		return sp.s.changed()
	}
	return typeOver(&sp.amount, &sp.typeOn, k)
}

func feeLabels(s *catalog.FeeSchedule) []string {
	out := make([]string, len(s.Fees))
	for i, f := range s.Fees {
		price := "Betrag frei"
		if f.Amount.Valid {
			price = money.Euro(f.Amount.Decimal)
			if f.Unit != "" {
				price += " je " + f.Unit
			}
		}
		tax := ""
		if !f.Taxable {
			tax = ", ohne MwSt."
		}
		out[i] = f.Label + " (" + price + tax + ")"
	}
	return out
}

func (sp *summaryPage) help() helpMap {
	k := sp.c.Keys
	if sp.pick != nil || sp.adding != nil {
		return helpMap{short: []key.Binding{k.Enter, k.Back}}
	}
	if sp.s.readOnly() {
		return helpMap{short: []key.Binding{k.Up, k.Down, k.Page6, k.Back, k.Quit}}
	}
	return helpMap{short: []key.Binding{k.AddFee, k.DeleteFee, k.Up, k.Down, k.PrevPage, k.Back, k.Quit}}
}

func (sp *summaryPage) view(width, height int) string {
	if sp.pick != nil {
		return sp.pick.view(width, height)
	}
	var top []string
	if sp.adding != nil {
		// the prompt stays on top, whatever the summary is scrolled to
		top = []string{sp.c.Styles.Header.Render(truncate(sp.adding.Label+": "+feePrompt(sp.adding), width)), sp.amount.View(), sp.c.Styles.Error.Render(sp.err), ""}
		height -= len(top)
	}
	blocks := sp.blocks(width)
	total := 0
	for _, b := range blocks {
		total += b.n
	}
	scroll := min(sp.scroll, max(0, total-height))
	if sp.c.layingOut {
		sp.scroll = scroll // scrolling past the end is undone
	}
	return strings.Join(append(top, visible(blocks, scroll, height)...), "\n")
}

// block is a run of n summary lines, drawn only when some of it is on
// screen: a summary of 1,000 findings draws the dozen in sight.
type block struct {
	n    int
	draw func() []string
}

// visible draws the lines [from, from+height) of the blocks.
func visible(blocks []block, from, height int) []string {
	var out []string
	at := 0
	for _, b := range blocks {
		if at+b.n > from && at < from+height {
			lines := b.draw()
			lo, hi := max(0, from-at), min(len(lines), from+height-at)
			out = append(out, lines[lo:hi]...)
		}
		at += b.n
	}
	return out
}

func fixed(lines ...string) block {
	return block{n: len(lines), draw: func() []string { return lines }}
}

// blocks is the summary: its head, a block per finding, the totals.
func (sp *summaryPage) blocks(width int) []block {
	st := sp.c.Styles
	p, v := sp.s.p, &sp.s.val
	missing := sp.s.missing
	status := st.OK.Render("✓ vollständig – bereit zur Unterschrift")
	switch {
	case sp.s.readOnly():
		status = st.OK.Render("🔒 versiegelt – unveränderlich; Änderungen nur als Nachtrag (rueckgabe amend)")
		missing = nil
	case len(missing) > 0:
		tail := ""
		if len(missing) > 1 {
			tail = "(Liste ↓)"
		}
		status = st.Warn.Render(openPoints("⚠ vor der Unterschrift ", missing, tail, width))
	}
	if sp.err != "" && sp.adding == nil {
		status = st.Warn.Render(sp.err)
	}
	row := func(label, amount string) string {
		return padRight(truncate(label, width-16), width-16) + fmt.Sprintf("%16s", amount)
	}
	odometer := "km-Stand " + fmtInt(p.Return.OdometerKm)
	if p.Return.OdometerKm <= 0 && !p.IsDelivery() {
		odometer = "km-Stand fehlt"
	}
	head := []string{st.Title.Render("Übersicht") + "  " + st.Muted.Render(fmt.Sprintf("Alter %d Monate, %s", v.AgeMonths, odometer)), status,
		st.Header.Render(row("Befunde (Kosten × Anteil = berechnet)", "berechnet"))}
	if len(p.Findings) == 0 {
		head = append(head, st.Muted.Render("keine Befunde"))
	}
	blocks := []block{fixed(head...)}
	if len(v.Findings) > 0 && (sp.countsOf != &v.Findings[0] || sp.countsWidth != width || len(sp.counts) != len(v.Findings)) {
		sp.counts = make([]int, len(v.Findings))
		for i := range v.Findings {
			sp.counts[i] = sp.findingLineCount(&p.Findings[i], &v.Findings[i], width)
		}
		sp.countsOf, sp.countsWidth = &v.Findings[0], width
	}
	for i := range p.Findings { // each finding's lines wrapped whole: the category, part and why
		f, fv := &p.Findings[i], &v.Findings[i]
		blocks = append(blocks, block{n: sp.counts[i], draw: func() []string { return sp.findingLines(f, fv, width) }})
	}
	blocks = append(blocks, fixed(sp.totalLines(missing, width, row)...))
	return append(blocks, fixed(diagramSummary(st, p, width)...)) // the car with every finding's marker
}

// findingTexts are a finding's row label and the lines under it, unstyled.
func (sp *summaryPage) findingTexts(f *inspection.Finding, fv *inspection.FindingValue) (label string, notes []string) {
	cat := f.Category
	if c, ok := sp.s.rules.Catalogue.Category(f.Category); ok {
		cat = c.Name
	}
	label = strconv.Itoa(fv.Index+1) + " " + cat + " · " + textsafe.Line(f.Part) + ": " + money.Euro(fv.Cost) + " × " + money.Percent(fv.Percent)
	notes = []string{"   " + fv.Explanation}
	if f.OverrideReason != "" {
		notes = append(notes, "   Abweichung vom Katalog: "+textsafe.Line(f.OverrideReason))
	}
	if f.NoChargeReason != "" {
		notes = append(notes, "   ohne Berechnung: "+textsafe.Line(f.NoChargeReason))
	}
	return label, notes
}

// findingLineCount is how many lines findingLines draws, counted without
// styling them: the summary draws only the findings in its window.
func (sp *summaryPage) findingLineCount(f *inspection.Finding, fv *inspection.FindingValue, width int) int {
	label, notes := sp.findingTexts(f, fv)
	n := len(hanging(label, max(width-16, 10), "     "))
	for _, t := range notes {
		n += len(hanging(t, width, "     "))
	}
	if fv.DepreciationNote != "" {
		n += len(hanging("   "+fv.DepreciationNote, max(width-16, 10), "     "))
	}
	return n
}

// findingLines are one finding's lines: cost × share = charged, and why —
// wrapped, never cut (the amount on the first line).
func (sp *summaryPage) findingLines(f *inspection.Finding, fv *inspection.FindingValue, width int) []string {
	st := sp.c.Styles
	label, notes := sp.findingTexts(f, fv)
	L := wrapRow(label, money.Euro(fv.Charged), width)
	for i, t := range notes {
		style := st.Warn // the reasons of a deviation
		if i == 0 {
			style = st.Muted
		}
		for _, l := range hanging(t, width, "     ") {
			L = append(L, style.Render(l))
		}
	}
	if fv.DepreciationNote != "" {
		L = append(L, wrapRow("   "+fv.DepreciationNote, money.Euro(fv.Depreciation), width)...)
	}
	return L
}

// wrapRow is a label with its amount right-aligned in 16 cells on the first
// line; a longer label wraps onto indented lines instead of being cut.
func wrapRow(label, amount string, width int) []string {
	lines := hanging(label, max(width-16, 10), "     ")
	lines[0] = padRight(lines[0], width-16) + fmt.Sprintf("%16s", amount)
	return lines
}

// feeDescription is what the profile's fee schedule says a fee is for ("":
// not a scheduled fee, or none said).
func (sp *summaryPage) feeDescription(code string) string {
	if code == "" || sp.s.rules == nil {
		return ""
	}
	r := inspection.ProfileOf(sp.s.p, sp.s.rules) // the schedule the protocol is valued by
	if r == nil || r.Fees == nil {
		return ""
	}
	if sf, ok := r.Fees.Fee(code); ok {
		return sf.Description
	}
	return ""
}

// totalLines: damages, km, late return, fees, totals, what is missing.
func (sp *summaryPage) totalLines(missing []string, width int, row func(string, string) string) []string {
	st := sp.c.Styles
	p, v := sp.s.p, &sp.s.val
	L := []string{row("Summe Minderwerte"+inspection.VATMark(v.DamagesTaxable), money.Euro(v.DamagesCharged.Add(v.Depreciation))), ""}
	L = append(L, st.Header.Render("Mehr-/Minderkilometer"))
	for _, s := range v.Km.Steps {
		for _, l := range hanging("   "+s, width, "     ") { // wrapped, never cut: it is what the customer is charged for
			L = append(L, st.Muted.Render(l))
		}
	}
	L = append(L, row("km-Abrechnung"+inspection.VATMark(true), kmAmount(v.Km)))
	L = append(L, row("Verspätete Rückgabe"+inspection.VATMark(true), money.Euro(v.Late.Amount)))
	for _, l := range hanging("   "+v.Late.Explanation, width, "     ") {
		L = append(L, st.Muted.Render(l))
	}
	L = append(L, "")
	L = append(L, st.Header.Render("Gebühren (g hinzufügen)"))
	for _, f := range v.Fees {
		label := textsafe.Line(f.Label)
		if f.Quantity > 1 {
			label = fmt.Sprintf("%d × %s", f.Quantity, label)
		}
		L = append(L, row("   "+label+inspection.VATMark(f.Taxable), money.Euro(f.Amount)))
		// why this amount, and what the schedule says the fee is for (the
		// key itself is a finding; "Schlüsselverlust" is the paperwork)
		why := []string{f.Explanation}
		if d := sp.feeDescription(f.Code); d != "" {
			why = append(why, d)
		}
		for _, w := range why {
			for _, l := range hanging("     "+textsafe.Line(w), width, "       ") {
				L = append(L, st.Muted.Render(l))
			}
		}
	}
	L = append(L, row("Gebühren", money.Euro(v.FeesNet)), "")
	L = append(L, st.Money.Render(row("Netto", money.Euro(v.Net))))
	L = append(L, row("MwSt. "+money.Percent(v.VATPercent)+" auf "+money.Euro(v.Taxable), money.Euro(v.VAT)))
	L = append(L, st.Money.Render(row("Brutto", money.Euro(v.Gross))), "")
	if p.IsResidual() && p.Contract.DealerNetPrice.Valid {
		L = append(L, row("Restwertvertrag: Netto-Händlerverkaufspreis", money.Euro(p.Contract.DealerNetPrice.Decimal)), "")
	}
	if sur := v.Surcharge; sur != nil {
		L = append(L, st.Muted.Render(row(fmt.Sprintf("Händlerzuschlag %s (nicht Kunde)", money.Percent(sur.Percent)), money.Euro(sur.Amount))), "")
	}
	if len(missing) > 0 {
		L = append(L, st.Warn.Render(fmt.Sprintf("Vor der Unterschrift fehlt noch (%d):", len(missing))))
		for _, m := range missing { // whole, wrapped: each names what to do
			for j, l := range strings.Split(lipgloss.Wrap(textsafe.Line(m), max(width-5, 20), " "), "\n") {
				mark := "   • "
				if j > 0 {
					mark = "     "
				}
				L = append(L, truncate(mark+l, width))
			}
		}
	}
	return L
}

// feeFromInput makes the fee line the inspector completed: a count for a
// per-unit line (Verwahrung je Tag), the amount for a line without a price.
func feeFromInput(f *catalog.Fee, in string) (inspection.Fee, string) {
	if f.Unit != "" && f.Priced() {
		n, err := strconv.ParseInt(in, 10, 64)
		if err != nil || n < 1 {
			return inspection.Fee{}, "Anzahl eingeben (je " + f.Unit + "), z. B. 3"
		}
		return inspection.Fee{Code: f.Code, Quantity: n}, ""
	}
	d, err := parseMoney(in)
	if err != nil || !d.Valid {
		return inspection.Fee{}, "Betrag eingeben, z. B. 50,00"
	}
	fee := inspection.Fee{Code: f.Code, Amount: d}
	if f.Code == "" {
		fee.Label = f.Label
	}
	return fee, ""
}

func feeTitle(s *catalog.FeeSchedule) string {
	if len(s.Fees) == 0 {
		return "Gebühr: Bezeichnung eingeben (dieses Profil hat keine Gebührenliste)"
	}
	return "Gebühr (Gebührenliste " + s.ID + "; oder Bezeichnung frei eingeben)"
}

// feePrompt says what the fee line still needs.
func feePrompt(f *catalog.Fee) string {
	if f.Unit != "" && f.Amount.Valid {
		return "Anzahl (je " + f.Unit + " " + money.Euro(f.Amount.Decimal) + "), enter übernimmt"
	}
	return "Betrag netto (" + f.Description + "), enter übernimmt"
}

// sealedNotice says why a key that changes the protocol with id does
// nothing, and the command that starts its correction.
func sealedNotice(id string) string {
	return "versiegelt – Änderungen nur als Nachtrag (rueckgabe amend " + textsafe.Line(id) + ")"
}

// kmAmount is the km settlement's amount, or "km-Stand fehlt" while the
// return odometer is missing: nothing is settled then, and 0,00 € would read
// as a settlement.
func kmAmount(k inspection.KmValue) string {
	if k.NoReading {
		return "km-Stand fehlt"
	}
	return money.Euro(k.Amount)
}
