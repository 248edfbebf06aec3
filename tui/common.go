// Package tui is the inspector's terminal UI: the start list, master data,
// preconditions, the catalogue walkthrough with the finding editor, tyres,
// delivery scope and HU/AU, and the live summary. Every edit goes to the
// store in a tea.Cmd; Update itself does no I/O.
package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

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
	// Device is this device's settings as stored (service.Device): the
	// inspector (audit entries, new protocols), the dealership, the profile
	// preselected for the next protocol, the photo picker's folder. The one
	// copy: changed here, then saved whole (saveDeviceCmd).
	Device service.Device
	Now    func() time.Time // signature and seal times
	// Hints are what is offered at the counter (catalog.Hints): the make
	// prefilled for a profile, the repair methods that fit a part.
	Hints *catalog.Hints

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
	// retryLater asks for a save of session sess to be tried again in a
	// moment (retrySaveMsg): the store was held by another window or a
	// command (a backup) — tests replace the timer, which would sleep
	retryLater func(sess uint64) tea.Cmd
	// pickerSeq numbers the photo pickers' folder reads (photoPicker.read).
	pickerSeq uint64
	// notice says on whatever screen is open how a job ended; the next key
	// clears it.
	notice string
}

// profile is the profile a new protocol gets unless the inspector picks
// another: the last one used, else the default.
func (c *Common) profile() *catalog.Rules {
	if r, err := c.Rules.Resolve(c.Device.LastProfile); err == nil && c.Device.LastProfile != "" {
		return r
	}
	return c.Rules
}

// device is this device's settings as they stand.
func (c *Common) device() service.Device { return c.Device }

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
