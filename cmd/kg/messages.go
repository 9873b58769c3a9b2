package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kg-dev/kg/extract/source"
	"github.com/kg-dev/kg/graph/build"
)

// interruptedError is a build stopped by Ctrl-C (SIGINT) or SIGTERM; its
// message says what the output folder holds. It unwraps to
// context.Canceled.
type interruptedError struct{ msg string }

func (e interruptedError) Error() string { return "interrupted; " + e.msg }

func (e interruptedError) Unwrap() error { return context.Canceled }

// checkPaths fails early, before any work, with one line for people when
// an input does not exist or the output folder cannot be written. It
// creates nothing: a build that fails leaves no output folder behind.
func checkPaths(cfg build.Config) error {
	for _, in := range cfg.Inputs {
		if _, err := os.Stat(in); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("input %s does not exist: give --input an existing folder or file", in)
		}
	}
	if cfg.Out == "" {
		return nil
	}
	// The nearest folder that exists is where the output folder, or the
	// folders above it, will be created.
	dir := cfg.Out
	info, err := os.Stat(dir)
	for err != nil && filepath.Dir(dir) != dir {
		dir = filepath.Dir(dir)
		info, err = os.Stat(dir)
	}
	cannot := func(why string) error {
		return fmt.Errorf("cannot write the output folder %s: %s; choose another --out", cfg.Out, why)
	}
	switch {
	case err != nil:
		return cannot(reason(err))
	case !info.IsDir():
		return cannot(dir + " is a file, not a folder")
	}
	f, err := os.CreateTemp(dir, ".kg-check-*")
	if err != nil {
		return cannot(fmt.Sprintf("%s is not writable (%s)", dir, reason(err)))
	}
	f.Close()
	return os.Remove(f.Name())
}

// buildError turns an error of build.Pipeline.Run into one line for people
// that says what to do.
func buildError(err error, cfg build.Config) error {
	var fe *source.FileError
	var le *os.LinkError
	switch {
	case errors.Is(err, context.Canceled):
		return interruptedError{outState(cfg.Out)}
	case errors.Is(err, build.ErrNoInput):
		return fmt.Errorf("no readable document in %s: give --input folders or files of text (.txt, .md, .html) in UTF-8, UTF-16 or GB18030",
			strings.Join(cfg.Inputs, ", "))
	case errors.As(err, &fe):
		return fmt.Errorf("cannot read input %v: remove or fix it, or leave out --strict to skip such files", fe)
	case errors.As(err, &le):
		return fmt.Errorf("cannot write %s: %v; move it away or choose another --out", le.New, le.Err)
	}
	return err
}

// outState says what the output folder out holds after an interrupted
// build.
func outState(out string) string {
	switch _, err := os.Stat(filepath.Join(out, "manifest.json")); {
	case out == "":
		return "nothing was written"
	case err == nil:
		return fmt.Sprintf("%s still holds the previous complete build", out)
	}
	return fmt.Sprintf("%s holds no complete build (no manifest.json); run kg build again", out)
}

// reason returns the reason of err without the path a *fs.PathError adds.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
