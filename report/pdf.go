// Package report renders the printable protocol, the customer's copy, as PDF
// with embedded Go fonts (ä ö ü ß €). The same protocol always gives the same
// bytes: the creation date is fixed (the seal time) and the catalog sorted.
package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/localtime"
	"rueckgabe/money"
	"rueckgabe/textsafe"
)

// Meta is what the PDF says about the record beyond the protocol.
type Meta struct {
	ID       string
	Sealed   bool
	At       time.Time // sealed_at, or the last save of a draft
	KeyID    string
	Hash     string
	Previous string
	// ValuationHash is the seal's hash of the signed figures (seal version
	// 2); "" for a protocol sealed before.
	ValuationHash string
	// Thumbs supplies the photos' thumbnails; nil prints each photo as a
	// box with its caption.
	Thumbs Thumbs
}

const (
	pageW, margin = 210.0, 15.0
	textW         = pageW - 2*margin
	lineH         = 5.0
)

type doc struct {
	pdf      *fpdf.Fpdf
	rules    *catalog.Rules
	thumbs   Thumbs
	families map[string]bool                // fallback fonts registered so far
	images   map[string]*fpdf.ImageInfoType // thumbnails registered so far, by their content (photos.go)
	kind     string                         // "Rücknahmeprotokoll" or "Übergabeprotokoll" (delivery.go)
	numbered bool                           // findings carry their diagram numbers (diagram.go)
	outline  *catalog.Outline               // the car drawn: names the findings' panels
}

// PDF renders a protocol.
func PDF(p *inspection.Protocol, rules *catalog.Rules, m Meta) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(m.At.UTC())
	pdf.SetModificationDate(m.At.UTC())
	pdf.SetCompression(true)
	pdf.SetTitle(p.KindLabel()+" "+m.ID, true)
	pdf.SetCreator("rueckgabe", true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 18)
	d := &doc{pdf: pdf, rules: rules, thumbs: m.Thumbs, families: map[string]bool{}, images: map[string]*fpdf.ImageInfoType{}, kind: p.KindLabel()}
	pdf.SetFooterFunc(func() { d.footer(m) })
	pdf.SetHeaderFunc(func() {
		if !m.Sealed {
			d.draftMark()
		}
	})
	pdf.AddPage()
	own, err := inspection.PinnedProfile(p, rules)
	switch {
	case err == nil:
		rules = own
	case m.Sealed:
		// a sealed protocol is printed with its own figures or not at all
		return nil, fmt.Errorf("pdf: %w", err)
	default:
		rules = inspection.ProfileOf(p, rules)
	}
	d.rules = rules
	p = printableCopy(p, rules) // a character the fonts lack is drawn as □ (Unprintable names it)
	v := inspection.Value(p, rules)
	d.title(p, m)
	d.numbered, d.outline = hasLocations(p), inspection.Outline(p)
	d.diagram(p) // diagram.go: the car with the findings' numbers, on the first page
	d.masterData(p)
	d.preconditions(p)
	d.findings(p, &v)
	d.baselineDamage(p)
	d.checks(p)
	d.money(p, &v)
	d.signatures(p)
	d.sealInfo(m)
	d.protocolPhotos(p)
	if pdf.Err() {
		return nil, fmt.Errorf("pdf: %w", pdf.Error())
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// t makes untrusted text safe for the PDF.
func t(s string) string {
	lines := strings.Split(printable(textsafe.Block(s)), "\n")
	for i, l := range lines {
		lines[i] = visual(l) // Hebrew and Arabic in the order they are read
	}
	return strings.Join(lines, "\n")
}

func (d *doc) h1(s string) {
	d.pdf.SetFont("go", "B", 16)
	d.pdf.CellFormat(textW, 9, s, "", 1, "L", false, 0, "")
}

// h2 is a section heading. It starts a new page unless two lines of what
// follows fit under it: a heading is never the last line of a page.
func (d *doc) h2(s string) {
	d.keep(2 + 6.5 + 1 + 2*lineH)
	d.pdf.Ln(2)
	d.pdf.SetFont("go", "B", 11)
	d.pdf.CellFormat(textW, 6.5, s, "B", 1, "L", false, 0, "")
	d.pdf.Ln(1)
	d.pdf.SetFont("go", "", 9)
}

func (d *doc) kv(pairs ...string) {
	d.pdf.SetFont("go", "", 9)
	for i := 0; i+1 < len(pairs); i += 2 {
		d.pdf.SetFont("go", "B", 9)
		d.pdf.CellFormat(48, lineH, pairs[i], "", 0, "L", false, 0, "")
		d.pdf.SetFont("go", "", 9)
		d.multi(textW-48, lineH, t(pairs[i+1]), "L")
	}
}

func (d *doc) para(s string) {
	d.pdf.SetFont("go", "", 9)
	d.multi(textW, lineH, t(s), "L")
}

// amountW is the column of a row's right-aligned amount.
const amountW = 35.0

// row writes a label with a right-aligned amount. A label too long for its
// column wraps onto further lines (indented as the first, plus two spaces);
// the amount stands on the label's last line, never under its text.
func (d *doc) row(label, amount string, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont("go", style, 9)
	lines := d.rowLines(t(label), style, 9)
	for _, l := range lines[:len(lines)-1] {
		d.cell(textW-amountW, lineH, l, "", 1, "L")
	}
	d.cell(textW-amountW, lineH, lines[len(lines)-1], "", 0, "L")
	d.pdf.CellFormat(amountW, lineH, amount, "", 1, "R", false, 0, "")
}

// rowLines wraps a row's label into its column; continuation lines keep the
// label's indent and add two spaces.
func (d *doc) rowLines(label, style string, size float64) []string {
	room := textW - amountW - 2*d.pdf.GetCellMargin()
	indent := label[:len(label)-len(strings.TrimLeft(label, " "))] + "  "
	var lines []string
	for rest := label; ; {
		w := d.wrap(rest, room, style, size)
		lines = append(lines, w[0])
		if len(w) == 1 {
			return lines
		}
		rest = indent + strings.TrimLeft(strings.Join(w[1:], " "), " ")
	}
}

func (d *doc) draftMark() {
	d.pdf.SetFont("go", "B", 90)
	d.pdf.SetTextColor(220, 220, 220)
	d.pdf.TransformBegin()
	d.pdf.TransformRotate(45, pageW/2, 150)
	d.pdf.Text(35, 175, "ENTWURF")
	d.pdf.TransformEnd()
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetXY(margin, margin)
}

func (d *doc) footer(m Meta) {
	d.pdf.SetY(-13)
	d.pdf.SetFont("go", "", 7.5)
	state := "ENTWURF – nicht unterschrieben, nicht versiegelt"
	if m.Sealed {
		state = "versiegelt " + localtime.Format(m.At) + " · SHA-256 " + short(m.Hash)
	}
	d.pdf.CellFormat(textW, 4, fmt.Sprintf("%s %s · %s · Seite %d", d.kind, m.ID, state, d.pdf.PageNo()), "", 0, "C", false, 0, "")
}

func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

func (d *doc) title(p *inspection.Protocol, m Meta) {
	d.h1(d.kind)
	if a := p.Amends; a != nil {
		d.pdf.SetFont("go", "B", 11)
		d.multi(textW, 6, t(fmt.Sprintf("Nachtrag zu Protokoll %s (Siegel %s…)", a.ID, shortHash(a.SealHash))), "L")
		d.para("Grund: " + a.Reason + ". Dieser Nachtrag ersetzt das genannte Protokoll; die Unterschriften gelten diesem Stand.")
	}
	status := "Entwurf"
	if m.Sealed {
		status = "versiegelt am " + localtime.Format(m.At)
	}
	d.para(fmt.Sprintf("Protokoll %s · %s", m.ID, status))
	profile := d.rules.Ref() + " (" + d.rules.Title + ")"
	if p.Profile == "" {
		profile += ", Protokoll ohne Profilangabe: Standardprofil"
	}
	d.kv("Leasinggeber-Profil", profile, "Schadenkatalog", p.Catalogue,
		"Prüfer", orUnknown(p.Inspector), "Autohaus", orUnknown(p.Dealership))
	d.baselineNote(p)
}

func (d *doc) masterData(p *inspection.Protocol) {
	v, c, r := p.Vehicle, p.Contract, p.Return
	d.h2("Fahrzeug")
	d.kv("Kennzeichen", v.Plate, "Fahrgestellnummer", v.VIN, "Fabrikat / Modell", v.Make+" "+v.Model,
		"Erstzulassung", v.FirstRegistration.German(), "km-Stand bei Übergabe", km(v.DeliveryOdometerKm))
	if v.Value.Valid {
		d.kv("Fahrzeugwert netto", money.Euro(v.Value.Decimal))
	}
	d.h2("Kunde")
	d.kv("Name", p.Customer.Name, "Anschrift", p.Customer.Address)
	if p.IsDelivery() {
		d.handoverData(p)
		return
	}
	d.h2("Vertrag und Rückgabe")
	kind := "Kilometervertrag"
	if p.IsResidual() {
		kind = "Restwertvertrag"
	}
	d.kv("Vertrag", c.Number+" ("+kind+")", "Vertragsende", c.EndDate.German())
	if c.MonthlyRate.Valid {
		d.kv("Monatsrate netto", money.Euro(c.MonthlyRate.Decimal))
	}
	if c.AgreedKm != nil {
		d.kv("Vereinbarte Laufleistung", km(*c.AgreedKm))
	}
	odometer := km(r.OdometerKm) + inspection.OdometerLabels[r.OdometerStatus]
	if r.OdometerKm <= 0 { // a draft's: sealing needs it
		odometer = "fehlt"
	}
	d.kv("Abstelldatum", r.Date.German(), "km-Stand bei Rückgabe", odometer, "Ort", r.Place)
	d.deliveryRecord(p)
}

func orUnknown(s string) string {
	if s == "" {
		return "nicht angegeben"
	}
	return s
}

func km(n int64) string { return money.GermanInt(n) + " km" }

func (d *doc) preconditions(p *inspection.Protocol) {
	d.h2("Voraussetzungen für eine objektive Beurteilung")
	pc := p.Preconditions
	for _, it := range []struct {
		label string
		v     *bool
	}{{"Fahrzeug gereinigt, Interieur frei von persönlichen Gegenständen", pc.Cleaned},
		{"normales Tageslicht oder ausreichende Hallenbeleuchtung", pc.Lighting},
		{"ohne Beeinflussung der Witterung", pc.NoWeather},
		{"alle Türen und Klappen lassen sich öffnen", pc.DoorsOpen},
		{"rundherum frei zugänglich", pc.Accessible}} {
		mark := "nicht geprüft"
		if it.v != nil && *it.v {
			mark = "erfüllt"
		} else if it.v != nil {
			mark = "NICHT erfüllt"
		}
		d.row(it.label, mark, false)
	}
	if pc.Note != "" {
		d.para("Vermerk: " + pc.Note)
	}
}

func (d *doc) findings(p *inspection.Protocol, v *inspection.Valuation) {
	d.h2("Befunde nach Kategorien")
	for _, cat := range d.rules.Catalogue.Categories {
		d.keep(4 * lineH) // the heading stays with its first finding
		d.pdf.SetFont("go", "B", 9.5)
		d.pdf.CellFormat(textW, lineH+0.5, cat.Name, "", 1, "L", false, 0, "")
		n := 0
		for i, f := range p.Findings {
			if f.Category != cat.ID {
				continue
			}
			n++
			d.finding(&f, &v.Findings[i], p.Dispute, i)
			d.preExisting(p, &f)
		}
		if n == 0 {
			state := "keine Befunde"
			if !p.CategoryDone(cat.ID) {
				state = "nicht begutachtet"
			}
			d.para("   " + state)
		}
	}
}

func (d *doc) finding(f *inspection.Finding, fv *inspection.FindingValue, dispute *inspection.Dispute, index int) {
	d.keep(float64(3+len(costLines(f))) * lineH) // one finding is not split across pages
	verdict := "nicht akzeptabel"
	if f.Acceptable {
		verdict = "akzeptabel"
	}
	head := strings.Join(nonEmpty(f.Part, f.Damage, f.Size, inspection.RepairLabels[f.Repair]), " · ")
	if d.numbered {
		head = fmt.Sprintf("Nr. %d  %s", index+1, head)
	}
	d.para(fmt.Sprintf("• %s — %s", head, verdict))
	if r, ok := d.rules.Catalogue.Criterion(f.Rule); ok {
		d.para("   Kriterium: " + r.Text)
	}
	if f.Cause != "" {
		d.para("   Ursache: " + f.Cause)
	}
	if s := d.placeText(f); s != "" {
		d.para("   " + s)
	}
	if f.OverrideReason != "" {
		d.para("   Abweichung vom Katalog, Begründung: " + f.OverrideReason)
	}
	if f.NoChargeReason != "" {
		d.para("   ohne Berechnung, Begründung: " + f.NoChargeReason)
	}
	if f.Note != "" {
		d.para("   Notiz: " + f.Note)
	}
	if isDisputed(dispute, index) {
		d.para("   vom Kunden bestritten")
	}
	for _, c := range costLines(f) {
		d.row("   "+c[0], c[1], false)
	}
	d.row(fmt.Sprintf("   Kosten %s × Anteil %s (%s)", money.Euro(fv.Cost), money.Percent(fv.Percent), fv.Explanation), money.Euro(fv.Charged), false)
	if fv.DepreciationNote != "" {
		d.row("   "+fv.DepreciationNote, money.Euro(fv.Depreciation), false)
	}
	d.photoGrid(f.Evidence, findingPhotoW, findingPhotoH, 4)
}

func isDisputed(d *inspection.Dispute, i int) bool {
	if d == nil {
		return false
	}
	if len(d.Findings) == 0 {
		return true
	}
	for _, x := range d.Findings {
		if x == i {
			return true
		}
	}
	return false
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *doc) checks(p *inspection.Protocol) {
	d.h2("Reifen, Lieferumfang, HU/AU")
	for _, w := range p.Tyres.Wheels {
		tread := "nicht gemessen"
		switch {
		case w.TreadMm.Valid:
			tread = money.GermanDecimal(w.TreadMm.Decimal, 1) + " mm"
		case w.NotMeasurable != "":
			tread = "nicht messbar"
		}
		d.row("Profiltiefe "+w.Position+" (Minimum "+money.GermanDecimal(p.MinTread(d.rules), 1)+" mm)", tread, false)
		d.wheelMake(w)
		if !w.TreadMm.Valid && w.NotMeasurable != "" {
			d.para("   " + w.Position + " nicht messbar, Begründung: " + w.NotMeasurable)
		}
	}
	if p.AllDelivered {
		d.para("Lieferumfang vom Prüfer als vollständig bestätigt („alles vollständig“).")
	}
	for _, l := range inspection.DeliveryScope(p, d.rules) {
		got := "nicht geprüft" // an item nobody checked is never printed as returned
		if l.Checked {
			got = fmt.Sprintf("%d / %d", l.Returned, l.Expected)
		}
		d.row(l.Item+scopeLabel(p), got, false)
	}
	if !p.Service.HUDue.IsZero() {
		d.row("HU/AU fällig", p.Service.HUDue.German(), false)
	} else if !p.Service.HUMonth.IsZero() {
		d.row("HU/AU fällig (Plakette)", p.Service.HUMonth.German()+", fällig zum Monatsende", false)
	}
	if !p.Service.ServiceDue.IsZero() {
		d.row("Inspektion fällig", p.Service.ServiceDue.German(), false)
	}
	for _, n := range inspection.ServiceNotes(p) {
		d.para(n)
	}
	for _, pr := range inspection.Proposals(p, d.rules) {
		if x := pr.Dismissed; x != nil {
			d.para(fmt.Sprintf("Vorschlag nicht übernommen: %s – %s (%s). Begründung: %s", pr.Finding.Part, pr.Finding.Damage, pr.Reason, x.Reason))
		}
	}
}

// costLines are a finding's non-zero cost lines, when more than one amount
// makes up its cost (a single amount is the cost line itself).
func costLines(f *inspection.Finding) [][2]string {
	c := f.Costs
	var out [][2]string
	for _, l := range inspection.CostLines {
		if v := *l.Of(&c); !v.IsZero() {
			out = append(out, [2]string{l.Label, money.Euro(v)})
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func (d *doc) money(p *inspection.Protocol, v *inspection.Valuation) {
	if p.IsDelivery() {
		d.h2("Bewertung")
		d.para("Übergabeprotokoll: keine Bewertung. Die festgehaltenen Schäden waren bei Auslieferung vorhanden und werden bei der Rücknahme nicht berechnet.")
		return
	}
	d.keep(float64(8+len(v.Km.Steps)+len(v.Fees)) * lineH) // the totals on one page, Brutto never alone
	d.h2("Bewertung (netto)")
	d.para("USt: Zeilen mit „USt“ sind steuerpflichtig; „o. USt“: Schadenersatz bzw. nicht steuerbar.")
	d.row("Minderwerte (Reparaturkosten "+money.Euro(v.DamagesCost)+")"+inspection.VATMark(v.DamagesTaxable), money.Euro(v.DamagesCharged.Add(v.Depreciation)), false)
	kmAmount := money.Euro(v.Km.Amount)
	if v.Km.NoReading { // an unsealed draft: nothing settled yet, and 0,00 € would read as a settlement
		kmAmount = "km-Stand fehlt"
	}
	d.row("Mehr-/Minderkilometer"+inspection.VATMark(true), kmAmount, false)
	for _, s := range v.Km.Steps { // the km explanation belongs to its own line, not to the damages above
		d.para("   " + s)
	}
	d.row("Verspätete Rückgabe: "+v.Late.Explanation+inspection.VATMark(true), money.Euro(v.Late.Amount), false)
	for _, f := range v.Fees {
		d.row("Gebühr: "+f.Label+" ("+f.Explanation+")"+inspection.VATMark(f.Taxable), money.Euro(f.Amount), false)
	}
	d.row("Netto", money.Euro(v.Net), true)
	d.row("MwSt. "+money.Percent(v.VATPercent)+" auf "+money.Euro(v.Taxable), money.Euro(v.VAT), false)
	d.row("Brutto", money.Euro(v.Gross), true)
	if p.IsResidual() && p.Contract.DealerNetPrice.Valid {
		d.row("Restwertvertrag: Netto-Händlerverkaufspreis", money.Euro(p.Contract.DealerNetPrice.Decimal), false)
	}
	// The dealer surcharge of a dispute (v.Surcharge) is a matter between
	// lessor and dealer: it stays in the bundle's valuation and the report,
	// never on the customer's copy.
}

func (d *doc) signatures(p *inspection.Protocol) {
	d.h2("Unterschriften")
	if r := p.Refusal; r != nil {
		d.pdf.SetFont("go", "B", 10)
		d.pdf.CellFormat(textW, 6, r.Statement, "", 1, "L", false, 0, "")
		if r.Note != "" {
			d.para(r.Note)
		}
	}
	if ds := p.Dispute; ds != nil {
		d.pdf.SetFont("go", "B", 10)
		d.pdf.CellFormat(textW, 6, "Keine Einigung über die Minderwerte", "", 1, "L", false, 0, "")
		d.para("Stellungnahme des Kunden: " + ds.Comment)
		d.para("Ein unabhängiges Gutachten wird erstellt; die Kosten tragen Leasinggeber und Leasingnehmer je zur Hälfte. " +
			"Angeboten: " + strings.Join(ds.Experts, ", ") + ". Gewählt: " + ds.Chosen + ". " +
			"Nur die in diesem Protokoll aufgeführten Schäden werden mit dem Gutachten abgeglichen.")
		if ds.ExpertCost.Valid {
			d.para("Gutachtenkosten " + money.Euro(ds.ExpertCost.Decimal) + " netto, davon Leasingnehmer 50 %.")
		}
	}
	if len(p.Signatures) == 0 {
		d.para("noch keine Unterschriften")
	}
	for _, s := range p.Signatures {
		d.signature(s)
	}
}

func (d *doc) signature(s inspection.Signature) {
	const boxW, boxH = 60.0, 18.0
	if d.pdf.GetY()+boxH+10 > 297-20 {
		d.pdf.AddPage()
	}
	d.pdf.SetFont("go", "B", 9)
	d.pdf.CellFormat(textW, lineH, inspection.RoleLabels[s.Role], "", 1, "L", false, 0, "")
	d.pdf.SetFont("go", "", 9)
	d.cell(textW, lineH, t(s.Name)+", "+localtime.Format(s.SignedAt), "", 1, "L")
	x, y := margin, d.pdf.GetY()
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.Rect(x, y, boxW, boxH, "D")
	d.pdf.SetDrawColor(0, 0, 60)
	d.pdf.SetLineWidth(0.35)
	for _, stroke := range s.Strokes {
		for i := 1; i < len(stroke); i++ {
			a, b := stroke[i-1], stroke[i]
			d.pdf.Line(x+float64(a[0])*boxW/inspection.StrokeBox, y+float64(a[1])*boxH/inspection.StrokeBox,
				x+float64(b[0])*boxW/inspection.StrokeBox, y+float64(b[1])*boxH/inspection.StrokeBox)
		}
	}
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetY(y + boxH + 2)
}

func (d *doc) sealInfo(m Meta) {
	if m.Sealed {
		d.keep(2 + 6.5 + 1 + 6*lineH) // the heading with the seal's explanation
	}
	d.h2("Siegel")
	if !m.Sealed {
		d.para("ENTWURF: dieses Protokoll ist noch nicht versiegelt und kann sich noch ändern.")
		return
	}
	d.para("Dieses Protokoll wurde nach den Unterschriften elektronisch versiegelt: sein Inhalt ist mit dem " +
		"Schlüssel des Prüfgeräts unterschrieben. Jede spätere Änderung – auch eines einzigen Zeichens – wird " +
		"beim Prüfen erkannt. Berichtigungen sind nur als Nachtrag möglich, der dieses Protokoll nennt.")
	d.kv("Versiegelt", m.At.In(localtime.Zone()).Format("02.01.2006 15:04:05 MST"), "Geräteschlüssel", m.KeyID,
		"Fingerabdruck (SHA-256)", m.Hash, "Vorheriges Siegel", orNone(m.Previous))
	if m.ValuationHash != "" {
		d.kv("Beträge (SHA-256)", m.ValuationHash)
		d.para("Die Beträge dieses Protokolls – jeder Befund, Kilometer, Verspätung, Gebühren, Netto, USt, Brutto – sind mitversiegelt: ein neues Profil des Leasinggebers ändert sie nicht.")
	}
	d.para("Prüfen (Leasinggeber): rueckgabe verify " + m.ID + ".bundle.json — der Fingerabdruck muss übereinstimmen.")
}

// keep starts a new page unless h millimetres still fit: a heading, a
// finding or the totals are never split from what belongs to them.
func (d *doc) keep(h float64) {
	_, pageH := d.pdf.GetPageSize()
	_, _, _, bottom := d.pdf.GetMargins()
	if d.pdf.GetY()+h > pageH-bottom-footerRoom {
		d.pdf.AddPage()
	}
}

// footerRoom is the space the auto page break leaves above the page end.
const footerRoom = 18.0 - margin

func orNone(s string) string {
	if s == "" {
		return "– (erstes Siegel dieses Geräts)"
	}
	return s
}

// shortHash is the first 16 digits of a hash, as the seal section prints it.
func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}
