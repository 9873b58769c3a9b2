// Package normalize splits decoded text into paragraphs, undoing the
// layout of OCR'd newspaper columns, and keeps for each paragraph the
// byte range of the original file it comes from.
//
// For example, the column
//
//	　　坚持系统谋划，优化提升领导班子
//	整体功能。孙永红书记要求，各部门各
//	单 位 领 导 班 子 要 各 尽 其 责 抓 落 实。
//	　　（本报记者 宋迎迎 整理）
//
// gives two paragraphs:
//
//	坚持系统谋划，优化提升领导班子整体功能。孙永红书记要求，各部门各单位领导班子要各尽其责抓落实。
//	（本报记者宋迎迎整理）
//
// Lines broken in mid-sentence are joined with nothing in between, layout
// spaces next to Chinese characters or punctuation are removed, and a line
// indented by two ideographic spaces (U+3000), or by two or more ASCII
// spaces, starts a new paragraph.
//
// The rules:
//
//   - Lines are split at "\n", "\r\n" and "\r". A line holding only
//     whitespace is blank; blank lines separate blocks.
//   - An indented line (leading whitespace at least two columns wide: one
//     U+3000, two spaces, a tab) starts a paragraph.
//   - Widths are display widths: a Chinese character or punctuation mark
//     is two columns, spaces count nothing. A block is hard-wrapped when it
//     has several lines, its column width (the upper quartile of its line
//     widths, the last line left out) is at most 100, and at least half of
//     its lines are within 25% of that width. In a block that is not
//     hard-wrapped every line is a paragraph. In a hard-wrapped block a
//     line break joins the lines unless the first of them ends a sentence
//     and is shorter than 80% of the column, ends in no punctuation and is
//     shorter than 60% (a heading), or looks like a byline (at most 40
//     columns, no clause punctuation, two words of two or more Chinese
//     characters separated by a space, as in "本报记者 宋迎迎").
//   - A blank line separates paragraphs, except where columns were spliced
//     in mid-sentence: the line before it does not end a sentence (it does
//     not end with 。！？；：…”」』） or the like); it fills its column, or, alone in its block, is
//     wider than 60 columns; the paragraph it ends is not a heading (at most
//     60 columns, no clause punctuation) nor a byline; and the line after
//     the blank is not indented, starts with a Chinese character, a digit or
//     an opening quote or bracket, and is not a heading alone in its block.
//
// A paragraph spans at most 3000 characters of the source, layout spaces
// and line breaks included, so that no later stage sees an unbounded one
// (a 50 MB file with no line break, say). A longer paragraph is cut after
// the last sentence end within its first 3000 characters: 。！？；!?; or a
// '.' followed by whitespace, with up to three closing quotes or brackets
// after it (”’」』）)】》〉). Without one, it is cut after the last comma,
// colon (，、：,:) or whitespace; without those, after exactly 3000
// characters. The rest is cut the same way. The pieces are paragraphs of
// their own, each with its own source range.
//
// Within a paragraph, a run of whitespace, line breaks included, is
// removed when a Chinese character or CJK punctuation mark is on either
// side of it (so "2020 年" becomes "2020年") and is otherwise one ASCII
// space ("Hello world" stays). No other character is changed.
package normalize
