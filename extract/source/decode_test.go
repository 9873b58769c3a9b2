package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// sample has ASCII, Chinese, a 4-byte GB18030 character (é), a character
// outside the BMP (😀, a UTF-16 surrogate pair) and every line break.
const sample = "孙永红书记\r\n在会上指出，“西海岸”。\rABC é😀\n了十二大攻坚战"

// encode returns s in the encoding e.
func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// checkText checks the invariants of a Text decoded from data.
func checkText(t *testing.T, data []byte, got *Text) {
	t.Helper()
	sum := sha256.Sum256(data)
	if want := hex.EncodeToString(sum[:]); got.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", got.SHA256, want)
	}
	if len(got.Offsets) != len(got.Runes)+1 {
		t.Fatalf("%d offsets for %d runes", len(got.Offsets), len(got.Runes))
	}
	for i := 1; i < len(got.Offsets); i++ {
		if got.Offsets[i] < got.Offsets[i-1] {
			t.Fatalf("Offsets[%d] = %d < Offsets[%d] = %d", i, got.Offsets[i], i-1, got.Offsets[i-1])
		}
	}
	if n := len(got.Offsets); got.Offsets[0] < 0 || got.Offsets[n-1] > len(data) {
		t.Fatalf("offsets [%d, %d] outside %d bytes", got.Offsets[0], got.Offsets[n-1], len(data))
	}
}

// checkSpans checks that each rune's byte span, decoded with dec, is that
// rune, and that the spans cover data from start to its end.
func checkSpans(t *testing.T, data []byte, got *Text, start int, dec func([]byte) string) {
	t.Helper()
	if got.Offsets[0] != start || got.Offsets[len(got.Runes)] != len(data) {
		t.Errorf("offsets run from %d to %d, want %d to %d", got.Offsets[0], got.Offsets[len(got.Runes)], start, len(data))
	}
	for i, r := range got.Runes {
		span := dec(data[got.Offsets[i]:got.Offsets[i+1]])
		if span != string(r) && !(r == '\n' && (span == "\r\n" || span == "\r")) {
			t.Errorf("rune %d %q: bytes %x decode to %q", i, r, data[got.Offsets[i]:got.Offsets[i+1]], span)
		}
	}
}

func TestDecode(t *testing.T) {
	want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(sample)
	utf16LE := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16BE := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	tests := []struct {
		name  string
		data  []byte
		start int               // offset of the first rune
		dec   encoding.Encoding // decodes one rune's bytes
		want  string
	}{
		{"UTF-8", []byte(sample), 0, unicode.UTF8, want},
		{"UTF-8 BOM", append([]byte("\ufeff"), sample...), 3, unicode.UTF8, want},
		{"UTF-16LE BOM", encode(t, utf16LE, sample), 2, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), want},
		{"UTF-16BE BOM", encode(t, utf16BE, sample), 2, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), want},
		{"GB18030", encode(t, simplifiedchinese.GB18030, sample), 0, simplifiedchinese.GB18030, want},
		{"GBK", encode(t, simplifiedchinese.GBK, "孙永红书记\r\n在会上指出，“西海岸”。ABC"), 0, simplifiedchinese.GB18030, "孙永红书记\n在会上指出，“西海岸”。ABC"},
		{"GB18030 euro byte", []byte("\xcb\xef\x80"), 0, simplifiedchinese.GB18030, "孙€"},
		{"ASCII", []byte("plain\ttext\n"), 0, unicode.UTF8, "plain\ttext\n"},
		{"empty", nil, 0, unicode.UTF8, ""},
		{"UTF-8 BOM only", []byte("\ufeff"), 3, unicode.UTF8, ""},
		{"UTF-16LE BOM only", []byte{0xff, 0xfe}, 2, utf16LE, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.data, "x.txt")
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			checkText(t, tt.data, got)
			if string(got.Runes) != tt.want {
				t.Errorf("Runes = %q, want %q", string(got.Runes), tt.want)
			}
			checkSpans(t, tt.data, got, tt.start, func(b []byte) string {
				s, err := tt.dec.NewDecoder().Bytes(b)
				if err != nil {
					return "error: " + err.Error()
				}
				return string(s)
			})
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"NUL bytes", []byte("abc\x00def"), ErrBinary},
		{"NUL after UTF-8 BOM", []byte("\ufeffab\x00"), ErrBinary},
		{"NUL in UTF-16", []byte{0xff, 0xfe, 'a', 0, 0, 0}, ErrBinary},
		{"PNG header", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary},
		{"invalid byte", []byte("abc\xffdef"), ErrEncoding},
		{"Latin-1", []byte("caf\xe9 au lait"), ErrEncoding},
		{"truncated GB18030", []byte("\xcb\xef\xd3"), ErrEncoding},
		{"GB18030 without Han", []byte("\xa1\xa1\xa1\xa2\xa1\xa3"), ErrEncoding},
		{"invalid UTF-8 after BOM", []byte("\ufeffab\xff"), ErrEncoding},
		{"odd UTF-16", []byte{0xff, 0xfe, 'a', 0, 'b'}, ErrEncoding},
		{"lone surrogate", []byte{0xfe, 0xff, 0xd8, 0x3d, 0x00, 'a'}, ErrEncoding},
		{"truncated surrogate pair", []byte{0xff, 0xfe, 0x3d, 0xd8}, ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.data, "dir/x.txt")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v, %v; want error %v", got, err, tt.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != "dir/x.txt" {
				t.Errorf("error %v is not a *FileError for dir/x.txt", err)
			}
			if want := "dir/x.txt: " + tt.want.Error(); err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}
}

func TestDecodeLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB")
	}
	// 50 MB with no line break, in each encoding Decode detects by
	// content: linear time or the test times out.
	unit := "单位领导班子要各尽其责抓落实，"
	s := strings.Repeat(unit, 50<<20/len(unit))
	for _, e := range []struct {
		name string
		enc  encoding.Encoding
	}{{"UTF-8", unicode.UTF8}, {"GB18030", simplifiedchinese.GB18030}} {
		t.Run(e.name, func(t *testing.T) {
			data := encode(t, e.enc, s)
			got, err := Decode(data, "big.txt")
			if err != nil {
				t.Fatal(err)
			}
			if n := utf8.RuneCountInString(s); len(got.Runes) != n || got.Offsets[n] != len(data) {
				t.Errorf("%d runes ending at %d, want %d ending at %d", len(got.Runes), got.Offsets[len(got.Runes)], n, len(data))
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"",
		sample,
		"\ufeff" + sample,
		"\xff\xfea\x00\x3d\xd8\x00\xde",
		"\xfe\xff\x00a\xd8\x3d",
		"\xcb\xef\xd3\xc0\xba\xec\x81\x30\x81\x30",
		"abc\x00",
		"caf\xe9",
		"<p>孙&amp;永&#x7ea2;<script>x</script><!-- c --></p>",
		"<<<a &&#; &#99999999999; <!-- <script>",
	} {
		f.Add([]byte(s), "x.txt")
		f.Add([]byte(s), "x.html")
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		got, err := Decode(data, name)
		if err != nil {
			if !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEncoding) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		checkText(t, data, got)
	})
}
