package rules

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kg-dev/kg/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden with the rules' output")

// ruleNames are the names of every rule, as credited in the output.
var ruleNames = []string{
	RuleQuoted, RuleBook, RuleSuffix, RuleCompanyList, RuleLaunched, RuleAwardList, RuleDivision,
	RuleLexPlace, RuleLexBody, RuleTitleName, RuleNameTitle, RuleNameList, RuleSpeaker, RuleRepeat,
	RuleTitleChain, RuleByline, RuleNamePart, RuleNamePlace, RuleAdminChain, RuleSite, RuleAreaContext,
	RuleRunsVerb, RuleParticipates, RuleInContext,
}

// render writes what the rules found in a document, one line a finding:
// mentions in reading order, then relations in the order found.
func render(res extract.Result) []byte {
	var b bytes.Buffer
	for _, m := range res.Mentions {
		fmt.Fprintf(&b, "%d:%d-%d %s %s [%s]\n", m.Paragraph, m.Start, m.End, m.Type, m.Name, m.Extractor)
	}
	for _, r := range res.Relations {
		fmt.Fprintf(&b, "%s [%s]\n", rel(r), r.Extractor)
	}
	return b.Bytes()
}

// TestGolden runs the rules over each testdata/golden/RULE.txt, a document
// of invented sentences with a paragraph a line, and compares what they
// find with RULE.golden (go test -update rewrites the golden files). Each
// file's output must credit the rule it is named for, and every rule must
// have a file.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range files {
		rule := strings.TrimSuffix(filepath.Base(f), ".txt")
		have[rule] = true
		t.Run(rule, func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := render(run(t, strings.Split(strings.TrimRight(string(text), "\n"), "\n")...))
			if !bytes.Contains(got, []byte("["+rule+"]")) {
				t.Errorf("%s: no finding credits the rule %s:\n%s", f, rule, got)
			}
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from %s (go test -update rewrites it)\n got:\n%s\nwant:\n%s", f, golden, got, want)
			}
		})
	}
	for _, r := range ruleNames {
		if !have[r] {
			t.Errorf("rule %s has no testdata/golden/%s.txt", r, r)
		}
	}
}
