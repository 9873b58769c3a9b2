package cypher

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestOpenErrors(t *testing.T) {
	const password = "wrong-Passw0rd-kg-7f3a"
	tests := []struct {
		name    string
		server  bool                // needs the test server
		cfg     func(Config) Config // changes the test server's config
		want    error
		wantMsg string // the message contains it; %s is the URI
	}{
		{
			name: "unreachable",
			cfg: func(Config) Config {
				return Config{URI: "bolt://127.0.0.1:1", Username: "neo4j", Password: password}
			},
			want:    ErrUnavailable,
			wantMsg: "cannot reach Neo4j at %s: connection refused",
		},
		{
			name: "unreachable routing",
			cfg: func(Config) Config {
				return Config{URI: "neo4j://127.0.0.1:1", Username: "neo4j", Password: password}
			},
			want:    ErrUnavailable,
			wantMsg: "cannot reach Neo4j at %s",
		},
		{
			name: "no such host",
			cfg: func(Config) Config {
				return Config{URI: "bolt://no-such-host.invalid:7687", Username: "neo4j", Password: password}
			},
			want:    ErrUnavailable,
			wantMsg: "cannot reach Neo4j at %s: cannot resolve no-such-host.invalid",
		},
		{
			name:    "wrong password",
			server:  true,
			cfg:     func(c Config) Config { c.Password = password; return c },
			want:    ErrAuth,
			wantMsg: "Neo4j at %s refused the username or password",
		},
		{
			name:    "no such database",
			server:  true,
			cfg:     func(c Config) Config { c.Database = "nosuchdb"; return c },
			want:    ErrDatabase,
			wantMsg: `Neo4j at %s has no database "nosuchdb"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg Config
			if tt.server {
				cfg = testConfig(t)
			}
			cfg = tt.cfg(cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			l, err := Open(ctx, cfg)
			if err == nil {
				l.Close(ctx)
				t.Fatalf("Open(%s) succeeded, want %v", cfg.URI, tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Open(%s) = %v, want errors.Is %v", cfg.URI, err, tt.want)
			}
			if msg := fmt.Sprintf(tt.wantMsg, cfg.URI); !strings.Contains(err.Error(), msg) {
				t.Errorf("Open(%s) = %q, want it to contain %q", cfg.URI, err, msg)
			}
			if strings.Contains(err.Error(), password) || strings.Contains(fmt.Sprintf("%+v", err), password) {
				t.Errorf("Open(%s) = %q, which gives the password away", cfg.URI, err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Open(%s) took %v to fail", cfg.URI, d)
			}
		})
	}
}

func TestOpenURISchemes(t *testing.T) {
	cfg := testConfig(t)
	host := cfg.URI[strings.Index(cfg.URI, "://"):]
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			cfg.URI = scheme + host
			ctx := context.Background()
			l, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Close(ctx); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestApplySchema(t *testing.T) {
	l := openTest(t) // applies the schema once
	ctx := context.Background()
	if err := l.ApplySchema(ctx); err != nil {
		t.Fatalf("second ApplySchema: %v", err)
	}

	constraints := map[string]string{}
	for _, r := range query(t, l, "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties", nil) {
		constraints[r[0].(string)] = fmt.Sprint(r[1:])
	}
	indexes := map[string]string{}
	for _, r := range query(t, l, "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, options", nil) {
		opts, _ := r[5].(map[string]any)
		cfg, _ := opts["indexConfig"].(map[string]any)
		indexes[r[0].(string)] = fmt.Sprint(r[1:5], " analyzer=", cfg["fulltext.analyzer"])
	}
	tests := []struct {
		name string
		in   map[string]string
		want string
	}{
		{"document_id", constraints, "[UNIQUENESS [Document] [id]]"},
		{"paragraph_id", constraints, "[UNIQUENESS [Paragraph] [id]]"},
		{"person_id", constraints, "[UNIQUENESS [Person] [id]]"},
		{"organisation_id", constraints, "[UNIQUENESS [Organisation] [id]]"},
		{"programme_id", constraints, "[UNIQUENESS [Programme] [id]]"},
		{"place_id", constraints, "[UNIQUENESS [Place] [id]]"},
		{"document_doc", indexes, "[RANGE [Document] [doc] ONLINE] analyzer=<nil>"},
		{"person_name", indexes, "[RANGE [Person] [name] ONLINE] analyzer=<nil>"},
		{"organisation_name", indexes, "[RANGE [Organisation] [name] ONLINE] analyzer=<nil>"},
		{"programme_name", indexes, "[RANGE [Programme] [name] ONLINE] analyzer=<nil>"},
		{"place_name", indexes, "[RANGE [Place] [name] ONLINE] analyzer=<nil>"},
		{"entity_names", indexes,
			"[FULLTEXT [Person Organisation Programme Place] [name aliases_text] ONLINE] analyzer=cjk"},
	}
	for _, tt := range tests {
		if got := tt.in[tt.name]; got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
	if len(constraints) != 6 {
		t.Errorf("%d constraints, want 6: %v", len(constraints), constraints)
	}
}
