// Package segment cuts Chinese text into dictionary words with their
// part-of-speech tags, exactly as gse (github.com/go-ego/gse) does with its
// simplified-Chinese dictionary: the same tokens, tags and frequencies as
// gse's Segmenter.Segment and Segmenter.Find after LoadDictEmbed("zh_s").
//
// Offsets are in code points, not bytes:
//
//	s.Cut("崂山区委组织部") → 崂山/ns [0,2) 区委/n [2,4) 组织部/n [4,7)
//
// gse takes over a second to load its dictionary, most of it building a
// trie and sub-segmenting every word for its search mode, which Cut does
// not use. So the dictionary is embedded in the binary as gse holds it once
// loaded (words, frequencies, tags), sorted and front-coded in zh_s.dict,
// which New decodes in milliseconds, and Cut runs gse's shortest-path
// segmentation over it.
//
// Only the tests import gse: they generate zh_s.dict from it (go generate
// ./extract/segment), fail if the file is out of date, and check that Cut
// and Freq answer as gse does on the seeds, on every word of the
// dictionary and on edge cases.
package segment

//go:generate go test -run ^TestDictFile$ -update

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text.
type Token struct {
	Text  string
	Pos   string // gse part-of-speech tag: n, v, ns (place), nr (person), nt (organisation), x (other) …
	Start int    // code points into the text
	End   int    // code points, exclusive
}

// Segmenter cuts text into tokens. Make one with New; it is safe for
// concurrent use.
type Segmenter struct {
	dict *dict
}

// New loads the embedded dictionary, in a few milliseconds.
func New() (*Segmenter, error) {
	d, err := decodeDict(zhS)
	if err != nil {
		return nil, fmt.Errorf("load the segmenter's dictionary (zh_s.dict): %w", err)
	}
	return &Segmenter{dict: d}, nil
}

// pseudoDist is gse's path length for a character that starts no
// dictionary word of its own.
const pseudoDist float32 = 32

// jump is the best way found to reach the end of a word of the text: gse's
// jumper.
type jump struct {
	dist  float32 // path length from the start of the text; 0: not reached yet
	key   int32   // the dictionary word that ends the path, or -1 for a single word out of the dictionary
	words int32   // the number of text words it covers
}

// update is gse's updateJumper: a shorter path replaces the one found, and
// the first of equal ones stays.
func (j *jump) update(dist float32, key, words int) {
	if j.dist == 0 || j.dist > dist {
		*j = jump{dist: dist, key: int32(key), words: int32(words)}
	}
}

// Cut returns the tokens of text, which cover it without gaps. It cuts as
// gse's Segmenter.Segment does: text splits into words (a run of letters
// and digits below U+0800, or any other character), and the tokens are the
// path through dictionary entries and single words whose sum of
// log2(total frequency / frequency) is least, a word out of the
// dictionary counting 32.
func (s *Segmenter) Cut(text string) []Token {
	if text == "" {
		return nil
	}
	d := s.dict
	low := lowerASCII(text)
	at := splitWords(text) // word i is text[at[i]:at[i+1]]
	n := len(at) - 1
	jumps := make([]jump, n)
	for cur := range n {
		var base float32
		if cur > 0 {
			base = jumps[cur-1].dist
		}
		single := false // a dictionary entry is the word at cur alone
		var lo, hi int  // the keys that start with the words cur…k
		p := 0          // bytes in those words
		for k := cur; k < n; k++ {
			w := low[at[k]:at[k+1]]
			if k == cur {
				lo, hi = d.prefixed(w)
			} else {
				lo, hi = d.narrow(lo, hi, p, w)
			}
			if lo == hi {
				break
			}
			p += len(w)
			if int(d.off[lo+1]-d.off[lo]) == p {
				single = single || k == cur
				jumps[k].update(base+d.dist[lo], lo, k-cur+1)
			}
		}
		if !single {
			jumps[cur].update(base+pseudoDist, -1, 1)
		}
	}

	// Walk the best path back from the end, then emit it forwards.
	count := 0
	for i := n - 1; i >= 0; i -= int(jumps[i].words) {
		count++
	}
	toks := make([]Token, count)
	for i := n - 1; i >= 0; i -= int(jumps[i].words) {
		count--
		j := jumps[i]
		pos := "x"
		if j.key >= 0 {
			pos = d.tags[d.tag[j.key]]
		}
		toks[count] = Token{Text: text[at[i+1-int(j.words)]:at[i+1]], Pos: pos}
	}
	cp := 0
	for i := range toks {
		toks[i].Start = cp
		cp += utf8.RuneCountInString(toks[i].Text)
		toks[i].End = cp
	}
	return toks
}

// splitWords returns where the words of text start, and len(text): as gse's
// SplitTextToWords, a word is a run of letters and digits of one or two
// bytes in UTF-8 (Latin, Greek, Cyrillic …), or any other character.
func splitWords(text string) []int {
	at := make([]int, 0, len(text)/3+2)
	alnum := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		prev := alnum
		alnum = size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r))
		if !alnum || !prev {
			at = append(at, i)
		}
		i += size
	}
	return append(at, len(text))
}

// lowerASCII returns text with ASCII letters in lower case, as gse matches
// words.
func lowerASCII(text string) string {
	i := 0
	for i < len(text) && (text[i] < 'A' || text[i] > 'Z') {
		i++
	}
	if i == len(text) {
		return text
	}
	b := []byte(text)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// Freq returns the dictionary frequency of word and its tag; ok is false
// when the dictionary does not hold the word. As gse's Segmenter.Find, it
// looks word up as it is: "4S店" is not there, "4s店" is.
func (s *Segmenter) Freq(word string) (freq float64, pos string, ok bool) {
	d := s.dict
	i, ok := d.find(word)
	if !ok {
		// gse's trie also takes a word followed by NUL, if a longer word
		// starts with it.
		w, nul := strings.CutSuffix(word, "\x00")
		if i, ok = d.find(w); !nul || !ok || i+1 == d.len() || !strings.HasPrefix(d.key(i+1), w) {
			return 0, "", false
		}
	}
	return float64(d.freq[i]), d.tags[d.tag[i]], true
}
