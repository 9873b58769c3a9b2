package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// bar is a progress bar on a terminal, or nothing.
type bar struct {
	pb *progressbar.ProgressBar // nil: draw nothing
	w  io.Writer
}

// progress returns a progress bar of what on stderr. With quiet, or when
// stderr is not a terminal, it draws nothing, so that no bar ever goes
// into a pipe, a file or a CI log.
func progress(stderr io.Writer, quiet bool, what string) *bar {
	if quiet || !isTerminal(stderr) {
		return &bar{w: stderr}
	}
	return newBar(stderr, what)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newBar returns a bar of what drawn on w.
func newBar(w io.Writer, what string) *bar {
	return &bar{w: w, pb: progressbar.NewOptions(1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// Update returns the callback for build.Config.Progress and
// cypher.Config.Progress, which is nil when b draws nothing. The callback
// must not be called concurrently (build and cypher call it from one
// goroutine at a time).
func (b *bar) Update() func(done, total int) {
	if b.pb == nil {
		return nil
	}
	return func(done, total int) {
		if total <= 0 {
			return
		}
		if b.pb.GetMax() != total {
			b.pb.ChangeMax(total)
		}
		b.pb.Set(done)
	}
}

// Write writes p, a line for the terminal, after removing the bar, which
// the next update draws again.
func (b *bar) Write(p []byte) (int, error) {
	if b.pb != nil {
		b.pb.Clear()
	}
	return b.w.Write(p)
}

// Finish removes the bar, if the work ended before it was full, so that
// what follows starts on a clean line.
func (b *bar) Finish() {
	if b.pb != nil && !b.pb.IsFinished() {
		b.pb.Clear()
	}
}
