package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/canon"
	"rueckgabe/internal/jsonspan"
	"rueckgabe/money"
	"rueckgabe/seal"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// The short way of checking a sealed record, for walks over thousands
// (report, check): a record that keeps the bytes its seal signed
// (store.Signed: the canonical protocol, the signed valuation) is checked by
// hashing them as they stand and verifying the signature over those hashes —
// nothing is decoded, encoded or valued again. A report line then takes its
// figures from the signed valuation itself, the figures the customer signed
// and the seal covers, and its names and dates from the signed protocol.
// A record that does not keep them (sealed by an older version, a version 1
// seal), or whose bytes do not hash to its seal, takes the long way
// (checkSealed), which says exactly what does not match.

// signedRecord is a sealed record whose kept bytes hash to its seal; its
// signature is still to be verified (verifyAll: seal.VerifyBatch).
type signedRecord struct {
	rec  *store.Record
	seal *seal.Seal
	doc  signedDoc
}

// readSigned reads a sealed record by the bytes it keeps; ok is false when it
// has to take the long way. A kept valuation that does not hash to the seal
// is an error: the store was changed behind its back.
//
// lines: what a report line needs is read of the signed valuation too (a
// check needs the protocol's id and profile only).
func readSigned(rec *store.Record, lines bool) (sr *signedRecord, ok bool, err error) {
	if len(rec.Valuation) == 0 || len(rec.Seal) == 0 || !rec.Status.Immutable() {
		return nil, false, nil
	}
	s := &seal.Seal{}
	if readSeal(rec.Seal, s) != nil || s.ValuationHash == "" {
		return nil, false, nil
	}
	if err := keptValuationProblem(rec, s); err != nil {
		return nil, false, err
	}
	// the signed bytes, in canonical order throughout (so no member twice:
	// signedDoc.read checks it as it reads); anything else takes the long
	// way, which says what does not match
	if seal.Hash(rec.Protocol) != s.Hash {
		return nil, false, nil
	}
	sr = &signedRecord{rec: rec, seal: s}
	valuation := rec.Valuation
	if !lines {
		valuation = nil
	}
	if !sr.doc.read(rec.Protocol, valuation) || sr.doc.id != rec.ID {
		return nil, false, nil
	}
	return sr, true, nil
}

// readSeal is json.Unmarshal(data, s) for a stored seal into a zero s,
// without encoding/json's reflection where the seal is as the store writes
// it: an object of the seal's members, each at most once, each a string of
// printable ASCII without escapes (hex, base64, times), which reads as it
// stands. Anything else is decoded by json.Unmarshal itself
// (TestReadSealIsUnmarshal).
func readSeal(data []byte, s *seal.Seal) error {
	var seen uint8
	fast := true
	read := jsonspan.Members(data, func(k, v []byte) bool {
		var to *string
		var bit uint8
		switch string(k) {
		case "algorithm":
			to, bit = &s.Algorithm, 1
		case "key_id":
			to, bit = &s.KeyID, 2
		case "public_key":
			to, bit = &s.PublicKey, 4
		case "hash":
			to, bit = &s.Hash, 8
		case "signature":
			to, bit = &s.Signature, 16
		case "sealed_at":
			to, bit = &s.SealedAt, 32
		case "previous_hash":
			to, bit = &s.PreviousHash, 64
		case "valuation_hash":
			to, bit = &s.ValuationHash, 128
		}
		if to == nil || seen&bit != 0 || !plainString(v) {
			fast = false
			return false
		}
		seen |= bit
		*to = string(v[1 : len(v)-1])
		return true
	})
	if fast && read { // read: an object as Members reads it (fast: to its end)
		return nil
	}
	*s = seal.Seal{}
	return json.Unmarshal(data, s)
}

// plainString: a JSON string of printable ASCII without escapes.
func plainString(v []byte) bool {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return false
	}
	for _, c := range v[1 : len(v)-1] {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// signedDoc is what a report line needs of the signed protocol and valuation.
type signedDoc struct {
	id, kind, profile, profileHash string
	dealership, inspector          string
	plate, vin, customer           string
	returnDate                     string
	contractNumber, contractType   string
	disputed                       bool
	chosen                         string

	// the signed valuation's
	valuedUnder                                   string
	charged, depreciation, kmAmount, lateAmount   string
	feesNet, taxable, net, vat, gross, vatPercent string
	dealerNetPrice, surcharge                     string
	kmBillable, lateDays                          int64
}

// read fills d from the two documents (the valuation nil: the protocol's
// only); false on anything unexpected (keys out of canonical order anywhere
// in the protocol, so a member twice; a value of another type): the long
// way decides.
func (d *signedDoc) read(protocol, valuation []byte) bool {
	r := docReader{ok: true}
	r.sortedObject(protocol, func(k, v []byte) {
		switch string(k) {
		case "id":
			r.str(v, &d.id)
		case "kind":
			r.str(v, &d.kind)
		case "profile":
			r.str(v, &d.profile)
		case "profile_hash":
			r.str(v, &d.profileHash)
		case "dealership":
			r.str(v, &d.dealership)
		case "inspector":
			r.str(v, &d.inspector)
		case "vehicle":
			r.object(v, func(k, v []byte) {
				switch string(k) {
				case "plate":
					r.str(v, &d.plate)
				case "vin":
					r.str(v, &d.vin)
				}
			})
		case "customer":
			r.member(v, "name", &d.customer)
		case "return":
			r.member(v, "date", &d.returnDate)
		case "contract":
			r.object(v, func(k, v []byte) {
				switch string(k) {
				case "number":
					r.str(v, &d.contractNumber)
				case "type":
					r.str(v, &d.contractType)
				}
			})
		case "dispute":
			if len(v) > 0 && v[0] == '{' {
				d.disputed = true
				r.member(v, "chosen", &d.chosen)
			}
		}
	})
	if valuation == nil {
		return r.ok && d.id != ""
	}
	r.object(valuation, func(k, v []byte) {
		switch string(k) {
		case "profile":
			r.str(v, &d.valuedUnder)
		case "damages":
			r.object(v, func(k, v []byte) {
				switch string(k) {
				case "charged":
					r.str(v, &d.charged)
				case "mercantile_depreciation":
					r.str(v, &d.depreciation)
				}
			})
		case "km":
			r.object(v, func(k, v []byte) {
				switch string(k) {
				case "billable_km":
					r.num(v, &d.kmBillable)
				case "amount":
					r.str(v, &d.kmAmount)
				}
			})
		case "late":
			r.object(v, func(k, v []byte) {
				switch string(k) {
				case "days":
					r.num(v, &d.lateDays)
				case "amount":
					r.str(v, &d.lateAmount)
				}
			})
		case "fees":
			r.member(v, "net", &d.feesNet)
		case "taxable":
			r.str(v, &d.taxable)
		case "net":
			r.str(v, &d.net)
		case "vat":
			r.str(v, &d.vat)
		case "gross":
			r.str(v, &d.gross)
		case "vat_percent":
			r.str(v, &d.vatPercent)
		case "dealer_net_price":
			r.str(v, &d.dealerNetPrice)
		case "dealer_surcharge":
			r.member(v, "amount", &d.surcharge)
		}
	})
	return r.ok && d.id != ""
}

// docReader reads members of a signed document; ok turns false at the
// first thing unexpected.
type docReader struct{ ok bool }

func (r *docReader) str(v []byte, to *string) {
	s, good := jsonspan.String(v)
	r.ok = r.ok && good
	*to = s
}

func (r *docReader) num(v []byte, to *int64) {
	n, err := strconv.ParseInt(string(v), 10, 64)
	r.ok = r.ok && err == nil
	*to = n
}

// object walks an object's members. Their keys must come in canonical
// order, each once (for the ASCII keys of these documents, byte order):
// what else the signer signed takes the long way, which names a repeated
// member as a problem.
func (r *docReader) object(v []byte, fn func(k, v []byte)) {
	if !r.ok {
		return
	}
	var last []byte
	read := jsonspan.Members(v, func(k, v []byte) bool {
		if last != nil && bytes.Compare(k, last) <= 0 {
			r.ok = false
			return false
		}
		last = k
		fn(k, v)
		return r.ok
	})
	r.ok = r.ok && read // after the walk: fn may have turned it false
}

// sortedObject is object for a document whose objects must all have their
// keys in canonical order, nested ones too (jsonspan.SortedMembers: checked
// in the pass that reads the members).
func (r *docReader) sortedObject(v []byte, fn func(k, v []byte)) {
	if !r.ok {
		return
	}
	read := jsonspan.SortedMembers(v, func(k, v []byte) bool {
		fn(k, v)
		return r.ok
	})
	r.ok = r.ok && read
}

// member reads the string member key of an object.
func (r *docReader) member(v []byte, key string, to *string) {
	r.object(v, func(k, v []byte) {
		if string(k) == key {
			r.str(v, to)
		}
	})
}

// delivery reports a handover protocol: nothing for accounting.
func (d *signedDoc) delivery() bool { return d.kind == inspection.KindDelivery }

// line is the report line of a checked signed record; prof is its pinned
// profile (for the country). An amount that does not read is an error: the
// long way decides then.
func (sr *signedRecord) line(prof *catalog.Rules) (*ReportLine, inspection.Date, error) {
	d := &sr.doc
	var bad error
	dec := func(s string) decimal.Decimal {
		v, err := decimal.NewFromString(s)
		if err != nil && bad == nil {
			bad = fmt.Errorf("%s: the signed valuation's amount %q does not read: %w", sr.rec.ID, s, err)
		}
		return v
	}
	opt := func(s string) *decimal.Decimal {
		if s == "" {
			return nil
		}
		v := dec(s)
		return &v
	}
	date, _ := inspection.ParseDate(d.returnDate)
	l := &ReportLine{
		ID: sr.rec.ID, Dealer: textsafe.Line(d.dealership), Inspector: textsafe.Line(d.inspector),
		Plate: textsafe.Line(d.plate), VIN: textsafe.Line(d.vin), Customer: textsafe.Line(d.customer),
		ReturnDate:     date.String(),
		ContractNumber: textsafe.Line(d.contractNumber), ContractType: d.contractType,
		Profile: d.valuedUnder, Country: countryOf(prof.ID), VATPercent: dec(d.vatPercent),
		Depreciation: dec(d.depreciation),
		KmBillable:   d.kmBillable, KmAmount: dec(d.kmAmount), LateDays: d.lateDays, LateAmount: dec(d.lateAmount),
		Fees: dec(d.feesNet), Taxable: dec(d.taxable),
		Net: dec(d.net), VAT: dec(d.vat), Gross: dec(d.gross),
		DealerNetPrice: opt(d.dealerNetPrice), Surcharge: opt(d.surcharge),
	}
	l.DamagesCharged = dec(d.charged).Add(l.Depreciation)
	l.NonTaxable = money.Diff(l.Net, l.Taxable)
	if d.disputed {
		l.Dispute = "disputed"
		if d.chosen != "" {
			l.Dispute += ", expert: " + textsafe.Line(d.chosen)
		}
	}
	return l, date, bad
}

// profile is the profile the signed protocol is pinned to, as the long way
// resolves it: missing profile data is an error naming it.
func (sr *signedRecord) profile(rules *catalog.Rules) (*catalog.Rules, error) {
	p := &inspection.Protocol{Profile: sr.doc.profile, ProfileHash: sr.doc.profileHash, PinnedHash: sr.rec.PinnedProfile}
	prof, err := inspection.PinnedProfile(p, rules)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sr.rec.ID, err)
	}
	return prof, nil
}

// docID is the id a protocol document names itself by ("" when none).
func docID(doc []byte) string {
	s, _ := jsonspan.String(jsonspan.Get(doc, "id"))
	return s
}

// SignedOf is what a verified bundle's seal signed, to keep with its record
// (store.Signed): the protocol and the valuation in the canonical form their
// hashes cover. Nothing of it when a part does not hash to the seal.
func SignedOf(b *seal.Bundle) store.Signed {
	proto := []byte(b.Protocol)
	if seal.Hash(proto) != b.Seal.Hash {
		c, err := canon.Transform(proto)
		if err != nil || seal.Hash(c) != b.Seal.Hash {
			return store.Signed{}
		}
		proto = c
	}
	out := store.Signed{Protocol: proto}
	if b.Seal.ValuationHash != "" && len(b.Valuation) > 0 {
		if c, err := seal.CanonicalValuation(b.Valuation); err == nil && seal.Hash(c) == b.Seal.ValuationHash {
			out.Valuation = c
		}
	}
	return out
}
