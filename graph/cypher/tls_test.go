//go:build unix

package cypher

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeOtherCA writes into dir a CA certificate that signed nothing the
// server has, and returns its file.
func writeOtherCA(t *testing.T, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "another CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "other-ca.crt")
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestTLS connects to a server of its own that takes TLS connections only,
// with a certificate for 127.0.0.1 and localhost signed by a CA of
// scripts/neo4j.sh: bolt+s:// and neo4j+s:// with that CA's file load a
// graph; without it, or with another CA, Open says that the certificate
// is not trusted; a CA file with a scheme that checks no certificate, or
// a file that is not one, is refused before connecting.
func TestTLS(t *testing.T) {
	t.Parallel() // on a server of its own, which takes a while to start
	srv := newScriptServer(t, "KG_NEO4J_TLS_PORT", 3, true)
	base := srv.config(t) // bolt+s://127.0.0.1:<port>, CAFile
	hostPort := base.URI[strings.Index(base.URI, "://")+3:]
	port := hostPort[strings.LastIndex(hostPort, ":"):]
	dir := t.TempDir()
	otherCA := writeOtherCA(t, dir)
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		uri     string
		caFile  string
		load    bool   // Open succeeds; load a graph
		want    error  // else Open's error matches it …
		wantMsg string // … and holds this
	}{
		{name: "bolt+s with the CA", uri: "bolt+s://" + hostPort, caFile: base.CAFile, load: true},
		{name: "neo4j+s by name with the CA", uri: "neo4j+s://localhost" + port, caFile: base.CAFile, load: true},
		{name: "bolt+ssc, no check", uri: "bolt+ssc://" + hostPort, load: true},
		{name: "bolt+s with the system's CAs", uri: "bolt+s://" + hostPort, want: ErrCertificate,
			wantMsg: "has a certificate that is not trusted: x509: certificate signed by unknown authority"},
		{name: "neo4j+s with another CA", uri: "neo4j+s://localhost" + port, caFile: otherCA, want: ErrCertificate,
			wantMsg: "has a certificate that is not trusted: x509: certificate signed by unknown authority"},
		{name: "bolt without TLS", uri: "bolt://" + hostPort, want: ErrUnavailable,
			wantMsg: "the server closed the connection (if it takes only TLS connections, use bolt+s:// or neo4j+s://)"},
		{name: "CA file with bolt", uri: "bolt://" + hostPort, caFile: base.CAFile,
			wantMsg: "a CA file is given but bolt:// checks no certificate; use bolt+s:// or neo4j+s://"},
		{name: "CA file with bolt+ssc", uri: "bolt+ssc://" + hostPort, caFile: base.CAFile,
			wantMsg: "a CA file is given but bolt+ssc:// checks no certificate"},
		{name: "no CA file", uri: "bolt+s://" + hostPort, caFile: filepath.Join(dir, "missing.crt"),
			wantMsg: "read CA file: open " + filepath.Join(dir, "missing.crt") + ": no such file or directory"},
		{name: "CA file not PEM", uri: "bolt+s://" + hostPort, caFile: notPEM,
			wantMsg: "CA file " + notPEM + " holds no PEM certificate"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.URI, cfg.CAFile = tt.uri, tt.caFile
			l, err := Open(ctx, cfg)
			if !tt.load {
				if err == nil {
					l.Close(ctx)
					t.Fatalf("Open(%s, CA file %q) succeeded", cfg.URI, cfg.CAFile)
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("Open(%s) = %q, want errors.Is %v", cfg.URI, err, tt.want)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), "Neo4j at "+cfg.URI) ||
					strings.Contains(err.Error(), "\n") {
					t.Errorf("Open(%s) = %q, want one line naming the URI and holding %q", cfg.URI, err, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close(ctx)
			wipe(t, l)
			if err := l.ApplySchema(ctx); err != nil {
				t.Fatal(err)
			}
			g := testGraph(t, 1)
			if _, err := l.Load(ctx, g); err != nil {
				t.Fatal(err)
			}
			labels, types, err := l.counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantLabels, wantTypes := wantCounts(g)
			if got, want := formatCounts(labels)+"; "+formatCounts(types),
				formatCounts(wantLabels)+"; "+formatCounts(wantTypes); got != want {
				t.Errorf("loaded over %s: %s\nwant %s", cfg.URI, got, want)
			}
		})
	}
}
