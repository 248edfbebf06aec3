package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/seal"
	"rueckgabe/textsafe"
)

// unlockDialog asks for the device key's passphrase once per working
// session, when sealing first needs it (where the operating system keeps the
// key, it never opens). A new passphrase (first key, or a key an older
// version kept in clear) is typed twice. Three wrong tries end it.
type unlockDialog struct {
	fresh   bool
	pass    textinput.Model
	again   textinput.Model
	confirm bool // typing the repetition
	tries   int
	err     string
	busy    bool
}

func newUnlockDialog(fresh bool) *unlockDialog {
	d := &unlockDialog{fresh: fresh, pass: newInput("Passphrase: ", "", 40), again: newInput("Wiederholen: ", "", 40)}
	for _, in := range []*textinput.Model{&d.pass, &d.again} {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	return d
}

// unlockedMsg reports an unlock attempt.
type unlockedMsg struct {
	sess  uint64
	notes []string
	err   error
}

// openUnlock opens the dialog for a key that said it is locked; fresh: it
// needs a new passphrase (also where the system's key store refused it).
func (sp *signPage) openUnlock(fresh bool) tea.Cmd {
	_, isNew, err := seal.NeedsPassphrase(sp.c.Work.Dir)
	if err != nil {
		sp.notice = "nicht versiegelt: " + err.Error()
		return nil
	}
	sp.unlock = newUnlockDialog(fresh || isNew)
	return sp.unlock.pass.Focus()
}

func (sp *signPage) updateUnlock(msg tea.Msg) tea.Cmd {
	d := sp.unlock
	if m, ok := msg.(unlockedMsg); ok {
		d.busy = false
		switch {
		case m.err == nil:
			sp.unlock = nil
			sp.keyNote = strings.Join(m.notes, " · ") // said with the seal's result
			return sp.seal(true)                      // confirmed already: the passphrase was asked for sealing
		case errors.Is(m.err, seal.ErrWrongPassphrase):
			d.tries++
			if d.tries >= seal.MaxAttempts {
				sp.unlock = nil
				sp.notice = fmt.Sprintf("Passphrase %d× falsch – nicht versiegelt", seal.MaxAttempts)
				return nil
			}
			d.err = fmt.Sprintf("falsche Passphrase (Versuch %d von %d)", d.tries+1, seal.MaxAttempts)
		default:
			d.err = m.err.Error()
		}
		d.pass.SetValue("")
		d.again.SetValue("")
		d.confirm = false
		d.again.Blur()
		return d.pass.Focus()
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || d.busy {
		return nil
	}
	switch {
	case key.Matches(k, sp.c.Keys.Back):
		sp.unlock = nil
		sp.notice = "nicht versiegelt: Passphrase nicht eingegeben"
		return nil
	case key.Matches(k, sp.c.Keys.Enter):
		switch {
		case d.pass.Value() == "":
			d.err = "Passphrase eingeben"
			return nil
		case d.fresh && len([]rune(d.pass.Value())) < seal.MinPassphrase:
			d.err = fmt.Sprintf("mindestens %d Zeichen", seal.MinPassphrase)
			return nil
		case d.fresh && !d.confirm:
			d.confirm, d.err = true, ""
			d.pass.Blur()
			return d.again.Focus()
		case d.fresh && d.again.Value() != d.pass.Value():
			d.err = "die beiden Eingaben sind verschieden"
			d.again.SetValue("")
			return nil
		}
		d.busy, d.err = true, ""
		w, pass, fresh, sess := sp.c.Work, d.pass.Value(), d.fresh, sp.s.id
		return func() tea.Msg {
			notes, err := w.Unlock(pass, fresh)
			return unlockedMsg{sess: sess, notes: notes, err: err}
		}
	}
	if d.confirm {
		return updateInput(&d.again, msg)
	}
	return updateInput(&d.pass, msg)
}

func (sp *signPage) unlockView(width int) string {
	st := sp.c.Styles
	d := sp.unlock
	L := []string{st.Title.Render("Geräteschlüssel entsperren")}
	text := "Zum Versiegeln die Passphrase des Geräteschlüssels eingeben (einmal je Sitzung)."
	if d.fresh {
		text = fmt.Sprintf("Der Geräteschlüssel wird mit einer Passphrase geschützt: wer den Datenordner kopiert, "+
			"kann ohne sie nichts versiegeln. Neue Passphrase (mindestens %d Zeichen), zweimal.", seal.MinPassphrase)
	}
	L = append(L, strings.Split(lipgloss.Wrap(text, width, ""), "\n")...)
	L = append(L, "", d.pass.View())
	if d.fresh {
		L = append(L, d.again.View())
	}
	if d.err != "" {
		L = append(L, st.Error.Render("✗ "+textsafe.Line(d.err)))
	}
	if d.busy {
		L = append(L, st.Muted.Render("… prüft"))
	}
	return strings.Join(L, "\n")
}
