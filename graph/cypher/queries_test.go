package cypher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// queriesDir is the Cypher cookbook at the root of the module.
const queriesDir = "../../queries"

// TestQueries runs every query of the cookbook on the test graph.
func TestQueries(t *testing.T) {
	a2Start := len(a0) + 1 + len(a1) + 1
	tests := []struct {
		file   string
		params map[string]any
		cols   int // compare the first cols columns; 0 means all
		want   []string
	}{
		{"who_holds_what.cypher", map[string]any{"organisation": nil}, 0, []string{
			"[孙永红 书记 西海岸新区工委 [西海岸新区工委书记孙永红]]",
			"[王刚 部长 工委组织部 [工委组织部部长王刚]]",
		}},
		{"who_holds_what.cypher", map[string]any{"organisation": "工委组织部"}, 0, []string{
			"[王刚 部长 工委组织部 [工委组织部部长王刚]]",
		}},
		{"person.cypher", map[string]any{"name": "孙永红书记"}, 0, []string{
			"[孙永红 [孙永红书记] [news/a.txt news/b.txt] HOLDS_POSITION out 书记 Organisation 西海岸新区工委 [西海岸新区工委书记孙永红]]",
			"[孙永红 [孙永红书记] [news/a.txt news/b.txt] PARTICIPATES_IN out <nil> Programme 头雁工程 " +
				"[孙永红出席头雁工程推进会 孙永红与青岛理工大学师生一起参加头雁工程]]",
		}},
		{"person.cypher", map[string]any{"name": "宋迎迎"}, 0, []string{
			"[宋迎迎 [] [news/b.txt] <nil> <nil> <nil> <nil> <nil> <nil>]",
		}},
		{"person.cypher", map[string]any{"name": "西海岸新区"}, 0, nil},
		{"org_programmes.cypher", map[string]any{"programme": nil}, 0, []string{
			"[工委组织部 头雁工程 [工委组织部负责实施头雁工程] [孙永红 青岛理工大学]]",
			"[青岛理工大学 头雁工程 [青岛理工大学在此举办头雁工程] [孙永红 青岛理工大学]]",
		}},
		{"org_programmes.cypher", map[string]any{"programme": "西海讲堂"}, 0, nil},
		{"relation_source.cypher", map[string]any{"subject": "孙永红", "object": nil}, 0, []string{
			fmt.Sprintf("[孙永红 HOLDS_POSITION 书记 西海岸新区工委 西海岸新区工委书记孙永红 news/a.txt 0 %s 0 %d]", a0, len(a0)),
			fmt.Sprintf("[孙永红 PARTICIPATES_IN <nil> 头雁工程 孙永红出席头雁工程推进会 news/a.txt 0 %s 0 %d]", a0, len(a0)),
			fmt.Sprintf("[孙永红 PARTICIPATES_IN <nil> 头雁工程 孙永红与青岛理工大学师生一起参加头雁工程 news/b.txt 0 %s 0 %d]", b0, len(b0)),
		}},
		{"relation_source.cypher", map[string]any{"subject": nil, "object": "西海岸新区"}, 0, []string{
			fmt.Sprintf("[隐珠街道 LOCATED_IN <nil> 西海岸新区 隐珠街道位于西海岸新区 news/a.txt 2 %s %d %d]",
				a2, a2Start, a2Start+len(a2)),
			fmt.Sprintf("[青岛理工大学 LOCATED_IN <nil> 西海岸新区 青岛理工大学位于西海岸新区 news/b.txt 1 %s %d %d]",
				b1, len(b0)+1, len(b0)+1+len(b1)),
		}},
		{"fulltext.cypher", map[string]any{"q": "永红"}, 3, []string{"[Person 孙永红 [孙永红书记]]"}},
		{"fulltext.cypher", map[string]any{"q": "理工"}, 3, []string{"[Organisation 青岛理工大学 [理工大]]"}},
		{"fulltext.cypher", map[string]any{"q": "黄岛"}, 3, []string{"[Place 西海岸新区 [黄岛区]]"}}, // an alias
		{"fulltext.cypher", map[string]any{"q": "北京"}, 3, nil},
	}

	files, err := filepath.Glob(filepath.Join(queriesDir, "*.cypher"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in %s: %v", queriesDir, err)
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		tested[tt.file] = true
	}
	for _, f := range files {
		if !tested[filepath.Base(f)] {
			t.Errorf("%s has no test case", f)
		}
	}

	l := openTest(t)
	if _, err := l.Load(context.Background(), testGraph(t, 1)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(queriesDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "// ") || !strings.Contains(string(src), "// Parameters:") {
				t.Errorf("%s lacks a header comment saying what it answers and its parameters", tt.file)
			}
			var got []string
			for _, row := range query(t, l, string(src), tt.params) {
				if tt.cols > 0 {
					if score, ok := row[len(row)-1].(float64); !ok || score <= 0 {
						t.Errorf("row %v: want a positive score last", row)
					}
					row = row[:tt.cols]
				}
				got = append(got, fmt.Sprint(row))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%s with %v:\n got %s\nwant %s", tt.file, tt.params,
					strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}
