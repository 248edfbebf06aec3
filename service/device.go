package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/textfile"
)

// DeviceFile holds this device's settings in the data directory.
const DeviceFile = "device.json"

// legacyConfig is the settings file before device.json; its inspector is
// taken over once.
const legacyConfig = "config.json"

// Device is who inspects with this device and where (issue 9 §7): set once,
// editable, carried into each new protocol. Never the OS user name.
type Device struct {
	Inspector   string `json:"inspector"`
	Dealership  string `json:"dealership"`
	LastProfile string `json:"last_profile,omitempty"` // preselected for the next protocol
	// LastPhotoDir is the folder photos were last attached from: the photo
	// picker opens there (the camera card, the phone's synced folder).
	LastPhotoDir string `json:"last_photo_dir,omitempty"`
}

// Complete reports whether the inspector is named: the TUI asks until it is.
func (d Device) Complete() bool { return strings.TrimSpace(d.Inspector) != "" }

// By is the name an audit entry records.
func (d Device) By() string {
	if d.Complete() {
		return d.Inspector
	}
	return "unbekannt (kein Prüfer eingerichtet)"
}

// LoadDevice reads the device settings; a missing file is not an error (the
// first start asks). RUECKGABE_INSPECTOR names the inspector when the file
// does not, for scripted use.
func LoadDevice(dir string) (Device, error) {
	var d Device
	b, err := textfile.ReadFile(filepath.Join(dir, DeviceFile)) // edited by hand in Notepad, perhaps
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if old, err := os.ReadFile(filepath.Join(dir, legacyConfig)); err == nil {
			_ = json.Unmarshal(old, &d) // only its inspector; a broken old file counts as none
		}
	case err != nil:
		return d, fmt.Errorf("read %s: %w", DeviceFile, err)
	default:
		if err := json.Unmarshal(b, &d); err != nil {
			return Device{}, fmt.Errorf("%s is damaged (%v); set the inspector again with rueckgabe device --inspector NAME", DeviceFile, err)
		}
	}
	if d.Inspector == "" {
		d.Inspector = os.Getenv("RUECKGABE_INSPECTOR")
	}
	return d, nil
}

// SaveDevice writes the settings atomically (0600: names are personal data).
func SaveDevice(dir string, d Device) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, DeviceFile), append(b, '\n'))
}
