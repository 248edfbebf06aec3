package inspection

import (
	"strings"
	"testing"
)

func TestSignaturesRefusalDisputeDecodeAndValidate(t *testing.T) {
	base := string(readFile(t, "testdata/spec-example.json"))
	in := strings.Replace(base, `"vat_percent": "19"`, `"vat_percent": "19",
	  "signatures": [
	    {"role": "customer_condition", "name": "Erika Mustermann", "signed_at": "2024-04-03T10:15:00+02:00", "strokes": [[[10, 20], [30, 40]]]},
	    {"role": "inspector", "name": "Max Prüfer", "signed_at": "2024-04-03T10:16:00+02:00"},
	    {"role": "boss", "name": "X", "signed_at": "gestern", "strokes": [[[10, 2000]]]}
	  ],
	  "dispute": {"comment": "Kratzer war schon da", "experts": ["DEKRA", "TÜV Süd"], "chosen": "GTÜ", "findings": [0, 5]}`, 1)
	_, probs := Decode([]byte(in), rules)
	want := []string{
		`signatures[2].signed_at: "gestern" is not an RFC 3339 time`,
		`signatures[2].role: "boss" is not a role`,
		`signatures[2].name: needs the signer's full name`,
		`signatures[2].strokes[0][0]: point [10 2000] is outside the 0–1000 box`,
		`dispute.findings[1]: 5 is not a finding index (0–0)`,
		`dispute.chosen: "GTÜ" is not one of the experts offered`,
	}
	got := make([]string, len(probs))
	for i, p := range probs {
		got[i] = p.String()
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestMissingSignatures(t *testing.T) {
	p := baseProtocol()
	if m := MissingSignatures(p); len(m) != 3 {
		t.Errorf("no signatures: %v", m)
	}
	p.Refusal = &Refusal{Statement: RefusalStatement}
	p.Signatures = []Signature{{Role: RoleInspector, Name: "Max Prüfer"}}
	FillAttests(p, rules)
	if m := MissingSignatures(p); len(m) != 1 || !strings.Contains(m[0], "Zeuge") {
		t.Errorf("refusal without witness: %v", m)
	}
	p.Refusal = nil
	p.Dispute = &Dispute{Experts: []string{"A", "B"}, Chosen: "A"}
	p.Signatures = append(p.Signatures, Signature{Role: RoleCustomerCondition, Name: "Erika M"}, Signature{Role: RoleCustomerExpert, Name: "Erika M"})
	p.Signatures[0].Attests = ""
	FillAttests(p, rules)
	if m := MissingSignatures(p); len(m) != 0 {
		t.Errorf("dispute fully signed: %v", m)
	}
}
