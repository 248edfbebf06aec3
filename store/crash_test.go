package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"rueckgabe/inspection"
)

// TestCrashChild is the child of TestKill9LosesNothingReportedSaved: it saves
// edits in a loop and prints each one only after Save returned (committed).
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("RUECKGABE_CRASH_DIR")
	if dir == "" {
		t.Skip("child process of the crash test")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	round := os.Getenv("RUECKGABE_CRASH_ROUND")
	var p = sample("M-CR 1", "Crash Test")
	rev := AnyRevision
	for i := 0; ; i++ {
		note := fmt.Sprintf("r%s-e%d", round, i)
		if i%4 == 0 {
			p = sample("M-CR "+strconv.Itoa(i), "Crash "+note)
			rev = AnyRevision
		} else {
			p.Findings = append(p.Findings, finding(note))
		}
		rec, err := s.Save(p, rev, "crash")
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		rev = rec.Revision
		fmt.Println("saved", p.ID, note)
	}
}

func TestKill9LosesNothingReportedSaved(t *testing.T) {
	rounds := 20
	if n, err := strconv.Atoi(os.Getenv("RUECKGABE_CRASH_ROUNDS")); err == nil {
		rounds = n
	}
	dir := t.TempDir()
	total := 0
	for round := range rounds {
		saved := runAndKill(t, dir, round)
		total += len(saved)
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		mustCheck(t, s)
		for _, line := range saved {
			id, note, _ := strings.Cut(line, " ")
			_, p, err := s.Get(id)
			if err != nil {
				t.Fatalf("round %d: %s reported saved, not found: %v", round, id, err)
			}
			if p.Customer.Name != "Crash "+note && !hasNote(p, note) {
				t.Fatalf("round %d: edit %s of %s reported saved, missing", round, note, id)
			}
		}
		s.Close()
	}
	t.Logf("%d rounds, %d edits reported saved, all present", rounds, total)
	if total == 0 {
		t.Fatal("the child never saved anything: the test tested nothing")
	}
}

// runAndKill starts a child, lets it save for a random moment, kills it with
// SIGKILL and returns the "id note" lines it printed.
func runAndKill(t *testing.T, dir string, round int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "RUECKGABE_CRASH_DIR="+dir, "RUECKGABE_CRASH_ROUND="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timer := time.After(time.Duration(50+rand.IntN(250)) * time.Millisecond)
	var saved []string
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				_ = cmd.Wait()
				t.Fatalf("round %d: child ended by itself: %v", round, saved)
			}
			if rest, ok := strings.CutPrefix(line, "saved "); ok {
				saved = append(saved, rest)
			} else if strings.HasPrefix(line, "error") {
				t.Fatalf("round %d: child: %s", round, line)
			}
		case <-timer:
			_ = cmd.Process.Signal(syscall.SIGKILL)
			for line := range lines { // what it printed before dying still counts
				if rest, ok := strings.CutPrefix(line, "saved "); ok {
					saved = append(saved, rest)
				}
			}
			_ = cmd.Wait()
			return saved
		}
	}
}

func hasNote(p *inspection.Protocol, note string) bool {
	for _, f := range p.Findings {
		if f.Note == note {
			return true
		}
	}
	return false
}
