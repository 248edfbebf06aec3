package tui

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"rueckgabe/service"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/store"
)

// typeKeys sends named keys and text to a running program.
func typeKeys(tm *teatest.TestModel, steps ...string) {
	for _, s := range steps {
		if _, named := namedKeys[strings.TrimPrefix(s, "ctrl+")]; named || strings.HasPrefix(s, "ctrl+") || len([]rune(s)) == 1 {
			tm.Send(keyMsg(s))
			continue
		}
		tm.Type(s)
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, what string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// TestEndToEndInspection: new protocol → Stammdaten → a finding in two
// categories → "keine Befunde" for the rest → tyres and delivery scope → the
// summary's totals equal the quote of the exported JSON.
func TestEndToEndInspection(t *testing.T) {
	dir := t.TempDir()
	m := New(Options{Dir: dir, Device: service.Device{Inspector: "E2E", Dealership: "Autohaus Test"}, Rules: testRules, Today: fixedToday, NoColor: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "Willkommen")
	typeKeys(tm, "n", "enter",
		"M-EE 42", "tab", "WBAUL91000VF71552", "tab", "BMW", "tab", "118i", "tab", "19.03.2021", "tab", "tab", "tab",
		"Erika Beispiel", "tab", "Weg 1", "tab", "L-42", "tab", "tab", "31.03.2024", "tab", "349,93", "tab", "60.000", "tab",
		"0,0850", "tab", "0,0425", "tab", "tab", // tolerance 2.500 km comes from the profile's preset
		"tab", "tab", "tab", "tab", "tab", "tab", // no dealer's price on a km contract
		"03.04.2024", "tab", "62.501", "tab", "Halle 2", "tab")
	typeKeys(tm, "f3", "space", "tab", "space", "tab", "space", "tab", "space", "tab", "space", "tab")
	typeKeys(tm, "f4", "a", "tvl", "enter", "2", "4", "enter", "120", "enter")       // Karosserie
	typeKeys(tm, "right", "a", "thl", "enter", "7", "8", "enter", "290,42", "enter") // Lackierung
	typeKeys(tm, "right", "k", "k", "k", "k", "k", "k", "k")
	typeKeys(tm, "f5", "tab", "5", "tab", "5", "tab", "4", "tab", "4", "tab", "ctrl+l") // tread depths, delivery: alles vollständig
	typeKeys(tm, "f6")
	waitFor(t, tm, "bereit zur Unterschrift")
	typeKeys(tm, "q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if final.sess.saving || final.sess.pending || final.sess.saveErr != nil {
		t.Fatalf("unsaved at quit: saving %v pending %v err %v", final.sess.saving, final.sess.pending, final.sess.saveErr)
	}
	shown := final.sess.val

	// export what the store holds and quote it, as `rueckgabe export` | `rueckgabe quote` would
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, stored, err := st.Get(final.sess.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	exported, err := inspection.Encode(stored)
	if err != nil {
		t.Fatal(err)
	}
	p, probs := inspection.Decode(exported, testRules)
	if len(probs) > 0 {
		t.Fatalf("exported protocol has problems: %v", probs)
	}
	q := inspection.Value(p, testRules)
	for name, pair := range map[string][2]string{
		"net":   {money.JSON(shown.Net), money.JSON(q.Net)},
		"vat":   {money.JSON(shown.VAT), money.JSON(q.VAT)},
		"gross": {money.JSON(shown.Gross), money.JSON(q.Gross)},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s: screen %s, quote %s", name, pair[0], pair[1])
		}
	}
	// 120 € at 50 % + 290,42 € at 50 % (36 months, 62.501 km), km 212,59, late 34,99
	if money.JSON(q.Net) != "452.79" || len(p.Findings) != 2 || len(p.Completed) != 9 {
		t.Errorf("net %s, %d findings, %d categories done", money.JSON(q.Net), len(p.Findings), len(p.Completed))
	}
}

// TestTUIChild runs the app as a separate process for the kill test.
func TestTUIChild(t *testing.T) {
	dir := os.Getenv("RUECKGABE_TUI_DIR")
	if dir == "" {
		t.Skip("child process of TestKill9DuringInspectionKeepsSavedState")
	}
	m := New(Options{Dir: dir, Device: service.Device{Inspector: "Kill", Dealership: "Autohaus Test"}, Rules: testRules, Today: fixedToday, NoColor: true})
	p := tea.NewProgram(m, tea.WithInput(os.Stdin), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24), tea.WithoutSignals())
	_, _ = p.Run()
}

// TestKill9DuringInspectionKeepsSavedState: the app runs in its own process,
// records a finding, is killed with SIGKILL once the finding is saved, and a
// new start shows exactly that state.
func TestKill9DuringInspectionKeepsSavedState(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTUIChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "RUECKGABE_TUI_DIR="+dir)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// terminal input as bytes: d (demo), F4 (ESC O S), the 12-keystroke finding
	for _, chunk := range []string{"d", "\x1bOS", "a", "tvl", "\r", "2", "4", "\r", "777", "\r"} {
		if _, err := io.WriteString(in, chunk); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	waitStored(t, dir, func(p *inspection.Protocol) bool { return len(p.Findings) == 2 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	d := newDriver(t, dir, 80, 24)
	d.mustSee("M-DE 2024")
	d.press("enter", "f4")
	d.mustSee("Tür vorn links", "388,50 €") // 777 € at 50 %
}

// waitStored polls the store (as another window would) until cond holds.
func waitStored(t *testing.T, dir string, cond func(p *inspection.Protocol) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		_ = store.With(dir, store.Options{LockTimeout: 200 * time.Millisecond}, func(s *store.Store) error {
			recs, err := s.List(store.Query{})
			if err != nil || len(recs) == 0 {
				return err
			}
			_, p, err := s.Get(recs[0].ID)
			ok = err == nil && cond(p)
			return err
		})
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the edit never reached the store")
}
