package graphml

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// readGraphML is a Python program that reads the GraphML file named by its
// first argument with NetworkX and prints what the test checks as JSON.
const readGraphML = `
import json, sys
import networkx as nx

G = nx.read_graphml(sys.argv[1])
if G.is_multigraph():
    edges = [dict(d, source=u, target=v, id=k) for u, v, k, d in G.edges(keys=True, data=True)]
else:
    edges = [dict(d, source=u, target=v) for u, v, d in G.edges(data=True)]
json.dump({
    "directed": G.is_directed(),
    "multigraph": G.is_multigraph(),
    "nodes": dict(G.nodes(data=True)),
    "edges": edges,
}, sys.stdout, ensure_ascii=False)
`

// requireNetworkX skips the test, or fails it when the CI environment
// variable is set, unless python3 can import networkx.
func requireNetworkX(t *testing.T) {
	t.Helper()
	if err := exec.Command("python3", "-c", "import networkx").Run(); err != nil {
		msg := "python3 cannot import networkx (" + err.Error() + "): pip install networkx"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

func TestNetworkX(t *testing.T) {
	requireNetworkX(t)
	g := sample()
	path := filepath.Join(t.TempDir(), "graph.graphml")
	if err := os.WriteFile(path, write(t, g, Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("python3", "-c", readGraphML, path).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("networkx.read_graphml: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got struct {
		Directed   bool                      `json:"directed"`
		Multigraph bool                      `json:"multigraph"`
		Nodes      map[string]map[string]any `json:"nodes"`
		Edges      []map[string]any          `json:"edges"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}

	if !got.Directed {
		t.Error("NetworkX read an undirected graph")
	}
	if !got.Multigraph { // the sample has two parallel HOLDS_POSITION edges
		t.Error("NetworkX read a simple graph, want a multigraph")
	}
	if len(got.Nodes) != len(g.Entities) || len(got.Edges) != len(g.Triples) {
		t.Fatalf("NetworkX read %d nodes, %d edges; want %d, %d", len(got.Nodes), len(got.Edges), len(g.Entities), len(g.Triples))
	}
	for _, e := range g.Entities {
		n, ok := got.Nodes[e.ID]
		if !ok {
			t.Errorf("no node %s (%s)", e.ID, e.Name)
			continue
		}
		if n["name"] != e.Name || n["label"] != string(e.Type) || n["mentions"] != float64(len(e.Mentions)) {
			t.Errorf("node %s: got %v, want name %q, label %q, mentions %d", e.ID, n, e.Name, e.Type, len(e.Mentions))
		}
	}
	byID := map[any]map[string]any{}
	for _, e := range got.Edges {
		byID[e["id"]] = e
	}
	for i, tr := range g.Triples {
		id := "e" + strconv.Itoa(i)
		e, ok := byID[id]
		if !ok {
			t.Errorf("no edge %s", id)
			continue
		}
		title, _ := e["title"].(string) // absent when the triple has none
		if e["source"] != tr.Subject || e["target"] != tr.Object || e["predicate"] != string(tr.Predicate) ||
			title != tr.Properties["title"] || e["confidence"] != tr.Confidence {
			t.Errorf("edge %s: got %v, want triple %+v", id, e, tr)
		}
	}
}
