package jsonl_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

// asJSON returns s as encoding/json writes and reads it back: each byte
// that is not part of valid UTF-8 becomes U+FFFD.
func asJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// stdlib returns the lines that encoding/json's Encoder, without HTML
// escaping, writes for xs: what the writers, which do not use it, must
// write byte for byte.
func stdlib(t *testing.T, xs ...any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, x := range xs {
		if err := enc.Encode(x); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
	}
	return b.Bytes()
}

// records returns one record of each kind built from the fuzzer's values,
// with every string passed through conv.
func records(conv func(string) string, doc, text, name, alias, title string, start, end int, conf float64) (
	schema.Paragraph, schema.Entity, schema.Triple, schema.Manifest) {
	doc, text, name, alias, title = conv(doc), conv(text), conv(name), conv(alias), conv(title)
	p := schema.Paragraph{Doc: doc, DocSHA256: name, Index: start, ID: alias, Text: text, SourceStart: start, SourceEnd: end}
	e := schema.Entity{ID: name, Type: schema.EntityType(title), Name: name, Aliases: []string{alias, text},
		Mentions: []schema.Mention{{Doc: doc, Paragraph: start, Start: start, End: end, Text: text}}}
	t := schema.Triple{Subject: name, Predicate: schema.Predicate(title), Object: alias,
		Properties: map[string]string{"title": title, text: alias},
		Provenance: []schema.Provenance{{Doc: doc, Paragraph: start, Start: start, End: end, Evidence: text}},
		Extractor:  alias, Confidence: conf}
	m := schema.Manifest{Format: title, ToolVersion: name, Documents: start, Paragraphs: end, Entities: -start, Triples: -end,
		Skipped: start ^ end, Started: text, Finished: doc}
	return p, e, t, m
}

// FuzzRoundTrip writes records with arbitrary text and numbers and reads
// them back: each record is one line of valid UTF-8, the line that
// encoding/json writes, and reads back equal, with invalid UTF-8 replaced
// by U+FFFD as encoding/json does.
func FuzzRoundTrip(f *testing.F) {
	f.Add("000_4aeb6eff09d05557.txt", "孙永红书记在会上指出", "孙永红", "孙永红书记", "HOLDS_POSITION", 3, 13, 0.9)
	f.Add("a\nb.txt", "line\nbreak\r\n\u2028\u2029 \"quoted\" \\ <&>", "", "\x00\x1f\x7f", "title", 0, 0, 1.0)
	f.Add("\xff\xfe", "caf\xe9 \xed\xa0\x80 \xf4\x90\x80\x80", "\ufffd", "\ufeff", "", -1, math.MaxInt64, 5e-324)
	f.Add("𝕜𝕘.md", "😀\u200b\u0301", "名", "名", "Person", math.MinInt64, 1, -0.0)
	f.Fuzz(func(t *testing.T, doc, text, name, alias, title string, start, end int, conf float64) {
		p, e, tr, m := records(func(s string) string { return s }, doc, text, name, alias, title, start, end, conf)
		wp, we, wt, wm := records(asJSON, doc, text, name, alias, title, start, end, conf)

		// lines checks that data holds n lines of valid UTF-8.
		lines := func(what string, data []byte, n int) {
			t.Helper()
			if !utf8.Valid(data) {
				t.Fatalf("%s: invalid UTF-8 written: %q", what, data)
			}
			if got := bytes.Count(data, []byte("\n")); got != n || !bytes.HasSuffix(data, []byte("\n")) {
				t.Fatalf("%s: %d lines, want %d: %q", what, got, n, data)
			}
		}

		var buf bytes.Buffer
		if err := jsonl.WriteParagraphs(&buf, []schema.Paragraph{p, p}); err != nil {
			t.Fatal(err)
		}
		lines("documents.jsonl", buf.Bytes(), 2)
		if want := stdlib(t, p, p); !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("documents.jsonl:\n got %q\nwant %q", buf.Bytes(), want)
		}
		if ps, err := jsonl.ReadParagraphs(&buf); err != nil || !reflect.DeepEqual(ps, []schema.Paragraph{wp, wp}) {
			t.Fatalf("paragraphs read back %+v, %v; want %+v", ps, err, wp)
		}

		buf.Reset()
		if err := jsonl.WriteEntities(&buf, []schema.Entity{e, {}}); err != nil {
			t.Fatal(err)
		}
		lines("entities.jsonl", buf.Bytes(), 2)
		empty := schema.Entity{Aliases: []string{}, Mentions: []schema.Mention{}}
		if want := stdlib(t, e, empty); !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("entities.jsonl:\n got %q\nwant %q", buf.Bytes(), want)
		}
		if es, err := jsonl.ReadEntities(&buf); err != nil || !reflect.DeepEqual(es, []schema.Entity{we, empty}) {
			t.Fatalf("entities read back %+v, %v; want %+v", es, err, we)
		}

		buf.Reset()
		err := jsonl.WriteTriples(&buf, []schema.Triple{tr})
		if math.IsNaN(conf) || math.IsInf(conf, 0) {
			if err == nil {
				t.Fatalf("confidence %v written as %q", conf, buf.Bytes())
			}
		} else {
			if err != nil {
				t.Fatal(err)
			}
			lines("triples.jsonl", buf.Bytes(), 1)
			if want := stdlib(t, tr); !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("triples.jsonl:\n got %q\nwant %q", buf.Bytes(), want)
			}
			if ts, err := jsonl.ReadTriples(&buf); err != nil || !reflect.DeepEqual(ts, []schema.Triple{wt}) {
				t.Fatalf("triples read back %+v, %v; want %+v", ts, err, wt)
			}
		}

		buf.Reset()
		if err := jsonl.WriteManifest(&buf, m); err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(buf.Bytes()) {
			t.Fatalf("manifest: invalid UTF-8 written: %q", buf.Bytes())
		}
		if got, err := jsonl.ReadManifest(&buf); err != nil || got != wm {
			t.Fatalf("manifest read back %+v, %v; want %+v", got, err, wm)
		}
	})
}

// FuzzRead reads arbitrary bytes as each kind of file: no panic, and what
// reads without error writes back to data that reads the same again.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"doc":"a.txt","doc_sha256":"x","paragraph":0,"id":"p","text":"孙永红","source_start":0,"source_end":9}` + "\n"))
	f.Add([]byte(`{"id":"e","type":"Person","name":"孙永红","aliases":null}` + "\n\n  \n" + `{"mentions":[{"start":1}]}`))
	f.Add([]byte(`{"subject":"a","predicate":"RUNS","object":"b","properties":null,"confidence":1e308}`))
	f.Add([]byte("{\"format\":\"kg-build/1\",\"documents\":5}\n"))
	f.Add([]byte("{\"text\":\"\\ud800\\udc00\\ud800\"}\r\n{}"))
	f.Add([]byte("[1,2]\n{\"paragraph\":1e400}\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if ps, err := jsonl.ReadParagraphs(bytes.NewReader(data)); err == nil {
			var buf bytes.Buffer
			if err := jsonl.WriteParagraphs(&buf, ps); err != nil {
				t.Fatal(err)
			}
			if again, err := jsonl.ReadParagraphs(&buf); err != nil || !reflect.DeepEqual(again, ps) {
				t.Fatalf("paragraphs %+v read back as %+v, %v", ps, again, err)
			}
		}
		if es, err := jsonl.ReadEntities(bytes.NewReader(data)); err == nil {
			var buf bytes.Buffer
			if err := jsonl.WriteEntities(&buf, es); err != nil {
				t.Fatal(err)
			}
			if again, err := jsonl.ReadEntities(&buf); err != nil || !reflect.DeepEqual(again, es) {
				t.Fatalf("entities %+v read back as %+v, %v", es, again, err)
			}
		}
		if ts, err := jsonl.ReadTriples(bytes.NewReader(data)); err == nil {
			var buf bytes.Buffer
			if err := jsonl.WriteTriples(&buf, ts); err != nil {
				t.Fatal(err)
			}
			if again, err := jsonl.ReadTriples(&buf); err != nil || !reflect.DeepEqual(again, ts) {
				t.Fatalf("triples %+v read back as %+v, %v", ts, again, err)
			}
		}
		if m, err := jsonl.ReadManifest(bytes.NewReader(data)); err == nil {
			var buf bytes.Buffer
			if err := jsonl.WriteManifest(&buf, m); err != nil {
				t.Fatal(err)
			}
			if again, err := jsonl.ReadManifest(&buf); err != nil || again != m {
				t.Fatalf("manifest %+v read back as %+v, %v", m, again, err)
			}
		}
	})
}
