package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
	"rueckgabe/internal/textfile"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

// Handover protocols in the TUI (docs/tui.md, "Übergabeprotokoll"): started
// from the start screen with u, from a delivery record file of the data
// directory's lieferumfang/ folder or without one.

// askRecord offers the delivery record files, and "without".
func (s *startPage) askRecord() tea.Cmd {
	s.recordFiles = service.RecordFiles(s.c.Dir)
	labels := []string{"ohne Lieferumfang-Datei (Fahrzeugdaten von Hand)"}
	for _, f := range s.recordFiles {
		labels = append(labels, filepath.Base(f))
	}
	s.records = newPicklist(s.c, "Übergabeprotokoll – Lieferumfang aus "+filepath.Join(s.c.Dir, service.RecordDir), labels, true, false)
	return nil
}

func (s *startPage) pickRecord(msg tea.Msg) tea.Cmd {
	i, ok, closed, cmd := s.records.choose(s.c.Keys.Back, msg)
	if closed {
		s.records = nil
	}
	if !ok {
		return cmd
	}
	rules := s.c.profile()
	if i == 0 {
		p := newProtocol(s.c, rules)
		p.Kind, p.Contract = inspection.KindDelivery, inspection.Contract{}
		s.request = &newProtocolMsg{p: p}
		return nil
	}
	name := s.recordFiles[i-1]
	data, err := os.ReadFile(name) // a few KiB the user just picked
	if err == nil {
		data, err = textfile.Decode(data)
	}
	if err != nil {
		s.err = fmt.Errorf("Lieferumfang %s: %w", filepath.Base(name), err)
		return nil
	}
	rf, probs := inspection.DecodeRecordFile(data)
	if len(probs) > 0 {
		s.err = fmt.Errorf("Lieferumfang %s: %s", filepath.Base(name), probs[0])
		return nil
	}
	s.err = nil
	s.request = &newProtocolMsg{p: rf.NewDelivery(rules, s.c.Device.Inspector, s.c.Device.Dealership)}
	return nil
}

// deliveryMasterFields are the Stammdaten of a handover protocol: the car,
// the customer, the contract number, and when and where it was handed over.
func deliveryMasterFields() []*field {
	const ub = "Übergabe"
	var out []*field
	for _, f := range masterFields() {
		if f.section == "Fahrzeug" || f.section == "Kunde" || f.path == "contract.number" {
			out = append(out, f)
		}
	}
	return append(out,
		dateField(ub, "Übergabedatum", "handover.date", func(p *inspection.Protocol) *inspection.Date { return &p.Handover.Date }),
		text(ub, "Ort", "handover.place", "", func(p *inspection.Protocol) *string { return &p.Handover.Place }))
}

// A return against its handover protocol (docs/tui.md): when a return's VIN
// is entered and the store holds exactly one sealed handover protocol of
// that VIN, it becomes the return's baseline — its damage present at
// handover, its tyres and rims, the scope handed over.

// baselineMsg is the answer to a look-up of the handover protocols of vin.
type baselineMsg struct {
	sess  uint64
	vin   string
	found []service.Delivery
	err   error
}

// lookupBaseline asks for the handover protocols of the return's VIN, once
// per VIN, while the return has no baseline.
func (s *session) lookupBaseline() tea.Cmd {
	p := s.p
	if s.readOnly() || p.IsDelivery() || p.Baseline != nil || len(p.Vehicle.VIN) != inspection.VINLength || p.Vehicle.VIN == s.lookedUp || s.c.Work == nil {
		return nil
	}
	s.lookedUp = p.Vehicle.VIN
	w, id, vin := s.c.Work, s.id, p.Vehicle.VIN
	return func() tea.Msg {
		found, err := w.Deliveries(vin)
		return baselineMsg{sess: id, vin: vin, found: found, err: err}
	}
}

// takeBaseline makes the one handover protocol found the baseline, and
// fills the car's master data the return does not have yet.
func (s *session) takeBaseline(msg baselineMsg) tea.Cmd {
	p := s.p
	if msg.sess != s.id || s.readOnly() || p.Baseline != nil || p.Vehicle.VIN != msg.vin || msg.err != nil {
		return nil
	}
	switch len(msg.found) {
	case 0:
		s.baselineNote = ""
		return nil
	case 1:
	default:
		s.baselineNote = fmt.Sprintf("%d versiegelte Übergabeprotokolle zu dieser FIN: keines übernommen", len(msg.found))
		s.choices = msg.found // Stammdaten asks which (a car leased out twice)
		return nil
	}
	d := msg.found[0]
	service.ApplyBaseline(p, s.rules, &d) // and what the car lacks, from the handover's
	s.baselineNote = ""
	return s.changed()
}

// baselineLine says on Stammdaten what the return is judged against.
func (s *session) baselineLine() string {
	p := s.p
	switch b := p.Baseline; {
	case p.IsDelivery():
		return "Übergabeprotokoll: die Befunde sind die bei Auslieferung vorhandenen Schäden, nichts wird berechnet"
	case b != nil:
		return fmt.Sprintf("Ausgangslage: Übergabeprotokoll %s vom %s · %d bei Auslieferung vorhandene Schäden (nicht berechnet) · Lieferumfang und Reifen von dort",
			b.ID, b.Date.German(), len(b.Findings))
	}
	return s.baselineNote
}

// The finding editor asks, for a part that had damage at handover, whether
// this finding is new or that damage ("neu oder vorhanden?").

func (e *findingEditor) asksBaseline() bool {
	return !e.work.IsDelivery() && len(e.work.BaselineCandidates(e.f().Part)) > 0
}

func (e *findingEditor) enterBaseline() {
	f := e.f()
	cands := e.work.BaselineCandidates(f.Part)
	labels := []string{"neu – nach der Auslieferung entstanden (wird bewertet)"}
	for _, i := range cands {
		d := e.work.Baseline.Findings[i]
		labels = append(labels, fmt.Sprintf("vorhanden – bei Auslieferung: %s (nicht berechnet)", strings.Join(nonEmptyText(d.Part, d.Damage, d.Size), " · ")))
	}
	e.pick = newPicklist(e.c, "Neu oder vorhanden? (Übergabeprotokoll "+e.work.Baseline.ID+")", labels, true, false)
	for j, i := range cands {
		if f.BaselineFinding != nil && *f.BaselineFinding == i {
			e.pick.set(labels[j+1])
		}
	}
}

// chooseBaseline records the answer: choice 0 is new, j > 0 the j-th
// damage of the part at handover — not charged, so no factor of its own.
func (e *findingEditor) chooseBaseline(choice int) {
	f := e.f()
	cands := e.work.BaselineCandidates(f.Part)
	if choice <= 0 || choice > len(cands) {
		f.BaselineFinding = nil
		return
	}
	i := cands[choice-1]
	f.BaselineFinding = &i
	f.FactorPercent = decimal.NullDecimal{}
}

func nonEmptyText(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, textsafe.Line(s))
		}
	}
	return out
}

// withBaseline puts the baseline line under Stammdaten's title; extra is
// how many lines it took.
func (fp *formPage) withBaseline(title string, width int) (string, int) {
	n := fp.s.baselineLine()
	if !fp.withPhotos || n == "" {
		return title, 0
	}
	line := wrapLines(fp.c.Styles.Muted, textsafe.Line(n), width, 2)
	for _, m := range fp.s.storeMissing { // the baseline does not fit: said where it is fixed
		if strings.HasPrefix(m, "Ausgangslage") {
			line += "\n" + wrapLines(fp.c.Styles.Error, "✗ "+textsafe.Line(m), width, 2)
		}
	}
	return title + "\n" + line, 1 + strings.Count(line, "\n")
}

// baselineLines show beside a return's findings the damage of the category
// that was there at handover: "bei Auslieferung vorhanden", never charged.
func (w *walkPage) baselineLines(category string, width int) []string {
	p, st := w.s.p, w.c.Styles
	if p.Baseline == nil || p.IsDelivery() {
		return nil
	}
	seen := map[int]bool{}
	for _, f := range p.Findings {
		if f.BaselineFinding != nil {
			seen[*f.BaselineFinding] = true
		}
	}
	var out []string
	for i, d := range p.Baseline.Findings {
		if d.Category != category {
			continue
		}
		state := "nicht erneut erfasst"
		if seen[i] {
			state = "als vorhanden erfasst"
		}
		line := "bei Auslieferung vorhanden: " + strings.Join(nonEmptyText(d.Part, d.Damage, d.Size), " · ") + " (" + state + ")"
		for _, l := range strings.Split(wrapLines(st.Muted, line, max(width-1, 10), 2), "\n") {
			out = append(out, " "+l)
		}
	}
	return out
}

// tyreFields are each wheel's tyre and rim (make and size) on a handover
// protocol and on a return against one: a return's that differ from the
// handover's are proposed as findings (reifen_felgen_radkappen.x8). The
// hint shows what the car went out on.
func tyreFields(p *inspection.Protocol) []*field {
	if !p.IsDelivery() && p.Baseline == nil {
		return nil
	}
	const section = "Reifen und Felgen (Fabrikat, Größe)"
	var out []*field
	for i, w := range p.Tyres.Wheels {
		was := inspection.Wheel{}
		if b := p.Baseline; b != nil {
			for _, bw := range b.Wheels {
				if inspection.SamePart(bw.Position, w.Position) {
					was = bw
				}
			}
		}
		hint := func(v, def string) string {
			if v != "" {
				return "bei Auslieferung: " + textsafe.Line(v)
			}
			return def
		}
		out = append(out,
			&field{section: section, label: "Reifen " + textsafe.Line(w.Position), path: fmt.Sprintf("tyres.wheels[%d].tyre", i), hint: hint(was.Tyre, "z. B. Michelin Primacy 4 225/45 R17"), freeText: true,
				get: func(p *inspection.Protocol) string { return p.Tyres.Wheels[i].Tyre },
				set: func(p *inspection.Protocol, s string) error { p.Tyres.Wheels[i].Tyre = s; return nil }},
			&field{section: section, label: "Felge " + textsafe.Line(w.Position), path: fmt.Sprintf("tyres.wheels[%d].rim", i), hint: hint(was.Rim, "z. B. Styling 381 7,5J×17"), freeText: true,
				get: func(p *inspection.Protocol) string { return p.Tyres.Wheels[i].Rim },
				set: func(p *inspection.Protocol, s string) error { p.Tyres.Wheels[i].Rim = s; return nil }})
	}
	return out
}

// scopeSection heads F5's delivery scope: what came back, or on a handover
// protocol what was handed over.
func scopeSection(p *inspection.Protocol) string {
	if p.IsDelivery() {
		return "Lieferumfang: übergeben (oder übergeben/laut Auftrag)"
	}
	return "Lieferumfang: zurückgegeben (oder zurück/erwartet)"
}

// openBaselines asks which of the sealed handover protocols of the VIN the
// return is judged against (a car leased out twice has two), newest first
// as found, or none.
func (fp *formPage) openBaselines(found []service.Delivery) {
	labels := []string{"keines – ohne Ausgangslage weiter"}
	for _, d := range found {
		labels = append(labels, fmt.Sprintf("%s · übergeben %s · %s · %d Vorschäden", textsafe.Line(d.Record.ID),
			d.Protocol.Handover.Date.German(), textsafe.Line(d.Protocol.Handover.Place), len(d.Protocol.Findings)))
	}
	fp.found = found
	fp.baselines = newPicklist(fp.c, "Übergabeprotokoll als Ausgangslage wählen (mehrere zu dieser FIN)", labels, true, false)
}

// pickBaseline takes the handover protocol chosen as the baseline.
func (fp *formPage) pickBaseline(msg tea.Msg) tea.Cmd {
	i, ok, closed, cmd := fp.baselines.choose(fp.c.Keys.Back, msg)
	if closed {
		fp.baselines = nil
		fp.s.choices = nil
	}
	if !ok || i == 0 {
		return cmd
	}
	p := fp.s.p
	if p.Baseline != nil || fp.s.readOnly() {
		return cmd
	}
	d := fp.found[i-1]
	service.ApplyBaseline(p, fp.s.rules, &d)
	fp.s.baselineNote = ""
	fp.form.refresh(p)
	fp.form.fillFocused(p)
	return tea.Batch(cmd, fp.s.changed())
}
