package cypher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Fingerprint summarises the whole database: the number of nodes per label
// and of relationships per type, then a SHA-256 over the sorted node ids
// and the sorted relationships, each as (start id, type, end id, title or
// MENTIONS start, sorted provenance paragraph ids). Two databases with the
// same graph have the same fingerprint, whatever order it was written in:
//
//	nodes Document=2 Paragraph=5 Person=3; relationships HAS_PARAGRAPH=5 MENTIONS=9 NEXT=3; sha256 9f86d0…
//
// It reads every node and relationship, so it is meant for tests and
// checks on small and medium databases.
func (l *Loader) Fingerprint(ctx context.Context) (string, error) {
	labels, types, err := l.counts(ctx)
	if err != nil {
		return "", err
	}
	recs, err := l.read(ctx, "MATCH (n) RETURN n.id", nil)
	if err != nil {
		return "", l.wrap(err, "fingerprint Neo4j nodes")
	}
	var nodes []string
	for _, r := range recs {
		nodes = append(nodes, fmt.Sprint(r.Values[0]))
	}
	recs, err = l.read(ctx, `MATCH (a)-[r]->(b)
RETURN a.id, type(r), b.id, coalesce(r.title, toString(r.start), ''), coalesce(r.paragraphs, [])`, nil)
	if err != nil {
		return "", l.wrap(err, "fingerprint Neo4j relationships")
	}
	var rels []string
	for _, r := range recs {
		var paras []string
		list, _ := r.Values[4].([]any)
		for _, p := range list {
			paras = append(paras, fmt.Sprint(p))
		}
		slices.Sort(paras)
		rels = append(rels, fmt.Sprintf("%v\x00%v\x00%v\x00%v\x00%s", r.Values[0], r.Values[1], r.Values[2], r.Values[3],
			strings.Join(paras, " ")))
	}
	slices.Sort(nodes)
	slices.Sort(rels)
	h := sha256.New()
	for _, s := range append(nodes, rels...) {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	return fmt.Sprintf("nodes %s; relationships %s; sha256 %s",
		formatCounts(labels), formatCounts(types), hex.EncodeToString(h.Sum(nil))), nil
}

// counts returns the number of nodes per label and of relationships per
// type.
func (l *Loader) counts(ctx context.Context) (labels, types map[string]int, err error) {
	labels, types = map[string]int{}, map[string]int{}
	for _, q := range []struct {
		query string
		into  map[string]int
	}{
		{"MATCH (n) UNWIND labels(n) AS label RETURN label, count(*)", labels},
		{"MATCH ()-[r]->() RETURN type(r), count(*)", types},
	} {
		recs, err := l.read(ctx, q.query, nil)
		if err != nil {
			return nil, nil, l.wrap(err, "count Neo4j nodes and relationships")
		}
		for _, r := range recs {
			name, _ := r.Values[0].(string)
			n, _ := r.Values[1].(int64)
			q.into[name] = int(n)
		}
	}
	return labels, types, nil
}

// formatCounts returns "k=v" for each entry of m, sorted by k.
func formatCounts(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
