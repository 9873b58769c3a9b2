package segment

// This file holds gse itself, loaded as New loaded it before zh_s.dict:
// it generates zh_s.dict (go generate, or go test -run TestDictFile
// -update) and is the reference that Cut and Freq must match exactly.

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/kg-dev/kg/extract/normalize"
	"github.com/kg-dev/kg/extract/source"
)

var update = flag.Bool("update", false, "rewrite zh_s.dict from gse's embedded dictionary")

// newGse loads gse's embedded simplified-Chinese dictionary: what New did
// before zh_s.dict.
func newGse() (*gse.Segmenter, error) {
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return seg, nil
}

var (
	gseOnce   sync.Once
	gseShared *gse.Segmenter
	gseErr    error
)

// loadGse returns the gse segmenter shared by the tests.
func loadGse(t testing.TB) *gse.Segmenter {
	t.Helper()
	gseOnce.Do(func() { gseShared, gseErr = newGse() })
	if gseErr != nil {
		t.Fatal(gseErr)
	}
	return gseShared
}

// gseCut is Cut as it was, on gse.
func gseCut(seg *gse.Segmenter, text string) []Token {
	if text == "" {
		return nil
	}
	segs := seg.Segment([]byte(text))
	toks := make([]Token, 0, len(segs))
	pos := 0
	for _, sg := range segs {
		w := text[sg.Start():sg.End()]
		n := utf8.RuneCountInString(w)
		toks = append(toks, Token{Text: w, Pos: sg.Token().Pos(), Start: pos, End: pos + n})
		pos += n
	}
	return toks
}

// gseFreq is Freq as it was, on gse.
func gseFreq(seg *gse.Segmenter, word string) (float64, string, bool) {
	freq, pos, ok := seg.Find(word)
	if freq <= 0 {
		return 0, "", false
	}
	return freq, pos, ok
}

// encodeDict writes the words of a loaded gse dictionary in the form
// decodeDict reads (described in dict.go).
func encodeDict(d *gse.Dictionary) ([]byte, error) {
	type entry struct {
		key, tag string
		freq     uint64
	}
	var entries []entry
	total := 0.0
	tagSet := map[string]bool{}
	for _, tk := range d.Tokens {
		f := tk.Freq()
		if f < 1 || f > math.MaxUint32 || f != math.Trunc(f) {
			return nil, fmt.Errorf("word %q: frequency %v is not a whole number that fits 32 bits", tk.Text(), f)
		}
		entries = append(entries, entry{key: tk.Text(), tag: tk.Pos(), freq: uint64(f)})
		total += f
		tagSet[tk.Pos()] = true
	}
	if total != d.TotalFreq() { // so that decodeDict's sum in key order is gse's
		return nil, fmt.Errorf("frequencies sum to %v, gse says %v", total, d.TotalFreq())
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	tags := make([]string, 0, len(tagSet))
	for tag := range tagSet {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	if len(tags) > math.MaxUint8+1 {
		return nil, fmt.Errorf("%d tags, more than a byte holds", len(tags))
	}
	keyBytes := 0
	for i, e := range entries {
		if e.key == "" || i > 0 && e.key == entries[i-1].key {
			return nil, fmt.Errorf("word %q is empty or twice in the dictionary", e.key)
		}
		keyBytes += len(e.key)
	}

	var b bytes.Buffer
	b.WriteString(dictMagic)
	uvarint := func(v uint64) { b.Write(binary.AppendUvarint(nil, v)) }
	uvarint(uint64(len(entries)))
	uvarint(uint64(keyBytes))
	uvarint(uint64(len(tags)))
	for _, tag := range tags {
		uvarint(uint64(len(tag)))
		b.WriteString(tag)
	}
	prev := ""
	for _, e := range entries {
		shared := 0
		for shared < len(prev) && shared < len(e.key) && prev[shared] == e.key[shared] {
			shared++
		}
		uvarint(uint64(shared))
		uvarint(uint64(len(e.key) - shared))
		b.WriteString(e.key[shared:])
		uvarint(e.freq)
		tag, _ := slices.BinarySearch(tags, e.tag)
		uvarint(uint64(tag))
		prev = e.key
	}
	return b.Bytes(), nil
}

// TestDictFile checks that zh_s.dict is gse's dictionary as this gse
// version loads it; with -update it writes it.
func TestDictFile(t *testing.T) {
	want, err := encodeDict(loadGse(t).Dict)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("zh_s.dict", want, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote zh_s.dict: %d bytes, %d words", len(want), loadGse(t).Dict.NumTokens())
		return
	}
	if zhS != string(want) {
		t.Fatalf("zh_s.dict (%d bytes) is not gse's dictionary (%d bytes encoded): run go generate ./extract/segment", len(zhS), len(want))
	}
	d, err := decodeDict(zhS)
	if err != nil {
		t.Fatal(err)
	}
	if d.len() != loadGse(t).Dict.NumTokens() {
		t.Errorf("zh_s.dict has %d words, gse %d", d.len(), loadGse(t).Dict.NumTokens())
	}
}

func TestDecodeDictErrors(t *testing.T) {
	good := zhS[:len(dictMagic)] + "\x01\x02\x01\x01n" + "\x00\x02ab\x03\x00"
	if d, err := decodeDict(good); err != nil || d.key(0) != "ab" || d.freq[0] != 3 || d.tags[0] != "n" {
		t.Fatalf("decodeDict of a one-word dictionary: %v", err)
	}
	for _, tc := range []struct{ name, data string }{
		{"empty", ""},
		{"other format", "kg-segment-dict 2\n"},
		{"truncated", good[:len(good)-1]},
		{"trailing bytes", good + "\x00"},
		{"tag out of range", good[:len(good)-1] + "\x01"},
		{"zero frequency", strings.Replace(good, "ab\x03", "ab\x00", 1)},
		{"shared prefix longer than the key before", strings.Replace(good, "\x00\x02ab", "\x01\x02ab", 1)},
		{"more key bytes than declared", strings.Replace(good, "\x01\x02\x01", "\x01\x01\x01", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decodeDict(tc.data); err == nil {
				t.Errorf("decodeDict(%q) succeeded", tc.data)
			}
		})
	}
}

// corpus returns the normalised paragraphs of the seeds and, when it is
// there (it is in CI), of ../shared/extra/docs.
func corpus(t testing.TB) []string {
	t.Helper()
	inputs := []string{"../../seeds"}
	const extra = "../../../shared/extra/docs"
	if _, err := os.Stat(extra); err == nil {
		inputs = append(inputs, extra)
	} else if os.Getenv("CI") != "" {
		t.Fatalf("CI needs %s: %v", extra, err)
	} else {
		t.Logf("without %s: %v", extra, err)
	}
	var paras []string
	for _, in := range inputs {
		files, err := source.Walk(context.Background(), []string{in})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			text, err := source.Read(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range normalize.Paragraphs(text.Runes, text.Offsets) {
				paras = append(paras, p.Text)
			}
		}
	}
	if len(paras) < 100 {
		t.Fatalf("only %d paragraphs in %v", len(paras), inputs)
	}
	return paras
}

// sameCut fails t if Cut and gse cut text differently.
func sameCut(t *testing.T, s *Segmenter, g *gse.Segmenter, text string) bool {
	t.Helper()
	got, want := s.Cut(text), gseCut(g, text)
	if slices.Equal(got, want) {
		return true
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("Cut(%q): token %d is %+v, gse %+v", text, i, got[i], want[i])
			return false
		}
	}
	t.Errorf("Cut(%q): %d tokens, gse %d", text, len(got), len(want))
	return false
}

// sameFreq fails t if Freq and gse answer differently for word.
func sameFreq(t *testing.T, s *Segmenter, g *gse.Segmenter, word string) bool {
	t.Helper()
	f, pos, ok := s.Freq(word)
	gf, gpos, gok := gseFreq(g, word)
	if f != gf || pos != gpos || ok != gok {
		t.Errorf("Freq(%q) = %v, %q, %v; gse %v, %q, %v", word, f, pos, ok, gf, gpos, gok)
		return false
	}
	return true
}

// TestSameAsGseCorpus cuts every paragraph of the corpus, and looks up
// every substring of up to 8 code points, with both segmenters.
func TestSameAsGseCorpus(t *testing.T) {
	s, g := load(t), loadGse(t)
	paras := corpus(t)
	tokens, lookups, found := 0, 0, 0
	for _, p := range paras {
		if !sameCut(t, s, g, p) {
			continue
		}
		tokens += len(s.Cut(p))
		r := []rune(p)
		for i := range r {
			for j := i + 1; j <= min(len(r), i+8); j++ {
				if !sameFreq(t, s, g, string(r[i:j])) {
					return
				}
				lookups++
				if _, _, ok := s.Freq(string(r[i:j])); ok {
					found++
				}
			}
		}
	}
	t.Logf("%d paragraphs, %d tokens, %d lookups (%d words) the same", len(paras), tokens, lookups, found)
}

// TestSameAsGseDictionary cuts and looks up every word of the
// dictionary, also with its ASCII letters in upper case, and cuts random
// runs of dictionary words, whose segmentation is ambiguous.
func TestSameAsGseDictionary(t *testing.T) {
	s, g := load(t), loadGse(t)
	var words []string
	for _, tk := range g.Dict.Tokens {
		words = append(words, tk.Text())
		if up := strings.ToUpper(tk.Text()); up != tk.Text() {
			words = append(words, up)
		}
	}
	bad := 0
	for _, w := range words {
		if !sameCut(t, s, g, w) || !sameFreq(t, s, g, w) {
			if bad++; bad == 10 {
				t.Fatal("too many differences")
			}
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 2 + rnd.IntN(6) {
			b.WriteString(words[rnd.IntN(len(words))])
		}
		if !sameCut(t, s, g, b.String()) {
			if bad++; bad == 10 {
				t.Fatal("too many differences")
			}
		}
	}
	t.Logf("%d words and 20000 runs of words the same", len(words))
}

// TestSameAsGseEdges covers what the corpus lacks: letters and digits of
// other scripts, upper case, symbols, invalid UTF-8 and NUL.
func TestSameAsGseEdges(t *testing.T) {
	s, g := load(t), loadGse(t)
	for _, text := range []string{
		"4S店和4s店", "AA制", "ABC公司CEO", "iPhone手机", "2020年度", "3.14159", "１２３４５全角数字", "ＡＢＣ全角字母",
		"Café résumé", "ΑΒΓ希腊", "Москва莫斯科", "٣٤٥阿拉伯数字", "①②③", "😀表情😀", "a\u0301组合",
		"中\x00国", "深圳\x00", "\x00", "\xff\xfe坏的字节", "中国\xe4\xb8", " \t\n空白 ", "x", "。",
		"市委常委，西海岸新区工委书记、区委书记孙永红同志的讲话",
	} {
		sameCut(t, s, g, text)
		r := []rune(text)
		for i := range r {
			for j := i + 1; j <= len(r); j++ {
				sameFreq(t, s, g, string(r[i:j]))
			}
		}
		sameFreq(t, s, g, text)
	}
	// Words that are the start of longer ones, followed by NUL.
	for _, w := range []string{"中国", "深圳", "组织", "孙", "a", ""} {
		sameFreq(t, s, g, w+"\x00")
	}
}

// BenchmarkNew compares loading the dictionary from zh_s.dict with gse's
// own loading.
func BenchmarkNew(b *testing.B) {
	b.Run("zh_s.dict", func(b *testing.B) {
		for b.Loop() {
			if _, err := New(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gse", func(b *testing.B) {
		for b.Loop() {
			if _, err := newGse(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCutCorpus compares Cut with gse's over the corpus.
func BenchmarkCutCorpus(b *testing.B) {
	paras := corpus(b)
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	b.Run("Cut", func(b *testing.B) {
		s := load(b)
		b.SetBytes(int64(n))
		for b.Loop() {
			for _, p := range paras {
				s.Cut(p)
			}
		}
	})
	b.Run("gse", func(b *testing.B) {
		g := loadGse(b)
		b.SetBytes(int64(n))
		for b.Loop() {
			for _, p := range paras {
				gseCut(g, p)
			}
		}
	})
}
