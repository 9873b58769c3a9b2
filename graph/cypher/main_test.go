//go:build linux || darwin

package cypher

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestMain holds the lock of the server at NEO4J_URI while the tests run.
// `go test ./...` runs the test binaries of several packages at once, and
// a Community server has one database: the tests of cmd/kg that load
// into it take the same lock, so they never load while these tests wipe
// and count.
func TestMain(m *testing.M) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		unlock, err := lockServer(uri)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		code := m.Run()
		unlock()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// lockServer waits for and takes the lock of the Neo4j server at uri, a
// file lock shared by the test binaries of kg (cmd/kg has the same
// function), and returns the function that releases it. The lock goes
// with the process, should it die.
func lockServer(uri string) (unlock func(), err error) {
	host := uri
	if u, err := url.Parse(uri); err == nil && u.Host != "" {
		host = u.Host
	}
	name := filepath.Join(os.TempDir(), "kg-neo4j-test-"+strings.NewReplacer(":", "_", "/", "_").Replace(host)+".lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, fmt.Errorf("lock Neo4j test server: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock Neo4j test server: %s: %w", name, err)
	}
	return func() { f.Close() }, nil
}
