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
	Inspector     string             // name for audit entries
	Now           func() time.Time   // signature and seal times
}

func (c *Common) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}
