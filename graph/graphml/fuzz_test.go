package graphml_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/graphml"
	"github.com/kg-dev/kg/schema"
)

// asXML returns s as it reads back from the GraphML: invalid UTF-8 and
// characters that XML 1.0 cannot hold (most control characters, U+FFFE,
// U+FFFF) become U+FFFD.
func asXML(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1,
			r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// The GraphML document, as encoding/xml reads it back.
type (
	gmlData struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	gmlKey struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	gmlElem struct {
		ID     string    `xml:"id,attr"`
		Source string    `xml:"source,attr"`
		Target string    `xml:"target,attr"`
		Data   []gmlData `xml:"data"`
	}
	gmlDoc struct {
		XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
		Keys    []gmlKey `xml:"key"`
		Graph   struct {
			Nodes []gmlElem `xml:"node"`
			Edges []gmlElem `xml:"edge"`
		} `xml:"graph"`
	}
)

// data returns the values of an element's data by key, and fails the test
// if a key is repeated or not declared for the kind of element.
func data(t *testing.T, el gmlElem, kind string, keys map[string]string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, d := range el.Data {
		if keys[d.Key] != kind {
			t.Fatalf("%s %s: data key %q is not declared for %s", kind, el.ID, d.Key, kind)
		}
		if _, ok := m[d.Key]; ok {
			t.Fatalf("%s %s: data key %q twice", kind, el.ID, d.Key)
		}
		m[d.Key] = d.Value
	}
	return m
}

// FuzzWrite writes a small graph whose names and texts are arbitrary and
// checks that the output is well-formed XML that encoding/xml reads back
// to the same values (as asXML maps them), every data key declared.
func FuzzWrite(f *testing.F) {
	f.Add("孙永红", "孙永红书记", "西海岸新区工委书记孙永红", "书记", "001_bda6349dde205a91.txt", 0.85, true)
	f.Add("<&>\"'", "]]>", "<![CDATA[x]]> &amp; &#0;", "", "a;b#1:2-3", 1.0, false)
	f.Add("\x00\x01\x1f\x7f", "\t\n\r\r\n", "\ufffe\uffff\ufffd", "\xff\xfe", "\xed\xa0\x80", 5e-324, true)
	f.Add("", "", "", "", "", -0.0, true)
	f.Add("𝕜𝕘", "\u2028\u0085", "😀\u200b\u0301", "t", "d", 1e308, false)
	f.Fuzz(func(t *testing.T, name, alias, text, title, doc string, conf float64, lexical bool) {
		e1 := schema.Entity{ID: "e1:" + name, Type: schema.Person, Name: name, Aliases: []string{alias},
			Mentions: []schema.Mention{{Doc: doc, Paragraph: 0, Start: 0, End: 1, Text: text}}}
		e2 := schema.Entity{ID: "e2:" + alias, Type: schema.EntityType(title), Name: alias}
		tr := schema.Triple{Subject: e1.ID, Predicate: schema.Predicate(title), Object: e2.ID,
			Properties: map[string]string{"title": title},
			Provenance: []schema.Provenance{{Doc: doc, Paragraph: 0, Start: 2, End: 5, Evidence: text}},
			Extractor:  name, Confidence: conf}
		d := schema.Document{Doc: doc, SHA256: alias, ID: "d:" + doc, Paragraphs: 1}
		p := schema.Paragraph{Doc: doc, DocSHA256: alias, Index: 0, ID: "p:" + doc, Text: text, SourceStart: 3, SourceEnd: 7}
		g := &graph.Graph{Documents: []schema.Document{d}, Paragraphs: []schema.Paragraph{p},
			Entities: []schema.Entity{e1, e2}, Triples: []schema.Triple{tr}}

		var buf bytes.Buffer
		if err := graphml.Write(&buf, g, graphml.Options{Lexical: lexical}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 written")
		}
		dec := xml.NewDecoder(bytes.NewReader(out))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, out)
			}
		}
		var gml gmlDoc
		if err := xml.Unmarshal(out, &gml); err != nil {
			t.Fatal(err)
		}
		keys := map[string]string{} // id → node or edge
		for _, k := range gml.Keys {
			keys[k.ID] = k.For
		}

		wantNodes := []struct {
			id   string
			data map[string]string
		}{
			{e1.ID, map[string]string{"n_label": "Person", "n_name": name, "n_aliases": alias, "n_mentions": "1"}},
			{e2.ID, map[string]string{"n_label": title, "n_name": alias, "n_mentions": "0"}},
		}
		if lexical {
			wantNodes = append(wantNodes,
				struct {
					id   string
					data map[string]string
				}{d.ID, map[string]string{"n_label": "Document", "n_doc": doc, "n_doc_sha256": alias}},
				struct {
					id   string
					data map[string]string
				}{p.ID, map[string]string{"n_label": "Paragraph", "n_doc": doc, "n_paragraph": "0", "n_text": text,
					"n_source_start": "3", "n_source_end": "7"}})
		}
		if len(gml.Graph.Nodes) != len(wantNodes) {
			t.Fatalf("%d nodes, want %d", len(gml.Graph.Nodes), len(wantNodes))
		}
		for i, w := range wantNodes {
			n := gml.Graph.Nodes[i]
			if n.ID != asXML(w.id) {
				t.Errorf("node %d: id %q, want %q", i, n.ID, asXML(w.id))
			}
			got := data(t, n, "node", keys)
			for k, v := range w.data {
				if got[k] != asXML(v) {
					t.Errorf("node %d: %s = %q, want %q", i, k, got[k], asXML(v))
				}
			}
		}

		edges := gml.Graph.Edges
		wantEdges := 1
		if lexical {
			wantEdges = 3 // the triple, HAS_PARAGRAPH and a MENTIONS
		}
		if len(edges) != wantEdges {
			t.Fatalf("%d edges, want %d", len(edges), wantEdges)
		}
		if edges[0].Source != asXML(e1.ID) || edges[0].Target != asXML(e2.ID) {
			t.Errorf("edge from %q to %q, want %q to %q", edges[0].Source, edges[0].Target, asXML(e1.ID), asXML(e2.ID))
		}
		want := map[string]string{"e_predicate": title, "e_confidence": strconv.FormatFloat(conf, 'g', -1, 64),
			"e_extractor": name, "e_evidence": text, "e_provenance": fmt.Sprintf("%s#0:2-5", doc)}
		if title != "" {
			want["e_title"] = title
		}
		got := data(t, edges[0], "edge", keys)
		if len(got) != len(want) {
			t.Errorf("edge data %q, want %q", got, want)
		}
		for k, v := range want {
			if got[k] != asXML(v) {
				t.Errorf("edge: %s = %q, want %q", k, got[k], asXML(v))
			}
		}
		if lexical {
			if got := data(t, edges[2], "edge", keys); edges[2].Source != asXML(p.ID) || edges[2].Target != asXML(e1.ID) ||
				got["e_predicate"] != "MENTIONS" || got["e_text"] != asXML(text) {
				t.Errorf("MENTIONS edge %+v, want from %q to %q with text %q", edges[2], asXML(p.ID), asXML(e1.ID), asXML(text))
			}
		}
	})
}
