package report

import (
	"fmt"
	"strings"

	"rueckgabe/inspection"
	"rueckgabe/money"
)

// What the PDF says about the kind of protocol and the car as it was
// delivered (docs/format.md, "Handover protocols and the baseline").

// baselineNote says under the title what the protocol is judged against.
func (d *doc) baselineNote(p *inspection.Protocol) {
	switch b := p.Baseline; {
	case p.IsDelivery():
		d.para("Zustand des Fahrzeugs bei Übergabe an den Kunden. Die Befunde sind die bei Auslieferung vorhandenen Schäden; sie werden bei der Rücknahme nicht berechnet.")
	case b != nil:
		d.para(fmt.Sprintf("Ausgangslage: Übergabeprotokoll %s vom %s (Siegel %s…), %d bei Auslieferung vorhandene Schäden. Schäden, die bei Auslieferung vorhanden waren, werden nicht berechnet.",
			b.ID, orUnknown(b.Date.German()), shortHash(b.SealHash), len(b.Findings)))
	default:
		d.para("Ausgangslage: kein Übergabeprotokoll verfügbar – der Zustand bei Auslieferung ist nicht belegt; Lieferumfang wie erfasst.")
	}
}

// handoverData is the contract and handover block of a delivery protocol.
func (d *doc) handoverData(p *inspection.Protocol) {
	d.h2("Vertrag und Übergabe")
	if c := p.Contract; c.Number != "" {
		d.kv("Vertrag", c.Number)
	}
	d.kv("Übergabedatum", p.Handover.Date.German(), "km-Stand bei Übergabe", km(p.Vehicle.DeliveryOdometerKm), "Ort", p.Handover.Place)
	d.deliveryRecord(p)
}

// deliveryRecord prints the delivery record (Auslieferungsnachweis).
func (d *doc) deliveryRecord(p *inspection.Protocol) {
	r := p.DeliveryRecord
	if r == nil {
		return
	}
	d.h2("Lieferumfang laut Auslieferungsnachweis")
	if r.ModelCode != "" {
		d.kv("Modell", r.ModelCode)
	}
	if r.ListPrice.Valid {
		d.kv("Verkaufspreis netto", money.Euro(r.ListPrice.Decimal))
	}
	for _, e := range r.Equipment {
		price := ""
		if e.UnitPrice.Valid {
			price = money.Euro(e.UnitPrice.Decimal)
		}
		d.row(fmt.Sprintf("%s %s × %d", e.Code, e.Name, e.Quantity), price, false)
	}
}

// preExisting marks a finding that was already there at handover.
func (d *doc) preExisting(p *inspection.Protocol, f *inspection.Finding) {
	switch {
	case p.IsDelivery():
		d.para("   bei Auslieferung vorhanden")
	case f.BaselineFinding != nil:
		was, ok := p.BaselineDamageOf(f)
		line := "   bei Auslieferung vorhanden"
		if ok {
			line += fmt.Sprintf(" (Übergabeprotokoll, Befund %d: %s)", *f.BaselineFinding+1, strings.Join(nonEmpty(was.Part, was.Damage, was.Size), " · "))
		}
		if !p.PreExisting(f) {
			line += " – dennoch berechnet, Begründung: " + f.OverrideReason
		}
		d.para(line)
	}
}

// baselineDamage lists the damage present at handover, each with whether
// the return found it again: shown beside the car, never charged.
func (d *doc) baselineDamage(p *inspection.Protocol) {
	b := p.Baseline
	if b == nil || p.IsDelivery() || len(b.Findings) == 0 {
		return
	}
	seen := map[int]bool{}
	for _, f := range p.Findings {
		if f.BaselineFinding != nil {
			seen[*f.BaselineFinding] = true
		}
	}
	d.h2("Bei Auslieferung vorhanden (Übergabeprotokoll " + b.ID + ")")
	for i, f := range b.Findings {
		state := "nicht erneut erfasst"
		if seen[i] {
			state = "erneut erfasst, nicht berechnet"
		}
		d.row(fmt.Sprintf("%d. %s", i+1, strings.Join(nonEmpty(f.Part, f.Damage, f.Size), " · ")), state, false)
	}
}

// wheelMake prints a wheel's tyre and rim when recorded.
func (d *doc) wheelMake(w inspection.Wheel) {
	if s := strings.Join(nonEmpty(w.Tyre, w.Rim), " · "); s != "" {
		d.para("   " + w.Position + ": " + s)
	}
}

// scopeLabel names the counts of a scope line.
func scopeLabel(p *inspection.Protocol) string {
	if p.IsDelivery() {
		return " (übergeben / laut Auftrag)"
	}
	return " (zurück / laut Lieferumfang)"
}
