package normalize_test

import (
	"fmt"

	"github.com/kg-dev/kg/extract/normalize"
)

func ExampleParagraphs() {
	text := "　　坚持系统谋划，优化提升领导班子\n" +
		"整体功能。孙永红书记要求，各部门各\n" +
		"单 位 领 导 班 子 要 各 尽 其 责 抓 落 实。\n" +
		"　　（本报记者 宋迎迎 整理）\n"

	// Decode the UTF-8 text to runes and their byte offsets.
	var runes []rune
	var offsets []int
	for i, r := range text {
		runes = append(runes, r)
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(text))

	for _, p := range normalize.Paragraphs(runes, offsets) {
		fmt.Printf("%d–%d %s\n", p.SourceStart, p.SourceEnd, p.Text)
	}
	// Output:
	// 6–162 坚持系统谋划，优化提升领导班子整体功能。孙永红书记要求，各部门各单位领导班子要各尽其责抓落实。
	// 169–204 （本报记者宋迎迎整理）
}
