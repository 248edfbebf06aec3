package main

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/store"
)

// Issue 30.3 from the command line: seal refuses a protocol whose tyres and
// delivery scope nobody checked, a not-acceptable finding at 0 € without a
// reason, and a safety-relevant finding charged 50 % without one — each
// named on its own line, exit status 2.
func TestSealRefusesWhatNobodyChecked(t *testing.T) {
	rules := catalog.MustDefault()
	cases := []struct {
		name  string
		edit  func(p *inspection.Protocol)
		lines []string
	}{
		{"F5 never opened", func(p *inspection.Protocol) {
			draft := inspection.NewDraft(rules, "Max Prüfer", "")
			p.Tyres, p.Delivery, p.AllDelivered, p.Dismissed = draft.Tyres, nil, false, nil
		}, []string{
			": Reifen VL, VR, HL, HR: Profiltiefe fehlt (messen oder „nicht messbar“ mit Begründung)\n",
			": Lieferumfang nicht geprüft: Fahrzeugschlüssel, Zulassungsbescheinigung Teil I, Serviceheft, Bordwerkzeug, Warndreieck, Verbandskasten, Kofferraumabdeckung, Warnweste (Anzahl erfassen oder „alles vollständig“ bestätigen)\n",
		}},
		{"not acceptable at 0 €", func(p *inspection.Protocol) {
			p.Findings[3].Costs = inspection.Costs{}
		}, []string{": Befund 4 (Kotflügel vorn rechts): nicht akzeptabel zu 0,00 € – Kosten erfassen oder „ohne Berechnung“ begründen\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := fixture.Complete(t, rules)
			c.edit(p)
			doc, err := inspection.Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			code, out, errOut := runCLI(t, string(doc), "--data", dir, "import", "-")
			if code != 0 {
				t.Fatalf("import: %d %s", code, errOut)
			}
			id := strings.TrimSpace(strings.TrimPrefix(out, "imported "))
			code, _, errOut = runCLI(t, "", "--data", dir, "seal", id)
			if code != 2 || strings.Count(errOut, "\n") != len(c.lines) {
				t.Fatalf("seal: %d, want 2 and %d lines:\n%s", code, len(c.lines), errOut)
			}
			for _, l := range c.lines {
				if !strings.Contains(errOut, id+l) {
					t.Errorf("seal does not say %q:\n%s", id+l, errOut)
				}
			}
		})
	}
}

// A safety-relevant finding at a factor of 50 % without a reason: import
// names it; a draft stored before the rule (written straight into the
// store) is refused by seal.
func TestSealRefusesALowerFactorWithoutReason(t *testing.T) {
	rules := catalog.MustDefault()
	p := fixture.Complete(t, rules)
	p.Findings[1].FactorPercent = decimal.NewNullDecimal(decimal.NewFromInt(50)) // the windscreen chip: safety-relevant
	doc, err := inspection.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, _, errOut := runCLI(t, string(doc), "--data", dir, "import", "-")
	if code != 2 || !strings.Contains(errOut, "findings[1].override_reason: is missing: factor_percent 50 is below the 100 % of a finding that is safety-relevant") {
		t.Fatalf("import: %d %s", code, errOut)
	}
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.ID = ""
	if _, err := s.Save(p, 0, "test"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, _, errOut = runCLI(t, "", "--data", dir, "seal", p.ID)
	if code != 2 || errOut != p.ID+": findings[1].override_reason: Begründung fehlt: Faktor 50 % unter 100 % (sicherheitsrelevant)\n" {
		t.Fatalf("seal: %d %q", code, errOut)
	}
	// with its reason it seals
	s, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Findings[1].OverrideReason = "Steinschlag am Rand des Sichtfelds, Scheibe bleibt zulässig"
	for i := range p.Signatures { // signed again for the finding with its reason
		p.Signatures[i].Attests = ""
	}
	if _, err := s.Save(p, store.AnyRevision, "test"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, errOut := runCLI(t, "", "--data", dir, "seal", p.ID); code != 0 {
		t.Fatalf("seal with the reason: %d %s %s", code, out, errOut)
	}
}
