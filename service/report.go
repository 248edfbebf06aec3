package service

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/parallel"
	"rueckgabe/internal/progress"
	"rueckgabe/money"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// ReportLine is one sealed protocol for accounting: its figures are the
// sealed valuation's (the protocol valued under the profile it is pinned to,
// which verification checked against the bundle's signed valuation).
type ReportLine struct {
	ID           string
	Status       string // sealed or exported
	Amends       string // the sealed protocol this amendment corrects
	SupersededBy string // the newest sealed amendment of this protocol: book that line
	Review       string // why it is held "zu prüfen"
	Dispute      string // "", "disputed" or "disputed, expert: NAME"

	ContractNumber string
	ContractType   string // km or residual
	Country        string // the ISO code the profile id ends with (bmw-fs-de → DE)
	Profile        string // id@version
	VATPercent     decimal.Decimal

	Dealer     string
	Device     string // the sealing key's id
	Inspector  string
	SealedAt   string // RFC 3339, the seal's
	ReturnDate string
	Plate      string
	VIN        string
	Customer   string

	DamagesCharged decimal.Decimal // charged share of the damages, mercantile depreciation included (as before)
	Depreciation   decimal.Decimal // mercantile depreciation (merkantiler Minderwert)
	KmBillable     int64
	KmAmount       decimal.Decimal
	LateDays       int64
	LateAmount     decimal.Decimal
	Fees           decimal.Decimal // fee total, net
	Taxable        decimal.Decimal // taxable base
	NonTaxable     decimal.Decimal // net not subject to VAT (damages as compensation)
	Net            decimal.Decimal
	VAT            decimal.Decimal
	Gross          decimal.Decimal
	DealerNetPrice *decimal.Decimal // residual contracts
	Surcharge      *decimal.Decimal // dealer surcharge of a dispute
	SealHash       string
}

// AmendmentStatus words a line's place among amendments.
func (l *ReportLine) AmendmentStatus() string {
	switch {
	case l.Amends != "" && l.SupersededBy != "":
		return "amendment, superseded"
	case l.Amends != "":
		return "amendment"
	case l.SupersededBy != "":
		return "superseded"
	}
	return "original"
}

// Kinds of report column.
const (
	ColText    = "text"
	ColMoney   = "money"   // two decimal places, interchange notation "290.42"
	ColInt     = "int"     // whole number
	ColPercent = "percent" // a rate in percent, "19" or "7.7"
)

// ReportColumn is one column of the accounting report: its name, kind and
// value in the interchange notation ("" when there is none).
type ReportColumn struct {
	Name  string
	Kind  string
	Value func(*ReportLine) string
}

func optMoney(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return money.JSON(*d)
}

// ReportColumns are the report's columns, in order: the first 21 are those
// the report always had (LegacyColumns, what report --csv writes), the
// accounting columns follow.
var ReportColumns = []ReportColumn{
	{"id", ColText, func(l *ReportLine) string { return l.ID }},
	{"device", ColText, func(l *ReportLine) string { return l.Device }},
	{"dealer", ColText, func(l *ReportLine) string { return l.Dealer }},
	{"plate", ColText, func(l *ReportLine) string { return l.Plate }},
	{"vin", ColText, func(l *ReportLine) string { return l.VIN }},
	{"customer", ColText, func(l *ReportLine) string { return l.Customer }},
	{"return_date", ColText, func(l *ReportLine) string { return l.ReturnDate }},
	{"damages_charged", ColMoney, func(l *ReportLine) string { return money.JSON(l.DamagesCharged) }},
	{"km_billable", ColInt, func(l *ReportLine) string { return strconv.FormatInt(l.KmBillable, 10) }},
	{"km_amount", ColMoney, func(l *ReportLine) string { return money.JSON(l.KmAmount) }},
	{"late_days", ColInt, func(l *ReportLine) string { return strconv.FormatInt(l.LateDays, 10) }},
	{"late_amount", ColMoney, func(l *ReportLine) string { return money.JSON(l.LateAmount) }},
	{"fees", ColMoney, func(l *ReportLine) string { return money.JSON(l.Fees) }},
	{"net", ColMoney, func(l *ReportLine) string { return money.JSON(l.Net) }},
	{"vat", ColMoney, func(l *ReportLine) string { return money.JSON(l.VAT) }},
	{"gross", ColMoney, func(l *ReportLine) string { return money.JSON(l.Gross) }},
	{"dealer_surcharge", ColMoney, func(l *ReportLine) string { return optMoney(l.Surcharge) }},
	{"seal_hash", ColText, func(l *ReportLine) string { return l.SealHash }},
	{"amends", ColText, func(l *ReportLine) string { return l.Amends }},
	{"superseded_by", ColText, func(l *ReportLine) string { return l.SupersededBy }},
	{"review", ColText, func(l *ReportLine) string { return l.Review }},
	{"taxable_base", ColMoney, func(l *ReportLine) string { return money.JSON(l.Taxable) }},
	{"non_taxable", ColMoney, func(l *ReportLine) string { return money.JSON(l.NonTaxable) }},
	{"vat_percent", ColPercent, func(l *ReportLine) string { return l.VATPercent.String() }},
	{"country", ColText, func(l *ReportLine) string { return l.Country }},
	{"profile", ColText, func(l *ReportLine) string { return l.Profile }},
	{"contract_number", ColText, func(l *ReportLine) string { return l.ContractNumber }},
	{"contract_type", ColText, func(l *ReportLine) string { return l.ContractType }},
	{"dealer_net_price", ColMoney, func(l *ReportLine) string { return optMoney(l.DealerNetPrice) }},
	{"mercantile_depreciation", ColMoney, func(l *ReportLine) string { return money.JSON(l.Depreciation) }},
	{"fee_total", ColMoney, func(l *ReportLine) string { return money.JSON(l.Fees) }},
	{"dispute", ColText, func(l *ReportLine) string { return l.Dispute }},
	{"amendment_status", ColText, (*ReportLine).AmendmentStatus},
	{"status", ColText, func(l *ReportLine) string { return l.Status }},
	{"sealed_at", ColText, func(l *ReportLine) string { return l.SealedAt }},
	{"inspector", ColText, func(l *ReportLine) string { return l.Inspector }},
}

// LegacyColumns is how many of ReportColumns report --csv always wrote.
const LegacyColumns = 21

// ReportFilter selects the lines of a report; the zero value takes all.
type ReportFilter struct {
	From, To inspection.Date // return date in [From, To]; zero: open
	Dealer   string          // the dealership, case and surrounding space ignored
	Device   string          // the sealing key's id
	Profile  string          // id (any version) or id@version
	Status   string          // one of ReportStatuses; "" all
}

// ReportStatuses are the values of ReportFilter.Status.
var ReportStatuses = []string{"sealed", "exported", "current", "superseded", "amendment", "review", "disputed"}

func (f *ReportFilter) match(l *ReportLine, d inspection.Date) bool {
	switch {
	case !f.From.IsZero() && d.Before(f.From), !f.To.IsZero() && f.To.Before(d):
		return false
	case f.Dealer != "" && !strings.EqualFold(strings.TrimSpace(f.Dealer), strings.TrimSpace(l.Dealer)):
		return false
	case f.Device != "" && f.Device != l.Device:
		return false
	case f.Profile != "" && f.Profile != l.Profile && !strings.HasPrefix(l.Profile, f.Profile+"@"):
		return false
	}
	switch f.Status {
	case "sealed", "exported":
		return l.Status == f.Status
	case "current":
		return l.SupersededBy == ""
	case "superseded":
		return l.SupersededBy != ""
	case "amendment":
		return l.Amends != ""
	case "review":
		return l.Review != ""
	case "disputed":
		return l.Dispute != ""
	}
	return true
}

// ReportLines gives one line per sealed protocol the filter takes, oldest
// return first (then id): the figures each protocol is valued at under its
// own pinned profile, as the bundle's valuation; text stripped of control and
// bidi characters. A protocol that does not match its seal fails the whole
// report (no partial accounting): the error names every such protocol
// (errors.Join of MismatchErrors).
//
// An amendment names the protocol it corrects (Amends); a protocol that a
// sealed amendment corrects names the newest one (SupersededBy): that line is
// the current one, so a clerk books it and not both. A protocol whose profile
// data is missing is an error naming it, never valued by another version.
// prog (nil: none) hears of each sealed protocol verified.
func ReportLines(st *store.Store, rules *catalog.Rules, f ReportFilter, prog progress.Reporter) ([]*ReportLine, error) {
	prog = progress.Or(prog)
	var lines []*ReportLine
	var mismatched []error
	superseded, err := st.Superseded()
	if err != nil {
		return nil, err
	}
	counts, err := st.Count()
	if err != nil {
		return nil, err
	}
	prog.Start(counts[store.StatusSealed] + counts[store.StatusExported])
	// in batches: the verified bundles of 10,000 protocols would hold a
	// gigabyte; a line is all that is kept of each
	var batch []*store.Record
	flush := func() error {
		verified, errs := verifyAll(batch, rules, prog, true)
		// the lines of the batch on every core too (amounts parsed, texts made safe)
		type made struct {
			l    *ReportLine
			date inspection.Date
			err  error
		}
		built := make([]made, len(batch))
		parallel.Each(len(batch), func(i int) {
			if errs[i] == nil {
				built[i].l, built[i].date, built[i].err = lineOf(batch[i], verified[i], rules)
			}
		})
		for i, rec := range batch {
			v, err := verified[i], errs[i]
			var m *MismatchError
			if errors.As(err, &m) {
				mismatched = append(mismatched, err)
				continue
			}
			if err != nil {
				return err
			}
			l, date, err := built[i].l, built[i].date, built[i].err
			if err != nil {
				return err
			}
			if l == nil {
				continue // a handover protocol charges nothing: not a line for accounting
			}
			l.Status = string(rec.Status)
			if s := v.sealOf(); s != nil {
				l.Device, l.SealHash, l.SealedAt = s.KeyID, s.Hash, s.SealedAt
			}
			l.Amends, l.SupersededBy, l.Review = rec.Amends, superseded[rec.ID], textsafe.Line(rec.Review)
			if f.match(l, date) {
				lines = append(lines, l)
			}
		}
		batch = batch[:0]
		return nil
	}
	err = st.EachSealedBatch(bulkBatch, func(views []store.SealedView) error {
		var moved []error
		batch, moved = decodeViews(views)
		mismatched = append(mismatched, moved...)
		return flush()
	})
	if err != nil {
		return nil, err
	}
	if len(mismatched) > 0 {
		return nil, errors.Join(mismatched...)
	}
	slices.SortFunc(lines, func(a, b *ReportLine) int {
		if c := strings.Compare(a.ReturnDate, b.ReturnDate); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return lines, nil
}

// lineOf is the report line of a checked record and its return date; nil
// for a handover protocol.
func lineOf(rec *store.Record, c bulkChecked, rules *catalog.Rules) (*ReportLine, inspection.Date, error) {
	if sr := c.signed; sr != nil {
		if sr.doc.delivery() {
			return nil, inspection.Date{}, nil
		}
		prof, err := sr.profile(rules)
		if err != nil {
			return nil, inspection.Date{}, err
		}
		return sr.line(prof)
	}
	p := c.verified.Protocol
	if p.IsDelivery() {
		return nil, inspection.Date{}, nil
	}
	prof, err := inspection.PinnedProfile(p, rules)
	if err != nil {
		return nil, inspection.Date{}, fmt.Errorf("%s: %w", rec.ID, err)
	}
	return reportLine(rec, p, prof), p.Return.Date, nil
}

func reportLine(rec *store.Record, p *inspection.Protocol, rules *catalog.Rules) *ReportLine {
	v := inspection.Value(p, rules)
	l := &ReportLine{
		ID: rec.ID, Dealer: textsafe.Line(p.Dealership), Inspector: textsafe.Line(p.Inspector),
		Plate: textsafe.Line(p.Vehicle.Plate), VIN: textsafe.Line(p.Vehicle.VIN), Customer: textsafe.Line(p.Customer.Name),
		ReturnDate:     p.Return.Date.String(),
		ContractNumber: textsafe.Line(p.Contract.Number), ContractType: p.Contract.Type,
		Profile: v.Profile, Country: countryOf(rules.ID), VATPercent: v.VATPercent,
		DamagesCharged: v.DamagesCharged.Add(v.Depreciation), Depreciation: v.Depreciation,
		KmBillable: v.Km.BillableKm, KmAmount: v.Km.Amount, LateDays: v.Late.Days, LateAmount: v.Late.Amount,
		Fees: v.FeesNet, Taxable: v.Taxable, NonTaxable: money.Diff(v.Net, v.Taxable),
		Net: v.Net, VAT: v.VAT, Gross: v.Gross,
	}
	if p.IsResidual() && p.Contract.DealerNetPrice.Valid {
		d := p.Contract.DealerNetPrice.Decimal
		l.DealerNetPrice = &d
	}
	if v.Surcharge != nil {
		d := v.Surcharge.Amount
		l.Surcharge = &d
	}
	if d := p.Dispute; d != nil {
		l.Dispute = "disputed"
		if d.Chosen != "" {
			l.Dispute += ", expert: " + textsafe.Line(d.Chosen)
		}
	}
	return l
}

// countryOf is the country a profile id ends with: "bmw-fs-de" → "DE".
func countryOf(profileID string) string {
	i := strings.LastIndexByte(profileID, '-')
	if c := profileID[i+1:]; i >= 0 && len(c) == 2 && c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z' {
		return strings.ToUpper(c)
	}
	return ""
}

// ReportTotal sums the current lines (not superseded) of one VAT rate.
type ReportTotal struct {
	VATPercent decimal.Decimal
	Countries  string // the countries of its lines, "AT" or "DE, AT"
	Lines      int
	Taxable    decimal.Decimal
	NonTaxable decimal.Decimal
	Net        decimal.Decimal
	VAT        decimal.Decimal
	Gross      decimal.Decimal
}

// ReportTotals sums lines per VAT rate, lowest rate first. A line superseded
// by an amendment is left out: its amendment is booked instead.
func ReportTotals(lines []*ReportLine) []ReportTotal {
	var out []ReportTotal
	for _, l := range lines {
		if l.SupersededBy != "" {
			continue
		}
		i := slices.IndexFunc(out, func(t ReportTotal) bool { return t.VATPercent.Equal(l.VATPercent) })
		if i < 0 {
			out = append(out, ReportTotal{VATPercent: l.VATPercent})
			i = len(out) - 1
		}
		t := &out[i]
		t.Lines++
		t.Taxable, t.NonTaxable = t.Taxable.Add(l.Taxable), t.NonTaxable.Add(l.NonTaxable)
		t.Net, t.VAT, t.Gross = t.Net.Add(l.Net), t.VAT.Add(l.VAT), t.Gross.Add(l.Gross)
		if l.Country != "" && !slices.Contains(strings.Split(t.Countries, ", "), l.Country) {
			if t.Countries != "" {
				t.Countries += ", "
			}
			t.Countries += l.Country
		}
	}
	slices.SortFunc(out, func(a, b ReportTotal) int { return a.VATPercent.Cmp(b.VATPercent) })
	return out
}

// SpreadsheetText keeps a text from being read as a formula by a
// spreadsheet: after leading spaces (also tab, CR, LF, no-break space) and
// control characters, a text starting "=", "+", "-", "@" (or their
// full-width forms) is prefixed with an apostrophe, as spreadsheets do for
// text. Control and bidi characters are removed.
func SpreadsheetText(s string) string {
	s = textsafe.Line(s)
	t := strings.TrimLeftFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u00a0' || r == '\ufeff' || unicode.Is(unicode.Cf, r)
	})
	if t == "" {
		return s
	}
	switch r, _ := utf8.DecodeRuneInString(t); r {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}
