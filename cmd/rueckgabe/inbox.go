package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// inboxHooks let tests fault one object of a run against the real server:
// remove it between listing and download, or fill the disk while it is
// written. Nil in the program.
var inboxHooks struct {
	create    func(path string) (io.WriteCloser, error)
	beforeGet func(key string)
}

// shownKeys is how many keys a summary line names before "…".
const shownKeys = 3

func (a *app) inboxCmd() *cobra.Command {
	var from, endpoint, maxSize string
	var trust []string
	var retry, asJSON bool
	cmd := &cobra.Command{
		Use:   "inbox --from s3://BUCKET/PREFIX [--endpoint URL] [--max-size 1GiB] [--retry] [--json]",
		Short: "Backoffice: neue Archive aus dem Objektspeicher prüfen und übernehmen",
		Long: `inbox lädt jedes neue Archiv unter PREFIX herunter — in jeder Tiefe, jedes Objekt
…/<Schlüssel-ID>/<Protokoll-ID>/<Siegel-Hash>.zip —, prüft Siegel, Bewertung, jedes Foto
und seinen Typ gegen die Vertrauensliste (rueckgabe trust add) und übernimmt es versiegelt.
Jedes Objekt für sich: Ungültiges, nicht vertrauenswürdig Signiertes, Verschwundenes oder zu
Großes wird mit Schlüssel und Grund gemeldet, der Lauf geht weiter. Abgelehntes wird gemerkt
(Schlüssel, ETag) und erst wieder geladen, wenn es sich ändert (oder mit --retry). Schon
Übernommenes wird nicht erneut geladen, außer seine Fotos fehlen hier. Jede Übernahme wird
sofort gemeldet; --json schreibt eine JSON-Zeile je Ereignis und eine Zusammenfassung.
Details: docs/sync.md.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			loc, err := bucket.ParseLocation(from)
			if err != nil {
				return a.fail(exitInvalid, "inbox: --from: %v", err)
			}
			limit, err := parseSize(maxSize)
			if err != nil {
				return a.fail(exitInvalid, "inbox: --max-size: %v", err)
			}
			enc := json.NewEncoder(a.stdout)
			c, err := bucket.Open(endpoint, loc)
			if err != nil {
				// the summary with "error" a job appending to a log expects, then the line on stderr
				var be *bucket.Error
				if asJSON && errors.As(err, &be) {
					_ = enc.Encode(inboxSummaryJSON(&service.InboxResult{}, service.BucketSentence(err)))
				}
				return a.openFailed("inbox", err)
			}
			keys, err := a.inboxKeys(trust)
			if err != nil {
				return err
			}
			rules, err := a.rules()
			if err != nil {
				return err
			}
			dir, err := a.dir()
			if err != nil {
				return err
			}
			opt := service.InboxOptions{
				MaxSize: limit, Retry: retry, Context: inboxContext(dir, trust),
				Create: inboxHooks.create, BeforeGet: inboxHooks.beforeGet,
				OnEvent: func(e service.InboxEvent) {
					if asJSON {
						_ = enc.Encode(inboxEventJSON(e))
						return
					}
					a.sayInboxEvent(e)
				},
			}
			return a.withStoreFor(service.SyncTimeout, func(ctx context.Context, s *store.Store, dc config) error {
				prog := a.progress("inbox")
				res, err := service.Inbox(ctx, s, rules, c, keys, dc.Inspector, prog, opt)
				prog.Done()
				if err != nil {
					if asJSON {
						if res == nil { // ended before anything was listed
							res = &service.InboxResult{}
						}
						_ = enc.Encode(inboxSummaryJSON(res, service.BucketSentence(err)))
					}
					return a.fail(exitFailure, "inbox: %s; what was imported before stays, the next run continues", service.BucketSentence(err))
				}
				if asJSON {
					_ = enc.Encode(inboxSummaryJSON(res, ""))
				} else {
					a.sayInboxSummary(res, loc)
				}
				forked := len(res.Competing) > 0
				for _, c := range res.Chains {
					forked = forked || len(c.Forks) > 0
				}
				if len(res.Rejected) > 0 || forked {
					return exitError{exitFailure}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "Quelle s3://BUCKET/PREFIX")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "S3-Endpunkt (Standard: AWS)")
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich vertrauen")
	cmd.Flags().StringVar(&maxSize, "max-size", "1GiB", "größtes Archiv, das geladen wird (laut Auflistung, vor dem Laden geprüft), z. B. 500MiB, 2GiB")
	cmd.Flags().BoolVar(&retry, "retry", false, "auch früher abgelehnte, unveränderte Objekte erneut laden und prüfen")
	cmd.Flags().BoolVar(&asJSON, "json", false, "eine JSON-Zeile je Ereignis, zuletzt eine Zusammenfassung (für Automatisierung)")
	_ = cmd.MarkFlagRequired("from")
	return cmd
}

// sayInboxEvent prints one import, completion or refusal as it happens.
func (a *app) sayInboxEvent(e service.InboxEvent) {
	switch e.Kind {
	case service.InboxImported:
		a.say(a.stdout, "imported %s (sealed)", e.ID)
	case service.InboxCompleted:
		a.say(a.stdout, "photos completed %s (%d stored)", e.ID, e.Photos)
	case service.InboxRefused:
		a.say(a.stderr, "%s", a.verifyError(e.Key, e.Err))
	case service.InboxFailed:
		a.say(a.stderr, "%s: nicht übernommen / not imported: %s", e.Key, inboxWords(e.Err))
	}
}

// inboxWords says why an object could not be fetched or stored.
func inboxWords(err error) string {
	var full *service.DiskFullError
	if errors.As(err, &full) {
		return full.Error()
	}
	var be *bucket.Error
	if errors.As(err, &be) {
		if be.Kind == bucket.NoObject {
			return "nicht mehr im Bucket (seit der Auflistung entfernt) / " + be.Error()
		}
		return "der Server liefert es nicht / the server does not serve it: " + be.Error()
	}
	return service.Sentence(err)
}

func (a *app) sayInboxSummary(res *service.InboxResult, loc bucket.Location) {
	if len(res.Cleaned) > 0 {
		a.say(a.stderr, "removed %d leftovers of an interrupted inbox: %s", len(res.Cleaned), firstKeys(res.Cleaned))
	}
	for _, c := range res.Chains {
		for _, l := range c.Lines() {
			a.say(a.stderr, "%s", l)
		}
	}
	for _, ids := range res.Competing {
		a.say(a.stderr, "AMENDMENTS %s correct the same protocol — held \"zu prüfen\"; the report books the newest only", strings.Join(ids, ", "))
	}
	for _, r := range res.Rejected {
		var oe *service.ObjectError
		if !errors.As(r, &oe) {
			a.say(a.stderr, "inbox: %s", service.Sentence(r))
		}
	}
	if n := len(res.Remembered); n > 0 {
		a.say(a.stderr, "%d früher abgelehnt und unverändert (gleiches ETag), nicht erneut geladen / %d refused before and unchanged since (same ETag), not downloaded again (--retry checks them again): %s",
			n, n, firstKeys(res.Remembered))
	}
	if res.Listed == 0 {
		a.say(a.stdout, "keine Objekte unter %s / no objects under %s", loc, loc)
	}
	byWhy := map[string][]string{}
	for _, s := range res.Skipped {
		byWhy[s.Why] = append(byWhy[s.Why], s.Key)
	}
	whys := make([]string, 0, len(byWhy))
	for w := range byWhy {
		whys = append(whys, w)
	}
	sort.Strings(whys)
	for _, w := range whys {
		a.say(a.stdout, "skipped %d objects (%s): %s", len(byWhy[w]), w, firstKeys(byWhy[w]))
	}
	line := fmt.Sprintf("%d imported, %d known already, %d not imported", len(res.Imported), res.Known, len(res.Rejected))
	if n := len(res.Completed); n > 0 {
		line += fmt.Sprintf(", %d completed with their photos", n)
	}
	if n := len(res.Remembered); n > 0 {
		line += fmt.Sprintf(", %d refused before", n)
	}
	if n := len(res.Skipped); n > 0 {
		line += fmt.Sprintf(", %d skipped", n)
	}
	a.say(a.stdout, "%s (%d objects listed)", line, res.Listed)
}

// firstKeys names the first few keys of a list, and how many more.
func firstKeys(keys []string) string {
	if len(keys) <= shownKeys {
		return strings.Join(keys, ", ")
	}
	return fmt.Sprintf("%s, … (%d more)", strings.Join(keys[:shownKeys], ", "), len(keys)-shownKeys)
}

type inboxEventOut struct {
	Event  string `json:"event"`
	Key    string `json:"key"`
	ID     string `json:"id,omitempty"`
	Photos int    `json:"photos,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func inboxEventJSON(e service.InboxEvent) inboxEventOut {
	out := inboxEventOut{Event: e.Kind, Key: textsafe.Line(e.Key), ID: e.ID, Photos: e.Photos}
	if e.Err != nil {
		out.Reason = textsafe.Line(inboxWords(e.Err))
		if e.Kind == service.InboxRefused {
			out.Reason = textsafe.Line(e.Err.Error())
		}
	}
	return out
}

type inboxSummaryOut struct {
	Event      string            `json:"event"`
	Listed     int               `json:"listed"`
	Imported   []string          `json:"imported"`
	Completed  []string          `json:"completed"`
	Known      int               `json:"known"`
	Refused    int               `json:"refused"`
	Failed     int               `json:"failed"`
	Remembered []string          `json:"refused_before"`
	Skipped    []inboxSkippedOut `json:"skipped"`
	Cleaned    []string          `json:"cleaned"`
	// competing_amendments: per protocol, its sealed amendments when it has
	// more than one (held "zu prüfen"; the report books the newest only)
	Competing [][]string `json:"competing_amendments"`
	Error     string     `json:"error,omitempty"`
}

type inboxSkippedOut struct {
	Key string `json:"key"`
	Why string `json:"why"`
}

func inboxSummaryJSON(res *service.InboxResult, fatal string) inboxSummaryOut {
	out := inboxSummaryOut{Event: "summary", Listed: res.Listed, Imported: nonNil(res.Imported), Completed: nonNil(res.Completed),
		Known: res.Known, Refused: res.Refused, Failed: res.Failed, Remembered: []string{}, Skipped: []inboxSkippedOut{},
		Cleaned: nonNil(res.Cleaned), Competing: [][]string{}, Error: fatal}
	for _, ids := range res.Competing {
		out.Competing = append(out.Competing, nonNil(ids))
	}
	for _, k := range res.Remembered {
		out.Remembered = append(out.Remembered, textsafe.Line(k))
	}
	for _, s := range res.Skipped {
		out.Skipped = append(out.Skipped, inboxSkippedOut{Key: textsafe.Line(s.Key), Why: s.Why})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// inboxContext names what a refusal depends on besides the object: the
// trust list, the keys given with --trust and the installed profiles. When
// any of them changes, the objects refused before are checked again.
func inboxContext(dir string, trust []string) string {
	h := sha256.New()
	add := func(name string) {
		b, err := os.ReadFile(name)
		fmt.Fprintf(h, "%s %d %v\n", filepath.Base(name), len(b), err != nil)
		h.Write(b)
	}
	add(filepath.Join(dir, seal.TrustFile))
	for _, f := range trust {
		add(f)
	}
	profiles, _ := filepath.Glob(filepath.Join(dir, catalog.ProfileDir, "*.json"))
	sort.Strings(profiles)
	for _, p := range profiles {
		add(p)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// parseSize reads a size like "1GiB", "500MiB", "800M", "65536".
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size like 1GiB, 500MiB or 65536 (bytes)", s)
	}
	return n * mult, nil
}

// inboxKeys are the keys for an archive the object store recorded at a
// time: trustedKeys, and revoked keys for what was recorded before their
// revocation.
func (a *app) inboxKeys(files []string) (func(time.Time) []ed25519.PublicKey, error) {
	keys, err := a.trustedKeys(files)
	if err != nil {
		return nil, err
	}
	t := a.trust
	return func(recorded time.Time) []ed25519.PublicKey {
		return append(slices.Clone(keys), t.RevokedKeysValidAt(recorded)...)
	}, nil
}
