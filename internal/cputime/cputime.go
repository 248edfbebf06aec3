// Package cputime reads the CPU time this process has used (user + system),
// for benchmarks on a machine shared with other work: there wall time
// measures the neighbours too, CPU time mostly what was done.
package cputime

import "time"

// Meter measures from its start.
type Meter struct {
	wall time.Time
	cpu  time.Duration
}

// Start starts a meter.
func Start() Meter { return Meter{wall: time.Now(), cpu: Used()} }

// Stop is the wall and CPU time since the start (CPU 0 where the platform
// does not say).
func (m Meter) Stop() (wall, cpu time.Duration) {
	return time.Since(m.wall), Used() - m.cpu
}
