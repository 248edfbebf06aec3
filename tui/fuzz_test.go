package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rueckgabe/inspection"
	"rueckgabe/report"
)

// everyText puts s into every text field a protocol carries.
func everyText(s string) *inspection.Protocol {
	p := demoProtocol(&Common{Rules: testRules})
	p.ID = "fuzz-1"
	p.Customer.Name, p.Customer.Address = s, s
	p.Vehicle.Plate, p.Vehicle.Make, p.Vehicle.Model = s, s, s
	p.Contract.Number, p.Return.Place = s, s
	p.Inspector, p.Dealership = s, s
	p.Preconditions.Note = s
	for i := range p.Findings {
		f := &p.Findings[i]
		f.Part, f.Damage, f.Cause, f.Note, f.OverrideReason = s, s, s, s, s
		f.Evidence = []inspection.Photo{{SHA256: strings.Repeat("ab", 32), Size: 1, Name: s, Type: inspection.PhotoJPEG, TakenAt: s}}
	}
	p.Delivery = append(p.Delivery, inspection.DeliveryItem{Item: s, Expected: 1, Returned: 0})
	p.Fees = append(p.Fees, inspection.Fee{Code: "x", Label: s, Amount: decimalNull{Decimal: dec("10"), Valid: true}, Quantity: 2})
	p.Dismissed = append(p.Dismissed, inspection.Dismissal{Rule: "lieferumfang.x1", Part: s, Reason: s})
	p.Signatures = append(p.Signatures, inspection.Signature{Role: inspection.RoleInspector, Name: s})
	return p
}

// FuzzEveryScreen feeds any Unicode into every text field and asserts that
// every screen renders within 80 columns with nothing raw that could drive
// the terminal, and that the customer's PDF is made.
func FuzzEveryScreen(f *testing.F) {
	for _, s := range []string{"Erika Mustermann", "王小明", "Łukasz Wałęsa", "Şükrü Çağlar", "Nguyễn Văn An",
		"Ελένη Παπαδοπούλου", "Ольга Иванова", "محمد عبد الله", "דוד כהן", "🚗👍🏽 e\u0301", "\x1b[31mrot\u202e\u0085", ""} {
		f.Add(s)
	}
	m := New(Options{Dir: f.TempDir(), Rules: testRules, Today: fixedToday, NoColor: true})
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "?")
		}
		p := everyText(s)
		if _, err := report.PDF(p, testRules, report.Meta{ID: p.ID}); err != nil {
			t.Fatalf("PDF of %q: %v", s, err)
		}
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		m.openSession(p, nil)
		for _, page := range []pageID{pageMaster, pagePreconditions, pageWalk, pageChecks, pageSummary, pageSign} {
			m.current = page
			for cat := 0; page == pageWalk && cat < len(testRules.Catalogue.Categories); cat++ {
				m.pages[pageWalk].(*walkPage).cat = cat
				checkScreen(t, m, s)
			}
			checkScreen(t, m, s)
		}
		m.current = pageStart
	})
}

func checkScreen(t *testing.T, m *Model, s string) {
	t.Helper()
	screen := ansi.Strip(m.View().Content)
	for i, line := range strings.Split(screen, "\n") {
		if w := lipgloss.Width(line); w > 80 {
			t.Fatalf("page %d, line %d is %d cells wide for %q:\n%s", m.current, i, w, s, line)
		}
		for _, r := range line {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("page %d: %U raw on screen for %q", m.current, r, s)
			}
		}
	}
}
