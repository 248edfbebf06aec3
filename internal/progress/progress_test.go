package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every reading: time is decided by the
// work done, never by the machine's speed.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(step); return t }
}

func TestTermRedrawsInPlaceAndClears(t *testing.T) {
	var buf bytes.Buffer
	p := NewTerm(&buf, "export", 80, fakeClock(500*time.Millisecond))
	p.Start(4)
	for _, id := range []string{"P-1", "P-2", "P-3", "P-4\x1b[31m\u202e"} {
		p.Step(id)
	}
	restored := 0
	p.restore = func() { restored++ }
	p.Done()
	p.Done() // twice: nothing more
	if restored != 1 {
		t.Errorf("the console was restored %d times, want once", restored)
	}
	out := buf.String()
	frames := strings.Split(out, "\r")[1:]
	if len(frames) != 6 { // start, 4 steps, clear
		t.Fatalf("want 6 frames, got %d: %q", len(frames), out)
	}
	if !strings.HasPrefix(frames[2], "export 2/4  2.0/s  ETA 0:01  P-2") {
		t.Errorf("frame 2 = %q", frames[2])
	}
	if strings.ContainsAny(frames[4], "\u202e") || strings.Contains(frames[4], "\x1b[31m") {
		t.Errorf("item not sanitised: %q", frames[4])
	}
	if frames[5] != "\x1b[2K" {
		t.Errorf("last frame should erase the line, got %q", frames[5])
	}
	if strings.Contains(out, "\n") {
		t.Errorf("a live line never ends a line: %q", out)
	}
}

func TestTermThrottles(t *testing.T) {
	var buf bytes.Buffer
	// 10 ms per reading: 1,000 items in 10 s of fake time
	p := NewTerm(&buf, "verify", 80, fakeClock(10*time.Millisecond))
	p.Start(1000)
	for range 1000 {
		p.Step("x")
	}
	p.Done()
	frames := strings.Count(buf.String(), "\r")
	// one per 100 ms of the clock, plus start, last item and clear
	if frames < 90 || frames > 110 {
		t.Errorf("%d redraws for 10 s, want about 100", frames)
	}
	if !strings.Contains(buf.String(), "verify 1000/1000") {
		t.Error("the last item is always drawn")
	}
}

// More items than announced (a listing that grew): still throttled.
func TestTermMoreStepsThanTotal(t *testing.T) {
	var buf bytes.Buffer
	p := NewTerm(&buf, "inbox", 80, fakeClock(10*time.Millisecond))
	p.Start(2)
	for range 1000 {
		p.Step("x")
	}
	if frames := strings.Count(buf.String(), "\r"); frames > 110 {
		t.Errorf("%d redraws for 10 s", frames)
	}
}

func TestTermUnknownTotalAndWidth(t *testing.T) {
	var buf bytes.Buffer
	p := NewTerm(&buf, "check", 20, fakeClock(time.Second))
	p.Start(0)
	p.Step(strings.Repeat("a", 100))
	out := buf.String()
	last := out[strings.LastIndex(out, "\r")+1:]
	last = strings.TrimSuffix(last, "\x1b[K")
	if !strings.HasPrefix(last, "check 1  1.0/s") || strings.Contains(last, "ETA") {
		t.Errorf("unknown total: %q", last)
	}
	if n := len([]rune(last)); n > 19 {
		t.Errorf("line of %d columns on a 20-column terminal: %q", n, last)
	}
}

func TestEnabled(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if Enabled(&bytes.Buffer{}, env(nil)) {
		t.Error("a buffer is no terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Enabled(f, env(nil)) {
		t.Error("a regular file is no terminal")
	}
	if For(&bytes.Buffer{}, "x") != None {
		t.Error("For a pipe must be None")
	}
	Or(nil).Start(1) // no panic
	if !wanted(env(map[string]string{"TERM": "xterm-256color"})) {
		t.Error("an ordinary terminal wants the line")
	}
	if wanted(env(map[string]string{"TERM": "dumb"})) || wanted(env(map[string]string{"TERM": "xterm", "NO_COLOR": "1"})) {
		t.Error("TERM=dumb or NO_COLOR: no redraws")
	}
}

// BenchmarkTermStep: what one item costs the job on a terminal, on the real
// clock (most Steps only read the clock; one in 100 ms draws).
func BenchmarkTermStep(b *testing.B) {
	p := NewTerm(discard{}, "verify", 80, time.Now)
	p.Start(b.N)
	for b.Loop() {
		p.Step("P-0001.bundle.json")
	}
	p.Done()
}

// BenchmarkTermDraw: one drawing of the line (at most 10 a second).
func BenchmarkTermDraw(b *testing.B) {
	clock := fakeClock(time.Second)
	p := NewTerm(discard{}, "verify", 80, clock)
	p.Start(1 << 30)
	for b.Loop() {
		p.Step("P-0001.bundle.json")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestTermInterrupt(t *testing.T) {
	var buf bytes.Buffer
	p := NewTerm(&buf, "export", 80, fakeClock(time.Second))
	p.Start(40)
	for range 12 {
		p.Step("P")
	}
	buf.Reset()
	p.Interrupt()
	p.Step("P") // a worker finishing after it: nothing drawn
	p.Done()
	want := "\r\x1b[2Kexport: abgebrochen nach 12 von 40, erneut starten ist sicher / interrupted after 12 of 40, safe to run again\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
