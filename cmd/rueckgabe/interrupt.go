package main

import (
	"os"
	"os/signal"
	"sync"

	"rueckgabe/internal/progress"
)

// exitInterrupted is what a shell reports for a command ended by ctrl+c.
const exitInterrupted = 130

// interruptible: while a live line is shown, ctrl+c replaces it by one
// saying how far the job came and that running it again is safe, then ends
// the program as ctrl+c always did (what is complete is marked; the store is
// crash-safe). Without a live line (a pipe, NO_COLOR, TERM=dumb) nothing
// changes.
func interruptible(r progress.Reporter) progress.Reporter {
	t, ok := r.(*progress.Term)
	if !ok {
		return r
	}
	sig := make(chan os.Signal, 1)
	stop := make(chan struct{})
	signal.Notify(sig, os.Interrupt)
	go func() {
		select {
		case <-sig:
			t.Interrupt()
			os.Exit(exitInterrupted)
		case <-stop:
		}
	}()
	return &watched{Term: t, stop: func() { signal.Stop(sig); close(stop) }}
}

// watched is a terminal Reporter that stops listening for ctrl+c at Done.
type watched struct {
	*progress.Term
	once sync.Once
	stop func()
}

func (w *watched) Done() {
	w.Term.Done()
	w.once.Do(w.stop)
}
