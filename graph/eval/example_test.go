package eval_test

import (
	"log"
	"os"

	"github.com/kg-dev/kg/graph/eval"
	"github.com/kg-dev/kg/schema"
)

func ExampleScore() {
	gold := []eval.GoldDoc{{
		Doc: "000.txt",
		Entities: []eval.GoldEntity{
			{Type: schema.Person, Name: "孙永红", Aliases: []string{"孙永红书记"}},
			{Type: schema.Organisation, Name: "西海岸新区工委", Aliases: []string{"工委"}},
		},
		Relations: []eval.GoldRelation{
			{Type: schema.HoldsPosition, Subject: "孙永红", Object: "西海岸新区工委", Title: "书记"},
		},
	}}
	in000 := func(text string) []schema.Mention { return []schema.Mention{{Doc: "000.txt", Text: text}} }
	ents := []schema.Entity{
		{ID: "p", Type: schema.Person, Name: "孙永红书记", Mentions: in000("孙永红书记")},
		{ID: "o", Type: schema.Organisation, Name: "西海岸新区工委", Mentions: in000("西海岸新区工委")},
		{ID: "o2", Type: schema.Organisation, Name: "工委", Mentions: in000("工委")}, // a second node: FP
	}
	triples := []schema.Triple{{
		Subject: "p", Predicate: schema.HoldsPosition, Object: "o",
		Properties: map[string]string{"title": "书记"},
		Provenance: []schema.Provenance{{Doc: "000.txt"}},
	}}
	if err := eval.Score(gold, ents, triples).WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// entities           P      R      F1     tp   fp   fn
	//   Person          1.000  1.000  1.000    1    0    0
	//   Organisation    0.500  1.000  0.667    1    1    0
	//   Programme       0.000  0.000  0.000    0    0    0
	//   Place           0.000  0.000  0.000    0    0    0
	//   all             0.667  1.000  0.800    2    1    0
	// relations
	//   HOLDS_POSITION    1.000  1.000  1.000    1    0    0
	//   all               1.000  1.000  1.000    1    0    0
	//   HOLDS_POSITION titles right: 1/1
	// per document
	//   000.txt: entities 2/2 found, 1 extra
	// {"entity_p": 0.6667, "entity_r": 1.0, "entity_f1": 0.8, "relation_p": 1.0, "relation_r": 1.0, "relation_f1": 1.0, "holds_position_f1": 1.0, "title_acc": 1.0, "f1_Person": 1.0, "f1_Organisation": 0.6667, "f1_Programme": 0.0, "f1_Place": 0.0}
}
