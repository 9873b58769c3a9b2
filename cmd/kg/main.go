// Command kg builds a knowledge graph from Chinese news and government
// documents: people, organisations, programmes and places and how they
// relate, with provenance back to the source paragraph. It writes the
// graph to files (see CONTRACT in README.md) and, when asked, into Neo4j.
//
//	kg build                      # seeds/ → out/
//	kg build --input docs/ --out graph/ --neo4j-uri bolt://localhost:7687
//	kg eval --gold gold/ --out out/
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
