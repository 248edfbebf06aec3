package tui

import (
	"os"
	"unicode"

	"pgregory.net/rapid"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// storedProtocols reads every protocol of a store.
func storedProtocols(t *testing.T, dir string) map[string]*inspection.Protocol {
	t.Helper()
	out := map[string]*inspection.Protocol{}
	err := store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		recs, err := s.List(store.Query{})
		if err != nil {
			return err
		}
		for _, r := range recs {
			_, p, err := s.Get(r.ID)
			if err != nil {
				return err
			}
			out[r.ID] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// toModel puts the cursor on the Modell field of a new protocol.
func toModel(d *driver) {
	d.press("n", "enter", "tab", "tab", "tab")
	if got := d.m.pages[pageMaster].(*formPage).form.focused().label; got != "Modell" {
		d.t.Fatalf("focus on %q, want Modell", got)
	}
}

// Every way of leaving a field applies it first: type, leave, restart — the
// value is stored.
func TestEveryLeavePathAppliesTheField(t *testing.T) {
	click := func(d *driver) {
		_, tabs := d.m.headerParts(d.m.c.Width)
		d.send(tea.MouseClickMsg{X: tabs[2].x0, Y: 0, Button: tea.MouseLeft})
	}
	paths := map[string]func(d *driver){
		"esc":        func(d *driver) { d.press("esc") },
		"F3":         func(d *driver) { d.press("f3") },
		"F4 then F2": func(d *driver) { d.press("f4", "f2") },
		"ctrl+→":     func(d *driver) { d.press("ctrl+right") },
		"ctrl+←":     func(d *driver) { d.press("f3", "ctrl+left") },
		"ctrl+c":     func(d *driver) { d.press("ctrl+c") },
		"F1 and q":   func(d *driver) { d.press("f1", "f4", "q") },
		"click":      click,
	}
	for name, leave := range paths {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			d := newDriver(t, dir, 80, 24)
			toModel(d)
			d.typ("Golf")
			leave(d)
			d.settle()
			ps := storedProtocols(t, dir)
			if len(ps) != 1 {
				t.Fatalf("%d protocols stored, want 1", len(ps))
			}
			for _, p := range ps {
				if p.Vehicle.Model != "Golf" {
					t.Fatalf("after %s the model is %q, want Golf", name, p.Vehicle.Model)
				}
			}
			if strings.HasPrefix(name, "ctrl+c") || strings.HasSuffix(name, "q") {
				if !d.quit {
					t.Fatal("did not quit")
				}
			} else if d.m.sess != nil {
				d.mustSee("● gespeichert")
			}
		})
	}
}

// Invalid text is never dropped: it stays in its field with its error across
// page changes, the header does not say saved, and quitting asks once.
func TestInvalidTextStaysPendingAndQuitAsksOnce(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 100, 30)
	d.press("n", "enter")
	d.typ("M-AB 1")
	d.press("tab", "tab", "tab", "tab") // to Erstzulassung
	d.typ("32.13.2020")
	d.press("f3", "f2")
	fd := d.m.pages[pageMaster].(*formPage).form.focused()
	if fd.label != "Erstzulassung" || fd.input.Value() != "32.13.2020" || fd.err == "" {
		t.Fatalf("pending text lost: %q on %s, err %q", fd.input.Value(), fd.label, fd.err)
	}
	d.mustSee("32.13.2020", "○ nicht übernommen")
	d.press("ctrl+c")
	if d.quit {
		t.Fatal("quit without asking with invalid text on screen")
	}
	d.mustSee("Erstzulassung: ungültige Eingabe nicht gespeichert", "erneut beenden")
	d.press("ctrl+c")
	if !d.quit {
		t.Fatal("the second ctrl+c did not quit")
	}
	if p := storedProtocols(t, dir); len(p) != 1 {
		t.Fatalf("stored: %v", p)
	}
}

func TestEscWithInvalidTextAsksBeforeLeavingTheProtocol(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("n", "enter", "tab", "tab", "tab", "tab")
	d.typ("gestern")
	d.press("esc")
	if d.m.current != pageMaster {
		t.Fatal("left the protocol without asking")
	}
	d.mustSee("esc erneut")
	d.press("esc")
	if d.m.current != pageStart {
		t.Fatal("the second esc did not leave")
	}
}

// Typing text back to what is stored is no edit and no longer pending.
func TestTypedBackIsNoEdit(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.press("d")
	d.typ("X")
	d.press("backspace", "tab")
	if d.m.sess.revision != 1 {
		t.Fatalf("revision %d: an unchanged field was saved", d.m.sess.revision)
	}
	d.mustSee("● gespeichert")
}

// A save reply that arrives after the user moved on to another protocol
// updates only its own protocol: both stay stored, neither replaces the other.
func TestLateSaveReplyDoesNotLandOnTheNextProtocol(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.hold = true
	d.press("n", "enter")
	d.typ("A-AA 1")
	d.press("tab") // A's save starts, its reply is held back
	d.press("esc", "n", "enter")
	d.typ("B-BB 2")
	d.resolve() // A's save runs and commits; B's first save is held ...
	d.press("tab")
	d.deliver(func(msg tea.Msg) bool { return true }) // ... A's reply arrives while B is on screen
	if d.m.sess.p.ID != "" || d.m.sess.revision != 0 {
		t.Fatalf("B took A's id %q / revision %d", d.m.sess.p.ID, d.m.sess.revision)
	}
	d.settle()
	d.press("shift+tab") // one more edit of B: it must not land on A
	d.typ("0")
	d.press("tab")
	d.settle()
	ps := storedProtocols(t, dir)
	plates := map[string]bool{}
	for _, p := range ps {
		plates[p.Vehicle.Plate] = true
	}
	if len(ps) != 2 || !plates["A-AA 1"] || !plates["B-BB 20"] {
		t.Fatalf("stored plates %v, want A-AA 1 and B-BB 20", plates)
	}
	if d.m.sess.p.Vehicle.Plate != "B-BB 20" || d.m.sess.revision != 2 {
		t.Fatalf("B's session: plate %q revision %d", d.m.sess.p.Vehicle.Plate, d.m.sess.revision)
	}
}

// An edit made while its protocol's save is held, then left: the session
// goes on saving it after the user moved on.
func TestLeftProtocolStillSavesItsLastEdit(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.press("d") // demo: saved at once
	d.hold = true
	d.typ("1")
	d.press("tab") // save 2 held
	d.press("shift+tab")
	d.typ("2")
	d.press("tab") // pending behind it
	d.press("esc")
	d.settle()
	for _, p := range storedProtocols(t, dir) {
		if p.Vehicle.Plate != "M-DE 202412" {
			t.Fatalf("plate %q, want M-DE 202412", p.Vehicle.Plate)
		}
	}
}

// Quitting waits for a running save.
func TestQuitWaitsForTheSave(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.hold = true
	d.press("n", "enter")
	d.typ("Q-UI 1")
	d.press("ctrl+c")
	d.resolve()
	for _, msg := range d.inbox {
		if _, ok := msg.(tea.QuitMsg); ok {
			t.Fatal("quit was issued before the save's reply arrived: the runtime may end before the save")
		}
	}
	d.mustSee("speichert noch")
	d.settle()
	if !d.quit {
		t.Fatal("did not quit after the save")
	}
	if len(storedProtocols(t, dir)) != 1 {
		t.Fatal("the edit was lost on quit")
	}
}

// Stale replies of the start screen are dropped: the list shows the last
// search, and a protocol asked for earlier does not replace a newer choice.
func TestStaleListAndOpenRepliesAreDropped(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.press("d", "esc", "d", "esc")
	d.m.sess = nil
	d.hold = true
	d.press("/")
	d.typ("mx") // "m" matches both demo protocols, "mx" nothing
	d.resolve()
	// the reply to "m" arrives after the reply to "mx"
	var first tea.Msg
	d.deliver(func(msg tea.Msg) bool {
		if l, ok := msg.(listMsg); ok && first == nil {
			first = l
			return false
		}
		return true
	})
	d.send(first)
	if len(d.m.start.recs) != 0 || !d.m.start.loadedOne {
		t.Fatalf("an older search's reply replaced the newer: %d rows", len(d.m.start.recs))
	}
	d.press("esc") // clear the filter
	d.settle()
	d.hold = true
	d.press("enter")      // open the first, held
	d.press("n", "enter") // the user starts a new protocol meanwhile
	d.settle()
	if d.m.sess == nil || d.m.sess.p.ID != "" {
		t.Fatal("a late open replaced the new protocol")
	}
}

// A protocol with text the inputs cannot show (controls, tabs, very long) is
// opened, walked through field by field and page by page, and left: the
// stored record is byte-identical and its revision unchanged.
func TestLookingChangesNothing(t *testing.T) {
	dir := t.TempDir()
	p := hostileProtocol()
	var before *store.Record
	err := store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		if _, _, err := s.Import(p, "t"); err != nil {
			return err
		}
		var err error
		before, _, err = s.Get(p.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, dir, 80, 24)
	d.press("enter")
	for _, page := range []string{"f2", "f3", "f4", "f5", "f6", "f7", "f2"} {
		d.press(page)
		for range 30 {
			d.press("down")
		}
		for range 30 {
			d.press("tab")
		}
		d.press("shift+tab", "up")
	}
	d.press("esc", "enter", "ctrl+c")
	d.settle()
	var after *store.Record
	store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		after, _, err = s.Get(p.ID)
		return err
	})
	if after.Revision != before.Revision || string(after.Protocol) != string(before.Protocol) {
		t.Fatalf("looking rewrote the protocol: revision %d → %d", before.Revision, after.Revision)
	}
}

// Editing the end of a long text keeps all of it: no input cuts stored text.
func TestLongTextIsEditedWhole(t *testing.T) {
	dir := t.TempDir()
	p := hostileProtocol()
	store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		_, _, err := s.Import(p, "t")
		return err
	})
	d := newDriver(t, dir, 80, 24)
	d.press("enter")
	for d.m.pages[pageMaster].(*formPage).form.focused().label != "Anschrift" {
		d.press("tab")
	}
	d.press("end")
	d.typ("X")
	d.press("tab")
	d.settle()
	got := storedProtocols(t, dir)[p.ID].Customer.Address
	if got != p.Customer.Address+"X" {
		t.Fatalf("address has %d characters, want %d", len([]rune(got)), len([]rune(p.Customer.Address))+1)
	}
}

// hostileProtocol: a valid protocol whose texts the inputs cannot show as
// they are — 289 characters, tabs, line breaks, controls, bidi overrides.
func hostileProtocol() *inspection.Protocol {
	p := demoProtocol(&Common{Rules: testRules})
	p.ID = "hostile-1"
	long := strings.Repeat("Musterstraße 1, ", 18) + "1" // 289 characters
	p.Customer.Address = long
	p.Customer.Name = "Erika\tMustermann \u202eredlaw\u202c"
	p.Vehicle.Make = " BMW "
	p.Vehicle.Model = "125i\x1b[31m Cabrio"
	p.Return.Place = "Halle 2\nTor 3"
	p.Contract.Number = "L-\u200b42"
	p.Preconditions.Note = "\x07Beleuchtung schwach"
	p.Findings[0].Note = "Kratzer\u0085tief"
	return p
}

// What a protocol carries reaches the screen only sanitised, also in the
// focused input.
func TestScreensShowNoRawControlText(t *testing.T) {
	dir := t.TempDir()
	store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		_, _, err := s.Import(hostileProtocol(), "t")
		return err
	})
	d := newDriver(t, dir, 80, 24)
	check := func(where string) {
		t.Helper()
		for _, r := range d.screen() {
			if r != '\n' && (r < 0x20 || (r >= 0x7f && r < 0xa0) || r == '\u202e' || r == '\u202c' || r == '\u200b') {
				t.Fatalf("%s: %U raw on screen", where, r)
			}
		}
	}
	check("start")
	d.press("enter")
	for _, page := range []string{"f2", "f3", "f4", "f5", "f6", "f7"} {
		d.press(page)
		check(page)
		for i := range 12 {
			d.press("tab")
			check(page + " field " + string(rune('a'+i)))
		}
	}
}

// The terminal's title is left alone, so it is as before after the program
// ends (Bubble Tea clears a title it set).
func TestTerminalTitleIsNotTouched(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	if v := d.m.View(); v.WindowTitle != "" {
		t.Fatalf("window title %q set", v.WindowTitle)
	}
	d.press("d")
	if v := d.m.View(); v.WindowTitle != "" {
		t.Fatalf("window title %q set", v.WindowTitle)
	}
}

// Property: open a protocol with arbitrary stored text, navigate in any way,
// quit — the record is byte-identical and its revision unchanged.
func TestPropertyNavigationNeverWrites(t *testing.T) {
	nav := []string{"tab", "shift+tab", "up", "down", "home", "end", "f2", "f3", "f4", "f5", "f6", "f7",
		"ctrl+right", "ctrl+left", "f1", "reopen"}
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp("", "nav")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		p := hostileProtocol()
		text := rapid.StringOf(rapid.RuneFrom(nil, unicode.Cc, unicode.Cf, unicode.L, unicode.Zs, unicode.P))
		p.Customer.Name = text.Draw(rt, "name")
		p.Customer.Address = text.Draw(rt, "address")
		p.Vehicle.Model = text.Draw(rt, "model")
		p.Preconditions.Note = text.Draw(rt, "note")
		p.Findings[0].Part = text.Draw(rt, "part")
		var before, after *store.Record
		err = store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
			if _, _, err := s.Import(p, "t"); err != nil {
				return err
			}
			before, _, err = s.Get(p.ID)
			return err
		})
		if err != nil {
			rt.Fatal(err)
		}
		d := newDriver(t, dir, 80, 24)
		d.press("enter")
		for _, k := range rapid.SliceOfN(rapid.SampledFrom(nav), 1, 60).Draw(rt, "keys") {
			if k == "reopen" {
				d.press("esc", "enter")
				continue
			}
			d.press(k)
		}
		d.press("ctrl+c")
		d.settle()
		store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
			after, _, err = s.Get(p.ID)
			return err
		})
		if after.Revision != before.Revision || string(after.Protocol) != string(before.Protocol) {
			rt.Fatalf("navigation rewrote the protocol: revision %d → %d", before.Revision, after.Revision)
		}
	})
}

// Opening a finding opens that finding: the n-th of its category is found
// by its index in the protocol, not by its position in the category.
func TestOpeningAFindingOfTheSecondCategoryEditsThatFinding(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 100, 30)
	d.press("d", "f4")                    // the demo has one finding in Lackierung (index 0)
	addFinding(d, "tvl", "2", "4", "120") // Karosserie: index 1
	d.press("right")                      // to Lackierung
	if d.m.pages[pageWalk].(*walkPage).category().ID != "lackierung" {
		t.Fatal("not on Lackierung")
	}
	d.press("left", "enter") // Karosserie's only finding
	e := d.m.pages[pageWalk].(*walkPage).editor
	if e == nil || e.f().Category != "karosserie" || e.index != 1 {
		t.Fatalf("opened finding %d of %v", e.index, e.f().Category)
	}
}
