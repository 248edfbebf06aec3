package localtime

import (
	"testing"
	"time"
)

func TestZoneIsBerlinUnlessTZSaysOtherwise(t *testing.T) {
	at := time.Date(2024, 4, 3, 8, 15, 0, 0, time.UTC)
	for _, c := range []struct{ tz, want string }{
		{"", "03.04.2024 10:15 CEST"},
		{"UTC", "03.04.2024 08:15 UTC"},
		{"America/New_York", "03.04.2024 04:15 EDT"},
		{"Not/AZone", "03.04.2024 10:15 CEST"},
	} {
		if got := at.In(resolve(c.tz)).Format("02.01.2006 15:04 MST"); got != c.want {
			t.Errorf("TZ=%q: %s, want %s", c.tz, got, c.want)
		}
	}
}
