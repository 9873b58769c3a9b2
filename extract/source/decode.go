package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Text is a decoded file.
type Text struct {
	SHA256 string // hex SHA-256 of the original bytes
	Runes  []rune // the text; line breaks are '\n'
	// Offsets[i] is the byte offset in the original file of Runes[i];
	// the last element, Offsets[len(Runes)], is the end of the last rune
	// (the file size, for a text file), so len(Offsets) == len(Runes)+1.
	Offsets []int
}

// ErrBinary and ErrEncoding are the reasons a file cannot be decoded; they
// reach callers wrapped in a *FileError.
var (
	ErrBinary   = errors.New("binary file (NUL bytes)")
	ErrEncoding = errors.New("not UTF-8, UTF-16 or GB18030 text")
)

// FileError is an error reading or decoding one file.
type FileError struct {
	Path string // the file, as given to Read or Decode
	Err  error  // the reason, such as ErrBinary, ErrEncoding or an OS error
}

// Error returns "PATH: reason".
func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns e.Err.
func (e *FileError) Unwrap() error { return e.Err }

// Read reads the file f and decodes it with Decode.
func Read(ctx context.Context, f File) (*Text, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(f.Abs)
	if err != nil {
		// The reason alone: the *PathError would name the file twice.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{Path: f.Path, Err: err}
	}
	return Decode(data, f.Path)
}

// Decode decodes data, the contents of the file name. It detects the
// encoding: a byte order mark (UTF-8, UTF-16LE or UTF-16BE) first; else
// UTF-8 if data is valid UTF-8; else GB18030 (a superset of GBK) if data
// decodes cleanly as GB18030 and most of its non-ASCII characters are Han.
// Data with NUL bytes and no UTF-16 mark is ErrBinary; data in no encoding
// above is ErrEncoding, both wrapped in a *FileError naming name. Empty
// data is an empty Text. If name ends in .html or .htm, the markup is
// stripped (see the package doc).
func Decode(data []byte, name string) (*Text, error) {
	sum := sha256.Sum256(data)
	t, err := decode(data)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	t.SHA256 = hex.EncodeToString(sum[:])
	if isHTML(name) {
		t = stripHTML(t)
	}
	return t, nil
}

// decode decodes data to runes and offsets, leaving SHA256 empty.
func decode(data []byte) (*Text, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return decodeUTF8(data, 3)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return decodeUTF16(data, false)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return decodeUTF16(data, true)
	case bytes.IndexByte(data, 0) >= 0:
		return nil, ErrBinary
	case utf8.Valid(data):
		return decodeUTF8(data, 0)
	}
	return decodeGB18030(data)
}

// builder accumulates runes and offsets, turning "\r\n" and "\r" into one
// '\n' rune.
type builder struct {
	t      Text
	lastCR bool // the last rune added was a '\r', now a '\n'
}

func newBuilder(capacity int) *builder {
	return &builder{t: Text{
		Runes:   make([]rune, 0, capacity),
		Offsets: make([]int, 0, capacity+1),
	}}
}

// add adds the rune r found at byte offset off.
func (b *builder) add(r rune, off int) {
	if r == '\n' && b.lastCR {
		b.lastCR = false // the '\n' of "\r\n": already a '\n' rune
		return
	}
	b.lastCR = r == '\r'
	if r == '\r' {
		r = '\n'
	}
	b.t.Runes = append(b.t.Runes, r)
	b.t.Offsets = append(b.t.Offsets, off)
}

// done returns the text ending at byte offset end.
func (b *builder) done(end int) *Text {
	b.t.Offsets = append(b.t.Offsets, end)
	return &b.t
}

// decodeUTF8 decodes valid UTF-8 data from byte start.
func decodeUTF8(data []byte, start int) (*Text, error) {
	if !utf8.Valid(data[start:]) {
		return nil, ErrEncoding
	}
	if bytes.IndexByte(data[start:], 0) >= 0 {
		return nil, ErrBinary
	}
	b := newBuilder(utf8.RuneCount(data[start:]))
	for i := start; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		b.add(r, i)
		i += n
	}
	return b.done(len(data)), nil
}

// decodeUTF16 decodes UTF-16 data after its 2-byte byte order mark.
func decodeUTF16(data []byte, bigEndian bool) (*Text, error) {
	if len(data)%2 != 0 {
		return nil, ErrEncoding
	}
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	b := newBuilder((len(data) - 2) / 2)
	for i := 2; i < len(data); {
		r, n := unit(i), 2
		switch {
		case r == 0:
			return nil, ErrBinary
		case utf16.IsSurrogate(r):
			if i+4 > len(data) {
				return nil, ErrEncoding
			}
			r, n = utf16.DecodeRune(r, unit(i+2)), 4
			if r == unicode.ReplacementChar {
				return nil, ErrEncoding
			}
		}
		b.add(r, i)
		i += n
	}
	return b.done(len(data)), nil
}

// gbReplacement is the GB18030 encoding of U+FFFD, the one sequence that
// may decode to it.
var gbReplacement = []byte{0x84, 0x31, 0xa4, 0x37}

// decodeGB18030 decodes data as GB18030 one character at a time, so that
// each rune's byte span is known: a character is 1 byte (ASCII, or 0x80
// for the euro sign), 2 bytes (a lead byte 0x81–0xfe then 0x40–0xfe), or 4
// bytes (lead, 0x30–0x39, lead, 0x30–0x39). It fails with ErrEncoding on
// an invalid sequence or when fewer than half of the non-ASCII characters
// are Han, which is unlikely for Chinese text.
func decodeGB18030(data []byte) (*Text, error) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var buf [utf8.UTFMax]byte
	b := newBuilder(len(data) / 2)
	nonASCII, han := 0, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			b.add(rune(c), i)
			i++
			continue
		}
		n := 1
		if c >= 0x81 && c <= 0xfe && i+1 < len(data) {
			n = 2
			if c1 := data[i+1]; c1 >= 0x30 && c1 <= 0x39 {
				n = 4
			}
		}
		if i+n > len(data) {
			return nil, ErrEncoding
		}
		seq := data[i : i+n]
		nDst, nSrc, err := dec.Transform(buf[:], seq, true)
		r, size := utf8.DecodeRune(buf[:nDst])
		if err != nil || nSrc != n || size != nDst ||
			(r == utf8.RuneError && !bytes.Equal(seq, gbReplacement)) {
			return nil, ErrEncoding
		}
		nonASCII++
		if unicode.Is(unicode.Han, r) {
			han++
		}
		b.add(r, i)
		i += n
	}
	if 2*han < nonASCII {
		return nil, ErrEncoding
	}
	return b.done(len(data)), nil
}
