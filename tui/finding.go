package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

// The finding editor walks the inspector through part, criterion, size,
// repair method and cost — the fast path, at most 12 keystrokes — and offers
// every other field (flags, override, factor, cost lines, note, photos) on
// its details step. The finding is saved when it is confirmed.
type editStep int

const (
	stepPart editStep = iota
	stepRule
	stepSize
	stepRepair
	stepCost
	stepDetails
	stepBaseline // after the part, when it had damage at handover: "neu oder vorhanden?" (delivery.go)
)

type findingEditor struct {
	c       *Common
	s       *session
	cat     *catalog.Category
	index   int // index in work.Findings
	isNew   bool
	work    *inspection.Protocol // a copy with the finding being edited
	step    editStep
	first   editStep // the step the editor opened on: esc there leaves it
	repairs []string // the repair methods offered for the finding's part
	pick    *picklist
	cost    textinput.Model
	costErr string
	typeOn  bool // the cost shown is untouched: an amount typed replaces it (typeOver)
	// lines are the finding's cost lines while an amount typed over their
	// sum is previewed (nil: none set aside): the amount replaces them in
	// the working copy, and typing their sum again brings them back
	lines   *setAside
	details *form
	err     string
	orig    inspection.Finding // as it was when the editor opened
	discard bool               // esc pressed once with changes: the next esc discards
	photos  *photoPicker       // open while photos are chosen
	copying int                // photo copies running for this editor
	blocked bool               // err says why the finding was not taken (FindingBlockers)
	notice  string             // what just worked (photos attached)
	// judged is the criterion (and its marks) as the inspector left it,
	// kept while measurements decide another (byMeasure): when they no
	// longer decide, it comes back (measurefields.go).
	judged    judgement
	byMeasure bool
}

// judgement is a finding's criterion and the marks that go with it.
type judgement struct {
	rule, category                       string
	acceptable, safetyRelevant, accident bool
}

func judgementOf(f *inspection.Finding) judgement {
	return judgement{f.Rule, f.Category, f.Acceptable, f.SafetyRelevant, f.Accident}
}

func (j judgement) restore(f *inspection.Finding) {
	f.Rule, f.Category, f.Acceptable, f.SafetyRelevant, f.Accident = j.rule, j.category, j.acceptable, j.safetyRelevant, j.accident
}

func newFindingEditor(c *Common, s *session, cat *catalog.Category, index int) *findingEditor {
	e := &findingEditor{c: c, s: s, cat: cat, work: s.p.Clone(), index: index}
	if index < 0 {
		e.isNew = true
		e.work.Findings = append(e.work.Findings, inspection.Finding{Category: cat.ID})
		e.index = len(e.work.Findings) - 1
	}
	e.orig = *e.f()
	if f := e.f(); !e.isNew && strings.TrimSpace(f.OverrideReason) == "" {
		// a criterion its measurements decided when it was recorded: if they
		// no longer decide, it is chosen again (the one chosen before them
		// was not kept), never left standing against what is measured
		if m, ok := inspection.MeasuredRule(e.work, e.index, s.rules); ok && m.Rule == f.Rule {
			e.byMeasure, e.judged = true, judgement{category: f.Category}
		}
	}
	e.cost = newInput("Kosten netto € ", "z. B. 120 oder 1.234,56", 24)
	e.details = newForm(c, e.detailFields())
	if e.isNew {
		e.first = stepPart
	} else {
		e.first = stepCost // editing: the finding at a glance, its cost ready to change
	}
	e.enter(e.first)
	return e
}

func (e *findingEditor) f() *inspection.Finding { return &e.work.Findings[e.index] }

// leave applies typed text to the editor's copy of the finding.
func (e *findingEditor) leave() {
	switch e.step {
	case stepCost:
		e.applyCost()
	case stepDetails:
		e.details.apply(e.work)
	}
}

// changed: the finding differs from what it was, or holds typed text.
func (e *findingEditor) changed() bool {
	if e.step == stepDetails && e.details.pending() != "" {
		return true
	}
	if e.step == stepCost && e.costErr != "" || e.copying > 0 {
		return true
	}
	return !inspection.WrittenAlike(e.f(), &e.orig) // 120 typed over 120,00 is no change
}

func (e *findingEditor) typing() bool { return true }

// enter prepares a step.
func (e *findingEditor) enter(s editStep) tea.Cmd {
	e.step, e.err = s, ""
	f := e.f()
	switch s {
	case stepPart:
		e.pick = newPicklist(e.c, "Bauteil", e.cat.Parts, false, true)
		e.pick.set(f.Part)
	case stepRule:
		items := make([]string, len(e.cat.Criteria))
		marks := make([]string, len(e.cat.Criteria))
		for i, r := range e.cat.Criteria {
			items[i] = r.Text
			marks[i] = map[bool]string{true: e.c.Styles.Acceptable.Render("✓"), false: e.c.Styles.NotAcceptable.Render("✗")}[r.Acceptable]
		}
		e.pick = newPicklist(e.c, "Kriterium (Ziffer wählt)", items, true, false)
		e.pick.marks = marks
		if r, ok := e.s.rules.Catalogue.Criterion(f.Rule); ok {
			e.pick.set(r.Text)
		}
	case stepSize:
		if len(e.cat.Sizes) == 0 {
			return e.enter(stepRepair)
		}
		e.pick = newPicklist(e.c, "Größe (Ziffer wählt)", e.cat.Sizes, true, true)
		e.pick.set(f.Size)
	case stepRepair:
		// only the methods that fit the part: no paint job for a key or a
		// windscreen (a method the finding has already stays on offer)
		e.repairs = repairsFor(e.c.Hints, e.s.rules.Catalogue.ID, e.cat.ID, f.Part, f.Repair)
		labels := make([]string, len(e.repairs))
		for i, r := range e.repairs {
			labels[i] = repairLabel[r]
		}
		title := "Reparaturart"
		if slices.Contains(e.repairs, inspection.RepairSmart) {
			title += " (Smart Repair zuerst prüfen)"
		}
		e.pick = newPicklist(e.c, title, labels, true, false)
		e.pick.set(repairLabel[f.Repair])
	case stepCost:
		e.pick = nil
		e.cost.SetValue(money.German(f.RepairCost()))
		if f.RepairCost().IsZero() {
			e.cost.SetValue("")
		}
		e.typeOn = true
		return e.cost.Focus()
	case stepBaseline:
		e.enterBaseline()
	case stepDetails:
		e.pick = nil
		old := e.details
		e.details = newForm(e.c, e.fittingFields()) // the cost lines of the repair method chosen
		e.details.carryPending(old)
		e.details.load(e.work)
		return e.details.focusField(0)
	}
	return nil
}

// update returns done=true when the editor closes.
func (e *findingEditor) update(msg tea.Msg) (tea.Cmd, bool) {
	if e.photos != nil {
		return e.updatePhotos(msg), false
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.Matches(k, e.c.Keys.Save) {
		return e.commit()
	}
	if isKey && key.Matches(k, e.c.Keys.JumpCost) {
		e.leave()
		return e.enter(stepCost), false
	}
	if isKey && key.Matches(k, e.c.Keys.JumpNote) {
		return e.jumpToNote(), false
	}
	if isKey && key.Matches(k, e.c.Keys.Photos) {
		e.leave() // what was typed stays in the finding
		pp, cmd := newPhotoPicker(e.c, e.s.started, e.f().Evidence)
		e.photos = pp
		return cmd, false
	}
	armed := e.discard
	e.discard = false
	if isKey && key.Matches(k, e.c.Keys.Back) {
		// esc leads out one level at a time: back through the steps this
		// editor went through, and out of it from the step it opened on
		// (an existing finding opens on its cost) or its details
		if e.step <= e.first || e.step == stepDetails {
			e.leave()
			if e.changed() && !armed {
				e.discard, e.err = true, "Änderungen am Befund verwerfen? esc erneut: verwerfen · ctrl+s: übernehmen"
				return nil, false
			}
			return nil, true // cancel: nothing of this finding was saved
		}
		e.leave()
		if e.step == stepBaseline {
			return e.enter(stepPart), false
		}
		prev := e.step - 1
		if prev == stepSize && len(e.cat.Sizes) == 0 {
			prev = stepRule // a category without sizes has no size step to go back to
		}
		return e.enter(prev), false
	}
	switch e.step {
	case stepCost:
		return e.updateCost(msg)
	case stepDetails:
		cmd, changed := e.details.update(msg, e.work)
		if changed {
			e.details.refresh(e.work) // a cost line may have moved the quick amount into another
			if e.blocked && len(inspection.FindingBlockers(inspection.Validate(e.work, e.s.rules), e.index)) == 0 {
				e.err, e.blocked = "", false // what kept the finding from being taken is gone
			}
		}
		return cmd, false
	}
	pk, cmd := e.pick.update(msg)
	if !pk.chosen {
		return cmd, false
	}
	choice, i := pk.choice, pk.index
	f := e.f()
	switch e.step {
	case stepPart:
		f.Part = choice
		if e.asksBaseline() {
			return e.enter(stepBaseline), false
		}
		f.BaselineFinding = nil // another part: not that damage
	case stepBaseline:
		e.chooseBaseline(i)
		return e.enter(stepRule), false
	case stepRule:
		inspection.ApplyCriterion(f, &e.cat.Criteria[i])
		f.OverrideReason = ""
		e.byMeasure = false // the inspector's pick is the judgement now
	case stepSize:
		f.Size = choice
	case stepRepair:
		f.Repair = e.repairs[i]
	}
	return e.enter(e.step + 1), false
}

func (e *findingEditor) updateCost(msg tea.Msg) (tea.Cmd, bool) {
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && (key.Matches(k, e.c.Keys.Enter) || key.Matches(k, e.c.Keys.Next)) {
		if !e.applyCost() {
			return nil, false
		}
		if key.Matches(k, e.c.Keys.Next) {
			return e.enter(stepDetails), false
		}
		return e.commit()
	}
	cmd := typeOver(&e.cost, &e.typeOn, msg)
	e.applyCostLive()
	return cmd, false
}

// costOK: the typed amount reads as an amount (or is empty).
func (e *findingEditor) costOK() bool {
	_, err := parseMoney(strings.TrimSpace(e.cost.Value()))
	return err == nil
}

// jumpToNote opens the details on the note field (15 fields down).
func (e *findingEditor) jumpToNote() tea.Cmd {
	e.leave()
	cmd := e.enter(stepDetails)
	for i, fd := range e.details.fields {
		if strings.HasSuffix(fd.path, ".note") {
			return e.details.focusField(i)
		}
	}
	return cmd
}

// updatePhotos runs the photo picker; enter starts copying the chosen files.
func (e *findingEditor) updatePhotos(msg tea.Msg) tea.Cmd {
	cmd, closed := e.photos.run(msg, func(paths []string) tea.Cmd {
		e.copying++
		e.notice = fotos(len(paths)) + map[bool]string{true: " wird", false: " werden"}[len(paths) == 1] + " kopiert …"
		return attachPhotosCmd(e.c, e.s, e, paths)
	}, func(sha string) tea.Cmd {
		if service.RemovePhoto(e.work, e.index, sha) {
			e.notice = "Foto entfernt – ctrl+s übernimmt den Befund"
		}
		return nil
	})
	if closed {
		e.photos = nil
	}
	return cmd
}

// stillCopying is why a finding is not taken while its photos are copied.
const stillCopying = "Fotos werden noch kopiert – einen Moment, dann noch einmal übernehmen"

// addPhotos takes copied photos into the finding (taken with it by ctrl+s).
func (e *findingEditor) addPhotos(photos []inspection.Photo) {
	added, _ := service.AddPhotos(e.work, e.index, photos)
	e.notice = fotos(count(added)) + " angehängt – ctrl+s übernimmt den Befund"
	if e.copying == 0 && e.err == stillCopying {
		e.err = "" // they are in: the finding may be taken
	}
}

// applyCost stores the typed amount; a typing error is shown, nothing lost.
func (e *findingEditor) applyCost() bool {
	d, err := parseMoney(strings.TrimSpace(e.cost.Value()))
	if err != nil {
		e.costErr = err.Error()
		return false
	}
	e.costErr = ""
	f := e.f()
	if d.Valid && f.Costs.IsZero() {
		f.Cost = d
	} else if d.Valid && !d.Decimal.Equal(f.Costs.Sum()) {
		f.Cost, f.Costs = d, inspection.Costs{} // one amount replaces lines that no longer add up to it
	} else if !d.Valid {
		f.Cost = d
	}
	return true
}

// setAside is a finding's amount and cost lines as they were before an
// amount typed over their sum replaced them in the editor's working copy.
type setAside struct {
	cost  decimal.NullDecimal
	costs inspection.Costs
}

// applyCostLive updates the live valuation while typing, when the text
// parses; an error shown for earlier text goes once the text is an amount.
func (e *findingEditor) applyCostLive() {
	d, err := parseMoney(strings.TrimSpace(e.cost.Value()))
	if err != nil {
		return
	}
	e.costErr = ""
	f := e.f()
	if e.lines == nil && !f.Costs.IsZero() && d.Valid && !d.Decimal.Equal(f.Costs.Sum()) {
		// an amount other than the lines' sum: previewed as committing would take it
		e.lines = &setAside{cost: f.Cost, costs: f.Costs}
	}
	switch {
	case e.lines != nil && d.Valid && d.Decimal.Equal(e.lines.costs.Sum()):
		f.Cost, f.Costs, e.lines = e.lines.cost, e.lines.costs, nil // the lines' sum again: the lines
	case e.lines != nil:
		f.Cost, f.Costs = d, inspection.Costs{}
	case f.Costs.IsZero():
		f.Cost = d // emptied: no amount of earlier text either
	}
}

// commit writes the finding into the session and saves it.
func (e *findingEditor) commit() (tea.Cmd, bool) {
	if e.copying > 0 {
		// taken now, the photos being copied would find the editor closed
		// and be left out (an outside tester lost them that way)
		e.err = stillCopying
		return nil, false
	}
	if e.step == stepCost && !e.applyCost() {
		return nil, false
	}
	if e.step == stepDetails {
		if e.details.apply(e.work); e.details.focused().err != "" {
			return nil, false
		}
	}
	if bl := inspection.FindingBlockers(inspection.Validate(e.work, e.s.rules), e.index); len(bl) > 0 {
		e.err, e.blocked = "Befund nicht übernommen: "+bl[0].German(), true
		if e.step != stepDetails {
			return e.enter(stepDetails), false
		}
		return nil, false
	}
	if !slices.Contains(e.s.p.Completed, e.cat.ID) {
		e.s.p.Completed = append(e.s.p.Completed, e.cat.ID)
	}
	if !e.isNew && e.index < len(e.s.p.Findings) && len(e.s.p.Findings) == len(e.work.Findings) {
		// the finding alone is taken: the others stay as the session has
		// them, but for those whose count on the panel it changed
		e.s.p.Findings[e.index] = e.work.Findings[e.index]
		others := inspection.Rejudge(e.s.p, e.s.rules, e.index)
		cmd := e.s.changedFinding(append([]int{e.index}, others...)...)
		e.s.rejudged(others)
		return cmd, true
	}
	e.s.p.Findings = e.work.Findings
	others := inspection.Rejudge(e.s.p, e.s.rules, e.index)
	cmd := e.s.changed()
	e.s.rejudged(others)
	return cmd, true
}

func (e *findingEditor) help() helpMap {
	k := e.c.Keys
	if e.photos != nil {
		return helpMap{short: e.photos.help()}
	}
	enter := k.NextStep
	switch e.step {
	case stepCost:
		enter = k.TakeFinding
		return helpMap{short: []key.Binding{enter, k.MoreDetails, k.Photos, k.JumpNote, k.Back},
			full: [][]key.Binding{{enter, k.Next, k.Save, k.Back}, {k.Photos, k.JumpCost, k.JumpNote}}}
	case stepDetails:
		return helpMap{short: []key.Binding{k.Save, k.Next, k.Toggle, k.Photos, k.JumpCost, k.JumpNote, k.Discard},
			full: [][]key.Binding{{k.Save, k.Next, k.Prev, k.Toggle}, {k.Photos, k.JumpCost, k.JumpNote}}}
	}
	return helpMap{short: []key.Binding{enter, k.Up, k.Down, k.Save, k.Photos, k.JumpCost, k.Back},
		full: [][]key.Binding{{enter, k.Up, k.Down, k.Save, k.Back}, {k.Photos, k.JumpCost, k.JumpNote}}}
}

func (e *findingEditor) view(width, height int) string {
	if e.photos != nil {
		return e.photos.view(width, height)
	}
	st := e.c.Styles
	f := e.f()
	title := "Neuer Befund · " + e.cat.Name
	if !e.isNew {
		title = "Befund bearbeiten · " + e.cat.Name
	}
	lines := []string{st.Title.Render(title)}
	// what is chosen and what it is charged, wrapped, never cut (the verdict, the table's row)
	lines = append(lines, hanging(e.summaryLine(f), width, "  ")...)
	if r, ok := e.s.rules.Catalogue.Criterion(f.Rule); ok && e.step != stepRule {
		// the criterion picked stays in sight: the verdict rests on it
		lines = append(lines, hanging(st.Muted.Render("Kriterium: "+textsafe.Line(r.Text)), width, "  ")...)
	}
	v := inspection.Value(e.work, e.s.rules).Findings[e.index]
	if e.step == stepCost && !e.costOK() {
		// the typed text is no amount (yet): no figure of earlier text
		lines = append(lines, hanging(st.Muted.Render("berechnet: – (die Eingabe ist noch kein Betrag)"), width, "  ")...)
	} else {
		lines = append(lines, hanging(st.Money.Render("berechnet "+money.Euro(v.Charged))+" = "+money.Euro(v.Cost)+" × "+money.Percent(v.Percent)+"  "+st.Muted.Render(v.Explanation), width, "  ")...)
	}
	if pl := photoLine(f.Evidence); pl != "" {
		lines = append(lines, truncate(pl, width))
	}
	if e.err != "" {
		lines = append(lines, st.Error.Render(truncate(e.err, width)))
	} else if e.notice != "" {
		lines = append(lines, st.OK.Render(truncate(e.notice, width)))
	}
	lines = append(lines, "")
	room := height - len(lines)
	switch e.step {
	case stepCost:
		lines = append(lines, e.cost.View())
		if e.costErr != "" {
			lines = append(lines, st.Error.Render("✗ "+textsafe.Line(e.costErr)))
		}
		lines = append(lines, st.Muted.Render("enter übernimmt den Befund · tab: Kostenzeilen, Merkmale, Notiz · ctrl+o: Fotos"))
		switch {
		case e.work.IsDelivery(): // damage present at handover: nothing is charged, no reason needed
		case f.ChargesNothing() && strings.TrimSpace(f.NoChargeReason) == "":
			lines = append(lines, wrapLines(st.Muted, "nicht akzeptabel zu 0 €: Kosten eintragen oder tab → „ohne Berechnung, weil“", width, 3))
		case f.ChargesNothing():
			lines = append(lines, st.Muted.Render(truncate("ohne Berechnung: "+textsafe.Line(f.NoChargeReason), width)))
		}
	case stepDetails:
		lines = append(lines, e.details.view(width, room, inspection.Validate(e.work, e.s.rules)))
	default:
		lines = append(lines, e.measureHint(width)...) // measurefields.go
		lines = append(lines, e.pick.view(width, room-len(e.measureHint(width))))
	}
	return strings.Join(lines, "\n")
}

// summaryLine shows what is chosen so far.
func (e *findingEditor) summaryLine(f *inspection.Finding) string {
	verdict := e.c.Styles.NotAcceptable.Render("✗ nicht akzeptabel")
	if f.Acceptable {
		verdict = e.c.Styles.Acceptable.Render("✓ akzeptabel")
	}
	parts := []string{textsafe.Line(f.Part)}
	for _, s := range []string{f.Size, repairLabel[f.Repair]} {
		if s != "" {
			parts = append(parts, textsafe.Line(s))
		}
	}
	return strings.Join(parts, " · ") + "  " + verdict
}

// fittingFields are the detail fields with the cost lines the finding's
// repair method uses — and every line that holds an amount, whatever the
// method: money is never hidden.
func (e *findingEditor) fittingFields() []*field {
	var out []*field
	for _, fd := range e.detailFields() {
		name, isLine := strings.CutPrefix(fd.path, fmt.Sprintf("findings[%d].costs.", e.index))
		if isLine && !inspection.UsesCostLine(e.f().Repair, name) && fd.get(e.work) == "" {
			continue
		}
		if strings.HasSuffix(fd.path, ".photos") && fd.get(e.work) == "" {
			continue // typed file names of old protocols only: ctrl+o attaches photos
		}
		out = append(out, fd)
	}
	return out
}

// detailFields are the finding's remaining fields, bound to the work copy.
// inSection puts a field into another section than its helper's.
func inSection(section string, f *field) *field {
	f.section = section
	return f
}

func (e *findingEditor) detailFields() []*field {
	at := func(name string) string { return fmt.Sprintf("findings[%d].%s", e.index, name) }
	fd := func(p *inspection.Protocol) *inspection.Finding { return &p.Findings[e.index] }
	yesNo := []string{"nein", "ja"}
	flag := func(label, path string, ptr func(f *inspection.Finding) *bool) *field {
		return &field{section: "Merkmale", label: label, path: path, choices: yesNo,
			get: func(p *inspection.Protocol) string { return map[bool]string{true: "ja", false: "nein"}[*ptr(fd(p))] },
			set: func(p *inspection.Protocol, s string) error { *ptr(fd(p)) = s == "ja"; return nil }}
	}
	costLine := func(label, name string, ptr func(c *inspection.Costs) *decimal.Decimal) *field {
		return &field{section: "Kostenzeilen (netto)", label: label, path: at("costs." + name), hint: "z. B. 235,20",
			get: func(p *inspection.Protocol) string {
				if v := ptr(&fd(p).Costs); !v.IsZero() {
					return money.German(*v)
				}
				return ""
			},
			set: func(p *inspection.Protocol, s string) error {
				d, err := parseMoney(s)
				if err != nil {
					return err
				}
				f := fd(p)
				if d.Decimal.Equal(*ptr(&f.Costs)) {
					return nil
				}
				if line := ptr(&f.Costs); f.Cost.Valid && f.Costs.IsZero() && line != &f.Costs.Flat {
					// the quick amount stays, as a line of its own: a labour
					// line added to 220 € makes 230 €, never 10 €
					f.Costs.Flat = f.Cost.Decimal
				}
				*ptr(&f.Costs) = d.Decimal
				f.Cost = decimalNull{} // the lines now say it all
				return nil
			}}
	}
	textOf := func(section, label, name, hint string, ptr func(f *inspection.Finding) *string) *field {
		return &field{section: section, label: label, path: at(name), hint: hint, freeText: true,
			get: func(p *inspection.Protocol) string { return *ptr(fd(p)) },
			set: func(p *inspection.Protocol, s string) error { *ptr(fd(p)) = s; return nil }}
	}
	fields := []*field{
		{section: "Bewertung", label: "Bewertung", path: at("acceptable"), hint: "Abweichung vom Katalog braucht Begründung", choices: []string{"nicht akzeptabel", "akzeptabel"},
			get: func(p *inspection.Protocol) string {
				return map[bool]string{true: "akzeptabel", false: "nicht akzeptabel"}[fd(p).Acceptable]
			},
			set: func(p *inspection.Protocol, s string) error { fd(p).Acceptable = s == "akzeptabel"; return nil }},
		textOf("Bewertung", "Begründung", "override_reason", "wird auf das Protokoll gedruckt", func(f *inspection.Finding) *string { return &f.OverrideReason }),
		{section: "Bewertung", label: "Faktor % (manuell)", path: at("factor_percent"), hint: "leer: Tabelle",
			get: func(p *inspection.Protocol) string { return fmtDecimal(fd(p).FactorPercent, 0) },
			set: func(p *inspection.Protocol, s string) error {
				d, err := parseDecimal(s, 2, "45")
				if err == nil {
					fd(p).FactorPercent = d
				}
				return err
			}},
		textOf("Bewertung", "ohne Berechnung, weil", "no_charge_reason", "nur bei 0 €: warum nichts berechnet wird (steht im Protokoll)", func(f *inspection.Finding) *string { return &f.NoChargeReason }),
		flag("sicherheitsrelevant", at("safety_relevant"), func(f *inspection.Finding) *bool { return &f.SafetyRelevant }),
		flag("Unfallschaden (nicht behoben)", at("accident"), func(f *inspection.Finding) *bool { return &f.Accident }),
		{section: "Merkmale", label: "Schadenart", path: at("damage"), hint: "z. B. Kratzer, Delle", freeText: true,
			get: func(p *inspection.Protocol) string { return fd(p).Damage },
			set: func(p *inspection.Protocol, s string) error {
				if fd(p).Damage != s {
					fd(p).Damage = s
					e.judgeByMeasure(p) // what the measures decide may depend on it
				}
				return nil
			}},
		textOf("Merkmale", "Ursache", "cause", "z. B. Glasschaden, Bei Inspektion", func(f *inspection.Finding) *string { return &f.Cause }),
	}
	for _, l := range inspection.CostLines { // the guide's lines, in its words (as on the PDF)
		fields = append(fields, costLine(l.Label, l.Key, l.Of))
	}
	return e.withMeasures(append(fields,
		&field{section: "Unfall", label: "merkantile Wertminderung", path: at("mercantile_depreciation"), hint: "nur bei Unfallschaden",
			get: func(p *inspection.Protocol) string { return fmtMoney(fd(p).Depreciation.Amount) },
			set: func(p *inspection.Protocol, s string) error {
				d, err := parseMoney(s)
				if err == nil {
					fd(p).Depreciation.Amount = d
				}
				return err
			}},
		inSection("Unfall", flag("von Versicherung geleistet", at("depreciation_paid_by_insurer"), func(f *inspection.Finding) *bool { return &f.Depreciation.PaidByInsurer })),
		textOf("Notiz", "Notiz", "note", "", func(f *inspection.Finding) *string { return &f.Note }),
		&field{section: "Notiz", label: "Fotoverweise (alt)", path: at("photos"), hint: "nur Dateinamen; Fotos anhängen: ctrl+o", freeText: true,
			get: func(p *inspection.Protocol) string { return strings.Join(fd(p).Photos, ", ") },
			set: func(p *inspection.Protocol, s string) error {
				var photos []string
				for _, ph := range strings.Split(s, ",") {
					if ph = strings.TrimSpace(ph); ph != "" {
						photos = append(photos, ph)
					}
				}
				fd(p).Photos = photos
				return nil
			}},
	))
}
