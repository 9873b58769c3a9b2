package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/rules"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/schema"
)

// FuzzExtract runs the extractor on arbitrary text, one paragraph per line,
// and checks that it does not panic, is deterministic, and that every
// mention and relation it finds is well-formed: types and predicates of
// the schema, a span inside its paragraph whose text is the span, and a
// subject and object that are mentioned.
func FuzzExtract(f *testing.F) {
	seg, err := segment.New()
	if err != nil {
		f.Fatal(err)
	}
	x, err := rules.New(seg)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"",
		"市北区委常委、组织部部长管方圆出席仪式。",
		"西海岸新区工委书记、区委书记孙永红同志的讲话举旗定向。\n工委组织部将认真贯彻落实。",
		"《关于实施“百千万工程”的意见》由区委组织部牵头。",
		"本报记者 宋迎迎 整理",
		"山东省青岛市黄岛区张家楼镇",
		"书记书记书记书记",
		"孙",
		"“”《》（）",
		"Hello 孙永红 world\t市长",
		"\u3000\u00a0\ufeff\u200b区委",
		"a\x00b\u0301\U0001F600",
	} {
		f.Add(s)
	}
	// The seed documents in blocks of eight lines: small inputs keep the
	// fuzzer fast, and a block still spans several paragraphs.
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i := 0; i < len(lines); i += 8 {
			f.Add(strings.Join(lines[i:min(i+8, len(lines))], ""))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc := extract.Document{Path: "fuzz.txt"}
		var runes [][]rune // of each paragraph's text
		// Paragraph texts are always valid UTF-8 (they are built from runes)
		// and never empty.
		for _, line := range strings.Split(strings.ToValidUTF8(text, "\uFFFD"), "\n") {
			if line == "" {
				continue
			}
			doc.Paragraphs = append(doc.Paragraphs, schema.Paragraph{Doc: doc.Path, Index: len(runes), Text: line})
			runes = append(runes, []rune(line))
		}
		res := x.Extract(doc)
		again := x.Extract(doc)
		if d := firstDiff(res.Mentions, again.Mentions); d != "" {
			t.Fatalf("two runs on the same text find different mentions: %s", d)
		}
		if d := firstDiff(res.Relations, again.Relations); d != "" {
			t.Fatalf("two runs on the same text find different relations: %s", d)
		}
		span := func(what string, p, start, end int, text string) {
			t.Helper()
			if p < 0 || p >= len(runes) {
				t.Fatalf("%s in paragraph %d of %d", what, p, len(runes))
			}
			if start < 0 || start >= end || end > len(runes[p]) {
				t.Fatalf("%s: span [%d, %d) outside paragraph %d of %d characters %q", what, start, end, p, len(runes[p]), string(runes[p]))
			}
			if got := string(runes[p][start:end]); got != text {
				t.Fatalf("%s: text %q, but the span [%d, %d) of paragraph %d is %q", what, text, start, end, p, got)
			}
		}
		mentioned := map[extract.Ref]bool{}
		for _, m := range res.Mentions {
			what := "mention " + string(m.Type) + " " + m.Name
			span(what, m.Paragraph, m.Start, m.End, m.Text)
			if !m.Type.Valid() || m.Name == "" || m.Extractor == "" || !(m.Confidence > 0 && m.Confidence <= 1) {
				t.Fatalf("%s: bad mention %+v", what, m)
			}
			mentioned[m.Ref] = true
		}
		for _, r := range res.Relations {
			what := "relation " + string(r.Predicate) + " " + r.Subject.Name + " → " + r.Object.Name
			span(what, r.Paragraph, r.Start, r.End, r.Evidence)
			if !r.Predicate.Valid() || !r.Predicate.Allows(r.Subject.Type, r.Object.Type) {
				t.Fatalf("%s: predicate not allowed from %s to %s", what, r.Subject.Type, r.Object.Type)
			}
			if r.Extractor == "" || !(r.Confidence > 0 && r.Confidence <= 1) {
				t.Fatalf("%s: bad relation %+v", what, r)
			}
			if !mentioned[r.Subject] || !mentioned[r.Object] {
				t.Fatalf("%s: subject or object never mentioned", what)
			}
		}
	})
}

// firstDiff describes the first difference between a and b, taken in any
// order, or returns "" if they hold the same elements. (The order of
// findings is not compared: the resolver sorts them.)
func firstDiff[T any](a, b []T) string {
	sorted := func(xs []T) []string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprintf("%+v", x)
		}
		sort.Strings(s)
		return s
	}
	sa, sb := sorted(a), sorted(b)
	for i := 0; i < len(sa) && i < len(sb); i++ {
		if sa[i] != sb[i] {
			return fmt.Sprintf("%s, then %s", sa[i], sb[i])
		}
	}
	if len(sa) != len(sb) {
		return fmt.Sprintf("%d, then %d", len(sa), len(sb))
	}
	return ""
}
