package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// checksPage: tread per wheel, the delivery scope checklist and the HU/AU and
// service dates, with the findings they propose.
type checksPage struct {
	c      *Common
	s      *session
	form   *form
	notice string
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

func (cp *checksPage) pending() string { return cp.form.pending() }

func (cp *checksPage) update(msg tea.Msg) tea.Cmd {
	if cp.s.readOnly() {
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, cp.c.Keys.ProposalAccept) {
		return cp.accept()
	}
	cp.notice = ""
	cmd, changed := cp.form.update(msg, cp.s.p)
	if changed {
		return tea.Batch(cmd, cp.s.changed())
	}
	return cmd
}

// accept records every proposal as a finding (to be priced in the walkthrough).
func (cp *checksPage) accept() tea.Cmd {
	props := inspection.Proposals(cp.s.p, cp.c.Rules)
	if len(props) == 0 {
		cp.notice = "keine Vorschläge"
		return nil
	}
	for _, pr := range props {
		cp.s.p.Findings = append(cp.s.p.Findings, pr.Finding)
	}
	cp.notice = fmt.Sprintf("%d Befunde übernommen – Kosten im Rundgang (F4) erfassen", len(props))
	return cp.s.changed()
}

func (cp *checksPage) help() helpMap {
	k := cp.c.Keys
	accept := k.ProposalAccept
	return helpMap{short: []key.Binding{k.Next, k.Prev, accept, k.NextPage, k.Back}, full: [][]key.Binding{{k.Next, k.Prev, accept}}}
}

func (cp *checksPage) view(width, height int) string {
	st := cp.c.Styles
	var extra []string
	for _, pr := range inspection.Proposals(cp.s.p, cp.c.Rules) {
		extra = append(extra, st.Warn.Render("→ Befund vorgeschlagen: ")+textsafe.Line(pr.Finding.Part)+" – "+pr.Reason)
	}
	for _, n := range inspection.ServiceNotes(cp.s.p) {
		extra = append(extra, st.OK.Render("✓ "+n))
	}
	if cp.notice != "" {
		extra = append(extra, st.Warn.Render(cp.notice))
	}
	if len(extra) > 4 {
		extra = append(extra[:3], st.Muted.Render(fmt.Sprintf("… und %d weitere Vorschläge (ctrl+b übernimmt alle)", len(extra)-3)))
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
