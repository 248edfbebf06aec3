// Package localtime is the zone times are shown in, on screen and in the PDF:
// Europe/Berlin unless the TZ environment variable names another. Times are
// stored as RFC 3339 with their offset; only display converts.
package localtime

import (
	"os"
	"sync"
	"time"

	_ "time/tzdata" // Europe/Berlin must resolve on machines without a zoneinfo database
)

// Default is the zone of a German dealership.
const Default = "Europe/Berlin"

var (
	mu     sync.Mutex
	zoneTZ string
	zone   *time.Location
)

// Zone is the display zone: $TZ when set (and valid), else Europe/Berlin.
// It is resolved again only when $TZ changes.
func Zone() *time.Location {
	tz := os.Getenv("TZ")
	mu.Lock()
	defer mu.Unlock()
	if zone == nil || tz != zoneTZ {
		zone, zoneTZ = resolve(tz), tz
	}
	return zone
}

func resolve(tz string) *time.Location {
	if tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	loc, err := time.LoadLocation(Default)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Format shows t in the display zone as "02.01.2006 15:04 MEZ"-style text.
func Format(t time.Time) string {
	return t.In(Zone()).Format("02.01.2006 15:04 MST")
}
