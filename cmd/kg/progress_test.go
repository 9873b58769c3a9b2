//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY returns a new pseudo-terminal: the side a program writes to, as
// it would to a terminal, and the side that reads what it wrote.
func openPTY(t *testing.T) (tty, reader *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: unlock: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return s, m
}

// drain reads r until it fails and returns what it read.
func drain(r io.Reader) <-chan string {
	ch := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, r) // a closed terminal ends with EIO
		ch <- b.String()
	}()
	return ch
}

// TestProgressBar runs kg build on the seeds with stderr on a terminal,
// a pipe, and a terminal with --quiet: only the first shows a bar.
func TestProgressBar(t *testing.T) {
	tests := []struct {
		name    string
		tty     bool
		quiet   bool
		wantBar bool
	}{
		{"terminal", true, false, true},
		{"terminal, quiet", true, true, false},
		{"pipe", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr, reader *os.File
			if tt.tty {
				stderr, reader = openPTY(t)
			} else {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				stderr, reader = w, r
				t.Cleanup(func() { r.Close() })
			}
			got := drain(reader)
			args := []string{"kg", "build", "--input", "../../seeds", "--out", filepath.Join(t.TempDir(), "out")}
			if tt.quiet {
				args = append(args, "--quiet")
			}
			var stdout bytes.Buffer
			code := run(context.Background(), args, &stdout, stderr)
			stderr.Close()
			if code != exitOK {
				t.Fatalf("exit code %d", code)
			}
			out := <-got
			if bar := strings.Contains(out, "documents") && strings.Contains(out, "/5)"); bar != tt.wantBar {
				t.Errorf("stderr %q: bar %v, want %v", out, bar, tt.wantBar)
			}
			if !tt.wantBar && out != "" {
				t.Errorf("stderr %q, want nothing", out)
			}
			if tt.wantBar && !strings.HasSuffix(strings.TrimRight(out, " "), "\r") {
				t.Errorf("stderr %q: the bar is not cleared at the end", out)
			}
		})
	}
}

// TestBarWrite checks that a line written through a bar, such as a
// warning, comes after the bar is removed.
func TestBarWrite(t *testing.T) {
	var b bytes.Buffer
	bar := newBar(&b, "documents")
	update := bar.Update()
	update(1, 3)
	fmt.Fprintln(bar, "kg: skipped x.bin: binary")
	update(2, 3)
	bar.Finish()
	out := b.String()
	i := strings.Index(out, "kg: skipped x.bin: binary\n")
	if i < 0 || !strings.Contains(out[:i], "/3)") || !strings.HasSuffix(out[:i], "\r") {
		t.Errorf("output %q: want the bar, then a blank line, then the warning", out)
	}
	if !strings.HasSuffix(strings.TrimRight(out, " "), "\r") {
		t.Errorf("output %q: Finish left the bar", out)
	}
	if progress(&b, false, "x").Update() != nil {
		t.Error("a bar on a bytes.Buffer, which is no terminal")
	}
}
