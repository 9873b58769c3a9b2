package source_test

import (
	"fmt"

	"github.com/kg-dev/kg/extract/source"
)

func ExampleDecode() {
	data := []byte{0xd6, 0xd0, 0xce, 0xc4, 0x0d, 0x0a, 0x41} // "中文\r\nA" in GB18030
	t, err := source.Decode(data, "a.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q %v\n", string(t.Runes), t.Offsets)

	_, err = source.Decode([]byte("a\x00b"), "b.txt")
	fmt.Println(err)
	// Output:
	// "中文\nA" [0 2 4 6 7]
	// b.txt: binary file (NUL bytes)
}
