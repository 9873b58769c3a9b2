package jsonl

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/kg-dev/kg/schema"
)

// The append functions write a record as the line that encoding/json's
// Encoder, with SetEscapeHTML(false), writes for it, without the newline:
// the same field order, string escapes and number forms, byte for byte
// (FuzzRoundTrip compares them). They exist because encoding/json's
// reflection dominates the time of writing large outputs.

// AppendParagraph appends to b the line of documents.jsonl, newline
// included, that Writer.Paragraph writes for p, for callers that encode
// paragraphs in one goroutine and write them in another.
func AppendParagraph(b []byte, p schema.Paragraph) []byte {
	return append(appendParagraph(b, p), '\n')
}

// appendParagraph appends p as a line of documents.jsonl.
func appendParagraph(b []byte, p schema.Paragraph) []byte {
	b = appendField(b, '{', "doc", p.Doc)
	b = appendField(b, ',', "doc_sha256", p.DocSHA256)
	b = appendInt(b, "paragraph", p.Index)
	b = appendField(b, ',', "id", p.ID)
	b = appendField(b, ',', "text", p.Text)
	b = appendInt(b, "source_start", p.SourceStart)
	b = appendInt(b, "source_end", p.SourceEnd)
	return append(b, '}')
}

// appendEntity appends e as a line of entities.jsonl; nil lists are [].
func appendEntity(b []byte, e schema.Entity) []byte {
	b = appendField(b, '{', "id", e.ID)
	b = appendField(b, ',', "type", string(e.Type))
	b = appendField(b, ',', "name", e.Name)
	b = append(b, `,"aliases":[`...)
	for i, a := range e.Aliases {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, a)
	}
	b = append(b, `],"mentions":[`...)
	for i, m := range e.Mentions {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSpan(b, m.Doc, m.Paragraph, m.Start, m.End, "text", m.Text)
	}
	return append(b, "]}"...)
}

// appendTriple appends t as a line of triples.jsonl; a nil map is {} and
// a nil list []. A confidence that JSON cannot hold (NaN, ±Inf) is an
// error, as it is for encoding/json.
func appendTriple(b []byte, t schema.Triple) ([]byte, error) {
	if math.IsNaN(t.Confidence) || math.IsInf(t.Confidence, 0) {
		return b, fmt.Errorf("json: unsupported value: %v", t.Confidence)
	}
	b = appendField(b, '{', "subject", t.Subject)
	b = appendField(b, ',', "predicate", string(t.Predicate))
	b = appendField(b, ',', "object", t.Object)
	b = append(b, `,"properties":{`...)
	keys := make([]string, 0, len(t.Properties))
	for k := range t.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, t.Properties[k])
	}
	b = append(b, `},"provenance":[`...)
	for i, p := range t.Provenance {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSpan(b, p.Doc, p.Paragraph, p.Start, p.End, "evidence", p.Evidence)
	}
	b = append(b, ']')
	b = appendField(b, ',', "extractor", t.Extractor)
	b = append(b, `,"confidence":`...)
	return append(appendFloat(b, t.Confidence), '}'), nil
}

// appendSpan appends a mention or a provenance entry: an object of the
// span's fields and its text under the name textName.
func appendSpan(b []byte, doc string, para, start, end int, textName, text string) []byte {
	b = appendField(b, '{', "doc", doc)
	b = appendInt(b, "paragraph", para)
	b = appendInt(b, "start", start)
	b = appendInt(b, "end", end)
	b = appendField(b, ',', textName, text)
	return append(b, '}')
}

// appendField appends sep, the quoted name (which needs no escape), a
// colon and the string value.
func appendField(b []byte, sep byte, name, value string) []byte {
	b = append(b, sep, '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

// appendInt appends a comma, the quoted name and the number n.
func appendInt(b []byte, name string, n int) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, int64(n), 10)
}

// appendFloat appends f as encoding/json does: like ES6, %f between 1e-6
// and 1e21, otherwise %e with an exponent of at least one digit.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString appends s quoted as encoding/json quotes it without HTML
// escaping: '"' and '\\' escaped, control characters as \b \f \n \r \t or
// \u00XX, each byte of invalid UTF-8 as \ufffd, U+2028 and U+2029 as
// \u2028 and \u2029, everything else as is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
