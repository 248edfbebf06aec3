// Package parallel runs independent work on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(0) … fn(n-1) on every core, in no particular order, and
// returns when all are done. fn must not touch what another call writes.
//
// The calling goroutine is one of the workers; each takes the next index
// from a shared counter as it is done. (Handing each index over a channel
// cost a wake-up per item: for items of a few microseconds — a record's
// envelope, a report line — the work ran on about one core.)
func Each(n int, fn func(int)) {
	workers := min(runtime.NumCPU(), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			fn(i)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}
