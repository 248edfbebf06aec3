package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rueckgabe/service"
	"rueckgabe/textsafe"
)

// deviceDialog asks who inspects with this device and for which dealership
// (issue 9 §7): on the first start, and again with "e" on the start screen.
// The names go into every new protocol and its PDF; never the OS user.
type deviceDialog struct {
	c      *Common
	inputs [2]textinput.Model
	focus  int
	first  bool // the first start: the inspector must be named to go on
	err    string
}

// deviceSavedMsg reports the settings written by saveDeviceCmd.
type deviceSavedMsg struct {
	dev service.Device
	err error
}

func newDeviceDialog(c *Common, first bool) *deviceDialog {
	d := &deviceDialog{c: c, first: first}
	d.inputs[0] = newInput("", "Vor- und Nachname", 40)
	d.inputs[1] = newInput("", "Name und Ort des Autohauses", 40)
	d.inputs[0].SetValue(textsafe.Line(c.Device.Inspector))
	d.inputs[1].SetValue(textsafe.Line(c.Device.Dealership))
	d.inputs[0].Focus()
	return d
}

// update returns a command and whether the dialog is finished.
func (d *deviceDialog) update(msg tea.Msg) (tea.Cmd, bool) {
	k, isKey := msg.(tea.KeyPressMsg)
	keys := d.c.Keys
	switch {
	case !isKey:
		return updateInput(&d.inputs[d.focus], msg), false
	case key.Matches(k, keys.Back) && !d.first:
		return nil, true
	case key.Matches(k, keys.Next, keys.Down) || key.Matches(k, keys.Enter) && d.focus == 0:
		return d.move(1), false
	case key.Matches(k, keys.Prev, keys.Up):
		return d.move(-1), false
	case key.Matches(k, keys.Enter, keys.Save):
		return d.save()
	}
	return updateInput(&d.inputs[d.focus], msg), false
}

func (d *deviceDialog) move(step int) tea.Cmd {
	d.inputs[d.focus].Blur()
	d.focus = (d.focus + step + len(d.inputs)) % len(d.inputs)
	return d.inputs[d.focus].Focus()
}

func (d *deviceDialog) save() (tea.Cmd, bool) {
	inspector := strings.TrimSpace(d.inputs[0].Value())
	if len([]rune(inspector)) < 3 {
		d.err = "Bitte den vollständigen Namen des Prüfers eingeben."
		// the cursor goes where the name is missing: what is typed next
		// belongs there, not after the dealership (an outside tester)
		return d.move(-d.focus), false
	}
	dev := d.c.device()
	dev.Inspector, dev.Dealership = inspector, strings.TrimSpace(d.inputs[1].Value())
	return saveDeviceCmd(d.c.Dir, dev), true
}

func saveDeviceCmd(dir string, dev service.Device) tea.Cmd {
	return func() tea.Msg { return deviceSavedMsg{dev: dev, err: service.SaveDevice(dir, dev)} }
}

func (d *deviceDialog) view(width int) string {
	st := d.c.Styles
	title := "Einstellungen dieses Geräts"
	if d.first {
		title = "Willkommen – wer prüft mit diesem Gerät?"
	}
	L := []string{st.Title.Render(title), st.Muted.Render(truncate("Prüfer und Autohaus stehen in jedem neuen Protokoll und im PDF.", width)), ""}
	for i, label := range []string{"Prüfer", "Autohaus"} {
		L = append(L, padRight(label, 10)+d.inputs[i].View())
	}
	if d.err != "" {
		L = append(L, "", st.Error.Render(truncate(d.err, width)))
	}
	hint := "tab: nächstes Feld · enter: speichern"
	if !d.first {
		hint += " · esc: abbrechen"
	}
	L = append(L, "", st.Muted.Render(truncate(hint, width)))
	return strings.Join(L, "\n")
}
