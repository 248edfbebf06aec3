package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestFooterFollowsItsKeys: the footer drawn last is taken again only for
// the same keys, texts, switches and width (Model.footer keeps it).
func TestFooterFollowsItsKeys(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	m := d.m
	a := key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "Befund"))
	b := key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "Bild"))
	fresh := func(keys []key.Binding, width int) string {
		m.footerOf = ""
		return m.footer(keys, width)
	}
	cases := []struct {
		name  string
		keys  []key.Binding
		width int
	}{
		{"a", []key.Binding{a}, 80},
		{"a b", []key.Binding{a, b}, 80},
		{"a b, narrow", []key.Binding{a, b}, 12},
		{"a, other text", []key.Binding{key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "Anhang"))}, 80},
		{"a, off", []key.Binding{key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "Befund"), key.WithDisabled())}, 80},
	}
	for _, x := range cases {
		for _, y := range cases {
			m.footer(x.keys, x.width)
			if got, want := m.footer(y.keys, y.width), fresh(y.keys, y.width); got != want {
				t.Errorf("after %q, %q drew %q, want %q", x.name, y.name, got, want)
			}
		}
	}
	m.footer([]key.Binding{a, b}, 80)
	m.noColor = false
	m.restyle()
	if got, want := m.footer([]key.Binding{a, b}, 80), fresh([]key.Binding{a, b}, 80); got != want {
		t.Errorf("after new colours %q, want %q", got, want)
	}
}
