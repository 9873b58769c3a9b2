//go:build linux || darwin

// Package neo4jtest holds what kg's test binaries share about the Neo4j
// server they test against.
package neo4jtest

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Lock waits for and takes the lock of the Neo4j server at uri, a file
// lock shared by the test binaries of kg, and returns the function that
// releases it. A Community server has one database, and `go test ./...`
// runs packages at once. The lock goes with the process, should it die.
func Lock(uri string) (unlock func(), err error) {
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
