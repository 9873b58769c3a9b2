package segment_test

import (
	"fmt"

	"github.com/kg-dev/kg/extract/segment"
)

func ExampleSegmenter_Cut() {
	s, err := segment.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range s.Cut("崂山区委组织部部长2020年") {
		fmt.Printf("%s/%s [%d,%d)\n", t.Text, t.Pos, t.Start, t.End)
	}
	// Output:
	// 崂山/ns [0,2)
	// 区委/n [2,4)
	// 组织部/n [4,7)
	// 部长/n [7,9)
	// 2020/x [9,13)
	// 年/m [13,14)
}

func ExampleSegmenter_Freq() {
	s, err := segment.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Freq("组织部"))
	fmt.Println(s.Freq("组织部部长"))
	// Output:
	// 213 n true
	// 0  false
}
