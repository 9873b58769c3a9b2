package source

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeHTML(t *testing.T) {
	doc := `<!DOCTYPE html><HTML><head><meta charset="utf-8"><title>标题</title>` +
		`<style>p { color: red }</style><SCRIPT type="text/javascript">var a = "<p>&amp;</p>";</script></head>` +
		"<body><!-- 注释 <p> --><p class=\"a>b\">孙永红&nbsp;书记&amp;A&#12345;&#x4e00;&lt;&bogus; x < y</p>\n" +
		"<div>B<br/>C\tD\r\nE</DIV><ul><li>一</li><li>二</li></ul><td>&#x1F600;</td></body></html>\n"
	data := []byte(doc)
	got, err := Decode(data, "dir/page.HTML")
	if err != nil {
		t.Fatal(err)
	}
	checkText(t, data, got)
	want := "标题\n\n孙永红\u00a0书记&A\u3039一<&bogus; x < y\n\nB\n\nC D E\n\n一\n\n二\n\n😀\n\n "
	if string(got.Runes) != want {
		t.Fatalf("Runes = %q\nwant %q", string(got.Runes), want)
	}
	if got.Offsets[len(got.Runes)] != len(doc) {
		t.Errorf("end offset %d, want %d (after the last space)", got.Offsets[len(got.Runes)], len(doc))
	}
	// Each rune's offset is where it is in the document: text at its
	// bytes, an entity at its '&', a break at its tag.
	at := map[string]rune{
		"标题":        '标',
		"</title>":  '\n',
		"孙永红":       '孙',
		"&nbsp;":    '\u00a0',
		"&amp;A":    '&',
		"&#12345;":  '\u3039',
		"&#x4e00;":  '一',
		"&lt;":      '<',
		"&bogus;":   '&',
		"< y":       '<',
		"</p>":      '\n',
		"C\tD":      'C',
		"\tD":       ' ',
		"\r\nE":     ' ',
		"</DIV>":    '\n',
		"一</li>":    '一',
		"&#x1F600;": '😀',
	}
	body := strings.Index(doc, "<body>")
	for s, r := range at {
		off := strings.Index(doc, s) // in the head
		if s != "标题" && s != "</title>" {
			off = body + strings.Index(doc[body:], s)
		}
		i := indexOffset(got.Offsets, off)
		if i < 0 || i >= len(got.Runes) || got.Runes[i] != r {
			t.Errorf("rune at offset %d (%q): index %d, want %q", off, s, i, r)
		}
	}
	// Text runes are their own bytes.
	for i, r := range got.Runes {
		if r == '\n' || r == ' ' || data[got.Offsets[i]] == '&' {
			continue
		}
		if dr, _ := utf8.DecodeRune(data[got.Offsets[i]:]); dr != r {
			t.Errorf("rune %d %q: bytes at %d are %q", i, r, got.Offsets[i], dr)
		}
	}
}

// indexOffset returns the index of the first rune at byte offset off, or -1.
func indexOffset(offsets []int, off int) int {
	for i, o := range offsets {
		if o == off {
			return i
		}
	}
	return -1
}

func TestDecodeHTMLCases(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "a b", "a b"},
		{"no HTML in text file", "<p>x</p>", "<p>x</p>"},
		{"unclosed comment", "a<!-- b <p>c", "a"},
		{"unclosed tag", "a<p class='b", "a\n\n"},
		{"unclosed script", "a<script>b</p>", "a"},
		{"script end in upper case", "a<script>b</SCRIPT >c", "ac"},
		{"closing script is not a start", "a</script>b", "ab"},
		{"less-than", "a < b <3 <", "a < b <3 <"},
		{"ampersands", "a & b && c &; &#; &#x; &amp", "a & b && c &; &#; &#x; &amp"},
		{"numeric without semicolon", "&#20013文", "中文"},
		{"invalid number", "&#99999999;x", "\ufffdx"},
		{"two-rune entity", "&NotEqualTilde;", "\u2242\u0338"},
		{"breaks collapse", "<p><div><br>x<br><br>y", "x\n\ny"},
		{"inline tags", "<b>加粗</b><a href=\"/\">链接</a><span>。</span>", "加粗链接。"},
		{"headings", "<h1>题</h1><h6>小</h6><section>节</section><article>文</article>", "题\n\n小\n\n节\n\n文\n\n"},
		{"table", "<table><tr><td>甲</td><td>乙</td></tr></table>", "甲\n\n乙\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "x.htm"
			if tt.name == "no HTML in text file" {
				name = "x.txt"
			}
			data := []byte(tt.in)
			got, err := Decode(data, name)
			if err != nil {
				t.Fatal(err)
			}
			checkText(t, data, got)
			if string(got.Runes) != tt.want {
				t.Errorf("Runes = %q, want %q", string(got.Runes), tt.want)
			}
		})
	}
}

func TestDecodeHTMLLarge(t *testing.T) {
	// Pathological markup must take linear time.
	const n = 1 << 20
	for _, in := range []string{
		strings.Repeat("<", n),
		strings.Repeat("<a", n),
		strings.Repeat("&", n),
		strings.Repeat("&#1", n),
		strings.Repeat("&amp", n),
		"<script>" + strings.Repeat("</scrip", n),
		strings.Repeat("<!-", n),
		strings.Repeat("<p>", n),
	} {
		got, err := Decode([]byte(in), "x.html")
		if err != nil {
			t.Fatal(err)
		}
		checkText(t, []byte(in), got)
	}
}
