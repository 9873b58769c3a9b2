package normalize

import (
	"sort"
	"strings"
	"unicode"
)

// Para is a paragraph of normalised text.
type Para struct {
	Text string // normalised text, never empty
	// SourceStart and SourceEnd are the byte range of the original file
	// from the first to the last character of Text, end exclusive: every
	// character of Text comes from it.
	SourceStart, SourceEnd int
}

// Layout thresholds, in display columns (a Chinese character is two).
const (
	maxWrapWidth    = 100 // widest column of a hard-wrapped block
	maxHeadingWidth = 60  // widest heading: 30 Chinese characters
	maxBylineWidth  = 40  // widest byline: 20 Chinese characters
)

// line is a non-blank line of the input.
type line struct {
	start, end int  // rune indexes of its first and last non-space runes, end exclusive
	width      int  // display width of the non-space runes in [start, end)
	indent     bool // leading whitespace at least two columns wide
	afterBlank bool // a blank line (or the start of the text) comes before it
}

// Paragraphs splits the text runes, whose byte offsets in the original
// file are offsets (offsets[i] the start of runes[i] and offsets[i+1] its
// end, as in source.Text), into normalised paragraphs in reading order.
// The package doc gives the rules. Runes without an end offset, if
// offsets is too short, are ignored.
func Paragraphs(runes []rune, offsets []int) []Para {
	if len(offsets) == 0 {
		return nil
	}
	if len(runes) > len(offsets)-1 {
		runes = runes[:len(offsets)-1]
	}
	lines := splitLines(runes)
	var paras []Para
	first := -1 // the current paragraph's first line, or -1 if none
	end := func(last int) {
		if first >= 0 {
			paras = appendParas(paras, runes, offsets, lines[first].start, lines[last].end)
			first = -1
		}
	}
	var prev block
	for a := 0; a < len(lines); {
		b := a + 1
		for b < len(lines) && !lines[b].afterBlank {
			b++
		}
		blk := newBlock(lines[a:b])
		if a > 0 && !spliced(runes, lines[first:a], prev, blk) {
			end(a - 1)
		}
		for k := a; k < b; k++ {
			if k > a && breaks(runes, lines[k-1], lines[k], blk) {
				end(k - 1)
			}
			if first < 0 {
				first = k
			}
		}
		prev = blk
		a = b
	}
	if len(lines) > 0 {
		end(len(lines) - 1)
	}
	return paras
}

// splitLines returns the non-blank lines of runes, split at "\n", "\r\n"
// and "\r".
func splitLines(runes []rune) []line {
	var lines []line
	blank := true
	for i := 0; i <= len(runes); {
		j := i
		for j < len(runes) && runes[j] != '\n' && runes[j] != '\r' {
			j++
		}
		l := line{start: i, end: j, afterBlank: blank}
		indent := 0
		for l.start < j && unicode.IsSpace(runes[l.start]) {
			indent += spaceWidth(runes[l.start])
			l.start++
		}
		for l.end > l.start && unicode.IsSpace(runes[l.end-1]) {
			l.end--
		}
		blank = l.start == l.end
		if !blank {
			l.indent = indent >= 2
			for _, r := range runes[l.start:l.end] {
				if !unicode.IsSpace(r) {
					l.width += runeWidth(r)
				}
			}
			lines = append(lines, l)
		}
		if j+1 < len(runes) && runes[j] == '\r' && runes[j+1] == '\n' {
			j++
		}
		i = j + 1
	}
	return lines
}

// block is a run of non-blank lines.
type block struct {
	lines   []line
	width   int  // the column width: upper quartile of the line widths, the last line left out
	wrapped bool // hard-wrapped to a column of that width
}

// newBlock returns the block of lines. It is hard-wrapped if it has
// several lines, its column width is at most maxWrapWidth and at least half
// of its lines (the last left out) are within 25% of the column width.
func newBlock(lines []line) block {
	if len(lines) < 2 {
		return block{lines: lines, width: lines[0].width}
	}
	ws := make([]int, len(lines)-1)
	for i := range ws {
		ws[i] = lines[i].width
	}
	sort.Ints(ws)
	width := ws[3*len(ws)/4]
	near := 0
	for _, w := range ws {
		if 4*w >= 3*width && 4*w <= 5*width {
			near++
		}
	}
	return block{lines: lines, width: width, wrapped: width <= maxWrapWidth && 2*near >= len(ws)}
}

// breaks reports whether a paragraph ends between the consecutive lines
// a and b of the block blk.
func breaks(runes []rune, a, b line, blk block) bool {
	last := runes[a.end-1]
	switch {
	case b.indent || !blk.wrapped:
		return true
	case endsSentence(last) && 5*a.width < 4*blk.width:
		return true // the short last line of a paragraph
	case !isPunct(last) && 5*a.width < 3*blk.width:
		return true // a heading
	}
	return isByline(runes, a)
}

// spliced reports whether the blank lines between the blocks x and y split
// a sentence, so that y continues the paragraph whose lines in x are para.
func spliced(runes []rune, para []line, x, y block) bool {
	a, b := para[len(para)-1], y.lines[0]
	text := runes[para[0].start:a.end]
	switch {
	case b.indent || endsSentence(runes[a.end-1]) || !continues(runes[b.start]):
		return false
	case x.wrapped && 5*a.width < 4*x.width:
		return false // a is not a full line of its column
	case len(x.lines) == 1 && a.width <= maxHeadingWidth:
		return false // a short line on its own: a title
	case len(y.lines) == 1 && isHeading(runes[b.start:b.end]):
		return false // b is a heading
	}
	return !isHeading(text) && !isByline(runes, a)
}

// isHeading reports whether the paragraph text rs is short and has no
// clause punctuation.
func isHeading(rs []rune) bool {
	if len(rs) > 4*maxHeadingWidth {
		return false // too long even with layout spaces
	}
	width := 0
	for _, r := range rs {
		if isClausePunct(r) {
			return false
		}
		if !unicode.IsSpace(r) {
			width += runeWidth(r)
		}
		if width > maxHeadingWidth {
			return false
		}
	}
	return true
}

// isByline reports whether the line l looks like a byline or a title such
// as "本报记者 宋迎迎": short, without clause punctuation, with two words of
// two or more Chinese characters separated by whitespace. Column layout
// spacing ("各 尽 其 责", "干部队 伍") has a single character on one side.
func isByline(runes []rune, l line) bool {
	if l.width > maxBylineWidth {
		return false
	}
	words := strings.Fields(string(runes[l.start:l.end]))
	for i, w := range words {
		if strings.ContainsFunc(w, isClausePunct) {
			return false
		}
		if i == 0 {
			continue
		}
		left, right := []rune(words[i-1]), []rune(w)
		if len(left) >= 2 && len(right) >= 2 && isHan(left[len(left)-1]) && isHan(right[0]) {
			return true
		}
	}
	return false
}

// maxParaRunes is the most runes of the source, layout spaces and line
// breaks included, that one paragraph spans. A longer paragraph, such as a
// file without line breaks, is cut into pieces (see cut), so that no later
// stage ever sees an unbounded paragraph.
const maxParaRunes = 3000

// appendParas appends to paras the paragraph of runes[s:e], which start and
// end with non-space runes, cut into pieces of at most maxParaRunes runes.
func appendParas(paras []Para, runes []rune, offsets []int, s, e int) []Para {
	for e-s > maxParaRunes {
		c := cut(runes, s, s+maxParaRunes)
		k := c
		for unicode.IsSpace(runes[k-1]) {
			k-- // stops at s+1: runes[s] is not a space
		}
		paras = append(paras, makePara(runes, offsets, s, k))
		s = c
		for unicode.IsSpace(runes[s]) {
			s++ // stops before e: runes[e-1] is not a space
		}
	}
	return append(paras, makePara(runes, offsets, s, e))
}

// cut returns where to end a piece of the paragraph that starts at
// runes[s] and may run to runes[limit-1], s < limit: after the last
// sentence end in runes[s+1:limit] (see sentenceEnd); else after the last
// comma, colon or whitespace; else at limit.
func cut(runes []rune, s, limit int) int {
	weak := 0 // the last cut after a comma, colon or whitespace
	for c := limit; c > s+1; c-- {
		if sentenceEnd(runes, s, c, limit) {
			return c
		}
		if weak == 0 && isPause(runes[c-1]) {
			weak = c
		}
	}
	if weak > 0 {
		return weak
	}
	return limit
}

// sentenceEnd reports whether a sentence of the piece starting at runes[s]
// ends just before runes[c], s < c <= limit: runes[c-1] is 。！？；!?; or a
// '.' followed by whitespace, or up to three closing quotes or brackets
// after one of those, and runes[c] (if c < limit) is not a closing quote or
// bracket, which would stay with its sentence.
func sentenceEnd(runes []rune, s, c, limit int) bool {
	if c < limit && isClosing(runes[c]) {
		return false
	}
	i := c - 1
	for n := 0; n < 3 && i > s && isClosing(runes[i]); n++ {
		i--
	}
	switch runes[i] {
	case '。', '！', '？', '；', '!', '?', ';':
		return true
	case '.':
		return i+1 < len(runes) && unicode.IsSpace(runes[i+1])
	}
	return false
}

// isClosing reports whether r is a closing quote or bracket.
func isClosing(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '】', '》', '〉':
		return true
	}
	return false
}

// isPause reports whether r is a comma, a colon or whitespace.
func isPause(r rune) bool {
	switch r {
	case '，', '、', '：', ',', ':':
		return true
	}
	return unicode.IsSpace(r)
}

// makePara returns the paragraph of runes[s:e], which start and end with
// non-space runes.
func makePara(runes []rune, offsets []int, s, e int) Para {
	var b strings.Builder
	b.Grow(e - s)
	for i := s; i < e; {
		r := runes[i]
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
			i++
			continue
		}
		j := i + 1
		for j < e && unicode.IsSpace(runes[j]) {
			j++
		}
		if !isWide(runes[i-1]) && !isWide(runes[j]) {
			b.WriteByte(' ')
		}
		i = j
	}
	return Para{Text: b.String(), SourceStart: offsets[s], SourceEnd: offsets[e]}
}

func isHan(r rune) bool { return r >= 0x2e80 && unicode.Is(unicode.Han, r) }

// isWide reports whether r is a Chinese, Japanese or Korean character or
// punctuation mark: spaces next to one are layout.
func isWide(r rune) bool {
	switch {
	case r < 0x2000:
		return r == '·'
	case r >= 0x3000 && r <= 0x303f, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xffef:
		return true
	case strings.ContainsRune("‘’“”—…", r):
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// runeWidth is the display width of r: 2 if wide, else 1.
func runeWidth(r rune) int {
	if isWide(r) {
		return 2
	}
	return 1
}

// spaceWidth is the display width of the whitespace rune r.
func spaceWidth(r rune) int {
	switch r {
	case '\u3000', '\t':
		return 2
	}
	return 1
}

// endsSentence reports whether a line ending in r ends a sentence.
func endsSentence(r rune) bool {
	return strings.ContainsRune("。！？；：…”’」』）】》〉!?;:.)", r)
}

// isClausePunct reports whether r ends a clause or a sentence.
func isClausePunct(r rune) bool { return strings.ContainsRune("，、；：。！？,;:!?", r) }

// isPunct reports whether r is punctuation or a symbol.
func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// continues reports whether a line starting with r may continue a
// sentence: r is a Chinese character, a digit or an opening quote or
// bracket.
func continues(r rune) bool {
	return isHan(r) || unicode.IsDigit(r) || strings.ContainsRune("“‘「『（《〈【(", r)
}
