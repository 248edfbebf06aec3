package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/localtime"
	"rueckgabe/money"
	"rueckgabe/report"
	"rueckgabe/seal"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// signPage collects the signatures of the protocol's path — agreement,
// refusal ("Kunde verweigert Unterschrift") or dispute — and seals it.
type signPage struct {
	armSeal bool // enter on "Versiegeln" once: the next enter seals
	// armSwitch: m once where switching would drop what was entered for
	// the path left (a refusal's note, a dispute's details) or signatures:
	// the next m switches
	armSwitch bool
	c         *Common
	s         *session
	sel       int
	dialog    *signDialog
	unlock    *unlockDialog // the device key's passphrase, when sealing needs it
	keyNote   string        // what unlocking did to the key (created, protected)
	edit      *form         // comment / experts / refusal note
	notice    string
	busy      bool
}

// signDialog: typed full name and a drawn signature.
type signDialog struct {
	role    string
	name    textinput.Model
	initial string // the name proposed when it opened
	canvas  canvas
	err     string
}

// signPath is how a protocol is concluded: the customer agrees, refuses to
// sign, or disputes the amounts (RULES.md §6).
type signPath int

const (
	pathAgreement signPath = iota
	pathRefusal
	pathDispute
)

func (p signPath) String() string {
	return [...]string{"Einigung", "Kunde verweigert Unterschrift", "keine Einigung über Minderwerte"}[p]
}

func newSignPage(c *Common, s *session) *signPage { return &signPage{c: c, s: s} }

func (sp *signPage) path() signPath {
	switch {
	case sp.s.p.Refusal != nil:
		return pathRefusal
	case sp.s.p.Dispute != nil:
		return pathDispute
	}
	return pathAgreement
}

// rows are the page's actions: one per required signature, then per disputed
// finding (dispute path), then seal and exports.
type signRow struct {
	kind  rowKind
	role  string // rowRole: the signature's role
	index int    // rowFinding: the finding
}

// rowKind is what a row of the signing page does on enter.
type rowKind int

const (
	rowRole    rowKind = iota // a signature to give
	rowFinding                // a finding to mark disputed or not
	rowSeal
	rowPDF
	rowExport
)

func (sp *signPage) rows() []signRow {
	var rows []signRow
	for _, r := range inspection.RequiredRoles(sp.s.p) {
		rows = append(rows, signRow{kind: rowRole, role: r})
	}
	if sp.s.p.Dispute != nil {
		for i := range sp.s.p.Findings {
			rows = append(rows, signRow{kind: rowFinding, index: i})
		}
	}
	return append(rows, signRow{kind: rowSeal}, signRow{kind: rowPDF}, signRow{kind: rowExport})
}

func (sp *signPage) typing() bool { return sp.dialog != nil || sp.edit != nil || sp.unlock != nil }

func (sp *signPage) leave() tea.Cmd {
	if sp.edit == nil {
		return nil
	}
	return leaveForm(sp.edit, sp.s)
}

// pending: a signature begun and not taken, or invalid text in the path form.
func (sp *signPage) modal() bool { return sp.dialog != nil || sp.edit != nil }

func (sp *signPage) pending() string {
	if d := sp.dialog; d != nil && (len(d.canvas.strokes) > 0 || d.name.Value() != d.initial) {
		return "Unterschrift " + inspection.RoleLabels[d.role] + " noch nicht übernommen (enter)"
	}
	if sp.edit != nil {
		return sp.edit.pending()
	}
	return ""
}

func (sp *signPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sealedMsg:
		return sp.sealed(msg)
	case exportedMsg:
		sp.busy = false
		sp.notice = msg.text
		if msg.err != nil {
			sp.notice = "Fehler: " + msg.err.Error()
		}
		return nil
	}
	if sp.unlock != nil {
		return sp.updateUnlock(msg)
	}
	if sp.dialog != nil {
		return sp.updateDialog(msg)
	}
	if sp.edit != nil {
		return sp.updateEdit(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	rows := sp.rows()
	sp.notice = ""
	armed := sp.armSeal
	sp.armSeal = false // the confirmation holds for the very next key only
	armedSwitch := sp.armSwitch
	sp.armSwitch = false
	keys := sp.c.Keys
	switch {
	case key.Matches(k, keys.Up):
		sp.sel = max(0, sp.sel-1)
	case key.Matches(k, keys.Down):
		sp.sel = min(len(rows)-1, sp.sel+1)
	case sp.s.readOnly() && key.Matches(k, keys.Enter) && rows[sp.sel].kind != rowPDF && rows[sp.sel].kind != rowExport:
		sp.notice = "versiegelt – Änderungen nur als Nachtrag"
	case key.Matches(k, keys.Toggle) && rows[min(sp.sel, len(rows)-1)].kind == rowFinding:
		return sp.toggleDisputed(rows[sp.sel].index)
	case key.Matches(k, sp.c.Keys.SwitchPath) && !sp.s.readOnly():
		if lost := sp.switchLoses(); lost != "" && !armedSwitch {
			sp.armSwitch = true
			sp.notice = "m erneut: Ablauf wechseln – " + lost + " (eine andere Taste: bleiben)"
			return nil
		}
		return sp.switchPath()
	case key.Matches(k, sp.c.Keys.PathDetails) && !sp.s.readOnly() && sp.path() != pathAgreement:
		sp.edit = newForm(sp.c, sp.pathFields())
		sp.edit.load(sp.s.p)
		return sp.edit.focusField(0)
	case key.Matches(k, keys.Enter):
		return sp.activate(rows[min(sp.sel, len(rows)-1)], armed)
	}
	return nil
}

func (sp *signPage) activate(r signRow, armed bool) tea.Cmd {
	switch r.kind {
	case rowRole:
		if r.role == inspection.RoleCustomerExpert && sp.s.p.Dispute != nil && sp.s.p.Dispute.Chosen == "" {
			sp.notice = "erst wählt der Kunde den Sachverständigen (e: Angaben), dann unterschreibt er die Wahl"
			return nil
		}
		sp.dialog = sp.newDialog(r.role)
		return sp.dialog.name.Focus()
	case rowFinding:
		return sp.toggleDisputed(r.index)
	case rowSeal:
		return sp.seal(armed)
	case rowPDF:
		return sp.export(false)
	case rowExport:
		return sp.export(true)
	}
	return nil
}

func (sp *signPage) newDialog(role string) *signDialog {
	d := &signDialog{role: role, name: newInput("Name: ", "Vor- und Nachname", 40)}
	switch role {
	case inspection.RoleInspector:
		d.name.SetValue(textsafe.Line(sp.c.Device.Inspector))
	case inspection.RoleCustomerCondition, inspection.RoleCustomerValuation, inspection.RoleCustomerExpert, inspection.RoleCustomerHandover:
		d.name.SetValue(textsafe.Line(sp.s.p.Customer.Name))
	}
	if old, ok := sp.s.p.SignatureBy(role); ok {
		d.name.SetValue(textsafe.Line(old.Name))
		d.canvas.strokes = old.Strokes
	}
	d.initial = d.name.Value()
	return d
}

func (sp *signPage) updateDialog(msg tea.Msg) tea.Cmd {
	d := sp.dialog
	if d.canvas.update(msg) {
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, sp.c.Keys.Back):
		sp.dialog = nil
		return nil
	case key.Matches(k, sp.c.Keys.ClearCanvas):
		d.canvas.clear()
		return nil
	case key.Matches(k, sp.c.Keys.Enter):
		name := strings.TrimSpace(d.name.Value())
		if len([]rune(name)) < 3 || !strings.Contains(name, " ") {
			d.err = "vollständigen Namen eintippen (Vor- und Nachname)"
			return nil
		}
		p := sp.s.p
		if d.role == inspection.RoleWitness && sp.sameAsInspectorOrCustomer(name) {
			d.err = "der Zeuge ist eine andere Person als Prüfer und Kunde"
			return nil
		}
		sig := inspection.Signature{Role: d.role, Name: name, SignedAt: sp.c.now().Truncate(time.Second), Strokes: d.canvas.strokes}
		if err := p.Sign(sp.s.rules, sig); err != nil {
			d.err = "Unterschrift nicht möglich: " + err.Error()
			return nil
		}
		sp.dialog = nil
		sp.notice = "unterschrieben: " + inspection.RoleLabels[d.role]
		return sp.s.changed()
	}
	return updateInput(&d.name, msg)
}

// sameAsInspectorOrCustomer: a witness name that folds to the inspector's or
// the customer's.
func (sp *signPage) sameAsInspectorOrCustomer(name string) bool {
	p := sp.s.p
	others := []string{p.Inspector, sp.c.Device.Inspector, p.Customer.Name}
	if s, ok := p.SignatureBy(inspection.RoleInspector); ok {
		others = append(others, s.Name)
	}
	for _, o := range others {
		if strings.TrimSpace(o) != "" && inspection.FoldName(o) == inspection.FoldName(name) {
			return true
		}
	}
	return false
}

// switchPath cycles agreement → refusal → dispute; signatures the new path
// excludes are taken off with a notice (session.changed): a refusal never
// carries the customer's agreement.
// switchLoses says what switching the signing path would throw away ("":
// nothing): the refusal's note or the dispute's details, and the
// signatures given (they attest the path).
func (sp *signPage) switchLoses() string {
	p := sp.s.p
	var lost []string
	switch sp.path() {
	case pathRefusal:
		if p.Refusal != nil && strings.TrimSpace(p.Refusal.Note) != "" {
			lost = append(lost, "der Vermerk zur Verweigerung wird verworfen")
		}
	case pathAgreement:
	default:
		if d := p.Dispute; d != nil && (strings.TrimSpace(d.Comment) != "" || d.Chosen != "" || d.ExpertCost.Valid || len(d.Findings) > 0 ||
			!slices.Equal(d.Experts, inspection.NewDispute(sp.s.rules).Experts)) {
			lost = append(lost, "die Angaben zum Gutachten werden verworfen")
		}
	}
	// the signatures the switch would void, as the edit itself will
	q := p.Clone()
	sp.switchOn(q)
	if n := len(inspection.VoidStale(q, sp.s.rules)); n == 1 {
		lost = append(lost, "eine Unterschrift wird entfernt")
	} else if n > 1 {
		lost = append(lost, fmt.Sprintf("%d Unterschriften werden entfernt", n))
	}
	return strings.Join(lost, ", ")
}

func (sp *signPage) switchPath() tea.Cmd {
	sp.switchOn(sp.s.p)
	sp.sel = 0
	return sp.s.changed()
}

// switchOn moves p from the page's path to the next: agreement → refusal →
// dispute → agreement.
func (sp *signPage) switchOn(p *inspection.Protocol) {
	switch sp.path() {
	case pathAgreement:
		p.Refusal = &inspection.Refusal{Statement: inspection.RefusalStatement}
	case pathRefusal:
		p.Refusal = nil
		p.Dispute = inspection.NewDispute(sp.s.rules)
	default:
		p.Dispute = nil
	}
}

func (sp *signPage) toggleDisputed(i int) tea.Cmd {
	d := sp.s.p.Dispute
	if d == nil || sp.s.readOnly() {
		return nil
	}
	// a mark of no finding (an older version kept it past a deletion) goes:
	// no row shows it, so none could take it off
	d.Findings = slices.DeleteFunc(d.Findings, func(j int) bool { return j < 0 || j >= len(sp.s.p.Findings) })
	if j := slices.Index(d.Findings, i); j >= 0 {
		d.Findings = slices.Delete(d.Findings, j, j+1)
	} else {
		d.Findings = append(d.Findings, i)
		slices.Sort(d.Findings)
	}
	return sp.s.changed()
}

func (sp *signPage) pathFields() []*field {
	if sp.path() == pathRefusal {
		return []*field{text("Kunde verweigert Unterschrift", "Vermerk", "refusal.note", "z. B. Kunde bestreitet Schäden",
			func(p *inspection.Protocol) *string { return &p.Refusal.Note })}
	}
	expert := func(i int) *field {
		return &field{section: "Gutachten (Kosten je zur Hälfte)", label: fmt.Sprintf("Sachverständiger %d", i+1), path: "dispute.experts", freeText: true,
			get: func(p *inspection.Protocol) string { return p.Dispute.Experts[i] },
			set: func(p *inspection.Protocol, s string) error {
				if p.Dispute.Chosen == p.Dispute.Experts[i] {
					p.Dispute.Chosen = s
				}
				p.Dispute.Experts[i] = s
				return nil
			}}
	}
	return []*field{
		text("keine Einigung über Minderwerte", "Stellungnahme des Kunden", "dispute.comment", "", func(p *inspection.Protocol) *string { return &p.Dispute.Comment }),
		expert(0), expert(1),
		{section: "Gutachten (Kosten je zur Hälfte)", label: "Wahl des Kunden", path: "dispute.chosen", choices: sp.s.p.Dispute.Experts,
			get: func(p *inspection.Protocol) string { return p.Dispute.Chosen },
			set: func(p *inspection.Protocol, s string) error { p.Dispute.Chosen = s; return nil }},
		moneyField("Gutachten (Kosten je zur Hälfte)", "Gutachtenkosten netto", "dispute.expert_cost", func(p *inspection.Protocol) *decimalNull { return &p.Dispute.ExpertCost }),
	}
}

func (sp *signPage) updateEdit(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && (key.Matches(k, sp.c.Keys.Back) || key.Matches(k, sp.c.Keys.Save)) {
		changed := sp.edit.apply(sp.s.p)
		sp.edit = nil
		if changed {
			return sp.s.changed()
		}
		return nil
	}
	cmd, changed := sp.edit.update(msg, sp.s.p)
	if changed {
		return tea.Batch(cmd, sp.s.changed())
	}
	return cmd
}

// sealedMsg reports a sealing attempt.
type sealedMsg struct {
	sess    uint64
	rec     *store.Record
	seal    *seal.Seal
	missing []string
	err     error
}

// seal asks once: sealing is final. The second enter seals.
func (sp *signPage) seal(confirmed bool) tea.Cmd {
	s := sp.s
	switch {
	case s.readOnly():
		sp.notice = "bereits versiegelt"
		return nil
	case s.saving || s.pending || s.saveErr != nil || s.revision == 0:
		sp.notice = "erst speichern: das Siegel gilt dem gespeicherten Stand"
		return nil
	}
	if missing := append(openPointsOf(s.p, sp.s.rules), inspection.MissingSignatures(s.p)...); len(missing) > 0 {
		sp.notice = fmt.Sprintf("noch nicht vollständig (%d): %s", len(missing), missing[0])
		return nil
	}
	if !confirmed {
		sp.armSeal = true
		sp.notice = "Versiegeln ist endgültig: danach ändert sich nichts mehr. enter erneut: versiegeln"
		return nil
	}
	sp.busy = true
	w, id, rev, now, sess := sp.c.Work, s.p.ID, s.revision, sp.c.now(), s.id
	return func() tea.Msg {
		msg := sealedMsg{sess: sess}
		msg.rec, msg.seal, msg.err = w.Seal(id, rev, now)
		msg.missing, _ = seal.IsIncomplete(msg.err)
		return msg
	}
}

func (sp *signPage) sealed(msg sealedMsg) tea.Cmd {
	sp.busy = false
	switch {
	case errors.As(msg.err, new(*seal.LockedError)):
		var locked *seal.LockedError
		errors.As(msg.err, &locked)
		return sp.openUnlock(locked.Fresh)
	case len(msg.missing) > 0:
		sp.notice = "nicht versiegelt: " + msg.missing[0]
	case msg.err != nil:
		sp.notice = "nicht versiegelt: " + msg.err.Error()
	default:
		sp.s.status, sp.s.revision = msg.rec.Status, msg.rec.Revision
		sp.notice = "versiegelt · SHA-256 " + msg.seal.Hash[:16] + "… · Schlüssel " + msg.seal.KeyID
		if sp.keyNote != "" {
			sp.notice += " · " + sp.keyNote
			sp.keyNote = ""
		}
	}
	return nil
}

// exportedMsg reports a PDF or bundle export.
type exportedMsg struct {
	job  *job
	sess uint64
	text string
	err  error
}

// export writes this protocol's PDF, or all pending bundles with their PDFs,
// into the data directory's "export" folder.
func (sp *signPage) export(pending bool) tea.Cmd {
	if sp.s.p.ID == "" {
		sp.notice = "erst speichern"
		return nil
	}
	sp.busy = true
	w, id, sess, p := sp.c.Work, sp.s.p.ID, sp.s.id, sp.s.p.Clone() // the copy: the command runs outside Update
	dir := filepath.Join(w.Dir, "export")
	label := "PDF"
	if pending {
		label = "Export"
	}
	j, tick := sp.c.jobs.start(label)
	return tea.Batch(tick, func() tea.Msg {
		if !pending {
			path := filepath.Join(dir, id+".pdf")
			text := "PDF gespeichert: " + path
			if n := len(report.Unprintable(p)); n > 0 {
				text += fmt.Sprintf(" – %d Feld(er) mit Zeichen, die die PDF-Schrift nicht hat, als %c gedruckt", n, report.Replacement)
			}
			return exportedMsg{job: j, sess: sess, text: text, err: w.WritePDF(id, path, j)}
		}
		done, failed, err := w.ExportPending(dir, j)
		if err == nil && len(failed) > 0 {
			err = fmt.Errorf("%d exportiert, %d nicht (%v): rueckgabe check", len(done), len(failed), failed[0])
		}
		return exportedMsg{job: j, sess: sess, text: fmt.Sprintf("%d Protokoll(e) exportiert nach %s", len(done), dir), err: err}
	})
}

func (sp *signPage) help() helpMap {
	k := sp.c.Keys
	if d := sp.unlock; d != nil {
		enter := withHelp(k.Enter, "entsperren")
		switch {
		case d.fresh && !d.confirm:
			enter = withHelp(k.Enter, "weiter")
		case d.fresh:
			enter = withHelp(k.Enter, "Passphrase setzen")
		}
		return helpMap{short: []key.Binding{enter, withHelp(k.Back, "abbrechen")}}
	}
	if sp.dialog != nil {
		return helpMap{short: []key.Binding{k.Sign, k.ClearCanvas, k.Back}}
	}
	if sp.edit != nil {
		return helpMap{short: []key.Binding{k.Next, k.Toggle, k.Back}}
	}
	if sp.s.readOnly() {
		return helpMap{short: []key.Binding{k.Enter, k.Up, k.Down, k.PrevPage, k.Back}}
	}
	return helpMap{short: []key.Binding{k.Enter, k.Up, k.Down, k.SwitchPath, k.PathDetails, k.PrevPage, k.Back}}
}

func (sp *signPage) view(width, height int) string {
	if sp.unlock != nil {
		return sp.unlockView(width)
	}
	if sp.dialog != nil {
		return sp.dialogView(width, height)
	}
	if sp.edit != nil {
		return sp.c.Styles.Title.Render("Angaben: "+sp.path().String()) + "\n" + sp.edit.view(width, height-1, sp.s.problems)
	}
	st := sp.c.Styles
	p := sp.s.p
	switchHint := st.Muted.Render("  (m wechselt)")
	if sp.s.readOnly() {
		switchHint = "" // sealed: nothing switches
	}
	L := []string{st.Title.Render("Unterschriften") + "  " + st.Muted.Render("Ablauf: ") + st.Header.Render(sp.path().String()) + switchHint}
	switch sp.path() {
	case pathRefusal:
		L = append(L, wrapLines(st.Warn, inspection.RefusalStatement+" – Prüfer und Zeuge aus dem Autohaus bestätigen"+sp.editHint(" (e: Vermerk)"), width, 3))
	case pathDispute:
		d := p.Dispute
		chosen := textsafe.Line(d.Chosen)
		if chosen == "" {
			chosen = "noch keiner – der Kunde wählt"
		}
		L = append(L, truncate(st.Warn.Render("Gutachten: ")+textsafe.Line(strings.Join(d.Experts, " oder "))+", gewählt: "+chosen+sp.editHint(" (e: Angaben)"), width))
		if sur := sp.s.val.Surcharge; sur != nil {
			L = append(L, truncate(fmt.Sprintf("Zuschlag an den Händler: %s (%s vom Fahrzeugwert %s)", money.Euro(sur.Amount),
				money.Percent(sur.Percent), money.Euro(sur.Basis)), width))
		}
		if d.ExpertCost.Valid {
			L = append(L, truncate(fmt.Sprintf("Gutachtenkosten %s, Anteil Kunde 50 %%", money.Euro(d.ExpertCost.Decimal)), width))
		}
	}
	L = append(L, "")
	for i, r := range sp.rows() {
		for j, line := range sp.rowLines(r, width-1) {
			switch {
			case i == sp.sel && j == 0:
				line = st.Selected.Render("›" + line)
			case i == sp.sel:
				line = st.Selected.Render(" " + line)
			default:
				line = " " + line
			}
			L = append(L, line)
		}
	}
	if sp.busy {
		L = append(L, "", st.Muted.Render("… arbeitet"))
	}
	if sp.notice != "" {
		L = append(L, "", wrapLines(st.Warn, textsafe.Line(sp.notice), width, 3))
	}
	return strings.Join(L, "\n")
}

// maxListed is how many open points the seal row lists under itself.
const maxListed = 6

// rowLines is a row wrapped into width, never cut: a signer's name and time,
// the open points that keep the protocol from being sealed (one a line under
// the row, as many as maxListed). Continuation lines are indented.
func (sp *signPage) rowLines(r signRow, width int) []string {
	if r.kind == rowSeal && !sp.s.readOnly() {
		missing := append(slices.Clone(sp.s.missing), inspection.MissingSignatures(sp.s.p)...)
		if len(missing) > 0 {
			verb := "fehlen"
			if len(missing) == 1 {
				verb = "fehlt"
			}
			L := hanging(fmt.Sprintf("Versiegeln – es %s noch %s (F6 Übersicht):", verb, punkte(len(missing))), width, "  ")
			for i, m := range missing {
				if i == maxListed-1 && len(missing) > maxListed {
					L = append(L, fmt.Sprintf("  … und %d weitere", len(missing)-i))
					break
				}
				L = append(L, hanging("  • "+textsafe.Line(m), width, "    ")...)
			}
			return L
		}
	}
	return hanging(sp.rowText(r), width, "  ")
}

// fits says whether text fits in width cells: cheaply, without measuring,
// for text with no more runes than width and none that may be wide (East
// Asian, emoji; U+2000–U+22FF — punctuation, €, →, × — are narrow) and no
// escape — the summary counts the lines of every finding.
func fits(text string, width int) bool {
	if len(text) <= width && isASCII(text) {
		return true
	}
	n := 0
	for _, r := range text {
		if r >= 0x1100 && (r < 0x2000 || r >= 0x2300) || r == 0x1b { // punctuation, €, arrows, × are one cell
			return lipgloss.Width(text) <= width
		}
		n++
	}
	return n <= width
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return false
		}
	}
	return true
}

// hanging wraps text into width; the lines after the first start with indent.
func hanging(text string, width int, indent string) []string {
	if fits(text, width) {
		return []string{text}
	}
	lines := strings.Split(lipgloss.Wrap(text, width, ""), "\n")
	if len(lines) == 1 {
		return lines
	}
	rest := strings.Split(lipgloss.Wrap(strings.Join(lines[1:], " "), max(width-len(indent), 1), ""), "\n")
	for i := range rest {
		rest[i] = indent + rest[i]
	}
	return append(lines[:1], rest...)
}

func (sp *signPage) rowText(r signRow) string {
	st := sp.c.Styles
	p := sp.s.p
	switch r.kind {
	case rowRole:
		if s, ok := p.SignatureBy(r.role); ok {
			drawn := ""
			if len(s.Strokes) > 0 {
				drawn = ", mit Unterschrift"
			}
			return st.OK.Render("✓ ") + inspection.RoleLabels[r.role] + ": " + textsafe.Line(s.Name) + " " + localtime.Format(s.SignedAt) + drawn
		}
		return st.Warn.Render("○ ") + inspection.RoleLabels[r.role] + " – enter: unterschreiben"
	case rowFinding:
		// the number F4 and the diagram give it, its damage and what it
		// costs: four rows "bestritten: Motorhaube" could not be told
		// apart (an outside tester)
		f := p.Findings[r.index]
		mark := "[ ]"
		if slices.Contains(p.Dispute.Findings, r.index) {
			mark = "[x]"
		}
		what := textsafe.Line(f.Part)
		if d := textsafe.Line(f.Damage); d != "" {
			what += " · " + d
		}
		if r.index < len(sp.s.val.Findings) {
			what += " – " + money.Euro(sp.s.val.Findings[r.index].Charged)
		}
		line := "  " + mark + " bestritten: " + strconv.Itoa(r.index+1) + " " + what
		if len(p.Dispute.Findings) == 0 && r.index == 0 {
			line += "  (keiner markiert: alle bestritten)"
		}
		return line
	case rowSeal:
		missing := append(slices.Clone(sp.s.missing), inspection.MissingSignatures(p)...)
		switch {
		case sp.s.readOnly():
			return st.OK.Render("✓ versiegelt")
		case len(missing) > 0:
			return openPoints("Versiegeln – es ", missing, "(F6 Übersicht)", 0)
		}
		return st.Header.Render("Versiegeln") + " – danach unveränderlich"
	case rowPDF:
		return "PDF für den Kunden speichern"
	}
	return "Alle versiegelten Protokolle exportieren (Archiv mit Fotos, Bündel, PDF)"
}

// attested says above the signing box what the signature covers: the
// figures, the chosen expert, the findings — what the signer agrees to.
func (sp *signPage) attested(role string) []string {
	p, v := sp.s.p, &sp.s.val
	st := sp.c.Styles
	total := "Gesamt brutto " + money.Euro(v.Gross) + " (netto " + money.Euro(v.Net) + ", USt " + money.Euro(v.VAT) + ")"
	switch role {
	case inspection.RoleCustomerCondition:
		notOK := 0
		for _, f := range p.Findings {
			if !f.Acceptable {
				notOK++
			}
		}
		n := fmt.Sprintf("%d Befunde", len(p.Findings))
		if len(p.Findings) == 1 {
			n = "1 Befund"
		}
		return []string{st.Muted.Render("Sie bestätigen den Zustand: ") + fmt.Sprintf("%s (%d nicht akzeptabel), Reifen, Lieferumfang", n, notOK)}
	case inspection.RoleCustomerValuation:
		return []string{
			st.Muted.Render("Sie bestätigen die Beträge: ") + "Minderwerte " + money.Euro(v.DamagesCharged.Add(v.Depreciation)) + " · Km " + kmAmount(v.Km) +
				" · Verspätung " + money.Euro(v.Late.Amount) + " · Gebühren " + money.Euro(v.FeesNet),
			st.Header.Render(total),
		}
	case inspection.RoleCustomerExpert:
		chosen := "—"
		if p.Dispute != nil {
			chosen = textsafe.Line(p.Dispute.Chosen)
		}
		return []string{st.Muted.Render("Sie wählen als Sachverständigen: ") + st.Header.Render(chosen) + st.Muted.Render(" (Kosten je zur Hälfte)")}
	case inspection.RoleCustomerHandover:
		return []string{st.Muted.Render("Sie übernehmen das Fahrzeug im festgehaltenen Zustand: ") +
			fmt.Sprintf("%d bei Auslieferung vorhandene Schäden, Reifen, Lieferumfang", len(p.Findings))}
	case inspection.RoleWitness:
		return []string{st.Muted.Render("Sie bezeugen: ") + inspection.RefusalStatement, st.Muted.Render("zum Protokoll mit ") + total}
	}
	return []string{st.Muted.Render("Sie unterschreiben das Protokoll: ") + total}
}

func (sp *signPage) dialogView(width, height int) string {
	st := sp.c.Styles
	d := sp.dialog
	L := []string{st.Title.Render("Unterschrift: " + inspection.RoleLabels[d.role])}
	for _, line := range sp.attested(d.role) { // wrapped, never cut: this is what is signed
		L = append(L, strings.Split(lipgloss.Wrap(line, width, ""), "\n")...)
	}
	L = append(L, "", d.name.View())
	if d.err != "" {
		L = append(L, st.Error.Render("✗ "+d.err))
	}
	L = append(L, "", st.Muted.Render("Mit Maus oder Touchpad im Feld unterschreiben (optional); ctrl+l leert das Feld."))
	maxW, maxH := 60, 8
	if width >= 120 { // a wide screen gives the signature room: three quarters of it, 12 rows
		maxW, maxH = width*3/4, 12
	}
	cw, ch := min(width-2, maxW), max(4, min(maxH, height-len(L)-2))
	if sp.c.layingOut {
		d.canvas.x, d.canvas.y, d.canvas.w, d.canvas.h = 1, 1+len(L)+1, cw, ch // screen row: header + lines + frame
	}
	L = append(L, renderStrokes(d.canvas.strokes, cw, ch)...)
	return strings.Join(L, "\n")
}

// editHint is the hint that e edits the path's details, "" once the
// protocol is sealed (e changes nothing then; an outside tester saw it
// offered).
func (sp *signPage) editHint(hint string) string {
	if sp.s.readOnly() {
		return ""
	}
	return hint
}
