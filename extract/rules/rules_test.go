package rules

import (
	"sync"
	"testing"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/schema"
)

var (
	loadOnce sync.Once
	shared   *Extractor
	loadErr  error
)

func extractor(t *testing.T) *Extractor {
	t.Helper()
	loadOnce.Do(func() {
		seg, err := segment.New()
		if err != nil {
			loadErr = err
			return
		}
		shared, loadErr = New(seg)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shared
}

func run(t *testing.T, paras ...string) extract.Result {
	doc := extract.Document{Path: "t.txt"}
	for i, p := range paras {
		doc.Paragraphs = append(doc.Paragraphs, schema.Paragraph{Doc: "t.txt", Index: i, Text: p})
	}
	return extractor(t).Extract(doc)
}

// rel renders a relation as "PRED subject → object (title)".
func rel(r extract.Relation) string {
	s := string(r.Predicate) + " " + r.Subject.Name + " → " + r.Object.Name
	if r.Title != "" {
		s += " (" + r.Title + ")"
	}
	return s
}

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		paras     []string
		mentions  []string // "Type name" that must be found
		relations []string // relations that must be found
		not       []string // "Type name" or relations that must not be found
	}{
		{
			name:      "title chain with two bodies and a department",
			paras:     []string{"青岛市市北区|", "市北区委常委、组织部部长管方圆出席仪式。"},
			mentions:  []string{"Person 管方圆", "Organisation 市北区委", "Organisation 市北区委组织部"},
			relations: []string{"HOLDS_POSITION 管方圆 → 市北区委 (常委)", "HOLDS_POSITION 管方圆 → 市北区委组织部 (部长)", "PART_OF 市北区委组织部 → 市北区委"},
		},
		{
			name:      "an institution's party secretary holds the post in the institution, a village's in its committee",
			paras:     []string{"江北师范学院党委书记刘明远出席会议。南岭村党委书记陈国华介绍情况。华东建工集团党组副书记周立新发言。"},
			mentions:  []string{"Organisation 江北师范学院", "Organisation 南岭村党委", "Organisation 华东建工集团"},
			relations: []string{"HOLDS_POSITION 刘明远 → 江北师范学院 (党委书记)", "HOLDS_POSITION 陈国华 → 南岭村党委 (书记)", "HOLDS_POSITION 周立新 → 华东建工集团 (党组副书记)"},
			not:       []string{"Organisation 江北师范学院党委", "PART_OF 江北师范学院党委 → 江北师范学院"},
		},
		{
			name: "whoever opens a sentence set in a programme takes part in it",
			paras: []string{"在“乡村振兴先锋”评选活动中，东平县委组织部推荐了12名干部。在江城市“百千万”工程推进会上，江城市委常委、组织部部长李文涛作了发言。",
				"在“智慧社区”工程中，精心打造了华光科技研发中心。"},
			relations: []string{"PARTICIPATES_IN 东平县委组织部 → 乡村振兴先锋评选活动", "PARTICIPATES_IN 李文涛 → 百千万工程"},
			not:       []string{"PARTICIPATES_IN 江城市委 → 百千万工程", "PARTICIPATES_IN 华光科技研发中心 → 智慧社区工程"},
		},
		{
			name:      "a post of the area's government",
			paras:     []string{"山东省成武县", "成武县委副书记、县长黄福常,县委副书记王凯,县委常委、组织部部长张力等陪同调研。"},
			mentions:  []string{"Person 黄福常", "Person 王凯", "Person 张力", "Organisation 成武县政府"},
			relations: []string{"HOLDS_POSITION 黄福常 → 成武县政府 (县长)", "HOLDS_POSITION 王凯 → 成武县委 (副书记)", "HOLDS_POSITION 张力 → 成武县委组织部 (部长)", "LOCATED_IN 成武县 → 山东省"},
			not:       []string{"Person 张力等", "Organisation 县委常委"},
		},
		{
			name:     "a speaker named without a title",
			paras:    []string{"“我们会把服务做到家门口。”王建军说。"},
			mentions: []string{"Person 王建军"},
			not:      []string{"Person 王建军说"},
		},
		{
			name:     "photo credits written back to back",
			paras:    []string{"(李明华赵强孙丽)"},
			mentions: []string{"Person 李明华", "Person 赵强", "Person 孙丽"},
		},
		{
			name:     "a credit line with titles and the place reported from",
			paras:    []string{"(王海涛李春生通讯员赵晓雪济南报道)近日召开会议。"},
			mentions: []string{"Person 王海涛", "Person 李春生", "Person 赵晓雪"},
			not:      []string{"Place 济南报道"},
		},
		{
			name:      "a school's committee written as 校党委",
			paras:     []string{"南方科技大学召开会议。", "校党委副书记陈立新出席。"},
			relations: []string{"HOLDS_POSITION 陈立新 → 南方科技大学党委 (副书记)"},
		},
		{
			name:     "a list of people closed by 等N名同志",
			paras:    []string{"为张思远、李志刚和王慧敏等3名同志颁发奖章。"},
			mentions: []string{"Person 张思远", "Person 李志刚", "Person 王慧敏"},
		},
		{
			name:      "a village right after its town",
			paras:     []string{"调研组来到城关镇刘家沟村、瓦房镇陡坡村。"},
			mentions:  []string{"Place 刘家沟村", "Place 陡坡村"},
			relations: []string{"LOCATED_IN 刘家沟村 → 城关镇", "LOCATED_IN 陡坡村 → 瓦房镇"},
		},
		{
			name:      "one body under two generic names",
			paras:     []string{"贵安新区召开大会。", "工委（区委）全体会议召开。工委区委常委、组织部部长刘建国出席。"},
			relations: []string{"HOLDS_POSITION 刘建国 → 贵安新区工委 (常委)", "HOLDS_POSITION 刘建国 → 贵安新区工委组织部 (部长)"},
			not:       []string{"Organisation 贵安新区委"},
		},
		{
			name:      "a generic body takes the nearest area before it",
			paras:     []string{"南昌市召开会议，南昌市各部门参加。", "九江市委常委、市委宣传部部长陈志强出席。"},
			relations: []string{"HOLDS_POSITION 陈志强 → 九江市委宣传部 (部长)"},
			not:       []string{"Organisation 南昌市委宣传部"},
		},
		{
			name:     "quoted names listed before 等 and their kind",
			paras:    []string{"前期开展了“最美社区书记”“优秀志愿者”等荣誉称号评选。"},
			mentions: []string{"Programme 最美社区书记", "Programme 优秀志愿者"},
		},
		{
			name:      "bodies at the head of a longer body's name",
			paras:     []string{"南方科技大学人文与社会科学学院院长陈伟出席。"},
			mentions:  []string{"Organisation 南方科技大学", "Organisation 南方科技大学人文与社会科学学院"},
			relations: []string{"PART_OF 南方科技大学人文与社会科学学院 → 南方科技大学"},
		},
		{
			name:  "descriptions are not names",
			paras: []string{"大力发展乡村旅游，组建1支党员突击队，选拔90后科级干部，认真落实工委决策部署。"},
			not:   []string{"Place 大力发展乡村", "Organisation 支党员突击队", "Organisation 90后科级干部", "Organisation 认真落实工委决策部"},
		},
		{
			name:      "a post without a body takes the one before it",
			paras:     []string{"历史城区管委会主任、党组书记袁涛主持。"},
			relations: []string{"HOLDS_POSITION 袁涛 → 历史城区管委会 (主任)", "HOLDS_POSITION 袁涛 → 历史城区管委会 (党组书记)"},
		},
		{
			name:     "quoted programme with its suffix outside the quotes",
			paras:    []string{"我们将实施“头雁”工程，打造“西海讲堂”。"},
			mentions: []string{"Programme 头雁工程", "Programme 西海讲堂"},
		},
		{
			name:      "administrative chain",
			paras:     []string{"驻村地点为泗县瓦坊镇陡张村、山头镇惠庙村。"},
			mentions:  []string{"Place 泗县", "Place 瓦坊镇", "Place 惠庙村"},
			relations: []string{"LOCATED_IN 瓦坊镇 → 泗县"},
		},
		{
			name:     "words that end in a suffix are not names",
			paras:    []string{"优化干部队伍结构，完善城市社区治理格局。"},
			not:      []string{"Organisation 干部", "Organisation 优化干部", "Organisation 格局"},
			mentions: nil,
		},
		{
			name:      "byline with the newspaper named",
			paras:     []string{"《济南日报》报道", "本报讯（记者邵明红）山东女子学院党委书记郭翠芬参加活动。"},
			mentions:  []string{"Person 邵明红", "Person 郭翠芬", "Organisation 济南日报"},
			relations: []string{"HOLDS_POSITION 邵明红 → 济南日报 (记者)"},
		},
		{
			name:  "teams named by their task and counted bodies",
			paras: []string{"选派乡村振兴工作队，成立15支社区服务工作队，对12处街道综合服务中心进行调度。"},
			not:   []string{"Organisation 乡村振兴工作队", "Organisation 社区服务工作队", "Organisation 处街道综合服务中心", "Organisation 街道综合服务中心"},
		},
		{
			name:     "companies listed before 等N家…服务商, with an area at the head of one",
			paras:    []string{"依托华为济南研究所、济南白鹭科技、云山智能装备研究院等20家工业软件服务商，以及新能源、区块链等新兴行业企业。"},
			mentions: []string{"Organisation 济南白鹭科技"},
			not:      []string{"Organisation 区块链", "Organisation 新能源", "Place 济南"},
		},
		{
			name:     "initiatives right after a verb that launches them",
			paras:    []string{"全面实施强基计划，发起现代农业赋能攻坚战，实施更加积极的就业计划。"},
			mentions: []string{"Programme 强基计划", "Programme 现代农业赋能攻坚战"},
			not:      []string{"Programme 更加积极的就业计划", "Programme 就业计划"},
		},
		{
			name:     "quoted sites, bodies formed, formulas and launched runs",
			paras:    []string{"打造“海棠乐园”“青年创业街区”，组建“青年先锋营”，构建“1+3”课程体系。", "推出“黄河故道生态游”“老城记忆寻访”等5门课程。"},
			mentions: []string{"Place 海棠乐园", "Place 青年创业街区", "Organisation 青年先锋营", "Programme 1+3课程体系", "Programme 黄河故道生态游", "Programme 老城记忆寻访"},
		},
		{
			name:     "a quoted route of long stops",
			paras:    []string{"推出“泉城广场-‘城市记忆’历史文化展示中心-济南市黄河流域生态保护中心”教学路线。"},
			mentions: []string{"Organisation 城市记忆历史文化展示中心", "Place 泉城广场"},
		},
		{
			name:     "the tail of an initiative's name",
			paras:    []string{"济南市干部教育培训黄河文化特色教学点揭牌。", "新区打造特色教学点。"},
			mentions: []string{"Programme 济南市干部教育培训黄河文化特色教学点"},
			not:      []string{"Programme 特色教学点"},
		},
		{
			name:     "awards listed before their count and kind, and an award joining its medal",
			paras:    []string{"区里颁发“莱芜区乡村建设贡献奖章”。", "今年设置了乡村建设贡献奖、文旅融合突出贡献奖2个奖项。", "开展“千企帮千户”活动，培育黄河系列工程人才。"},
			mentions: []string{"Programme 莱芜区乡村建设贡献奖章", "Programme 文旅融合突出贡献奖", "Programme 千企帮千户活动", "Programme 黄河系列工程"},
			not:      []string{"Programme 乡村建设贡献奖", "Programme 设置了乡村建设贡献奖"},
		},
		{
			name:      "quoted bodies built in name only, sites side by side, units of a college",
			paras:     []string{"打造干部教育培训的“黄河大学”，打造“海棠乐园”“青年创业街区”。", "看望了机电工程学院新时代文明实践志愿服务队的学生。"},
			mentions:  []string{"Programme 黄河大学", "Organisation 机电工程学院新时代文明实践志愿服务队"},
			relations: []string{"PART_OF 机电工程学院新时代文明实践志愿服务队 → 机电工程学院"},
			not:       []string{"Organisation 黄河大学", "LOCATED_IN 青年创业街区 → 海棠乐园"},
		},
		{
			name:     "a person before a verb of reporting, a government's standing meeting",
			paras:    []string{"驻村工作队负责人钱立新汇报了工作情况。市委常委会、市政府常务会专题研究。"},
			mentions: []string{"Person 钱立新"},
		},
		{
			name:  "titles that plans give areas, and counts of areas",
			paras: []string{"打造全省乡村振兴样板示范区和共同富裕先行区，增速均列全省十六市首位。"},
			not:   []string{"Place 乡村振兴样板示范区", "Place 共同富裕先行区", "Place 均列全省十六市", "Place 全省十六市"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.paras...)
			got := map[string]bool{}
			for _, m := range res.Mentions {
				got[string(m.Type)+" "+m.Name] = true
				if p := []rune(tc.paras[m.Paragraph]); string(p[m.Start:m.End]) != m.Text {
					t.Errorf("mention %q at [%d,%d) is %q in its paragraph", m.Text, m.Start, m.End, string(p[m.Start:m.End]))
				}
			}
			for _, r := range res.Relations {
				got[rel(r)] = true
				if p := []rune(tc.paras[r.Paragraph]); string(p[r.Start:r.End]) != r.Evidence {
					t.Errorf("evidence %q at [%d,%d) is %q in its paragraph", r.Evidence, r.Start, r.End, string(p[r.Start:r.End]))
				}
			}
			for _, w := range append(tc.mentions, tc.relations...) {
				if !got[w] {
					t.Errorf("missing %s", w)
				}
			}
			for _, w := range tc.not {
				if got[w] {
					t.Errorf("found %s, which is not a name", w)
				}
			}
			if t.Failed() {
				for k := range got {
					t.Log("found:", k)
				}
			}
		})
	}
}
