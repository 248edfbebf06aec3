package tui

import (
	"strings"
	"testing"
)

// The full help (F1, ?) is an overlay: esc closes it, and opening a
// protocol never leaves it covering the form.
func TestEscClosesTheFullHelp(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "esc") // a protocol in the list
	d.mustSee("M-DE 2024")
	shown := func() bool { return strings.Contains(d.screen(), "ctrl+← voriger Schritt") }

	d.press("f1")
	if !shown() {
		t.Fatalf("F1 shows no full help:\n%s", d.screen())
	}
	d.press("esc")
	if d.m.fullHelp || shown() {
		t.Fatalf("esc left the full help open on the start screen:\n%s", d.screen())
	}

	d.press("f1", "enter")
	if d.m.sess == nil {
		t.Fatal("enter did not open the protocol")
	}
	if d.m.fullHelp || shown() {
		t.Fatalf("the protocol opened under the full help:\n%s", d.screen())
	}

	// in a protocol esc closes the help first and stays; the next esc leaves
	d.press("f1")
	if !d.m.fullHelp {
		t.Fatal("F1 shows no full help in a protocol")
	}
	d.press("esc")
	if d.m.fullHelp || d.m.sess == nil {
		t.Fatalf("esc with the help open: help %v, protocol open %v; want the help closed and the protocol open", d.m.fullHelp, d.m.sess != nil)
	}
	d.press("esc")
	if d.m.sess != nil {
		t.Fatal("the next esc did not leave the protocol")
	}

	d.press("n", "f1")
	if !d.m.fullHelp {
		t.Fatal("F1 shows no full help in the profile choice")
	}
	d.press("enter") // a new protocol from the profile choice
	if d.m.sess == nil || d.m.fullHelp {
		t.Fatalf("new protocol: open %v, help %v; want open without the help", d.m.sess != nil, d.m.fullHelp)
	}
}
