package tui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/service"
)

// syncedMsg reports a sync started from the start screen.
type syncedMsg struct {
	job *job
	res *service.SyncResult
	to  string
	err error
}

// syncCmd runs a sync off the UI loop, its progress shown on every screen;
// an offline laptop hears so within seconds.
func syncCmd(c *Common) tea.Cmd {
	j, tick := c.jobs.start("Sync")
	w := c.Work
	return tea.Batch(tick, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), service.SyncTimeout)
		defer cancel()
		res, cfg, err := w.Sync(ctx, j)
		return syncedMsg{job: j, res: res, to: cfg.To, err: err}
	})
}

// waitingMsg is how many protocols the next sync sends (Workspace.Waiting).
type waitingMsg struct {
	n   int
	err error
}

// waitingCmd counts them off the UI loop, beside the list: on a store of
// thousands it reads every sealed protocol's envelope.
func waitingCmd(c *Common) tea.Cmd {
	w := c.Work
	return func() tea.Msg {
		n, err := w.Waiting()
		return waitingMsg{n, err}
	}
}

// syncNote words a sync's outcome for the start screen.
func syncNote(msg syncedMsg) string {
	switch {
	case msg.err != nil:
		return service.SyncLine(msg.err, "s")
	case len(msg.res.Failed) > 0:
		return fmt.Sprintf("Sync: %d gesendet, %d nicht (rueckgabe check)", len(msg.res.Uploaded), len(msg.res.Failed))
	case len(msg.res.Uploaded)+len(msg.res.Present) == 0 && len(msg.res.Profiles) == 0:
		return "Sync: nichts zu senden"
	}
	note := fmt.Sprintf("Sync: %d gesendet nach %s", len(msg.res.Uploaded)+len(msg.res.Present), msg.to)
	if len(msg.res.Profiles) > 0 {
		note += " · neue Profile: " + strings.Join(msg.res.Profiles, ", ")
	}
	return note
}
