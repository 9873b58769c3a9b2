package neo4jadmin_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/kg-dev/kg/graph/neo4jadmin"
)

// Export a build's output folder, then print the neo4j-admin command that
// imports it.
func ExampleExport() {
	to, err := os.MkdirTemp("", "kg-export")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(to)

	res, err := neo4jadmin.Export(context.Background(), "testdata/build", to)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d nodes, %d relationships in %d files\n", res.Nodes, res.Relationships, len(res.Files))
	args := res.Args("csv")
	fmt.Println("neo4j-admin database import full", strings.Join(args[:7], " "), "…")
	// Output:
	// 9 nodes, 11 relationships in 19 files
	// neo4j-admin database import full --id-type=string --array-delimiter=U+001F --legacy-style-quoting=false --multiline-fields-format=v2 --multiline-fields=csv/Paragraph.csv,csv/HOLDS_POSITION-Person-Organisation.csv --nodes=Document=csv/Document.csv --nodes=Paragraph=csv/Paragraph.csv …
}
