package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/cypher"
	"github.com/kg-dev/kg/schema"
)

// neo4jFlags are the connection flags of every command that talks to Neo4j.
func neo4jFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "neo4j-uri", EnvVars: []string{"NEO4J_URI"}, Usage: "Neo4j to load into: bolt://, neo4j://, bolt+s://, neo4j+s:// (none: files only)"},
		&cli.StringFlag{Name: "neo4j-user", EnvVars: []string{"NEO4J_USERNAME"}, Value: "neo4j", Usage: "Neo4j user"},
		&cli.StringFlag{Name: "neo4j-password", EnvVars: []string{"NEO4J_PASSWORD"}, Usage: "Neo4j password (prefer the environment variable or --neo4j-password-file)"},
		&cli.StringFlag{Name: "neo4j-password-file", Usage: "read the Neo4j password from this file"},
		&cli.StringFlag{Name: "neo4j-ca-file", EnvVars: []string{"NEO4J_CA_FILE"}, Usage: "PEM file of the CAs that bolt+s:// and neo4j+s:// trust (default: the system's)"},
		&cli.DurationFlag{Name: "neo4j-timeout", Value: cypher.DefaultTimeout, Usage: "give up on a Neo4j transaction that has not finished after this long"},
		&cli.StringFlag{Name: "database", EnvVars: []string{"NEO4J_DATABASE"}, Usage: "Neo4j database (default: the server's default)"},
		&cli.IntFlag{Name: "batch-size", Value: cypher.DefaultBatchSize, Usage: "rows per Neo4j transaction"},
	}
}

// neo4jConfig turns the flags into a loader config; ok is false when no
// URI was given.
func neo4jConfig(c *cli.Context) (cfg cypher.Config, ok bool, err error) {
	cfg = cypher.Config{URI: c.String("neo4j-uri"), Username: c.String("neo4j-user"),
		Password: c.String("neo4j-password"), Database: c.String("database"), BatchSize: c.Int("batch-size"),
		CAFile: c.String("neo4j-ca-file"), Timeout: c.Duration("neo4j-timeout")}
	if u, err := url.Parse(cfg.URI); err == nil {
		if _, ok := u.User.Password(); ok {
			return cfg, false, usageError{"--neo4j-uri holds a password: give it with NEO4J_PASSWORD or --neo4j-password-file instead"}
		}
	}
	if f := c.String("neo4j-password-file"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return cfg, false, usageError{fmt.Sprintf("cannot read --neo4j-password-file: %v", err)}
		}
		cfg.Password = strings.TrimRight(string(b), "\r\n")
	}
	if cfg.BatchSize <= 0 {
		return cfg, false, usageError{"--batch-size must be 1 or more"}
	}
	if cfg.Timeout <= 0 {
		return cfg, false, usageError{"--neo4j-timeout must be more than 0, such as 30s or 5m"}
	}
	return cfg, cfg.URI != "", nil
}

// neo4jError adds what to do to the loader's errors.
func neo4jError(err error, uri string) error {
	switch {
	case errors.Is(err, cypher.ErrUnavailable) && errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%v; check that it runs and is not overloaded, or allow more with --neo4j-timeout", err)
	case errors.Is(err, cypher.ErrUnavailable):
		return fmt.Errorf("%v; start Neo4j (docker compose up -d) or fix --neo4j-uri", err)
	case errors.Is(err, cypher.ErrCertificate):
		return fmt.Errorf("%v; give the CA that signed it with --neo4j-ca-file or NEO4J_CA_FILE", err)
	case errors.Is(err, cypher.ErrAuth):
		return fmt.Errorf("%v; check --neo4j-user and NEO4J_PASSWORD", err)
	case errors.Is(err, cypher.ErrDatabase):
		return fmt.Errorf("%v; create it or fix --database (Community edition has only \"neo4j\")", err)
	}
	return err
}

// load applies the schema and writes g into the Neo4j of cfg. If ctx is
// cancelled, it returns an interruptedError that says how far the load
// got.
func load(ctx context.Context, cfg cypher.Config, g *graph.Graph, stdout io.Writer, quiet bool) error {
	var done, total int // rows; Load calls Progress one batch at a time
	progress := cfg.Progress
	cfg.Progress = func(d, n int) {
		done, total = d, n
		if progress != nil {
			progress(d, n)
		}
	}
	fail := func(err error) error {
		switch {
		case !errors.Is(err, context.Canceled):
			return neo4jError(err, cfg.URI)
		case done == 0:
			return interruptedError{"the output files are complete; the Neo4j load stopped before its first batch: run the same command again to load"}
		}
		return interruptedError{fmt.Sprintf("the output files are complete; the Neo4j load stopped after %d of %d rows, "+
			"in whole transactions: run the same command again to finish it", done, total)}
	}
	l, err := cypher.Open(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	defer l.Close(context.WithoutCancel(ctx))
	if err := l.ApplySchema(ctx); err != nil {
		return fail(err)
	}
	st, err := l.Load(ctx, g)
	if err != nil {
		return fail(err)
	}
	if !quiet {
		fmt.Fprintf(stdout, "kg: loaded into Neo4j: %d nodes, %d relationships written\n", st.Nodes, st.Relationships)
	}
	return nil
}

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "show the graph model or create its constraints and indexes in Neo4j",
		Subcommands: []*cli.Command{
			{
				Name:  "show",
				Usage: "print the graph model and its Cypher",
				Action: func(c *cli.Context) error {
					return schema.GraphModel().Describe(c.App.Writer)
				},
			},
			{
				Name:  "apply",
				Usage: "create the constraints and indexes (idempotent)",
				Flags: neo4jFlags(),
				Action: func(c *cli.Context) error {
					cfg, ok, err := neo4jConfig(c)
					if err != nil {
						return err
					}
					if !ok {
						return usageError{"kg schema apply needs --neo4j-uri or NEO4J_URI"}
					}
					l, err := cypher.Open(c.Context, cfg)
					if err != nil {
						return neo4jError(err, cfg.URI)
					}
					defer l.Close(context.WithoutCancel(c.Context))
					if err := l.ApplySchema(c.Context); err != nil {
						return neo4jError(err, cfg.URI)
					}
					fmt.Fprintln(c.App.Writer, "kg: schema applied")
					return nil
				},
			},
		},
	}
}
