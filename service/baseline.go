package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// Delivery is a sealed handover protocol in the store and its seal hash.
type Delivery struct {
	Record   *store.Record
	Protocol *inspection.Protocol
	SealHash string
	Filled   []string // what LinkBaseline took from it into the return's car
}

// Deliveries are the sealed handover protocols of a VIN in the store, the
// ones an amendment superseded left out (their amendment stands for them).
func Deliveries(st *store.Store, rules *catalog.Rules, vin string) ([]Delivery, error) {
	vin = strings.TrimSpace(vin)
	if vin == "" {
		return nil, nil
	}
	recs, err := st.List(store.Query{Search: vin})
	if err != nil {
		return nil, err
	}
	superseded, err := st.Superseded()
	if err != nil {
		return nil, err
	}
	var out []Delivery
	for _, rec := range recs {
		if !rec.Status.Immutable() || superseded[rec.ID] != "" || rec.Summary.VIN != vin {
			continue
		}
		p, err := rec.Decode(rules)
		if err != nil || !p.IsDelivery() || p.Vehicle.VIN != vin {
			continue
		}
		var s seal.Seal
		if json.Unmarshal(rec.Seal, &s) != nil || s.Hash == "" {
			continue
		}
		out = append(out, Delivery{Record: rec, Protocol: p, SealHash: s.Hash})
	}
	return out, nil
}

// LinkBaseline gives a return without a baseline the sealed handover
// protocol of its VIN when the store holds exactly one: the baseline (its
// damage, wheels and scope) and, when the return has none, its delivery
// record. It returns the delivery linked, or nil with how many there were.
func LinkBaseline(st *store.Store, rules *catalog.Rules, p *inspection.Protocol) (*Delivery, int, error) {
	if p.IsDelivery() || p.Baseline != nil {
		return nil, 0, nil
	}
	ds, err := Deliveries(st, rules, p.Vehicle.VIN)
	if err != nil || len(ds) != 1 {
		return nil, len(ds), err
	}
	d := ds[0]
	d.Filled = ApplyBaseline(p, rules, &d)
	return &d, 1, nil
}

// ApplyBaseline makes d the baseline of the return p: what was handed over
// is what is expected back; the delivery record comes with it, and what the
// return's car lacks is taken from the handover's (plate, make, model, first
// registration, the km at handover, power, list price). It returns the
// German names of the fields it filled.
func ApplyBaseline(p *inspection.Protocol, rules *catalog.Rules, d *Delivery) []string {
	p.Baseline = inspection.BaselineOf(d.Protocol, rules, d.SealHash)
	if p.DeliveryRecord == nil && d.Protocol.DeliveryRecord != nil {
		c := d.Protocol.Clone()
		p.DeliveryRecord = c.DeliveryRecord
	}
	return fillVehicle(&p.Vehicle, &d.Protocol.Vehicle)
}

// fillVehicle copies what the return's car lacks from the handover's.
func fillVehicle(v, from *inspection.Vehicle) (filled []string) {
	for _, f := range []struct {
		name     string
		to, from *string
	}{{"Kennzeichen", &v.Plate, &from.Plate}, {"Marke", &v.Make, &from.Make}, {"Modell", &v.Model, &from.Model}} {
		if *f.to == "" && *f.from != "" {
			*f.to = *f.from
			filled = append(filled, f.name)
		}
	}
	if v.FirstRegistration.IsZero() && !from.FirstRegistration.IsZero() {
		v.FirstRegistration = from.FirstRegistration
		filled = append(filled, "Erstzulassung")
	}
	if v.DeliveryOdometerKm == 0 && from.DeliveryOdometerKm != 0 {
		v.DeliveryOdometerKm = from.DeliveryOdometerKm
		filled = append(filled, "km bei Übergabe")
	}
	if v.PowerKW == nil && from.PowerKW != nil {
		kw := *from.PowerKW
		v.PowerKW = &kw
		filled = append(filled, "Leistung")
	}
	if !v.ListPrice.Valid && from.ListPrice.Valid {
		v.ListPrice = from.ListPrice
		filled = append(filled, "Listenpreis")
	}
	return filled
}

// baselineProblem says why a return's baseline cannot be sealed here: the
// protocol it names must be in this store — a baseline naming a handover
// protocol that exists nowhere would make any damage "pre-existing" and
// free — the sealed handover protocol with that seal hash, and the
// return's copy of it must agree. A sealed return's baseline from another
// device is checked by verify against the handover archive.
func baselineProblem(st *store.Store, rules *catalog.Rules, p *inspection.Protocol) string {
	b := p.Baseline
	if b == nil || b.ID == "" {
		return ""
	}
	rec, del, err := st.Get(b.ID)
	if errors.Is(err, store.ErrNotFound) {
		// a damage "present at handover" is charged nothing: the handover
		// protocol that says so must be here, sealed, to be sealed against
		return fmt.Sprintf("Ausgangslage: Übergabeprotokoll %s ist nicht in diesem Speicher – zuerst sein Archiv importieren (rueckgabe import)", b.ID)
	}
	if err != nil {
		return ""
	}
	if !rec.Status.Immutable() || !del.IsDelivery() {
		return fmt.Sprintf("Ausgangslage: %s ist hier kein versiegeltes Übergabeprotokoll", b.ID)
	}
	var s seal.Seal
	if json.Unmarshal(rec.Seal, &s) != nil {
		return fmt.Sprintf("Ausgangslage: Siegel von %s nicht lesbar", b.ID)
	}
	del.ID = rec.ID
	if diffs := inspection.CheckBaseline(p, del, rules, s.Hash); len(diffs) > 0 {
		return fmt.Sprintf("Ausgangslage: %s passt nicht zum Übergabeprotokoll (%s)", b.ID, strings.Join(diffs, "; "))
	}
	// the km driven are counted from the handover's reading: a return that
	// says otherwise would bill kilometres the car never drove (or forgive some)
	if h, r := del.Vehicle.DeliveryOdometerKm, p.Vehicle.DeliveryOdometerKm; h != 0 && r != h {
		return fmt.Sprintf("Ausgangslage: km-Stand bei Übergabe %s, das Übergabeprotokoll %s sagt %s km – unter Stammdaten berichtigen", money.GermanInt(r), b.ID, money.GermanInt(h))
	}
	return ""
}

// Deliveries are the sealed handover protocols of a VIN (Deliveries), for
// the TUI.
func (w *Workspace) Deliveries(vin string) (out []Delivery, err error) {
	err = w.with(func(s *store.Store) error {
		out, err = Deliveries(s, w.Rules, vin)
		return err
	})
	return out, err
}
