package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/bucket"
	"rueckgabe/service"
	"rueckgabe/store"
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
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		res, cfg, err := w.Sync(ctx, j)
		return syncedMsg{job: j, res: res, to: cfg.To, err: err}
	})
}

// waiting counts the listed protocols sealed here or imported that have not
// reached the object store.
func waiting(recs []*store.Record) int {
	n := 0
	for _, r := range recs {
		if r.Status.Immutable() && r.SyncedAt == nil {
			n++
		}
	}
	return n
}

// syncNote words a sync's outcome for the start screen.
func syncNote(msg syncedMsg) string {
	var be *bucket.Error
	switch {
	case errors.Is(msg.err, service.ErrNoSyncTarget):
		return "Sync noch nicht eingerichtet – einmal im Terminal ausführen:\n  rueckgabe sync --to s3://BUCKET/PREFIX --endpoint URL" // the command on a line of its own, whole
	case errors.As(msg.err, &be) && be.Kind == bucket.Offline:
		return "Sync: keine Verbindung (offline?) – nichts verloren, später erneut s"
	case errors.Is(msg.err, bucket.ErrNoCredentials):
		return "Sync: keine Zugangsdaten – AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY setzen"
	case errors.As(msg.err, &be) && be.Kind == bucket.Credentials:
		return "Sync: Zugangsdaten abgelehnt (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"
	case errors.As(msg.err, &be) && be.Kind == bucket.ClockSkew:
		return "Sync: die Uhr dieses Rechners geht falsch – Uhr stellen, dann erneut s"
	case msg.err != nil:
		return "Sync fehlgeschlagen: " + service.Sentence(msg.err)
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
