package inspection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"rueckgabe/catalog"
	"rueckgabe/internal/jsonspan"
)

// MaxProtocolBytes bounds an interchange file; a real protocol is a few KiB.
const MaxProtocolBytes = 8 << 20

// Decode reads an interchange protocol from outside (DecodeFile) and
// validates it against the rules. It returns every problem at once; the
// protocol is usable only when there are none.
func Decode(data []byte, rules *catalog.Rules) (*Protocol, Problems) {
	p, probs := DecodeFile(data, rules)
	if p == nil {
		return nil, probs
	}
	return p, probs.Merge(Validate(p, rules))
}

// DecodeSealed is Decode for a protocol already sealed (a bundle verified,
// taken over): validated as it was when sealed, without the plausibility
// bounds added since (bounds.go).
func DecodeSealed(data []byte, rules *catalog.Rules) (*Protocol, Problems) {
	p, probs := decodeOnly(data, rules)
	if p == nil {
		return nil, probs
	}
	return p, probs.Merge(validate(p, rules, false))
}

// DecodeFile reads a protocol from outside without validating it (import
// validates after it has linked the baseline). A key twice in one object,
// at any depth, refuses it with that one problem: readers disagree on which
// of the two counts (encoding/json and this decoder the last, others the
// first), so the same file would be valued differently by each.
func DecodeFile(data []byte, rules *catalog.Rules) (*Protocol, Problems) {
	if bad := notUTF8(data); bad != nil {
		return nil, bad
	}
	var probs Problems
	o, ok := decodeObject(data, &probs, protocolWords)
	if !ok {
		return nil, probs
	}
	if dup := duplicateKey(data); dup != nil {
		return nil, dup
	}
	return readProtocol(o, rules), probs
}

// notUTF8 is the problem of a file from outside that is not UTF-8 text
// (UTF-16 and a byte order mark are decoded before: package textfile), nil
// when it is. encoding/json would read each byte that is not UTF-8 as "�":
// a protocol saved as ANSI (Windows-1252, old Notepad) lost every umlaut of
// its names and places without a word (an outside tester).
func notUTF8(data []byte) Problems {
	if utf8.Valid(data) {
		return nil
	}
	at := 0
	for at < len(data) {
		r, n := utf8.DecodeRune(data[at:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		at += n
	}
	line := 1 + bytes.Count(data[:at], []byte("\n"))
	var probs Problems
	probs.Both("(file)",
		fmt.Sprintf("is not UTF-8 text (byte 0x%02X in line %d): saved as ANSI / Windows-1252? Save it as UTF-8", data[at], line),
		fmt.Sprintf("ist kein UTF-8-Text (Byte 0x%02X in Zeile %d): als ANSI / Windows-1252 gespeichert? Bitte als UTF-8 speichern", data[at], line))
	return probs
}

// duplicateKey is the problem of a document from outside that has a key
// twice in one object, nil when it has none: one scan of data, which
// decodeObject read as JSON (package jsonspan, as bundles are checked).
func duplicateKey(data []byte) Problems {
	at, dup := jsonspan.DuplicateKey(data)
	if !dup {
		return nil
	}
	if at == "" {
		at = `""` // the empty key, at the top
	}
	var probs Problems
	probs.Both(at, "appears twice (a key may appear once)", "kommt zweimal vor (ein Schlüssel darf nur einmal vorkommen)")
	return probs
}

// fileWords name a kind of JSON file in decodeObject's problems.
type fileWords struct{ size, more, want string }

// decodeObject reads a file that must be one JSON object, bounded in size,
// numbers kept as written; what is wrong is a problem of "(file)". A
// well-formed file is read by parseTree; anything else by encoding/json,
// whose words the problems are.
func decodeObject(data []byte, probs *Problems, w fileWords) (obj, bool) {
	if len(data) > MaxProtocolBytes {
		// the caller may have read only this much more (a stream, /dev/zero):
		// the real size is not known here
		probs.Add("(file)", "is larger than %d bytes (%s is at most 8 MiB)", MaxProtocolBytes, w.size)
		return obj{}, false
	}
	if doc, ok := parseTree(data); ok && doc.nodes[doc.root()].kind == jObject {
		return rootObj(doc, probs), true
	}
	m, ok := decodeObjectSlow(data, probs, w)
	if !ok {
		return obj{}, false
	}
	return rootObj(treeFromAny(m), probs), true
}

// decodeObjectSlow is decodeObject by encoding/json.
func decodeObjectSlow(data []byte, probs *Problems, w fileWords) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		probs.Add("(file)", "is not valid JSON: %s", describeSyntax(data, err))
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		probs.Add("(file)", "has more after %s", w.more)
		return nil, false
	}
	m, ok := root.(map[string]any)
	if !ok {
		probs.Add("(file)", "is %s, want %s {…}", kind(root), w.want)
		return nil, false
	}
	return m, true
}

func decodeOnly(data []byte, rules *catalog.Rules) (*Protocol, Problems) {
	var probs Problems
	o, ok := decodeObject(data, &probs, protocolWords)
	if !ok {
		return nil, probs
	}
	return readProtocol(o, rules), probs
}

// protocolWords name a protocol file in decodeObject's problems.
var protocolWords = fileWords{size: "a protocol file", more: "the protocol object (one protocol per file)", want: "a protocol object"}

// readProtocol reads the protocol object o; its problems go to o.probs.
func readProtocol(o obj, rules *catalog.Rules) *Protocol {
	probs := o.probs
	if f := o.str("format"); f != "" && f != FormatProtocol {
		probs.Add("format", "is %q, want %q", f, FormatProtocol)
	}
	p := &Protocol{
		ID:          o.str("id"),
		Profile:     o.str("profile"),
		ProfileHash: o.str("profile_hash"),
		Catalogue:   o.str("catalogue"),
		Inspector:   o.str("inspector"),
		Dealership:  o.str("dealership"),
		Completed:   o.strings("completed_categories"),
	}
	// The protocol's own profile supplies the catalogue its findings are read
	// against; an unknown one is reported by Validate.
	if own, err := PinnedProfile(p, rules); err == nil {
		rules = own
	}
	cat := rules.Catalogue
	if p.Catalogue == "" {
		p.Catalogue = cat.Ref()
	}
	p.DamagesTaxable = o.boolean("damages_taxable")
	if a, ok := o.object("amends"); ok {
		p.Amends = &Amendment{ID: a.str("id"), SealHash: a.str("seal_hash"), Reason: a.str("reason")}
	}
	decodeVehicle(o, p)
	decodeKind(o, p)
	if c, ok := o.object("customer"); ok {
		p.Customer = Customer{Name: c.str("name"), Address: c.str("address")}
	}
	decodeContract(o, p)
	if r, ok := o.object("return"); ok {
		p.Return = Return{Date: r.date("date"), OdometerKm: r.intOr("odometer_km", 0), OdometerStatus: r.str("odometer_status"), Place: r.str("place")}
	}
	decodePreconditions(o, p)
	derive := decodeFindings(o, p, rules)
	decodeTyres(o, p)
	derive() // measures may compare with the protocol's minimum tread
	o.objects("delivery", func(_ int, d obj) {
		p.Delivery = append(p.Delivery, DeliveryItem{Item: d.str("item"), Expected: d.intOr("expected", 0), Returned: d.intOr("returned", 0), Note: d.str("note")})
	})
	p.AllDelivered = o.flag("delivery_complete")
	p.Evidence = decodePhotos(o)
	if s, ok := o.object("service"); ok {
		p.Service = Service{HUDue: s.date("hu_due"), HUMonth: s.month("hu_due_month"), ServiceDue: s.date("service_due")}
	}
	o.objects("fees", func(_ int, f obj) {
		p.Fees = append(p.Fees, Fee{Code: f.str("code"), Label: f.str("label"), Amount: f.money("amount"), Quantity: f.intOr("quantity", 0), Taxable: f.boolean("taxable")})
	})
	o.objects("dismissed_proposals", func(_ int, d obj) {
		p.Dismissed = append(p.Dismissed, Dismissal{Rule: d.str("rule"), Part: d.str("part"), Reason: d.str("reason")})
	})
	p.VATPercent = o.percent("vat_percent", 2)
	decodeSigning(o, p)
	return p
}

func decodeVehicle(o obj, p *Protocol) {
	v, ok := o.object("vehicle")
	if !ok {
		return
	}
	p.Vehicle = Vehicle{
		VIN: v.str("vin"), Plate: v.str("plate"), Make: v.str("make"), Model: v.str("model"),
		FirstRegistration:  v.date("first_registration"),
		DeliveryOdometerKm: v.intOr("delivery_odometer_km", 0),
		PowerKW:            v.int("power_kw"),
		ListPrice:          v.money("list_price"),
		Value:              v.money("value"),
		Body:               v.str("body"),
	}
	v.objects("equipment", func(_ int, e obj) {
		p.Vehicle.Equipment = append(p.Vehicle.Equipment, Equipment{Code: e.str("code"), Name: e.str("name")})
	})
}

func decodeContract(o obj, p *Protocol) {
	c, ok := o.object("contract")
	if !ok {
		return
	}
	p.Contract = Contract{
		Number: c.str("number"), Type: c.str("type"), EndDate: c.date("end_date"),
		MonthlyRate: c.money("monthly_rate"), AgreedKm: c.int("agreed_km"),
		DealerNetPrice: c.money("dealer_net_price"),
	}
	k, ok := c.object("km_rules")
	if !ok {
		return
	}
	p.Contract.KmRules = &KmRules{
		ExtraRate:             k.percent("extra_rate", 6).Decimal,
		ReducedRate:           k.percent("reduced_rate", 6).Decimal,
		ToleranceKm:           k.int("tolerance_km"),
		ToleranceMode:         k.str("tolerance_mode"),
		ReducedCapKm:          k.int("reduced_cap_km"),
		ReducedCapPercent:     k.percent("reduced_cap_percent", 4),
		ReducedVoidAboveKm:    k.int("reduced_void_above_km"),
		SurchargeAbovePercent: k.percent("surcharge_above_percent", 4),
		SurchargePercent:      k.percent("surcharge_percent", 4),
	}
	// Required rates: remember absence so validation can name it.
	if _, has := k.get("extra_rate"); !has {
		o.probs.Add(k.at("extra_rate"), "is missing (the € per extra km, e.g. \"0.0850\")")
	}
	if _, has := k.get("reduced_rate"); !has {
		o.probs.Add(k.at("reduced_rate"), "is missing (the € per fewer km, e.g. \"0.0425\")")
	}
	if p.Contract.KmRules.ToleranceMode == "" {
		p.Contract.KmRules.ToleranceMode = ToleranceThreshold
	}
}

func decodePreconditions(o obj, p *Protocol) {
	c, ok := o.object("preconditions")
	if !ok {
		return
	}
	p.Preconditions = Preconditions{
		Cleaned: c.boolean("cleaned"), Lighting: c.boolean("lighting"), NoWeather: c.boolean("no_weather"),
		DoorsOpen: c.boolean("doors_open"), Accessible: c.boolean("accessible"), Note: c.str("note"),
	}
}

func decodeFinding(f obj, cat *catalog.Catalogue) Finding {
	fd := Finding{
		Category: f.str("category"), Rule: f.str("rule"), Part: f.str("part"), Damage: f.str("damage"),
		Cause: f.str("cause"), Size: f.str("size"), Repair: f.str("repair"), OverrideReason: f.str("override_reason"),
		FactorPercent: f.percent("factor_percent", 2),
		Cost:          f.money("cost"),
		Note:          f.str("note"), Photos: f.strings("photos"), Evidence: decodePhotos(f),
		Depreciation: Depreciation{Amount: f.money("mercantile_depreciation"), PaidByInsurer: f.flag("depreciation_paid_by_insurer")},
		Location:     decodeLocation(f), Measurements: decodeMeasurements(f),
	}
	fd.NoChargeReason = f.str("no_charge_reason")
	// The criterion's marks apply unless the finding states otherwise (and then
	// Validate asks for the reason): RULES.md §3, "the criterion decides".
	var crit catalog.Criterion
	if r, ok := cat.Criterion(fd.Rule); ok {
		crit = *r
	}
	fd.Acceptable = boolOr(f.boolean("acceptable"), crit.Acceptable)
	fd.SafetyRelevant = boolOr(f.boolean("safety_relevant"), crit.SafetyRelevant)
	fd.Accident = boolOr(f.boolean("accident"), crit.Accident)
	if c, ok := f.object("costs"); ok {
		fd.Costs = Costs{
			BodyLabour: c.money("body_labour").Decimal, Parts: c.money("parts").Decimal,
			PaintLabour: c.money("paint_labour").Decimal, PaintMaterial: c.money("paint_material").Decimal,
			Flat: c.money("flat").Decimal,
		}
	}
	decodeBaselineFinding(f, &fd)
	return fd
}

func boolOr(b *bool, def bool) bool {
	if b != nil {
		return *b
	}
	return def
}

func decodeTyres(o obj, p *Protocol) {
	t, ok := o.object("tyres")
	if !ok {
		return
	}
	p.Tyres.MinTreadMm = t.percent("min_tread_mm", 2)
	t.objects("wheels", func(_ int, w obj) { p.Tyres.Wheels = append(p.Tyres.Wheels, decodeWheel(w)) })
}

func decodeWheel(w obj) Wheel {
	return Wheel{Position: w.str("position"), TreadMm: w.percent("tread_mm", 2), NotMeasurable: w.str("not_measurable"), Tyre: w.str("tyre"), Rim: w.str("rim")}
}

// kind names the type of a value encoding/json decoded, as kindName does.
func kind(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case json.Number:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// describeSyntax turns a JSON error into "line N: …".
func describeSyntax(data []byte, err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) && syn.Offset <= int64(len(data)) {
		line := 1 + bytes.Count(data[:syn.Offset], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends before the protocol object does"
	}
	return err.Error()
}

// DecodeDraft reads a stored protocol without validating it: a draft is
// incomplete by nature. Only type and syntax problems are reported. It does
// not look for a key twice: the store's records are written by this program
// and a bundle's protocol was checked for one with the bundle (package
// seal); a file from outside is read by DecodeFile.
func DecodeDraft(data []byte, rules *catalog.Rules) (*Protocol, Problems) {
	return decodeOnly(data, rules)
}

func decodeSigning(o obj, p *Protocol) {
	o.objects("signatures", func(_ int, s obj) {
		sig := Signature{Role: s.str("role"), Name: s.str("name"), SignedAt: s.time("signed_at"), Attests: s.str("attests")}
		sig.Strokes = s.strokes("strokes")
		p.Signatures = append(p.Signatures, sig)
	})
	if r, ok := o.object("refusal"); ok {
		p.Refusal = &Refusal{Statement: r.str("statement"), Note: r.str("note")}
		if p.Refusal.Statement == "" {
			p.Refusal.Statement = RefusalStatement
		}
	}
	if d, ok := o.object("dispute"); ok {
		p.Dispute = &Dispute{Comment: d.str("comment"), Experts: d.strings("experts"), Chosen: d.str("chosen"), Findings: d.ints("findings"), ExpertCost: d.money("expert_cost")}
	}
}

// decodePhotos reads an "evidence" list of attached photos.
func decodePhotos(o obj) []Photo {
	var out []Photo
	o.objects("evidence", func(_ int, e obj) {
		size := e.intOr("size", 0)
		out = append(out, Photo{SHA256: e.str("sha256"), Size: size, Name: e.str("name"), Type: e.str("type"),
			TakenAt: e.str("taken_at"), TakenFrom: e.str("taken_from")})
	})
	return out
}
