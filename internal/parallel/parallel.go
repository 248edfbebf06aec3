// Package parallel runs independent work on every core.
package parallel

import (
	"runtime"
	"sync"
)

// Each calls fn(0) … fn(n-1) on every core, in no particular order, and
// returns when all are done. fn must not touch what another call writes.
func Each(n int, fn func(int)) {
	workers := min(runtime.NumCPU(), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	next := make(chan int, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
