package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/internal/textfile"
	"rueckgabe/seal"
	"rueckgabe/textsafe"

	"rueckgabe/service"
)

func (a *app) trustCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust",
		Short: "Vertrauensliste: welche Geräteschlüssel versiegeln dürfen (add, list, remove)",
		Long: `trust verwaltet die Vertrauensliste im Datenverzeichnis (trusted-keys.json). verify und
import nehmen ein Bündel nur an, wenn seine Signatur gültig ist und sein Schlüssel hier steht
(oder mit --trust angegeben ist). Der eigene Geräteschlüssel gilt immer.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.trustList() },
	}
	var name string
	add := &cobra.Command{
		Use:   "add KEY.pem",
		Short: "öffentlichen Schlüssel eines Geräts als vertrauenswürdig eintragen (Ausgabe von 'rueckgabe key')",
		Args:  cobra.ExactArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return a.trustAdd(args[0], name) },
	}
	add.Flags().StringVar(&name, "name", "", `wem der Schlüssel gehört, z. B. "Autohaus Nord, Gerät 3"`)
	list := &cobra.Command{
		Use:   "list",
		Short: "vertrauenswürdige Schlüssel auflisten",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.trustList() },
	}
	remove := &cobra.Command{
		Use:   "remove KEYID",
		Short: "einem Schlüssel nicht mehr vertrauen (bereits gespeicherte Siegel bleiben)",
		Args:  cobra.ExactArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return a.trustRemove(args[0]) },
	}
	cmd.AddCommand(add, list, remove)
	return cmd
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
	return t, nil
}

func (a *app) trustAdd(file, name string) error {
	pub, err := a.readPublicKey(file)
	if err != nil {
		return err
	}
	t, err := a.loadTrust()
	if err != nil {
		return err
	}
	k, added := t.Add(pub, name, time.Now())
	if err := t.Save(); err != nil {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if !added {
		a.say(a.stdout, "already trusted %s%s", k.KeyID, nameSuffix(k.Name))
		return nil
	}
	a.say(a.stdout, "trusted %s%s", k.KeyID, nameSuffix(k.Name))
	return nil
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

func (a *app) trustList() error {
	t, err := a.loadTrust()
	if err != nil {
		return err
	}
	keys := t.List()
	if len(keys) == 0 {
		a.say(a.stdout, "Keine vertrauenswürdigen Schlüssel; dieses Gerät hat noch keinen Schlüssel (rueckgabe key). / No trusted keys.")
		return nil
	}
	rows := [][]string{{"SCHLÜSSEL", "NAME", "EINGETRAGEN"}}
	for _, k := range keys {
		added := k.AddedAt
		if k.Device {
			added = "immer"
		}
		rows = append(rows, []string{textsafe.Line(k.KeyID), textsafe.Line(k.Name), textsafe.Line(added)})
	}
	return writeTable(a.stdout, rows)
}

func (a *app) trustRemove(keyID string) error {
	t, err := a.loadTrust()
	if err != nil {
		return err
	}
	removed, err := t.Remove(keyID)
	if errors.Is(err, seal.ErrOwnKey) {
		return a.fail(exitInvalid, "%s: %v", keyID, err)
	}
	if !removed {
		return a.fail(exitInvalid, "%s: kein vertrauenswürdiger Schlüssel / not a trusted key (see 'rueckgabe trust list')", keyID)
	}
	if err := t.Save(); err != nil {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	a.say(a.stdout, "removed %s", keyID)
	return nil
}

func (a *app) readPublicKey(file string) (ed25519.PublicKey, error) {
	data, err := textfile.ReadFile(file) // `rueckgabe key > geraet.pem` in PowerShell 5.1 is UTF-16
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
// the data directory (with the device's own key) and any --trust files.
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
		keys = append(keys, k)
	}
	return keys, nil
}

// verifyError words why a bundle was refused; an untrusted key gets the
// command that would trust it.
func verifyError(name string, err error) string {
	var untrusted *seal.UntrustedError
	if errors.As(err, &untrusted) {
		return fmt.Sprintf("%s: NOT TRUSTED: validly signed by key %s, which is not trusted here; if it is one of your devices, "+
			"trust it with 'rueckgabe trust add KEY.pem --name \"…\"' (KEY.pem from 'rueckgabe key' on that device)", name, untrusted.KeyID)
	}
	return fmt.Sprintf("%s: NOT VALID: %v", name, err)
}
