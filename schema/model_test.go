package schema

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestEntityLabel(t *testing.T) {
	tests := []struct {
		in     EntityType
		want   string
		wantOK bool
	}{
		{Person, "Person", true},
		{Organisation, "Organisation", true},
		{Programme, "Programme", true},
		{Place, "Place", true},
		{"Document", "", false},
		{"Person) DETACH DELETE (n", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := EntityLabel(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("EntityLabel(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRelationshipType(t *testing.T) {
	tests := []struct {
		in     Predicate
		want   string
		wantOK bool
	}{
		{HoldsPosition, "HOLDS_POSITION", true},
		{PartOf, "PART_OF", true},
		{LocatedIn, "LOCATED_IN", true},
		{Runs, "RUNS", true},
		{ParticipatesIn, "PARTICIPATES_IN", true},
		{RelMentions, "", false},
		{"RUNS]->() DELETE r//", "", false},
	}
	for _, tt := range tests {
		got, ok := RelationshipType(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("RelationshipType(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestGraphModel(t *testing.T) {
	m := GraphModel()
	var labels, types []string
	for _, n := range m.Nodes {
		labels = append(labels, n.Label)
		if len(n.Properties) == 0 || n.Properties[0].Name != "id" {
			t.Errorf("label %s: first property is not id", n.Label)
		}
	}
	for _, r := range m.Relationships {
		types = append(types, r.Type)
		for _, e := range r.Ends {
			if p := Predicate(r.Type); p.Valid() && !p.Allows(EntityType(e[0]), EntityType(e[1])) {
				t.Errorf("%s joins %s to %s, which the guideline forbids", r.Type, e[0], e[1])
			}
		}
	}
	wantLabels := []string{"Document", "Paragraph", "Person", "Organisation", "Programme", "Place"}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("labels = %v, want %v", labels, wantLabels)
	}
	wantTypes := []string{"HAS_PARAGRAPH", "NEXT", "MENTIONS",
		"HOLDS_POSITION", "PART_OF", "LOCATED_IN", "RUNS", "PARTICIPATES_IN"}
	if !slices.Equal(types, wantTypes) {
		t.Errorf("relationship types = %v, want %v", types, wantTypes)
	}
	if got, want := m.EntityLabels(), []string{"Person", "Organisation", "Programme", "Place"}; !slices.Equal(got, want) {
		t.Errorf("EntityLabels() = %v, want %v", got, want)
	}
}

func TestStatements(t *testing.T) {
	stmts := GraphModel().Statements()
	want := []string{
		"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT paragraph_id IF NOT EXISTS FOR (n:Paragraph) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX document_doc IF NOT EXISTS FOR (n:Document) ON (n.doc)",
		"CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
		"CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name)",
		"CREATE INDEX programme_name IF NOT EXISTS FOR (n:Programme) ON (n.name)",
		"CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name)",
		"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Person|Organisation|Programme|Place) " +
			"ON EACH [n.name, n.aliases_text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
	}
	if !slices.Equal(stmts, want) {
		t.Errorf("Statements() =\n%s\nwant\n%s", strings.Join(stmts, "\n"), strings.Join(want, "\n"))
	}
}

func TestDescribe(t *testing.T) {
	var buf bytes.Buffer
	if err := GraphModel().Describe(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"(:Document)", "(:Paragraph)", "(:Person)", "(:Organisation)", "(:Programme)", "(:Place)",
		"(:Document)-[:HAS_PARAGRAPH]->(:Paragraph)",
		"(:Paragraph)-[:NEXT]->(:Paragraph)",
		"(:Paragraph)-[:MENTIONS]->(:Place)",
		"(:Person)-[:HOLDS_POSITION]->(:Organisation)",
		"(:Organisation)-[:PART_OF]->(:Organisation)",
		"(:Place)-[:LOCATED_IN]->(:Place)",
		"(:Organisation)-[:LOCATED_IN]->(:Place)",
		"(:Organisation)-[:RUNS]->(:Programme)",
		"(:Person)-[:PARTICIPATES_IN]->(:Programme)",
		"aliases_text", "title", "paragraphs", "evidence",
		"CREATE FULLTEXT INDEX entity_names",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Describe output lacks %q:\n%s", want, out)
		}
	}
}
