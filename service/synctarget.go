package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"rueckgabe/bucket"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/textfile"
)

// The sync target: where this device's sync uploads, remembered in the
// data directory (rueckgabe sync --to … --endpoint …, docs/sync.md).

// SyncFile remembers in the data directory where sync uploads (docs/sync.md);
// credentials are never written, here or anywhere.
const SyncFile = "sync.json"

// SyncConfig is where protocols go: s3://BUCKET/PREFIX and the endpoint.
type SyncConfig struct {
	To       string `json:"to"`
	Endpoint string `json:"endpoint,omitempty"`
}

// LoadSyncConfig reads the remembered target; none is not an error.
func LoadSyncConfig(dir string) (SyncConfig, error) {
	var c SyncConfig
	b, err := textfile.ReadFile(filepath.Join(dir, SyncFile))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s is damaged (%v): give --to again", SyncFile, err)
	}
	return c, nil
}

// SaveSyncConfig remembers the target (atomically, 0600).
func SaveSyncConfig(dir string, c SyncConfig) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, SyncFile), append(b, '\n'))
}

// OpenSyncTarget opens the object store of a target.
func OpenSyncTarget(cfg SyncConfig) (*bucket.Client, error) {
	if cfg.To == "" {
		return nil, ErrNoSyncTarget
	}
	loc, err := bucket.ParseLocation(cfg.To)
	if err != nil {
		return nil, err
	}
	return bucket.Open(cfg.Endpoint, loc)
}
