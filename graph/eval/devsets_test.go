package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/schema"
)

// shared is the folder beside the repository that holds the development
// sets and their gold, relative to this package's folder.
const shared = "../../../shared"

// floors are the least figures kg must reach on one development set; they
// sit just under what the rules reached when they were last measured, so
// that a change that loses quality on any set fails here.
type floors struct {
	entity, relation, holds float64
	types                   map[schema.EntityType]float64
	titles                  float64 // HOLDS_POSITION titles right, a share of those checked
}

// devSets are the development sets with reviewed gold: the seeds and three
// sets of articles from other places (../shared; see gold/GUIDELINE.md).
var devSets = []struct {
	name, docs, gold string
	min              floors
}{
	{"seeds", "seeds", "gold", floors{entity: 0.83, relation: 0.59, holds: 0.79, titles: 0.99,
		types: map[schema.EntityType]float64{schema.Person: 0.98, schema.Organisation: 0.77, schema.Programme: 0.80, schema.Place: 0.88}}},
	{"extra", "extra/docs", "extra/gold", floors{entity: 0.84, relation: 0.64, holds: 0.74, titles: 0.97,
		types: map[schema.EntityType]float64{schema.Person: 0.95, schema.Organisation: 0.77, schema.Programme: 0.72, schema.Place: 0.88}}},
	{"extra2", "extra2/docs", "extra2/gold", floors{entity: 0.66, relation: 0.46, holds: 0.54, titles: 0.97,
		types: map[schema.EntityType]float64{schema.Person: 0.76, schema.Organisation: 0.66, schema.Programme: 0.20, schema.Place: 0.68}}},
	{"extra3", "extra3/docs", "extra3/gold", floors{entity: 0.63, relation: 0.38, holds: 0.43, titles: 0.95,
		types: map[schema.EntityType]float64{schema.Person: 0.80, schema.Organisation: 0.55, schema.Programme: 0.44, schema.Place: 0.66}}},
}

// TestDevSets builds each development set, requires kg eval's report to
// equal kg-score's byte for byte, and fails when a figure falls below the
// set's floor. Without ../shared it skips, unless CI is set.
func TestDevSets(t *testing.T) {
	kgScore(t)
	pl, err := build.NewPipeline()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range devSets {
		t.Run(set.name, func(t *testing.T) {
			docs, gold := filepath.Join(shared, set.docs), filepath.Join(shared, set.gold)
			if _, err := os.Stat(docs); err != nil {
				t.Fatalf("development set %s: %v", set.name, err)
			}
			out := t.TempDir()
			if _, err := pl.Run(context.Background(), build.Config{Inputs: []string{docs}, Out: out, ToolVersion: "test"}); err != nil {
				t.Fatal(err)
			}
			got := scoreDirs(t, gold, out)
			sameText(t, "kg-score", got, runKGScore(t, gold, out))

			g, err := LoadGold(gold)
			if err != nil {
				t.Fatal(err)
			}
			ents, triples, err := LoadOutput(context.Background(), out)
			if err != nil {
				t.Fatal(err)
			}
			r := Score(g, ents, triples)
			check := func(what string, got, min float64) {
				t.Helper()
				if got < min {
					t.Errorf("%s %s F1 = %.4f, below its floor %.2f", set.name, what, got, min)
				}
			}
			check("entity", r.EntityTotal().F1(), set.min.entity)
			for _, typ := range schema.EntityTypes {
				check(string(typ), r.Entities[typ].F1(), set.min.types[typ])
			}
			check("relation", r.RelationTotal().F1(), set.min.relation)
			check("HOLDS_POSITION", r.Relations[schema.HoldsPosition].F1(), set.min.holds)
			if acc := r.TitleAccuracy(); acc < set.min.titles {
				t.Errorf("%s HOLDS_POSITION titles right %d/%d, below its floor %.2f", set.name, r.TitlesRight, r.TitlesChecked, set.min.titles)
			}
		})
	}
}
