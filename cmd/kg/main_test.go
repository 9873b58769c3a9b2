package main

import (
	"os"
	"testing"
)

// TestMain keeps these tests from loading into a Neo4j that the
// environment names (scripts/test.sh exports NEO4J_URI for other packages).
func TestMain(m *testing.M) {
	for _, v := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}
