package eval

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/kg-dev/kg/schema"
)

// scoreCase is a tiny gold + output whose figures are known by hand.
type scoreCase struct {
	name      string
	gold      []GoldDoc
	ents      []schema.Entity
	triples   []schema.Triple
	entities  map[schema.EntityType]Counts
	relations map[schema.Predicate]Counts
	titles    string   // "right/checked"
	docs      []string // "doc found/gold +extra"
}

func men(doc, text string) schema.Mention {
	return schema.Mention{Doc: doc, Text: text}
}

func ent(id string, t schema.EntityType, name string, aliases []string, ms ...schema.Mention) schema.Entity {
	if aliases == nil {
		aliases = []string{}
	}
	return schema.Entity{ID: id, Type: t, Name: name, Aliases: aliases, Mentions: ms}
}

func tri(s string, p schema.Predicate, o, title string, docs ...string) schema.Triple {
	t := schema.Triple{Subject: s, Predicate: p, Object: o, Properties: map[string]string{}, Confidence: 1}
	if title != "" {
		t.Properties["title"] = title
	}
	for _, d := range docs {
		t.Provenance = append(t.Provenance, schema.Provenance{Doc: d})
	}
	return t
}

func ge(t schema.EntityType, name string, aliases ...string) GoldEntity {
	if aliases == nil {
		aliases = []string{}
	}
	return GoldEntity{Type: t, Name: name, Aliases: aliases}
}

func gr(p schema.Predicate, s, o, title string) GoldRelation {
	return GoldRelation{Type: p, Subject: s, Object: o, Title: title}
}

const (
	per   = schema.Person
	org   = schema.Organisation
	prog  = schema.Programme
	place = schema.Place
	hp    = schema.HoldsPosition
	li    = schema.LocatedIn
	runs  = schema.Runs
	part  = schema.PartOf
)

// tieCase is one extracted organisation whose name fits two gold ones:
// it goes to the first in gold order, which decides whether the
// HOLDS_POSITION triple through it is right.
func tieCase(name string, swap bool) scoreCase {
	gw := ge(org, "西海岸新区工委", "工委")
	gz := ge(org, "工委组织部", "组织部", "工委")
	ents := []GoldEntity{ge(per, "孙永红"), gw, gz}
	if swap {
		ents = []GoldEntity{ge(per, "孙永红"), gz, gw}
	}
	c := scoreCase{
		name: name,
		gold: []GoldDoc{{Doc: "a.txt", Entities: ents,
			Relations: []GoldRelation{gr(hp, "孙永红", "西海岸新区工委", "书记")}}},
		ents: []schema.Entity{
			ent("p1", per, "孙永红", nil, men("a.txt", "孙永红")),
			ent("o1", org, "工委", nil, men("a.txt", "工委")),
		},
		triples:  []schema.Triple{tri("p1", hp, "o1", "书记", "a.txt")},
		entities: map[schema.EntityType]Counts{per: {TP: 1}, org: {TP: 1, FN: 1}},
		docs:     []string{"a.txt 2/3 +0"},
	}
	if swap {
		c.relations = map[schema.Predicate]Counts{hp: {FP: 1, FN: 1}}
		c.titles = "0/0"
	} else {
		c.relations = map[schema.Predicate]Counts{hp: {TP: 1}}
		c.titles = "1/1"
	}
	return c
}

func scoreCases() []scoreCase {
	return []scoreCase{
		{
			name: "the canonical name, normalised, against the gold name and aliases; extracted aliases and mention texts do not count",
			gold: []GoldDoc{{Doc: "a.txt", Entities: []GoldEntity{
				ge(per, "孙永红", "孙永红书记"), ge(org, "西海岸新区工委", "工委"), ge(place, "青岛"), ge(org, "青岛市委", "市委")}}},
			ents: []schema.Entity{
				ent("p1", per, "孙永红书记", nil, men("a.txt", "孙永红书记")),
				ent("o1", org, "“工委”", nil, men("a.txt", "新区工委")),
				ent("l1", place, "青\u3000岛", nil, men("a.txt", "青\u00a0岛")),
				ent("o2", org, "深圳市委", []string{"青岛市委"}, men("a.txt", "市委")),
			},
			entities: map[schema.EntityType]Counts{per: {TP: 1}, org: {TP: 1, FP: 1, FN: 1}, place: {TP: 1}},
			titles:   "0/0",
			docs:     []string{"a.txt 3/4 +1"},
		},
		{
			name: "a mention text of another document does not name it here",
			gold: []GoldDoc{{Doc: "a.txt", Entities: []GoldEntity{ge(org, "西海岸新区工委", "工委")}}},
			ents: []schema.Entity{
				ent("o1", org, "区委", nil, men("a.txt", "区委"), men("b.txt", "工委")),
			},
			entities: map[schema.EntityType]Counts{org: {FP: 1, FN: 1}},
			titles:   "0/0",
			docs:     []string{"a.txt 0/1 +1"},
		},
		{
			name:     "types must agree",
			gold:     []GoldDoc{{Doc: "a.txt", Entities: []GoldEntity{ge(place, "青岛")}}},
			ents:     []schema.Entity{ent("o1", org, "青岛", nil, men("a.txt", "青岛"))},
			entities: map[schema.EntityType]Counts{org: {FP: 1}, place: {FN: 1}},
			titles:   "0/0",
			docs:     []string{"a.txt 0/1 +1"},
		},
		{
			name: "a second node for the same gold entity is a false positive",
			gold: []GoldDoc{{Doc: "a.txt", Entities: []GoldEntity{ge(per, "孙永红", "孙书记")}}},
			ents: []schema.Entity{
				ent("p1", per, "孙永红", nil, men("a.txt", "孙永红")),
				ent("p2", per, "孙书记", nil, men("a.txt", "孙书记")),
			},
			entities: map[schema.EntityType]Counts{per: {TP: 1, FP: 1}},
			titles:   "0/0",
			docs:     []string{"a.txt 1/1 +1"},
		},
		{
			name: "augmenting path moves an earlier match",
			gold: []GoldDoc{{Doc: "a.txt",
				Entities:  []GoldEntity{ge(org, "西海岸新区工委", "工委"), ge(org, "工委组织部", "组织部", "工委")},
				Relations: []GoldRelation{gr(part, "工委组织部", "西海岸新区工委", "")}}},
			ents: []schema.Entity{
				ent("o1", org, "工委", nil, men("a.txt", "组织部")),
				ent("o2", org, "西海岸新区工委", nil, men("a.txt", "西海岸新区工委")),
			},
			triples:   []schema.Triple{tri("o1", part, "o2", "", "a.txt")},
			entities:  map[schema.EntityType]Counts{org: {TP: 2}},
			relations: map[schema.Predicate]Counts{part: {TP: 1}},
			titles:    "0/0",
			docs:      []string{"a.txt 2/2 +0"},
		},
		tieCase("tie goes to the first gold entity in file order", false),
		tieCase("tie, gold order swapped", true),
		{
			name: "titles, with the last of two gold relations for one pair",
			gold: []GoldDoc{{Doc: "a.txt",
				Entities: []GoldEntity{ge(per, "孙永红"), ge(org, "西海岸新区工委"), ge(per, "逯鹰"), ge(org, "工委组织部")},
				Relations: []GoldRelation{
					gr(hp, "孙永红", "西海岸新区工委", "书记"),
					gr(hp, "逯鹰", "工委组织部", "常委"),
					gr(hp, "逯鹰", "工委组织部", "部长"),
				}}},
			ents: []schema.Entity{
				ent("p1", per, "孙永红", nil, men("a.txt", "孙永红")),
				ent("o1", org, "西海岸新区工委", nil, men("a.txt", "西海岸新区工委")),
				ent("p2", per, "逯鹰", nil, men("a.txt", "逯鹰")),
				ent("o2", org, "工委组织部", nil, men("a.txt", "工委组织部")),
			},
			triples: []schema.Triple{
				tri("p1", hp, "o1", "区委书记", "a.txt"),
				tri("p2", hp, "o2", "部 长", "a.txt"),
				tri("p2", hp, "o2", "常委", "a.txt"), // same pair: not counted again
			},
			entities:  map[schema.EntityType]Counts{per: {TP: 2}, org: {TP: 2}},
			relations: map[schema.Predicate]Counts{hp: {TP: 2}},
			titles:    "1/2",
			docs:      []string{"a.txt 4/4 +0"},
		},
		{
			name: "triples per provenance document, deduplicated by matched ends",
			gold: []GoldDoc{
				{Doc: "a.txt", Entities: []GoldEntity{ge(org, "青岛理工大学"), ge(place, "青岛")},
					Relations: []GoldRelation{gr(li, "青岛理工大学", "青岛", "")}},
				{Doc: "b.txt", Entities: []GoldEntity{ge(org, "青岛理工大学"), ge(place, "青岛"), ge(prog, "西海讲堂")},
					Relations: []GoldRelation{gr(li, "青岛理工大学", "青岛", ""), gr(runs, "青岛理工大学", "西海讲堂", "")}},
			},
			ents: []schema.Entity{
				ent("u", org, "青岛理工大学", nil, men("a.txt", "青岛理工大学"), men("b.txt", "青岛理工大学")),
				ent("q", place, "青岛", nil, men("a.txt", "青岛"), men("b.txt", "青岛"), men("c.txt", "青岛")),
				ent("x", org, "京东方", nil, men("a.txt", "京东方")),
				ent("y", org, "海尔", nil, men("a.txt", "海尔")),
			},
			triples: []schema.Triple{
				tri("u", li, "q", "", "a.txt", "b.txt"),
				tri("u", li, "q", "", "a.txt"), // duplicate in a.txt
				tri("x", li, "q", "", "a.txt"), // unmatched subject: false positive
				tri("y", li, "q", "", "a.txt"), // same key as the last one: not counted again
				tri("u", "", "q", "", "a.txt"), // no predicate: counted under "?"
				tri("u", runs, "q", "", "c.txt"),
			},
			entities:  map[schema.EntityType]Counts{org: {TP: 2, FP: 2}, place: {TP: 2}, prog: {FN: 1}},
			relations: map[schema.Predicate]Counts{li: {TP: 2, FP: 1}, "?": {FP: 1}, runs: {FN: 1}},
			titles:    "0/0",
			docs:      []string{"a.txt 2/2 +2", "b.txt 2/3 +0"},
		},
		{
			name: "gold documents by base name and gold entities by type and name: the last one counts",
			gold: []GoldDoc{
				{Doc: "a.txt", Entities: []GoldEntity{ge(per, "宋迎迎")}},
				{Doc: "docs/a.txt", Entities: []GoldEntity{ge(per, "孙永红", "孙书记"), ge(per, "孙永红", "老孙")}},
			},
			ents: []schema.Entity{
				ent("p1", per, "孙书记", nil, men("docs/a.txt", "孙书记")),
				ent("p2", per, "老孙", nil, men("a.txt", "老孙")),
			},
			entities: map[schema.EntityType]Counts{per: {TP: 1, FP: 1}},
			titles:   "0/0",
			docs:     []string{"a.txt 1/1 +1"},
		},
	}
}

func TestScore(t *testing.T) {
	for _, c := range scoreCases() {
		t.Run(c.name, func(t *testing.T) {
			r := Score(c.gold, c.ents, c.triples)
			if c.relations == nil {
				c.relations = map[schema.Predicate]Counts{}
			}
			if !reflect.DeepEqual(r.Entities, c.entities) {
				t.Errorf("entities = %v, want %v", r.Entities, c.entities)
			}
			if !reflect.DeepEqual(r.Relations, c.relations) {
				t.Errorf("relations = %v, want %v", r.Relations, c.relations)
			}
			if got := fmt.Sprintf("%d/%d", r.TitlesRight, r.TitlesChecked); got != c.titles {
				t.Errorf("titles = %s, want %s", got, c.titles)
			}
			var docs []string
			for _, d := range r.Docs {
				docs = append(docs, fmt.Sprintf("%s %d/%d +%d", d.Doc, d.Found, d.Gold, d.Extra))
			}
			if !reflect.DeepEqual(docs, c.docs) {
				t.Errorf("docs = %q, want %q", docs, c.docs)
			}
		})
	}
}

func TestMissed(t *testing.T) {
	r := Score(tieCase("", false).gold, tieCase("", false).ents, nil)
	if len(r.Docs) != 1 || len(r.Docs[0].Missed) != 1 || r.Docs[0].Missed[0].Name != "工委组织部" {
		t.Errorf("missed = %+v, want 工委组织部", r.Docs)
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		c       Counts
		p, r, f float64
	}{
		{Counts{}, 0, 0, 0},
		{Counts{TP: 1}, 1, 1, 1},
		{Counts{FP: 3, FN: 2}, 0, 0, 0},
		{Counts{TP: 1, FP: 1, FN: 3}, 0.5, 0.25, 2 * 0.5 * 0.25 / 0.75},
	}
	for _, tt := range tests {
		if p, r, f := tt.c.Precision(), tt.c.Recall(), tt.c.F1(); p != tt.p || r != tt.r || f != tt.f {
			t.Errorf("%+v: P, R, F1 = %v, %v, %v, want %v, %v, %v", tt.c, p, r, f, tt.p, tt.r, tt.f)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"孙永红", "孙永红"},
		{"单 位", "单位"},
		{"“三化一型”", "三化一型"},
		{"《青岛市\u3000行动方案》", "青岛市行动方案"},
		{"「西海讲堂」『头雁工程』〈x〉", "西海讲堂头雁工程x"},
		{"‘a’ \"b\" 'c'", "abc"},
		{"\t\n\v\f\r\u001c\u001d\u001e\u001f\u0085\u00a0\u1680\u2003\u2028\u2029\u202f\u205f", ""},
		{"\u200b\ufeff", "\u200b\ufeff"}, // not whitespace to Python either
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPyFloat(t *testing.T) {
	// Wanted values are Python's json.dumps(round(x, 4)) and json.dumps(x).
	tests := []struct {
		x          float64
		rounded, r string
	}{
		{0, "0.0", "0.0"},
		{1, "1.0", "1.0"},
		{0.5, "0.5", "0.5"},
		{2.0 / 3, "0.6667", "0.6666666666666666"},
		{1.0 / 3, "0.3333", "0.3333333333333333"},
		{0.03125, "0.0312", "0.03125"}, // an exact tie rounds to even
		{0.15625, "0.1562", "0.15625"},
		{0.00625, "0.0063", "0.00625"},
		{0.12345, "0.1235", "0.12345"},
		{0.99995, "1.0", "0.99995"},
		{0.00005, "0.0001", "5e-05"},
		{0.00015, "0.0001", "0.00015"},
		{1e16, "1e+16", "1e+16"},
		{123.25, "123.25", "123.25"},
	}
	for _, tt := range tests {
		if got := pyFloat(round4(tt.x)); got != tt.rounded {
			t.Errorf("pyFloat(round4(%v)) = %s, want %s", tt.x, got, tt.rounded)
		}
		if got := pyFloat(tt.x); got != tt.r {
			t.Errorf("pyFloat(%v) = %s, want %s", tt.x, got, tt.r)
		}
	}
}
