package main

import (
	"bufio"
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/tui"
)

// The mixed crash test: per round five processes work on one data directory
// at once — `import` in a loop, the TUI recording protocols, `compact` in a
// loop, and two `trust add`/`trust remove` loops on the trust store — and
// are killed with SIGKILL at a random moment. Everything a process reported
// done (the import's "imported ID" line, the TUI's "● gespeichert", "trusted
// KEY" and "untrusted KEY") must be in the store and the trust store
// afterwards, and `check` must find the store sound.
//
// go test runs a few rounds; the long run (docs/reliability.md):
//
//	RUECKGABE_MIXED_ROUNDS=1000 go test ./cmd/rueckgabe -run TestCrashMixed -timeout 2h -v
func TestCrashMixed(t *testing.T) {
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	if n, err := strconv.Atoi(os.Getenv("RUECKGABE_MIXED_ROUNDS")); err == nil {
		rounds = n
	}
	dir := t.TempDir()
	var imported, saved, compactions, lost, unsound int
	trusted := map[string]string{} // key id → its last reported trust event
	// a loaded machine may start the children slowly: a few extra rounds
	// until both kinds of writer have acknowledged something
	ran := 0
	for round := 0; round < rounds || ((imported == 0 || saved == 0) && round < rounds+10); round++ {
		ran++
		var mu sync.Mutex
		var lines []string
		var wg sync.WaitGroup
		for _, role := range []string{"import", "tui", "compact", "trust", "trust"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out := runChild(t, dir, role, round, time.Duration(rand.IntN(400))*time.Millisecond)
				mu.Lock()
				lines = append(lines, out...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		ids, plates := storeContents(t, dir)
		if code, _, errOut := runCLI(t, "", "--data", dir, "check"); code != 0 {
			unsound++
			t.Errorf("round %d: check after kill -9: %s", round, errOut)
		}
		for _, l := range lines {
			kind, what, _ := strings.Cut(l, " ")
			switch kind {
			case "trusted", "removing", "untrusted":
				trusted[what] = kind
			case "imported":
				imported++
				if !ids[what] {
					lost++
					t.Errorf("round %d: %s was reported imported and is missing", round, what)
				}
			case "saved":
				saved++
				if !plates[what] {
					lost++
					t.Errorf("round %d: %s was shown saved and is missing", round, what)
				}
			case "compacted":
				compactions++
			}
		}
		tr, err := seal.LoadTrust(dir)
		if err != nil {
			unsound++
			t.Errorf("round %d: trust store after kill -9: %v", round, err)
		} else {
			for id, last := range trusted {
				_, there := tr.Lookup(id)
				switch {
				case last == "trusted" && !there:
					lost++
					t.Errorf("round %d: %s was reported trusted and is not", round, id)
				case last == "untrusted" && there:
					lost++
					t.Errorf("round %d: %s was reported removed and is trusted", round, id)
				}
			}
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("%d rounds of kill -9: %d imports and %d TUI saves acknowledged, %d compactions, %d keys in trust changes; %d lost, %d unsound stores",
		ran, imported, saved, compactions, len(trusted), lost, unsound)
	if imported == 0 || saved == 0 {
		t.Fatal("a child acknowledged nothing: the test tested nothing")
	}
}

func storeContents(t *testing.T, dir string) (ids, plates map[string]bool) {
	ids, plates = map[string]bool{}, map[string]bool{}
	err := store.With(dir, store.Options{ReadOnly: true}, func(s *store.Store) error {
		recs, err := s.List(store.Query{})
		for _, r := range recs {
			ids[r.ID], plates[r.Summary.Plate] = true, true
		}
		return err
	})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	return ids, plates
}

// runChild runs one role in a child process, kills it after d and returns
// the lines it printed (each printed only after the work was acknowledged).
func runChild(t *testing.T, dir, role string, round int, d time.Duration) []string {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "RUECKGABE_CRASH_CHILD="+role, "RUECKGABE_CRASH_DIR="+dir, "RUECKGABE_CRASH_ROUND="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Error(err)
		return nil
	}
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return nil
	}
	var lines []string
	done, first := make(chan struct{}), make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if lines = append(lines, sc.Text()); len(lines) == 1 {
				close(first)
			}
		}
		close(done)
	}()
	// The kill falls at a random moment after the child's first acknowledged
	// piece of work, not after a fixed time from its start: on a loaded
	// machine a child may need seconds to start, and a test bounded by the
	// clock would then test nothing. A child that acknowledges nothing in
	// 30 s is killed all the same (the round loop tries again).
	select {
	case <-first:
	case <-done:
	case <-time.After(30 * time.Second):
	}
	time.Sleep(d)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done // what it printed before dying still counts
	_ = cmd.Wait()
	return lines
}

// TestCrashChild is the child of TestCrashMixed.
func TestCrashChild(t *testing.T) {
	role, dir := os.Getenv("RUECKGABE_CRASH_CHILD"), os.Getenv("RUECKGABE_CRASH_DIR")
	if role == "" {
		t.Skip("child process of TestCrashMixed")
	}
	round := os.Getenv("RUECKGABE_CRASH_ROUND")
	switch role {
	case "import":
		crashImport(t, dir, round)
	case "compact":
		for {
			if run([]string{"--data", dir, "compact"}, strings.NewReader(""), discard{}, discard{}) == 0 {
				fmt.Println("compacted")
			}
			time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
		}
	case "tui":
		crashTUI(dir, round)
	case "trust":
		crashTrust(t, dir)
	}
}

// crashTrust adds keys to the trust store and removes every second one
// again, through the commands, saying "trusted ID" / "untrusted ID" only
// after the command succeeded ("removing ID" before: a remove killed midway
// may or may not have happened).
func crashTrust(t *testing.T, dir string) {
	pems := filepath.Join(filepath.Dir(dir), "pems-"+strconv.Itoa(os.Getpid())) // removed with the parent's temporary folder
	if err := os.MkdirAll(pems, 0o700); err != nil {
		t.Fatal(err)
	}
	var prev string
	for i := 0; ; i++ {
		pub, _, _ := ed25519.GenerateKey(nil)
		pemBytes, _ := (&seal.DeviceKey{Public: pub}).PublicPEM()
		file := filepath.Join(pems, strconv.Itoa(i)+".pem")
		os.WriteFile(file, pemBytes, 0o600)
		id := seal.KeyID(pub)
		if run([]string{"--data", dir, "trust", "add", file, "--name", "crash " + strconv.Itoa(i)}, strings.NewReader(""), discard{}, discard{}) == 0 {
			fmt.Println("trusted " + id)
		}
		if i%2 == 1 {
			fmt.Println("removing " + prev)
			if run([]string{"--data", dir, "trust", "remove", prev}, strings.NewReader(""), discard{}, discard{}) == 0 {
				fmt.Println("untrusted " + prev)
			}
		}
		prev = id
	}
}

// crashImport imports protocols through the command, printing its own
// "imported ID" lines.
func crashImport(t *testing.T, dir, round string) {
	p := fixture.Complete(t, catalog.MustDefault())
	for i := 0; ; i++ {
		p.ID = fmt.Sprintf("imp-%s-%d", round, i)
		doc, _ := inspection.Encode(p)
		run([]string{"--data", dir, "import", "-"}, strings.NewReader(string(doc)), os.Stdout, discard{})
	}
}

// crashTUI records protocols through the TUI's own model, run the way Bubble
// Tea runs it, and prints a plate only when the header says "● gespeichert".
func crashTUI(dir, round string) {
	m := tui.New(tui.Options{Dir: dir, Device: service.Device{Inspector: "crash"}, Rules: catalog.MustDefault(), NoColor: true})
	var exec func(cmd tea.Cmd)
	send := func(msg tea.Msg) {
		_, cmd := m.Update(msg)
		exec(cmd)
	}
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		switch msg := cmd().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				exec(c)
			}
		default:
			send(msg)
		}
	}
	key := func(code rune, text string) { send(tea.KeyPressMsg{Code: code, Text: text}) }
	send(tea.WindowSizeMsg{Width: 80, Height: 24})
	exec(m.Init())
	for i := 0; ; i++ {
		plate := fmt.Sprintf("KR-%s-%d", round, i)
		key('n', "n")
		key(tea.KeyEnter, "") // the profile: the preselected one
		for _, r := range plate {
			key(r, string(r))
		}
		key(tea.KeyTab, "")
		if strings.Contains(ansi.Strip(m.View().Content), "● gespeichert") {
			fmt.Println("saved " + plate)
		}
		key(tea.KeyEscape, "")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
