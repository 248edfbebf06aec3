package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the app, in one place.
type KeyMap struct {
	Quit, ForceQuit, Help, FullHelp, Back    key.Binding
	Up, Down, Next, Prev, Enter              key.Binding
	NextPage, PrevPage                       key.Binding
	New, Filter, Demo, Settings              key.Binding
	Add, Delete, NoFindings, Toggle, Save    key.Binding
	Page1, Page2, Page3, Page4, Page5, Page6 key.Binding
	NextCategory, PrevCategory, AddFee       key.Binding
	ProposalAccept, ProposalReject, Photos   key.Binding
	DeliveryComplete, NotMeasurable          key.Binding
	JumpCost, JumpNote                       key.Binding
	// finding editor steps
	NextStep, TakeFinding, MoreDetails, Discard key.Binding
	// photo picker
	PickToggle, PickAllNew, FolderUp, Attach, Detach, PickPath key.Binding
	// signatures and summary
	Sign, ClearCanvas, SwitchPath, PathDetails, DeleteFee key.Binding
	// choice fields: the previous / next value
	ChoicePrev, ChoiceNext key.Binding
	// start screen
	Sync, Handover key.Binding
}

// DefaultKeys are the bindings documented in docs/tui.md.
func DefaultKeys() KeyMap {
	k := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:           k("q", "beenden", "q"),
		ForceQuit:      k("ctrl+c", "beenden", "ctrl+c"),
		Help:           k("?", "alle Tasten", "?"),
		FullHelp:       k("F1", "Hilfe", "f1"),
		Back:           k("esc", "zurück", "esc"),
		Up:             k("↑", "hoch", "up"),
		Down:           k("↓", "runter", "down"),
		Next:           k("tab", "nächstes Feld", "tab"),
		Prev:           k("shift+tab", "voriges Feld", "shift+tab"),
		Enter:          k("enter", "wählen", "enter"),
		NextPage:       k("ctrl+→", "nächster Schritt", "ctrl+right", "ctrl+n"),
		PrevPage:       k("ctrl+←", "voriger Schritt", "ctrl+left", "ctrl+p"),
		New:            k("n", "neues Protokoll", "n"),
		Filter:         k("/", "suchen", "/"),
		Demo:           k("d", "Demo-Protokoll", "d"),
		Settings:       k("e", "Prüfer/Autohaus", "e"),
		Add:            k("a", "Befund hinzufügen", "a", "+"),
		Delete:         k("x", "löschen", "x", "delete"),
		NoFindings:     k("k", "keine Befunde", "k"),
		Toggle:         k("space", "umschalten", "space"),
		Save:           k("ctrl+s", "übernehmen", "ctrl+s"),
		Page1:          k("F2", "Stammdaten", "f2"),
		Page2:          k("F3", "Voraussetzungen", "f3"),
		Page3:          k("F4", "Rundgang", "f4"),
		Page4:          k("F5", "Reifen/Lieferumfang/HU", "f5"),
		Page5:          k("F6", "Übersicht", "f6"),
		Page6:          k("F7", "Unterschriften", "f7"),
		NextCategory:   k("→", "nächste Kategorie", "right"),
		PrevCategory:   k("←", "vorige Kategorie", "left"),
		AddFee:         k("g", "Gebühr hinzufügen", "g"),
		ProposalAccept: k("ctrl+b", "Vorschläge als Befunde", "ctrl+b"),
		ProposalReject: k("ctrl+r", "Vorschlag verwerfen", "ctrl+r"),
		Photos:         k("ctrl+o", "Fotos anhängen", "ctrl+o"),
		JumpCost:       k("F8", "Kosten", "f8"),
		JumpNote:       k("F9", "Notiz", "f9"),
		NextStep:       k("enter", "weiter", "enter"),
		TakeFinding:    k("enter", "Befund übernehmen", "enter"),
		MoreDetails:    k("tab", "weitere Angaben", "tab"),
		Discard:        k("esc", "verwerfen", "esc"),
		PickToggle:     k("space", "auswählen", "space"),
		PickAllNew:     k("a", "alle neuen", "a"),
		FolderUp:       k("←", "Ordner höher", "backspace", "left"),
		Attach:         k("enter", "anhängen / Ordner öffnen", "enter"),
		Detach:         k("x", "Foto entfernen", "x"),
		PickPath:       k("ctrl+l", "Pfad eingeben", "ctrl+l", "/"),
		Sign:           k("enter", "unterschreiben", "enter"),
		ClearCanvas:    k("ctrl+l", "Feld leeren", "ctrl+l"),
		SwitchPath:     k("m", "Ablauf wechseln", "m"),
		PathDetails:    k("e", "Angaben", "e"),
		DeleteFee:      k("x", "letzte Gebühr löschen", "x", "delete"),
		Sync:           k("s", "senden (Sync)", "s"),
		Handover:       k("u", "Übergabeprotokoll", "u"),
		ChoicePrev:     k("←", "voriger Wert", "left"),
		ChoiceNext:     k("→", "nächster Wert", "right"),

		// F5: one confirmation of the whole delivery scope; a wheel with a reason instead of a depth
		DeliveryComplete: k("ctrl+l", "alles vollständig", "ctrl+l"),
		NotMeasurable:    k("ctrl+t", "Rad nicht messbar", "ctrl+t"),
	}
}

// withHelp is a binding with the same keys that says what it does here
// ("enter speichern" rather than "enter wählen").
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// helpMap adapts a page's bindings to the help bubble.
type helpMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpMap) ShortHelp() []key.Binding  { return h.short }
func (h helpMap) FullHelp() [][]key.Binding { return h.full }

// global bindings shown in every page's full help.
func (k KeyMap) global() []key.Binding {
	return []key.Binding{k.Page1, k.Page2, k.Page3, k.Page4, k.Page5, k.Page6, k.NextPage, k.PrevPage, k.Back, k.FullHelp, k.Help, k.ForceQuit}
}
