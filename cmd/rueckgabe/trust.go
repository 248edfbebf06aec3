package main

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/internal/localtime"
	"rueckgabe/internal/textfile"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

func (a *app) trustCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust",
		Short: "Vertrauensliste: welche Schlüssel versiegeln und Profile veröffentlichen dürfen (add, list, remove)",
		Long: `trust verwaltet die Vertrauensliste im Datenverzeichnis (trusted-keys.json). verify und
import nehmen ein Bündel nur an, wenn seine Signatur gültig ist und sein Schlüssel hier steht
(oder mit --trust angegeben ist). Der eigene Geräteschlüssel gilt immer.
Rollen: device (Standard) – seine Siegel werden angenommen; publisher – zusätzlich werden
die von ihm signierten Leasinggeber-Profile beim sync installiert (nur das Backoffice).
Details: docs/security.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.trustList(false) },
	}
	var name, role string
	add := &cobra.Command{
		Use:   "add KEY.pem [--role device|publisher] [--name NAME]",
		Short: "öffentlichen Schlüssel eines Geräts als vertrauenswürdig eintragen (Ausgabe von 'rueckgabe key')",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := "" // not given: device for a new key, unchanged for a known one
			if cmd.Flags().Changed("role") {
				if !seal.ValidRole(role) {
					return a.fail(exitInvalid, "trust add: --role %q: device oder publisher / device or publisher", textsafe.Line(role))
				}
				r = role
			}
			return a.trustAdd(args[0], name, r)
		},
	}
	add.Flags().StringVar(&name, "name", "", `wem der Schlüssel gehört, z. B. "Autohaus Nord, Gerät 3"`)
	add.Flags().StringVar(&role, "role", seal.RoleDevice, "device: seine Siegel gelten; publisher: auch seine Profile werden installiert (Backoffice)")
	var listJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "vertrauenswürdige Schlüssel auflisten",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.trustList(listJSON) },
	}
	list.Flags().BoolVar(&listJSON, "json", false, "als JSON (key_id, role, name, added_at, revoked, own, chain)")
	remove := &cobra.Command{
		Use:   "remove KEYID",
		Short: "einem Schlüssel nicht mehr vertrauen (bereits gespeicherte Siegel bleiben)",
		Args:  cobra.ExactArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return a.trustRemove(args[0]) },
	}
	var since, reason string
	revoke := &cobra.Command{
		Use:   "revoke KEYID --since ZEIT [--reason TEXT]",
		Short: "Schlüssel widerrufen (Gerät gestohlen, Daten kopiert): Archive nur, wenn der Objektspeicher sie vor ZEIT erhielt",
		Long: `revoke widerruft einen Schlüssel ab ZEIT (RFC 3339, z. B. 2026-12-01T08:00:00+01:00, oder
2026-12-01 bzw. "2026-12-01 08:00" in der Anzeigezeitzone, oder now). Danach gilt: Archive
dieses Schlüssels übernimmt inbox nur, wenn der Objektspeicher sie vor ZEIT gespeichert hat
(Last-Modified des Servers, das das Gerät nicht setzen kann); schon Übernommenes bleibt.
Ein Bündel von Hand (verify, import, --trust) wird abgelehnt, denn sein sealed_at wählt, wer
den Schlüssel hat. Ein widerrufener Schlüssel veröffentlicht keine Profile mehr. Details:
docs/security.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error { return a.trustRevoke(args[0], since, reason) },
	}
	revoke.Flags().StringVar(&since, "since", "", "ab wann nichts mehr gilt (RFC 3339, JJJJ-MM-TT [HH:MM] oder now)")
	revoke.Flags().StringVar(&reason, "reason", "", `warum, z. B. "Laptop gestohlen, Anzeige 12/345"`)
	_ = revoke.MarkFlagRequired("since")
	cmd.AddCommand(add, list, remove, revoke)
	return cmd
}

// parseSince reads --since: RFC 3339, a date or "date HH:MM" in the
// display zone, or now.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "now" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, localtime.Zone()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--since %q: keine Zeit / not a time (RFC 3339 such as 2026-12-01T08:00:00+01:00, 2026-12-01, \"2026-12-01 08:00\", or now)", s)
}

func (a *app) trustRevoke(keyID, since, reason string) error {
	now := time.Now()
	t0, err := parseSince(since, now)
	if err != nil {
		return a.fail(exitInvalid, "trust revoke: %v", err)
	}
	dir, err := a.dir()
	if err != nil {
		return err
	}
	var k seal.TrustedKey
	err = seal.UpdateTrust(dir, func(t *seal.Trust) error {
		var err error
		k, err = t.Revoke(keyID, t0, reason, now)
		return err
	})
	switch {
	case errors.Is(err, seal.ErrOwnKey):
		return a.fail(exitInvalid, "%s: %v", textsafe.Line(keyID), err)
	case errors.Is(err, seal.ErrNotTrusted):
		return a.fail(exitInvalid, "%s: %v", textsafe.Line(keyID), err)
	case err != nil:
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	a.say(a.stdout, "revoked %s%s since %s; archives the object store recorded before then are still accepted by inbox", k.KeyID, nameSuffix(k.Name), k.Revoked.Since)
	return nil
}

func (a *app) loadTrust() (*seal.Trust, error) {
	dir, err := a.dir()
	if err != nil {
		return nil, err
	}
	t, err := seal.LoadTrust(dir)
	if err != nil {
		return nil, a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	a.trust = t
	return t, nil
}

func (a *app) trustAdd(file, name, role string) error {
	pub, err := a.readPublicKey(file)
	if err != nil {
		return err
	}
	dir, err := a.dir()
	if err != nil {
		return err
	}
	var k seal.TrustedKey
	var added bool
	err = seal.UpdateTrust(dir, func(t *seal.Trust) error {
		var err error
		k, added, err = t.Add(pub, name, role, time.Now())
		return err
	})
	var revoked *seal.RevokedError
	if errors.Is(err, seal.ErrOwnKeyRole) || errors.As(err, &revoked) {
		return a.fail(exitInvalid, "%s: %v", file, err)
	}
	if err != nil {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if !added {
		a.say(a.stdout, "already trusted %s%s, role %s", k.KeyID, nameSuffix(k.Name), roleOf(k))
		return nil
	}
	a.say(a.stdout, "trusted %s%s, role %s", k.KeyID, nameSuffix(k.Name), roleOf(k))
	return nil
}

// roleOf is a trusted key's role as shown: the own key is "device (this device)".
func roleOf(k seal.TrustedKey) string {
	if k.Device {
		return seal.RoleDevice + " (dieses Gerät)"
	}
	return k.RoleName()
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// trustItem is one key of trust list --json.
type trustItem struct {
	KeyID   string             `json:"key_id"`
	Role    string             `json:"role"`
	Name    string             `json:"name"`
	AddedAt string             `json:"added_at,omitempty"`
	Own     bool               `json:"own"` // this device's own key, trusted always
	Revoked *seal.Revocation   `json:"revoked,omitempty"`
	Chain   *service.ChainInfo `json:"chain,omitempty"`
}

func (a *app) trustList(asJSON bool) error {
	t, err := a.loadTrust()
	if err != nil {
		return err
	}
	keys := t.List()
	if len(keys) == 0 && asJSON {
		return a.writeJSON("", []byte("[]\n"))
	}
	if len(keys) == 0 {
		a.say(a.stdout, "Keine vertrauenswürdigen Schlüssel; dieses Gerät hat noch keinen Schlüssel (rueckgabe key). / No trusted keys.")
		return nil
	}
	// the chain of seals each key has here (when there is a store): how many,
	// gaps, forks — a fork is the sign of a copied key
	chains := map[string]service.ChainInfo{}
	if dir, derr := a.dir(); derr == nil {
		if _, serr := os.Stat(filepath.Join(dir, store.FileName)); serr == nil {
			_ = store.With(dir, store.Options{ReadOnly: true}, func(s *store.Store) error {
				cs, err := service.Chains(s)
				for _, c := range cs {
					chains[c.KeyID] = c
				}
				return err
			})
		}
	}
	if asJSON {
		items := make([]trustItem, 0, len(keys))
		for _, k := range keys {
			it := trustItem{KeyID: k.KeyID, Role: k.RoleName(), Name: k.Name, AddedAt: k.AddedAt, Own: k.Device, Revoked: k.Revoked}
			if c, ok := chains[k.KeyID]; ok {
				it.Chain = &c
			}
			items = append(items, it)
		}
		b, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			return a.fail(exitFailure, "rueckgabe trust list: %v", err)
		}
		return a.writeJSON("", append(b, '\n'))
	}
	rows := [][]string{{"SCHLÜSSEL", "ROLLE", "NAME", "EINGETRAGEN", "WIDERRUFEN", "SIEGEL"}}
	for _, k := range keys {
		added := k.AddedAt
		if k.Device {
			added = "immer"
		}
		revoked := ""
		if r := k.Revoked; r != nil {
			revoked = "seit " + r.Since
			if r.Reason != "" {
				revoked += ": " + r.Reason
			}
		}
		rows = append(rows, []string{textsafe.Line(k.KeyID), textsafe.Line(k.RoleName()), textsafe.Line(k.Name), textsafe.Line(added), textsafe.Line(revoked), chainText(chains[k.KeyID])})
	}
	if err := writeTable(a.stdout, rows); err != nil {
		return err
	}
	for _, k := range keys {
		for _, l := range chains[k.KeyID].Lines() {
			a.say(a.stderr, "%s", textsafe.Line(l))
		}
	}
	return nil
}

func (a *app) trustRemove(keyID string) error {
	dir, err := a.dir()
	if err != nil {
		return err
	}
	var removed bool
	err = seal.UpdateTrust(dir, func(t *seal.Trust) error {
		var err error
		removed, err = t.Remove(keyID)
		if err == nil && !removed {
			err = seal.ErrNotTrusted
		}
		return err
	})
	switch {
	case errors.Is(err, seal.ErrOwnKey):
		return a.fail(exitInvalid, "%s: %v", textsafe.Line(keyID), err)
	case errors.Is(err, seal.ErrNotTrusted):
		return a.fail(exitInvalid, "%s: kein vertrauenswürdiger Schlüssel / not a trusted key (see 'rueckgabe trust list')", textsafe.Line(keyID))
	case err != nil:
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	a.say(a.stdout, "removed %s", keyID)
	return nil
}

// maxPublicKeyBytes bounds a public key file: a PEM block of 113 bytes and
// its comment lines, twice that as UTF-16; 64 KiB is plenty, and
// 'trust add /dev/zero' ends with "too large", not out of memory.
const maxPublicKeyBytes = 64 << 10

func (a *app) readPublicKey(file string) (ed25519.PublicKey, error) {
	var data []byte
	var err error
	if file == "-" { // rueckgabe key | rueckgabe trust add -
		data, err = io.ReadAll(io.LimitReader(a.stdin, maxPublicKeyBytes+1))
		if err == nil && len(data) > maxPublicKeyBytes {
			err = &textfile.TooLargeError{Path: file, Limit: maxPublicKeyBytes}
		}
		if err == nil {
			data, err = textfile.Decode(data)
		}
	} else {
		data, err = textfile.ReadFileLimited(file, maxPublicKeyBytes) // `rueckgabe key > geraet.pem` in PowerShell 5.1 is UTF-16
	}
	var large *textfile.TooLargeError
	if errors.As(err, &large) {
		return nil, a.fail(exitInvalid, "%s: zu groß für einen öffentlichen Schlüssel / too large for a public key (more than %d bytes; expected the output of 'rueckgabe key')", file, large.Limit)
	}
	if err != nil {
		return nil, a.fail(exitInvalid, "%s: %v", file, unwrapPath(err))
	}
	pub, err := seal.ParsePublicPEM(data)
	if err != nil {
		return nil, a.fail(exitInvalid, "%s: %v (expected the output of 'rueckgabe key')", file, err)
	}
	return pub, nil
}

// trustedKeys are the keys a bundle may be sealed with: the trust store of
// the data directory (with the device's own key, without revoked keys) and
// any --trust files. A --trust file cannot bring a revoked key back.
func (a *app) trustedKeys(files []string) ([]ed25519.PublicKey, error) {
	t, err := a.loadTrust()
	if err != nil {
		return nil, err
	}
	keys := t.Keys()
	for _, f := range files {
		k, err := a.readPublicKey(f)
		if err != nil {
			return nil, err
		}
		if tk, ok := t.Lookup(seal.KeyID(k)); ok && tk.Revoked != nil {
			return nil, a.fail(exitInvalid, "%s: key %s is revoked since %s; --trust does not bring it back", f, tk.KeyID, tk.Revoked.Since)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// chainText is a key's chain in one cell: "12", "12, 2 Lücken", "12, GABELUNG".
func chainText(c service.ChainInfo) string {
	out := fmt.Sprint(c.Seals)
	if c.Gaps > 0 {
		out += fmt.Sprintf(", %d Lücken", c.Gaps)
	}
	if len(c.Forks) > 0 {
		out += ", GABELUNG"
	}
	if len(c.TimeProblems) > 0 {
		out += ", ZEIT"
	}
	return out
}
