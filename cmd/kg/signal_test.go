package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// hangBound is how long kg may take to exit after SIGINT or SIGTERM before
// the test calls it a hang. It bounds a hang, not speed: kg normally exits
// well within a second.
const hangBound = 10 * time.Second

// buildKG builds the kg binary into dir and returns its path.
func buildKG(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "kg")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterrupt runs the kg binary on a corpus that takes many seconds to
// build, sends it SIGINT or SIGTERM, and checks that it exits with 130
// soon after, says so on one line, and leaves the output folder with
// either the previous complete build, untouched, or no manifest.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	if testing.Short() {
		t.Skip("builds the kg binary and a corpus of 5000 documents")
	}
	tmp := t.TempDir()
	bin := buildKG(t, tmp)

	// The seeds 1000 times over: 5000 documents, some 20 s of CPU.
	corpus := filepath.Join(tmp, "corpus")
	seeds, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds (%v)", err)
	}
	files := map[string][]byte{}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 1000; i++ {
			files[fmt.Sprintf("%03d/%s", i, filepath.Base(s))] = data
		}
	}
	writeInput(t, corpus, files)

	tests := []struct {
		name     string
		sig      os.Signal
		previous bool // the output folder holds a complete build first
		want     string
	}{
		{"SIGINT over a previous build", os.Interrupt, true, "still holds the previous complete build"},
		{"SIGTERM into a new folder", syscall.SIGTERM, false, "holds no complete build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if tt.previous {
				cmd := exec.Command(bin, "build", "-q", "--input", filepath.Join("..", "..", "seeds"), "--out", out)
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("previous build: %v\n%s", err, msg)
				}
			}
			before := snapshot(t, out)

			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, "build", "--input", corpus, "--out", out)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				t.Fatalf("kg build of 5000 documents ended before the signal (%v); make the corpus bigger\nstderr: %s", err, stderr.String())
			case <-time.After(1500 * time.Millisecond):
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-done:
			case <-time.After(hangBound):
				cmd.Process.Kill()
				<-done
				t.Fatalf("kg still running %v after %v; stderr: %s", hangBound, tt.sig, stderr.String())
			}
			t.Logf("exited %v after %v", time.Since(sent).Round(time.Millisecond), tt.sig)

			if code := cmd.ProcessState.ExitCode(); code != exitCancel {
				t.Errorf("exit code %d, want %d; stderr: %s", code, exitCancel, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			checkStderr(t, stderr.String(), [][]string{{"interrupted", out, tt.want}})
			m := checkOut(t, out)
			switch {
			case tt.previous && m == nil:
				t.Error("the previous build's manifest is gone")
			case tt.previous && !sameFiles(snapshot(t, out), before):
				t.Error("the previous build's files changed")
			case !tt.previous && m != nil:
				t.Error("an interrupted build wrote a manifest")
			}
		})
	}
}
