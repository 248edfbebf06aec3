package inspection

import (
	"encoding/json"
	"fmt"
	"strings"

	"rueckgabe/catalog"
)

// FormatDeliveryRecord is the format tag of a delivery record file: the
// guide's Lieferumfang page as the lessor or the order system provides it
// (docs/format.md, "The delivery record file").
const FormatDeliveryRecord = "rueckgabe/delivery-record@1"

// RecordFile is a delivery record file: the car and its delivery record,
// and optionally the tyres and rims it goes out on.
type RecordFile struct {
	Vehicle Vehicle
	Record  DeliveryRecord
	Wheels  []Wheel // position, tyre, rim; tread is measured at handover
}

// IsRecordFile reports whether data is a delivery record file (by its
// format tag), so import can tell it from a protocol.
func IsRecordFile(data []byte) bool {
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && head.Format == FormatDeliveryRecord
}

// DecodeRecordFile reads a delivery record file and reports every problem.
func DecodeRecordFile(data []byte) (*RecordFile, Problems) {
	if bad := notUTF8(data); bad != nil {
		return nil, bad
	}
	var probs Problems
	o, ok := decodeObject(data, &probs, fileWords{size: "a delivery record", more: "the delivery record (one per file)", want: "a delivery record object"})
	if !ok {
		return nil, probs
	}
	if dup := duplicateKey(data); dup != nil {
		return nil, dup
	}
	if f := o.str("format"); f != FormatDeliveryRecord {
		probs.Add("format", "is %q, want %q", f, FormatDeliveryRecord)
	}
	p := &Protocol{}
	decodeVehicle(o, p)
	if v, ok := o.object("vehicle"); ok {
		if km := v.int("odometer_km"); km != nil {
			p.Vehicle.DeliveryOdometerKm = *km
		}
	}
	// the record's own members are those of delivery_record, at the top
	rf := &RecordFile{Vehicle: p.Vehicle, Record: *decodeRecord(o)}
	o.objects("wheels", func(_ int, w obj) { rf.Wheels = append(rf.Wheels, decodeWheel(w)) })
	var ps Problems
	if en, de := checkVIN(rf.Vehicle.VIN); en != "" {
		ps.Both("vehicle.vin", en, de)
	}
	nonNegativeInt(&ps, "vehicle.odometer_km", rf.Vehicle.DeliveryOdometerKm)
	validateKind(&ps, &Protocol{DeliveryRecord: &rf.Record})
	for i, w := range rf.Wheels {
		if strings.TrimSpace(w.Position) == "" {
			ps.Both(fmt.Sprintf("wheels[%d].position", i), "is missing (VL, VR, HL, HR, …)", "Position fehlt")
		}
	}
	for _, pr := range ps {
		pr.Path = strings.TrimPrefix(pr.Path, "delivery_record.")
		probs = append(probs, pr)
	}
	return rf, probs
}

// NewDelivery is a draft handover protocol for the car of a delivery record:
// the vehicle, the record, the wheels with their tyres and rims (tread still
// to measure); the rest is recorded at handover.
func (r *RecordFile) NewDelivery(rules *catalog.Rules, inspector, dealership string) *Protocol {
	p := NewDraft(rules, inspector, dealership)
	p.Kind = KindDelivery
	p.Contract = Contract{}
	p.Vehicle = r.Vehicle
	p.Vehicle.Equipment = nil
	if !p.Vehicle.ListPrice.Valid {
		p.Vehicle.ListPrice = r.Record.ListPrice
	}
	rec := r.Record
	rec.Equipment = append([]RecordItem(nil), r.Record.Equipment...)
	p.DeliveryRecord = &rec
	if len(r.Wheels) > 0 {
		p.Tyres.Wheels = nil
		for _, w := range r.Wheels {
			p.Tyres.Wheels = append(p.Tyres.Wheels, Wheel{Position: w.Position, Tyre: w.Tyre, Rim: w.Rim})
		}
	}
	return p
}
