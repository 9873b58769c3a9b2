//go:build linux || darwin

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecretNeverPrinted gives kg a password that the server refuses, by
// each of the ways kg takes one, and a URI with a password in it: the
// password appears in no output, and the error is one line.
func TestSecretNeverPrinted(t *testing.T) {
	const secret = "s3cret-Pw-kg-4b7a"
	uri, user, _ := server(t)
	host := uri[strings.Index(uri, "://")+3:]
	file := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  string // NEO4J_PASSWORD
		args []string
		code int
		want string // in stderr's line
	}{
		{"flag", "", []string{"--neo4j-uri", uri, "--neo4j-user", user, "--neo4j-password", secret},
			exitFailure, "refused the username or password"},
		{"environment", secret, []string{"--neo4j-uri", uri, "--neo4j-user", user},
			exitFailure, "refused the username or password"},
		{"file", "", []string{"--neo4j-uri", uri, "--neo4j-user", user, "--neo4j-password-file", file},
			exitFailure, "refused the username or password"},
		{"in the URI", "", []string{"--neo4j-uri", "bolt://" + user + ":" + secret + "@" + host},
			exitUsage, "--neo4j-uri holds a password: give it with NEO4J_PASSWORD or --neo4j-password-file instead"},
		{"in a URI that does not parse", "", []string{"--neo4j-uri", "bolt://" + user + ":" + secret + "@" + host + ":x"},
			exitFailure, "bolt://xxxxx@" + host + ":x"},
		{"unreachable", secret, []string{"--neo4j-uri", "neo4j://127.0.0.1:1"},
			exitFailure, "cannot reach Neo4j at neo4j://127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NEO4J_PASSWORD", tt.env)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, append([]string{"kg", "schema", "apply"}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d", code, tt.code)
			}
			if strings.Contains(stdout.String()+stderr.String(), secret) {
				t.Errorf("the output gives the password away: stdout %q, stderr %q", stdout.String(), stderr.String())
			}
			got := lines(stderr.String())
			if len(got) != 1 || !strings.HasPrefix(got[0], "kg: ") || !strings.Contains(got[0], tt.want) {
				t.Errorf("stderr %q, want one line starting kg: and holding %q", stderr.String(), tt.want)
			}
		})
	}
}

// TestNeo4jConnectionFlags checks what the TLS and timeout flags turn
// into, and the mistakes they refuse.
func TestNeo4jConnectionFlags(t *testing.T) {
	tests := []struct {
		name    string
		env     string // NEO4J_CA_FILE
		args    []string
		caFile  string
		timeout time.Duration
		code    int
		stderr  string // in stderr's one line, if the code is not 0
	}{
		{name: "defaults", args: []string{"--neo4j-uri", "bolt+s://db.example:7687"}, timeout: 2 * time.Minute},
		{name: "flags", args: []string{"--neo4j-uri", "neo4j+s://db.example", "--neo4j-ca-file", "ca.pem", "--neo4j-timeout", "45s"},
			caFile: "ca.pem", timeout: 45 * time.Second},
		{name: "environment", env: "/etc/kg/ca.pem", args: []string{"--neo4j-uri", "bolt+s://db.example:7687"},
			caFile: "/etc/kg/ca.pem", timeout: 2 * time.Minute},
		{name: "zero timeout", args: []string{"--neo4j-uri", "bolt://h", "--neo4j-timeout", "0s"},
			code: exitUsage, stderr: "--neo4j-timeout must be more than 0"},
		{name: "timeout without unit", args: []string{"--neo4j-uri", "bolt://h", "--neo4j-timeout", "30"},
			code: exitUsage, stderr: "neo4j-timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NEO4J_CA_FILE", tt.env)
			rec := &recorder{}
			var stdout, stderr bytes.Buffer
			code := runWith(context.Background(), append([]string{"kg", "build"}, tt.args...), &stdout, &stderr, rec.runners())
			if code != tt.code {
				t.Fatalf("exit code %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if tt.code != exitOK {
				if got := lines(stderr.String()); len(got) != 1 || !strings.Contains(got[0], tt.stderr) {
					t.Errorf("stderr %q, want one line holding %q", stderr.String(), tt.stderr)
				}
				return
			}
			if len(rec.builds) != 1 || rec.builds[0].Neo4j == nil {
				t.Fatalf("builds %+v, want one with Neo4j", rec.builds)
			}
			if nc := rec.builds[0].Neo4j; nc.CAFile != tt.caFile || nc.Timeout != tt.timeout {
				t.Errorf("CAFile %q, Timeout %v; want %q, %v", nc.CAFile, nc.Timeout, tt.caFile, tt.timeout)
			}
		})
	}
}
