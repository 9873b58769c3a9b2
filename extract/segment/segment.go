// Package segment cuts Chinese text into dictionary words with their
// part-of-speech tags, using gse and its simplified-Chinese dictionary,
// which is embedded in the binary.
//
// Offsets are in code points, not bytes:
//
//	s.Cut("崂山区委组织部") → 崂山/ns [0,2) 区委/n [2,4) 组织部/n [4,7)
//
// It is the only package that imports gse.
package segment

import (
	"fmt"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// Token is one word of a text.
type Token struct {
	Text  string
	Pos   string // gse part-of-speech tag: n, v, ns (place), nr (person), nt (organisation), x (other) …
	Start int    // code points into the text
	End   int    // code points, exclusive
}

// Segmenter cuts text into tokens. It is safe for concurrent use once made.
type Segmenter struct {
	seg gse.Segmenter
}

// New loads gse's embedded simplified-Chinese dictionary. It takes about a
// second and a half; make one Segmenter per process and share it.
func New() (*Segmenter, error) {
	s := &Segmenter{}
	s.seg.SkipLog = true
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return s, nil
}

// Cut returns the tokens of text, which cover it without gaps.
func (s *Segmenter) Cut(text string) []Token {
	if text == "" {
		return nil
	}
	segs := s.seg.Segment([]byte(text))
	toks := make([]Token, 0, len(segs))
	pos := 0 // code points before byte offset `at`
	at := 0
	for _, sg := range segs {
		if sg.Start() > at { // gse never leaves gaps, but keep offsets honest if it did
			pos += utf8.RuneCountInString(text[at:sg.Start()])
			at = sg.Start()
		}
		w := text[sg.Start():sg.End()]
		n := utf8.RuneCountInString(w)
		toks = append(toks, Token{Text: w, Pos: sg.Token().Pos(), Start: pos, End: pos + n})
		pos += n
		at = sg.End()
	}
	return toks
}

// Freq returns the dictionary frequency of word and its tag; ok is false
// when the dictionary does not hold the word.
func (s *Segmenter) Freq(word string) (freq float64, pos string, ok bool) {
	freq, pos, ok = s.seg.Find(word)
	if freq <= 0 { // gse also answers for prefixes of longer words
		return 0, "", false
	}
	return freq, pos, ok
}
