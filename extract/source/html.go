package source

import (
	"html"
	"strings"
	"unicode"
)

// blockTags are the elements whose start and end tags break paragraphs.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"body": true, "br": true, "dd": true, "div": true, "dl": true,
	"dt": true, "figcaption": true, "figure": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true,
	"ol": true, "p": true, "pre": true, "section": true, "table": true,
	"td": true, "th": true, "title": true, "tr": true, "ul": true,
}

// stripHTML returns the text of an HTML document: tags, comments and the
// contents of script and style elements are dropped; a block-level tag
// becomes a paragraph break, "\n\n", at the tag's offset; an entity such as
// "&amp;" or "&#x4e00;" becomes its rune(s) at the offset of its '&';
// line breaks and tabs become spaces. The offsets of the result still
// point into the original bytes.
func stripHTML(t *Text) *Text {
	in, offs := t.Runes, t.Offsets
	out := &Text{SHA256: t.SHA256, Runes: make([]rune, 0, len(in)), Offsets: make([]int, 0, len(in)+1)}
	end := offs[0] // end byte of the last rune added
	emit := func(r rune, off, e int) {
		out.Runes = append(out.Runes, r)
		out.Offsets = append(out.Offsets, off)
		end = e
	}
	for i := 0; i < len(in); {
		switch r := in[i]; {
		case r == '<' && hasPrefixAt(in, i+1, "!--"):
			i = indexAt(in, i+4, "-->", len(in)-3) + 3
		case r == '<' && i+1 < len(in) && (isLetter(in[i+1]) || strings.ContainsRune("/!?", in[i+1])):
			j := tagEnd(in, i+1)
			name, closing := tagName(in[i+1 : j])
			if blockTags[name] {
				// Spaces before a break are insignificant.
				for n := len(out.Runes); n > 0 && out.Runes[n-1] == ' '; n-- {
					out.Runes, out.Offsets = out.Runes[:n-1], out.Offsets[:n-1]
				}
			}
			if blockTags[name] && len(out.Runes) > 0 && !endsWithBreak(out.Runes) {
				emit('\n', offs[i], offs[i])
				emit('\n', offs[i], offs[i])
			}
			i = j + 1
			if (name == "script" || name == "style") && !closing {
				k := indexAt(in, i, "</"+name, len(in))
				i = tagEnd(in, k) + 1
			}
		case r == '&':
			j := entityEnd(in, i)
			s := string(in[i:j])
			if u := html.UnescapeString(s); j > i+1 && u != s {
				for _, ur := range u {
					emit(ur, offs[i], offs[j])
				}
				i = j
				continue
			}
			emit('&', offs[i], offs[i+1])
			i++
		case r == '\n' || r == '\t':
			emit(' ', offs[i], offs[i+1])
			i++
		default:
			emit(r, offs[i], offs[i+1])
			i++
		}
	}
	out.Offsets = append(out.Offsets, end)
	return out
}

// hasPrefixAt reports whether the runes from i start with the ASCII
// string s, ignoring case.
func hasPrefixAt(rs []rune, i int, s string) bool {
	if i+len(s) > len(rs) {
		return false
	}
	for k := 0; k < len(s); k++ {
		if unicode.ToLower(rs[i+k]) != rune(s[k]) {
			return false
		}
	}
	return true
}

// indexAt returns the index of the first occurrence of the lower-case
// ASCII string s at or after i, ignoring case, or notFound.
func indexAt(rs []rune, i int, s string, notFound int) int {
	for ; i+len(s) <= len(rs); i++ {
		if hasPrefixAt(rs, i, s) {
			return i
		}
	}
	return notFound
}

// tagEnd returns the index of the '>' that ends the tag whose body starts
// at i, skipping quoted attribute values, or len(rs)-1 if the tag runs to
// the end of the text.
func tagEnd(rs []rune, i int) int {
	var quote rune
	for ; i < len(rs); i++ {
		switch r := rs[i]; {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '>':
			return i
		}
	}
	return len(rs) - 1
}

// tagName returns the lower-case name of the tag whose body (after '<',
// before '>') is body, and whether it is an end tag.
func tagName(body []rune) (name string, closing bool) {
	if len(body) > 0 && body[0] == '/' {
		closing, body = true, body[1:]
	}
	n := 0
	for n < len(body) && (isLetter(body[n]) || (n > 0 && body[n] >= '0' && body[n] <= '9')) {
		n++
	}
	return strings.ToLower(string(body[:n])), closing
}

// entityEnd returns the end of the character reference starting with the
// '&' at i: "&#123;", "&#x1F;" or "&name;" (the ';' is optional after a
// number). It returns i+1 when there is none.
func entityEnd(rs []rune, i int) int {
	j := i + 1
	if j < len(rs) && rs[j] == '#' {
		j++
		hex := j < len(rs) && (rs[j] == 'x' || rs[j] == 'X')
		if hex {
			j++
		}
		start := j
		for j < len(rs) && j-start < 8 && isDigit(rs[j], hex) {
			j++
		}
		if j == start {
			return i + 1
		}
		if j < len(rs) && rs[j] == ';' {
			j++
		}
		return j
	}
	for j < len(rs) && j-i <= 32 && (isLetter(rs[j]) || isDigit(rs[j], false)) {
		j++
	}
	if j == i+1 || j >= len(rs) || rs[j] != ';' {
		return i + 1
	}
	return j + 1
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func isDigit(r rune, hex bool) bool {
	return r >= '0' && r <= '9' || hex && (r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F')
}

// endsWithBreak reports whether rs ends with a paragraph break.
func endsWithBreak(rs []rune) bool {
	n := len(rs)
	return n >= 2 && rs[n-1] == '\n' && rs[n-2] == '\n'
}
