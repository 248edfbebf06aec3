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
}

func newChecksPage(c *Common, s *session) *checksPage {
	cp := &checksPage{c: c, s: s}
	cp.reload()
	return cp
}

func (cp *checksPage) reload() {
	focus := 0
	if cp.form != nil {
		focus = cp.form.focus
	}
	old := cp.form
	cp.form = newForm(cp.c, checkFields(cp.s.p))
	cp.form.focus = min(focus, len(cp.form.fields)-1)
	cp.form.load(cp.s.p)
	cp.form.carryPending(old)
}

func (cp *checksPage) typing() bool { return true }

func (cp *checksPage) leave() tea.Cmd { return leaveForm(cp.form, cp.s) }

func (cp *checksPage) pending() string {
	if cp.rejecting != nil && strings.TrimSpace(cp.reason.Value()) != "" {
		return "Begründung zum Verwerfen noch nicht übernommen (enter)"
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
	case cp.reject != nil:
		return cp.pickReject(msg)
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
	i, ok, cmd := choose(&cp.reject, cp.c.Keys.Back, msg)
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

func (cp *checksPage) help() helpMap {
	k := cp.c.Keys
	accept, reject := k.ProposalAccept, k.ProposalReject
	short := []key.Binding{k.Next, k.Prev, accept, reject, k.NextPage, k.Back}
	if len(inspection.OpenProposals(cp.s.p, cp.s.rules)) > 0 {
		short = []key.Binding{accept, reject, k.Next, k.Prev, k.NextPage, k.Back} // what the page asks for first
	}
	return helpMap{short: short, full: [][]key.Binding{{k.Next, k.Prev, accept, reject}}}
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

// checkFields are built from the protocol's wheels and delivery items.
func checkFields(p *inspection.Protocol) []*field {
	fields := []*field{decimalField("Reifen: Profiltiefe an der schwächsten Stelle", "Mindestprofil mm", "tyres.min_tread_mm", "1,6", 2,
		func(p *inspection.Protocol) *decimalNull { return &p.Tyres.MinTreadMm })}
	for i, w := range p.Tyres.Wheels {
		fields = append(fields, decimalField("Reifen: Profiltiefe an der schwächsten Stelle", "Profil "+textsafe.Line(w.Position)+" mm",
			fmt.Sprintf("tyres.wheels[%d].tread_mm", i), "4,5", 2, func(p *inspection.Protocol) *decimalNull { return &p.Tyres.Wheels[i].TreadMm }))
	}
	for i, d := range p.Delivery {
		fields = append(fields, &field{section: "Lieferumfang: zurückgegeben (oder zurück/erwartet)", label: textsafe.Line(d.Item),
			path: fmt.Sprintf("delivery[%d]", i), hint: "z. B. 1 oder 1/2",
			get: func(p *inspection.Protocol) string {
				return fmt.Sprintf("%d/%d", p.Delivery[i].Returned, p.Delivery[i].Expected)
			},
			set: func(p *inspection.Protocol, s string) error { return setCount(&p.Delivery[i], s) }})
	}
	fields = append(fields,
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
	return fields
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
