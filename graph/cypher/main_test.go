//go:build linux || darwin

package cypher

import (
	"fmt"
	"os"
	"testing"

	"github.com/kg-dev/kg/internal/neo4jtest"
)

// TestMain holds the lock of the server at NEO4J_URI while the tests run.
// `go test ./...` runs the test binaries of several packages at once, and
// a Community server has one database: the tests of cmd/kg that load
// into it take the same lock, so they never load while these tests wipe
// and count.
func TestMain(m *testing.M) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		unlock, err := neo4jtest.Lock(uri)
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
