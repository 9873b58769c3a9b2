package jsonl_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

func ExampleWriteEntities() {
	es := []schema.Entity{{ID: "e1", Type: schema.Person, Name: "孙永红"}}
	if err := jsonl.WriteEntities(os.Stdout, es); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"id":"e1","type":"Person","name":"孙永红","aliases":[],"mentions":[]}
}

func ExampleReadTriples() {
	in := `{"subject":"a","predicate":"HOLDS_POSITION","object":"b","properties":{"title":"书记"}}` + "\n"
	ts, err := jsonl.ReadTriples(strings.NewReader(in))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ts[0].Predicate, ts[0].Properties["title"])
	// Output:
	// HOLDS_POSITION 书记
}
