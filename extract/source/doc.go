// Package source finds the input files of a build and decodes them to
// runes, keeping for every rune its byte offset in the original file.
//
// Walk lists the text files under the inputs; Read (or Decode, its pure
// core) detects the encoding — UTF-8 with or without a byte order mark,
// UTF-16 with a byte order mark, or GB18030/GBK — and, for .html and .htm
// files, strips the markup. For example, the GB18030 bytes
//
//	d6 d0 ce c4 0d 0a 41
//
// ("中文\r\nA") decode to
//
//	Runes:   '中' '文' '\n' 'A'
//	Offsets:  0    2    4    6   7
//
// where Offsets[i] is the first byte of Runes[i] and the last offset is the
// end of the last rune. Line breaks "\r\n" and "\r" become one '\n' rune
// spanning their bytes, so data[Offsets[i]:Offsets[i+1]] is always the
// encoding of Runes[i] in text files, except that a '\n' may be "\r\n" or
// "\r". A byte order mark is not a rune: the first offset then follows it.
//
// In an HTML file, tags, comments and the contents of script and style
// elements are dropped; a block-level tag (p, div, br, h1–h6, li, tr, td,
// section, article, title and the like) becomes a paragraph break, two
// '\n' runes at the offset of the tag's '<'; a character reference
// (&amp;, &nbsp;, &#12345;, &#x4e00;) becomes its rune at the offset of
// its '&'; a line break or tab becomes a space. The charset is detected
// like any file's, not read from <meta>.
package source
