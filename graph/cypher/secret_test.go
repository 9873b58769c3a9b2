package cypher

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestSecretNotInErrors opens Neo4j with a password that it refuses, or
// that is in the URI, and checks that no error gives the password away:
// the URI in messages has it replaced by xxxxx.
func TestSecretNotInErrors(t *testing.T) {
	const secret = "s3cret-Pw-kg-9d1e"
	cfg := testConfig(t)
	host := cfg.URI[strings.Index(cfg.URI, "://")+3:]
	tests := []struct {
		name    string
		cfg     func(c Config) Config
		want    error  // nil: any error
		wantMsg string // in the message
	}{
		{"wrong password", func(c Config) Config { c.Password = secret; return c },
			ErrAuth, "Neo4j at bolt://" + host + " refused the username or password"},
		{"wrong password, unreachable", func(c Config) Config {
			c.URI, c.Password = "bolt://127.0.0.1:1", secret
			return c
		}, ErrUnavailable, "cannot reach Neo4j at bolt://127.0.0.1:1"},
		{"password in the URI", func(c Config) Config { c.URI = "bolt://neo4j:" + secret + "@" + host; return c },
			nil, "open Neo4j at bolt://neo4j:xxxxx@" + host + ": the URI holds a password; give it apart from the URI"},
		{"password in a routing URI", func(c Config) Config { c.URI = "neo4j+s://neo4j:" + secret + "@" + host; return c },
			nil, "open Neo4j at neo4j+s://neo4j:xxxxx@" + host + ": the URI holds a password"},
		{"password in a URI that does not parse", func(c Config) Config {
			c.URI = "bolt://neo4j:" + secret + "@" + host + ":port"
			return c
		}, nil, `open Neo4j: "bolt://xxxxx@` + host + `:port" is not a URI`},
		{"password in a URI without scheme", func(c Config) Config { c.URI = "neo4j:" + secret + "@%zz"; return c },
			nil, `open Neo4j: "xxxxx@%zz" is not a URI`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c := tt.cfg(cfg)
			l, err := Open(ctx, c)
			if err == nil {
				l.Close(ctx)
				t.Fatal("Open succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Open = %q, want errors.Is %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Open = %q, want it to hold %q", err, tt.wantMsg)
			}
			if all := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(all, secret) {
				t.Errorf("Open = %q, which gives the password away", all)
			}
		})
	}
}
