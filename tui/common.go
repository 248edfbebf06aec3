// Package tui is the inspector's terminal UI: the start list, master data,
// preconditions, the catalogue walkthrough with the finding editor, tyres,
// delivery scope and HU/AU, and the live summary. Every edit goes to the
// store in a tea.Cmd; Update itself does no I/O.
package tui

import (
	"time"

	"rueckgabe/catalog"
	"rueckgabe/service"
)

// Common is what every page needs: size, styles, keys and the environment.
// One value is shared by pointer, so a resize reaches every page at once.
type Common struct {
	Width, Height int
	Styles        Styles
	Keys          KeyMap
	Rules         *catalog.Rules
	Work          *service.Workspace // every store operation, called in tea.Cmds
	Dir           string             // store directory
	Inspector     string             // this device's inspector: audit entries and new protocols
	Dealership    string             // this device's dealership, printed on new protocols
	LastProfile   string             // the profile preselected for the next protocol
	LastPhotoDir  string             // the folder the photo picker opens in
	Now           func() time.Time   // signature and seal times

	// layingOut is true only while the root lays the screen out after an
	// update (layout): then, and only then, pages store what drawing decides
	// — scroll positions, the rectangles mouse clicks are tested against.
	// View itself changes nothing.
	layingOut bool
	// Colour is false with NO_COLOR: then nothing is drawn in colour, photo
	// previews included.
	Colour bool
	// jobs is the long work running off the UI loop, shown on every screen.
	jobs *jobs
	// pickerSeq numbers the photo pickers' folder reads (photoPicker.read).
	pickerSeq uint64
	// notice says on whatever screen is open how a job ended; the next key
	// clears it.
	notice string
}

// profile is the profile a new protocol gets unless the inspector picks
// another: the last one used, else the default.
func (c *Common) profile() *catalog.Rules {
	if r, err := c.Rules.Resolve(c.LastProfile); err == nil && c.LastProfile != "" {
		return r
	}
	return c.Rules
}

// device is this device's settings as they stand.
func (c *Common) device() service.Device {
	return service.Device{Inspector: c.Inspector, Dealership: c.Dealership, LastProfile: c.LastProfile, LastPhotoDir: c.LastPhotoDir}
}

// profiles are the profiles a new protocol can be created under.
func (c *Common) profiles() []*catalog.Rules {
	if reg := c.Rules.Registry(); reg != nil {
		return reg.Latest()
	}
	return []*catalog.Rules{c.Rules}
}

func (c *Common) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}
