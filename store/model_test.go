package store

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"rueckgabe/inspection"
)

// storeModel is the in-memory truth the store is compared with.
type storeModel struct {
	dir    string
	s      *Store
	status map[string]Status
	docs   map[string]*inspection.Protocol
	ids    []string
	n      int
}

func (m *storeModel) pick(t *rapid.T) string {
	return rapid.SampledFrom(m.ids).Draw(t, "id")
}

func (m *storeModel) add(p *inspection.Protocol) {
	c := *p
	m.docs[p.ID] = &c
	if _, ok := m.status[p.ID]; !ok {
		m.ids = append(m.ids, p.ID)
	}
	m.status[p.ID] = StatusDraft
}

// editCopy returns a changed copy of the model's protocol for id.
func (m *storeModel) editCopy(t *rapid.T, id string) *inspection.Protocol {
	p := *m.docs[id]
	p.Findings = append([]inspection.Finding(nil), p.Findings...)
	switch rapid.IntRange(0, 2).Draw(t, "edit") {
	case 0:
		p.Customer.Name = rapid.SampledFrom([]string{"Erika Mustermann", "Hans Müller", "Jörg Schulz"}).Draw(t, "name")
	case 1:
		p.Vehicle.Plate = fmt.Sprintf("M-X %d", rapid.IntRange(1, 99).Draw(t, "plate"))
	default:
		p.Findings = append(p.Findings, finding(rapid.StringMatching(`[a-zäöü ]{0,12}`).Draw(t, "note")))
	}
	return &p
}

func (m *storeModel) Create(t *rapid.T) {
	m.n++
	p := sample(fmt.Sprintf("B-M %d", m.n), "Model Kunde")
	if _, err := m.s.Save(p, AnyRevision, "model"); err != nil {
		t.Fatal(err)
	}
	m.add(p)
}

func (m *storeModel) Edit(t *rapid.T) {
	if len(m.ids) == 0 {
		t.Skip("nothing to edit")
	}
	id := m.pick(t)
	p := m.editCopy(t, id)
	_, err := m.s.Save(p, AnyRevision, "model")
	if m.status[id].Immutable() {
		if !errors.Is(err, ErrSealed) {
			t.Fatalf("edit of sealed %s: %v", id, err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	m.docs[id] = p
}

func (m *storeModel) Seal(t *rapid.T) {
	if len(m.ids) == 0 {
		t.Skip("nothing to seal")
	}
	id := m.pick(t)
	_, err := sealWith(m.s, id, AnyRevision, []byte(`{}`), "model")
	if m.status[id].Immutable() != (err != nil) {
		t.Fatalf("seal %s (%s): %v", id, m.status[id], err)
	}
	m.status[id] = StatusSealed
}

func (m *storeModel) Import(t *rapid.T) {
	var p *inspection.Protocol
	if len(m.ids) > 0 && rapid.Bool().Draw(t, "existing") {
		id := m.pick(t)
		p = m.editCopy(t, id)
	} else {
		m.n++
		p = sample(fmt.Sprintf("IMP %d", m.n), "Import Kunde")
		p.ID = fmt.Sprintf("IMP-%d", m.n)
	}
	res, _, err := m.s.Import(p, "model")
	if err != nil {
		t.Fatal(err)
	}
	switch st, known := m.status[p.ID]; {
	case !known:
		if res != Imported {
			t.Fatalf("import of new %s: %s", p.ID, res)
		}
		m.add(p)
	case st.Immutable():
		if res != SkippedSealed {
			t.Fatalf("import over sealed %s: %s", p.ID, res)
		}
	default:
		if res != Updated && res != Unchanged {
			t.Fatalf("import over draft %s: %s", p.ID, res)
		}
		m.docs[p.ID] = p
	}
}

func (m *storeModel) Reopen(t *rapid.T) {
	if err := m.s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(m.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.s = s
}

// Check runs after every action: the store agrees with the model, and its
// indexes with its records.
func (m *storeModel) Check(t *rapid.T) {
	rep, err := m.s.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", err, rep.Problems)
	}
	recs, err := m.s.List(Query{})
	if err != nil || len(recs) != len(m.ids) {
		t.Fatalf("list has %d, model %d: %v", len(recs), len(m.ids), err)
	}
	for _, r := range recs {
		want, _ := inspection.EncodeCompact(m.docs[r.ID])
		if r.Status != m.status[r.ID] || !bytes.Equal(r.Protocol, want) {
			t.Fatalf("%s: store has %s %s, model %s %s", r.ID, r.Status, r.Protocol, m.status[r.ID], want)
		}
		found, _ := m.s.List(Query{Search: r.Summary.Plate})
		if !containsID(found, r.ID) {
			t.Fatalf("search by plate %q does not find %s", r.Summary.Plate, r.ID)
		}
	}
}

func containsID(recs []*Record, id string) bool {
	for _, r := range recs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func TestStoreAgainstModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dir, err := mkTemp()
		if err != nil {
			t.Fatal(err)
		}
		defer removeAll(dir)
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := &storeModel{dir: dir, s: s, status: map[string]Status{}, docs: map[string]*inspection.Protocol{}}
		defer func() { m.s.Close() }()
		t.Repeat(rapid.StateMachineActions(m))
	})
}
