package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/textsafe"
)

// checksPage: tread per wheel, the delivery scope checklist and the HU/AU and
// service dates, with the findings they propose.
type checksPage struct {
	c      *Common
	s      *session
	form   *form
	notice string

	// Dismissing a proposal: pick which, then say why (RULES.md §9).
	reject    *picklist
	rejecting *inspection.Proposal
	reason    textinput.Model

	// Marking a wheel not measurable: which (index into Tyres.Wheels, -1
	// none), then why (printed instead of the depth).
	unmeasurable int
}

func newChecksPage(c *Common, s *session) *checksPage {
	cp := &checksPage{c: c, s: s, unmeasurable: -1}
	cp.reload()
	return cp
}

func (cp *checksPage) reload() {
	focus := 0
	if cp.form != nil {
		focus = cp.form.focus
	}
	old := cp.form
	cp.form = newForm(cp.c, cp.fields())
	cp.form.focus = min(focus, len(cp.form.fields)-1)
	cp.form.load(cp.s.p)
	cp.form.carryPending(old)
}

func (cp *checksPage) typing() bool { return true }

func (cp *checksPage) leave() tea.Cmd { return leaveForm(cp.form, cp.s) }

func (cp *checksPage) modal() bool { return cp.reject != nil || cp.rejecting != nil }

func (cp *checksPage) pending() string {
	if cp.rejecting != nil && strings.TrimSpace(cp.reason.Value()) != "" {
		return "Begründung zum Verwerfen noch nicht übernommen (enter)"
	}
	if cp.unmeasurable >= 0 && strings.TrimSpace(cp.reason.Value()) != "" {
		return "Begründung „nicht messbar“ noch nicht übernommen (enter)"
	}
	return cp.form.pending()
}

func (cp *checksPage) update(msg tea.Msg) tea.Cmd {
	if cp.s.readOnly() {
		return nil
	}
	switch {
	case cp.rejecting != nil:
		return cp.updateReason(msg)
	case cp.unmeasurable >= 0:
		return cp.updateUnmeasurable(msg)
	case cp.reject != nil:
		return cp.pickReject(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, cp.c.Keys.DeliveryComplete) {
		return cp.confirmDelivery()
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, cp.c.Keys.NotMeasurable) {
		return cp.askUnmeasurable()
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, cp.c.Keys.ProposalAccept) {
		return cp.accept()
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, cp.c.Keys.ProposalReject) {
		return cp.askReject()
	}
	cp.notice = ""
	cmd, changed := cp.form.update(msg, cp.s.p)
	if changed {
		cp.reload() // a delivery line checked now has its place in the protocol
		return tea.Batch(cmd, cp.s.changed())
	}
	return cmd
}

// accept records every open proposal as a finding (to be priced in the walkthrough).
func (cp *checksPage) accept() tea.Cmd {
	props := inspection.OpenProposals(cp.s.p, cp.s.rules)
	if len(props) == 0 {
		cp.notice = "keine Vorschläge"
		return nil
	}
	var fees []string
	for _, pr := range props {
		if cp.s.p.TakeOver(pr) {
			fees = append(fees, cp.feeText(pr.Fee))
		}
	}
	cp.notice = fmt.Sprintf("%s übernommen – Kosten im Rundgang (F4) erfassen", befunde(len(props)))
	if len(fees) > 0 {
		cp.notice = fmt.Sprintf("Übernommen: %s + Gebühr %s – Kosten: F4 Rundgang", befunde(len(props)), strings.Join(fees, ", "))
	}
	return cp.s.changed()
}

// befunde counts findings in German: "1 Befund", "3 Befunde".
func befunde(n int) string {
	if n == 1 {
		return "1 Befund"
	}
	return fmt.Sprintf("%d Befunde", n)
}

// feeText names a proposal's fee as the schedule prices it: "Schlüsselverlust
// 50,00 €", "Schlüsselverlust 2 × 50,00 €".
func (cp *checksPage) feeText(f *inspection.Fee) string {
	if cp.s.rules.Fees != nil {
		if sf, ok := cp.s.rules.Fees.Fee(f.Code); ok && sf.Amount.Valid && f.Quantity > 1 {
			return fmt.Sprintf("%s %d × %s", sf.Label, f.Quantity, money.Euro(sf.Amount.Decimal))
		}
		if sf, ok := cp.s.rules.Fees.Fee(f.Code); ok && sf.Amount.Valid {
			return sf.Label + " " + money.Euro(sf.Amount.Decimal)
		}
		if sf, ok := cp.s.rules.Fees.Fee(f.Code); ok {
			return sf.Label
		}
	}
	return f.Code
}

// askReject lists the proposals: an open one is dismissed, a dismissed one
// opened again (a dismissal made by mistake is undone the same way).
func (cp *checksPage) askReject() tea.Cmd {
	all := inspection.Proposals(cp.s.p, cp.s.rules)
	if len(all) == 0 {
		cp.notice = "keine Vorschläge"
		return nil
	}
	labels := make([]string, len(all))
	for i, pr := range all {
		labels[i] = textsafe.Line(pr.Finding.Part) + " – " + pr.Reason
		if pr.Dismissed != nil {
			labels[i] = "(verworfen, wieder öffnen) " + labels[i]
		}
	}
	cp.reject = newPicklist(cp.c, "Welchen Vorschlag verwerfen?", labels, true, false)
	return nil
}

func (cp *checksPage) pickReject(msg tea.Msg) tea.Cmd {
	i, ok, closed, cmd := cp.reject.choose(cp.c.Keys.Back, msg)
	if closed {
		cp.reject = nil
	}
	if !ok {
		return cmd
	}
	pr := inspection.Proposals(cp.s.p, cp.s.rules)[i]
	if pr.Dismissed != nil {
		_, at := cp.s.p.Dismissal(pr.Finding.Rule, pr.Finding.Part)
		cp.s.p.Dismissed = slices.Delete(cp.s.p.Dismissed, at, at+1)
		cp.notice = "Vorschlag wieder offen: " + textsafe.Line(pr.Finding.Part)
		return cp.s.changed()
	}
	cp.rejecting = &pr
	cp.reason = newInput("Begründung: ", "steht im Protokoll, z. B. Schlüssel nachgereicht", 60)
	return cp.reason.Focus()
}

// updateReason takes the dismissal once a reason is given; esc keeps the
// proposal open.
func (cp *checksPage) updateReason(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, cp.c.Keys.Back):
		cp.rejecting, cp.notice = nil, ""
		return nil
	case ok && key.Matches(k, cp.c.Keys.Enter):
		reason := strings.TrimSpace(cp.reason.Value())
		if reason == "" {
			cp.notice = "Ohne Begründung wird kein Vorschlag verworfen."
			return nil
		}
		f := cp.rejecting.Finding
		cp.s.p.Dismissed = append(cp.s.p.Dismissed, inspection.Dismissal{Rule: f.Rule, Part: f.Part, Reason: reason})
		cp.rejecting, cp.notice = nil, "Vorschlag verworfen: "+textsafe.Line(f.Part)
		return cp.s.changed()
	}
	return updateInput(&cp.reason, msg)
}

// confirmDelivery is "alles vollständig": the whole scope as expected, or —
// with a line short — every other line as expected; again: taken back.
func (cp *checksPage) confirmDelivery() tea.Cmd {
	p := cp.s.p
	if cp.form.apply(p); cp.form.focused().err != "" {
		return nil // the typed text stays with its error; nothing confirmed
	}
	if p.AllDelivered {
		p.AllDelivered = false
		cp.notice = "„alles vollständig“ zurückgenommen: nicht einzeln erfasste Positionen sind wieder ungeprüft"
	} else if short := p.ConfirmDelivery(cp.s.rules); len(short) > 0 {
		names := make([]string, len(short))
		for i, d := range short {
			names[i] = fmt.Sprintf("%s %d/%d", textsafe.Line(d.Item), d.Returned, d.Expected)
		}
		cp.notice = "Lieferumfang bestätigt, außer: " + strings.Join(names, ", ")
	} else {
		cp.notice = "Lieferumfang: alles vollständig bestätigt"
	}
	cp.reload()
	return cp.s.changed()
}

// wheelAt is the wheel whose field has the focus, or -1.
func (cp *checksPage) wheelAt() int {
	var i int
	if _, err := fmt.Sscanf(cp.form.focused().path, "tyres.wheels[%d].tread_mm", &i); err != nil || i >= len(cp.s.p.Tyres.Wheels) {
		return -1
	}
	return i
}

// askUnmeasurable asks why the focused wheel cannot be measured; on a wheel
// marked so already it takes the mark back.
func (cp *checksPage) askUnmeasurable() tea.Cmd {
	i := cp.wheelAt()
	if i < 0 {
		cp.notice = "erst ein Rad wählen (Profil VL, VR, HL, HR …), dann " + cp.c.Keys.NotMeasurable.Help().Key
		return nil
	}
	w := &cp.s.p.Tyres.Wheels[i]
	if w.NotMeasurable != "" {
		w.NotMeasurable = ""
		cp.notice = "Reifen " + textsafe.Line(w.Position) + ": wieder zu messen"
		cp.reload()
		return cp.s.changed()
	}
	cp.unmeasurable, cp.notice = i, ""
	cp.reason = newInput("Begründung: ", "steht im Protokoll, z. B. Notrad montiert", 60)
	return cp.reason.Focus()
}

// updateUnmeasurable marks the wheel once a reason is given; esc leaves it.
func (cp *checksPage) updateUnmeasurable(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, cp.c.Keys.Back):
		cp.unmeasurable, cp.notice = -1, ""
		return nil
	case ok && key.Matches(k, cp.c.Keys.Enter):
		reason := strings.TrimSpace(cp.reason.Value())
		if reason == "" {
			cp.notice = "Ohne Begründung wird kein Rad als nicht messbar vermerkt."
			return nil
		}
		w := &cp.s.p.Tyres.Wheels[cp.unmeasurable]
		w.NotMeasurable, w.TreadMm = reason, decimalNull{}
		cp.unmeasurable, cp.notice = -1, "Reifen "+textsafe.Line(w.Position)+" nicht messbar: "+textsafe.Line(reason)
		cp.reload()
		return cp.s.changed()
	}
	return updateInput(&cp.reason, msg)
}

func (cp *checksPage) help() helpMap {
	k := cp.c.Keys
	accept, reject := k.ProposalAccept, k.ProposalReject
	short := []key.Binding{k.Next, k.Prev, k.DeliveryComplete, k.NotMeasurable, accept, reject, k.NextPage, k.Back}
	switch {
	case len(inspection.OpenProposals(cp.s.p, cp.s.rules)) > 0:
		short = []key.Binding{accept, reject, k.Next, k.Prev, k.DeliveryComplete, k.NotMeasurable, k.NextPage, k.Back} // what the page asks for first
	case cp.wheelAt() >= 0:
		short = []key.Binding{k.Next, k.Prev, k.NotMeasurable, k.DeliveryComplete, accept, reject, k.NextPage, k.Back}
	}
	return helpMap{short: short, full: [][]key.Binding{{k.Next, k.Prev, accept, reject}, {k.DeliveryComplete, k.NotMeasurable}}}
}

func (cp *checksPage) view(width, height int) string {
	st := cp.c.Styles
	if cp.reject != nil {
		return cp.reject.view(width, height)
	}
	var extra []string
	if pr := cp.rejecting; pr != nil {
		extra = append(extra, st.Warn.Render("Vorschlag verwerfen: ")+textsafe.Line(pr.Finding.Part)+" – "+pr.Reason, cp.reason.View())
	}
	if i := cp.unmeasurable; i >= 0 {
		extra = append(extra, st.Warn.Render("Reifen "+textsafe.Line(cp.s.p.Tyres.Wheels[i].Position)+" nicht messbar")+" – warum? (enter übernimmt, esc bricht ab)", cp.reason.View())
	}
	if cp.s.p.AllDelivered {
		extra = append(extra, st.OK.Render("✓ Lieferumfang: alles vollständig (bestätigt)"))
	}
	for _, pr := range inspection.Proposals(cp.s.p, cp.s.rules) {
		if d := pr.Dismissed; d != nil {
			extra = append(extra, st.Muted.Render("✗ verworfen: "+textsafe.Line(pr.Finding.Part)+" – "+textsafe.Line(d.Reason)))
			continue
		}
		extra = append(extra, st.Warn.Render("→ Befund vorgeschlagen: ")+textsafe.Line(pr.Finding.Part)+" – "+pr.Reason)
		if pr.Fee != nil {
			extra = append(extra, "   + Gebühr "+cp.feeText(pr.Fee)+" (Gebührenverzeichnis)")
		}
	}
	for _, n := range inspection.ServiceNotes(cp.s.p) {
		extra = append(extra, st.OK.Render("✓ "+n))
	}
	if cp.notice != "" {
		extra = append(extra, st.Warn.Render(cp.notice))
	}
	if room := max(4, height/4); len(extra) > room {
		extra = append(extra[:room-1], st.Muted.Render(fmt.Sprintf("… und %d weitere Zeilen (ctrl+b übernimmt alle Vorschläge)", len(extra)-room+1)))
	}
	for i := range extra {
		extra[i] = truncate(extra[i], width)
	}
	body := cp.form.view(width, height-1-len(extra), cp.s.problems)
	return st.Title.Render("Reifen · Lieferumfang · HU/AU und Inspektion") + "\n" + body + "\n" + strings.Join(extra, "\n")
}

// fields are built from the protocol's wheels and its delivery scope: the
// profile's items, each unchecked ("nicht geprüft") until the inspector
// enters its count or confirms the whole scope.
func (cp *checksPage) fields() []*field {
	p, rules := cp.s.p, cp.s.rules
	fields := []*field{decimalField("Reifen: Profiltiefe an der schwächsten Stelle", "Mindestprofil mm", "tyres.min_tread_mm", "1,6", 2,
		func(p *inspection.Protocol) *decimalNull { return &p.Tyres.MinTreadMm })}
	for i, w := range p.Tyres.Wheels {
		fields = append(fields, wheelField(i, w.Position))
	}
	fields = append(fields, tyreFields(p)...)
	for k, l := range inspection.DeliveryScope(p, rules) {
		path := fmt.Sprintf("delivery[%d]", l.Index)
		if l.Index < 0 {
			path = "delivery/" + l.Item // not listed: no problem can be at it
		}
		line := func(p *inspection.Protocol) (inspection.ScopeLine, bool) {
			sc := inspection.DeliveryScope(p, rules)
			if k >= len(sc) {
				return inspection.ScopeLine{}, false
			}
			return sc[k], true
		}
		fields = append(fields, &field{section: scopeSection(p), label: textsafe.Line(l.Item),
			path: path, hint: fmt.Sprintf("z. B. 1 oder 1/2 · %d erwartet", l.Expected), blank: fmt.Sprintf("nicht geprüft (%d erwartet)", l.Expected),
			get: func(p *inspection.Protocol) string {
				if l, ok := line(p); ok && l.Checked {
					return fmt.Sprintf("%d/%d", l.Returned, l.Expected)
				}
				return ""
			},
			set: func(p *inspection.Protocol, s string) error {
				l, ok := line(p)
				if !ok {
					return fmt.Errorf("Position nicht mehr im Lieferumfang")
				}
				d := inspection.DeliveryItem{Expected: l.Expected, Returned: l.Returned}
				if err := setCount(&d, s); err != nil {
					return err
				}
				if p.SetDelivery(rules, l, d.Returned, d.Expected) {
					cp.notice = fmt.Sprintf("„alles vollständig“ zurückgenommen: %s %d/%d – die übrigen Positionen bleiben bestätigt", textsafe.Line(l.Item), d.Returned, d.Expected)
				}
				return nil
			}})
	}
	return append(fields,
		dateField("HU/AU und Inspektion", "HU/AU fällig am", "service.hu_due", func(p *inspection.Protocol) *inspection.Date { return &p.Service.HUDue }),
		&field{section: "HU/AU und Inspektion", label: "oder HU-Plakette", path: "service.hu_due_month", hint: "MM.JJJJ, fällig zum Monatsende",
			get: func(p *inspection.Protocol) string { return p.Service.HUMonth.German() },
			set: func(p *inspection.Protocol, s string) error {
				m, err := parseMonth(s)
				if err == nil {
					p.Service.HUMonth = m
				}
				return err
			}},
		dateField("HU/AU und Inspektion", "Inspektion fällig am", "service.service_due", func(p *inspection.Protocol) *inspection.Date { return &p.Service.ServiceDue }))
}

// notMeasurableText is how a wheel marked not measurable shows in its field;
// the reason can be edited there, after the colon.
const notMeasurableText = "nicht messbar: "

// wheelField is a wheel's tread depth, or "nicht messbar: reason".
func wheelField(i int, position string) *field {
	return &field{section: "Reifen: Profiltiefe an der schwächsten Stelle", label: "Profil " + textsafe.Line(position) + " mm",
		path: fmt.Sprintf("tyres.wheels[%d].tread_mm", i), hint: "z. B. 4,5", blank: "nicht gemessen",
		get: func(p *inspection.Protocol) string {
			w := p.Tyres.Wheels[i]
			if !w.TreadMm.Valid && w.NotMeasurable != "" {
				return notMeasurableText + w.NotMeasurable
			}
			return fmtDecimal(w.TreadMm, 0)
		},
		set: func(p *inspection.Protocol, s string) error {
			w := &p.Tyres.Wheels[i]
			if rest, ok := strings.CutPrefix(strings.ToLower(s), strings.TrimSpace(notMeasurableText)); ok {
				reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[len(s)-len(rest):]), ":"))
				if reason == "" {
					return fmt.Errorf("nach „nicht messbar:“ die Begründung, z. B. nicht messbar: Notrad montiert")
				}
				w.NotMeasurable, w.TreadMm = reason, decimalNull{}
				return nil
			}
			d, err := parseDecimal(s, 2, "4,5")
			if err == nil {
				w.TreadMm, w.NotMeasurable = d, ""
			}
			return err
		}}
}

// setCount reads "1" (returned) or "1/2" (returned/expected).
func setCount(d *inspection.DeliveryItem, s string) error {
	ret, exp, hasExp := strings.Cut(strings.ReplaceAll(s, " ", ""), "/")
	r, err := strconv.ParseInt(ret, 10, 64)
	if err != nil || r < 0 {
		return fmt.Errorf("%q: Anzahl zurück, z. B. 1, oder zurück/erwartet, z. B. 1/2", s)
	}
	e := d.Expected
	if hasExp {
		if e, err = strconv.ParseInt(exp, 10, 64); err != nil || e < 0 {
			return fmt.Errorf("%q: erwartete Anzahl nach dem Schrägstrich, z. B. 1/2", s)
		}
	}
	d.Returned, d.Expected = r, e
	return nil
}
