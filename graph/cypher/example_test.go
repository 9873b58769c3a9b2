package cypher_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/cypher"
)

// Load a build's graph into the Neo4j at NEO4J_URI.
func ExampleLoader_Load() {
	ctx := context.Background()
	var g graph.Graph // the graph of a build

	l, err := cypher.Open(ctx, cypher.Config{
		URI:      os.Getenv("NEO4J_URI"), // e.g. bolt://127.0.0.1:7687
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Progress: func(done, total int) { fmt.Fprintf(os.Stderr, "\r%d/%d rows", done, total) },
	})
	if errors.Is(err, cypher.ErrUnavailable) {
		log.Fatalf("%v; start it with `docker compose up -d neo4j`", err)
	}
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close(ctx)

	if err := l.ApplySchema(ctx); err != nil {
		log.Fatal(err)
	}
	stats, err := l.Load(ctx, &g)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d nodes and %d relationships\n", stats.Nodes, stats.Relationships)
}
