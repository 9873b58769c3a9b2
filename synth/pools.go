package synth

import (
	"fmt"
	"strings"

	"github.com/kg-dev/kg/extract/rules"
)

// The word pools below are general knowledge of how Chinese news names
// people, bodies, places and initiatives; none is a list of real names.
// Surnames and administrative divisions come from the rules' data files
// (extract/rules/data), so the generator and the extractor agree on them.

// givenChars are characters common in Chinese given names.
const givenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发成康" +
	"星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘" +
	"淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"

// placeChars make the names of towns, villages and communities.
const placeChars = "张王李刘陈杨赵黄周吴徐孙马胡朱郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢" +
	"东西南北前后上下大小新老中高长青白红黄石山河泉井沟湾坪岭峪岗坡桥店集营屯寨堡庄楼台园塘洼滩口头坊铺埠甸圩" +
	"柳杨槐松柏桃杏梨枣榆桑竹花草兴旺隆盛丰安宁福康和平泰永乐荣华明光金银龙凤"

// villageSuffixes end the names of places below a county, with how many
// place characters precede them.
var villageSuffixes = []string{"村", "村", "村", "社区", "社区", "庄村", "家村", "家庄村", "营村"}

// townSuffixes end the names of a county's towns and sub-districts.
var townSuffixes = []string{"镇", "街道", "街道", "乡"}

// An orgKind is a kind of body with the posts it has, the main post first.
type orgKind struct {
	suffix string   // appended to an area's name: 委组织部, 人民政府
	titles []string // posts in it
}

// countyOrgs are the bodies of a county-level area (区, 县, county-level 市).
var countyOrgs = []orgKind{
	{"委组织部", []string{"部长", "副部长", "常务副部长"}},
	{"委宣传部", []string{"部长", "副部长"}},
	{"委统战部", []string{"部长", "副部长"}},
	{"委政法委", []string{"书记", "副书记"}},
	{"纪委监委", []string{"书记", "副书记"}},
	{"人民政府办公室", []string{"主任", "副主任"}},
	{"发展和改革局", []string{"局长", "副局长"}},
	{"教育和体育局", []string{"局长", "副局长"}},
	{"农业农村局", []string{"局长", "副局长"}},
	{"人力资源和社会保障局", []string{"局长", "副局长"}},
	{"自然资源局", []string{"局长", "副局长"}},
	{"商务局", []string{"局长", "副局长"}},
	{"卫生健康局", []string{"局长", "副局长"}},
	{"科学技术协会", []string{"主席", "副主席"}},
	{"妇女联合会", []string{"主席", "副主席"}},
	{"总工会", []string{"主席", "副主席"}},
	{"融媒体中心", []string{"主任", "副主任"}},
	{"人民医院", []string{"院长", "副院长"}},
	{"第一中学", []string{"校长", "副校长"}},
	{"实验小学", []string{"校长", "副校长"}},
}

// townOrgs are the bodies of a town or sub-district; the suffix follows
// the town's name.
var townOrgs = []orgKind{
	{"党工委", []string{"书记", "副书记", "组织委员", "宣传统战委员"}},
	{"党委", []string{"书记", "副书记", "组织委员", "纪委书记"}},
	{"办事处", []string{"主任", "副主任"}},
	{"便民服务中心", []string{"主任"}},
}

// villageOrgs are the bodies of a village or community.
var villageOrgs = []orgKind{
	{"党支部", []string{"书记", "副书记"}},
	{"党委", []string{"书记"}},
	{"村委会", []string{"主任", "委员"}},
	{"居委会", []string{"主任"}},
	{"股份经济合作社", []string{"理事长"}},
}

// companyWords and companySuffixes make company names after a city's short name.
var (
	companyWords    = []string{"海尔", "瑞丰", "华信", "金岭", "宏达", "蓝海", "永盛", "天润", "中科", "青云", "鼎新", "汇通", "远航", "恒泰", "康宁", "富源", "佳禾", "凯盛", "星河", "博雅"}
	companyTrades   = []string{"科技", "农业", "食品", "物流", "文化旅游", "新材料", "智能制造", "生物医药", "建设", "海洋", "电子", "能源"}
	companySuffixes = []string{"有限公司", "股份有限公司", "集团有限公司", "合作社"}
	companyTitles   = []string{"董事长", "总经理", "副总经理", "党委书记"}
)

// topics are the subjects of meetings, programmes and campaigns.
var topics = []string{"乡村振兴", "干部教育培训", "基层治理", "营商环境", "科技创新", "生态环境保护", "新时代文明实践",
	"人才引进", "招商引资", "城市更新", "安全生产", "党风廉政建设", "数字经济", "海洋经济", "文化旅游", "民生保障",
	"作风能力提升", "基层党建", "社区治理", "全域旅游", "农村人居环境整治", "产业链党建", "青年人才培养", "老旧小区改造"}

// campaignWords name initiatives in quotation marks.
var campaignWords = []string{"头雁", "育苗", "赋能", "提素", "强基", "聚才", "筑巢", "红色引擎", "党建联建", "三化一型", "三述",
	"双招双引", "一村一品", "红心向党", "先锋", "领航", "强村富民", "匠心", "引凤", "燎原"}

// campaignEnds end the names of initiatives.
var campaignEnds = []string{"工程", "计划", "行动", "专项行动", "攻坚战"}

// planEnds end the titles of plans in 《》.
var planEnds = []string{"实施方案", "行动方案", "实施意见", "工作方案", "三年行动计划"}

// meetings are the kinds of meeting a body holds.
var meetings = []string{"工作会议", "推进会", "座谈会", "动员大会", "专题党课", "现场观摩会", "调度会", "培训班", "工作部署会"}

// fillers are sentences without names, in the register of the seeds.
var fillers = []string{
	"坚持系统谋划，优化提升领导班子整体功能。",
	"突出实践实干，着力提高干部一线攻坚能力。",
	"要把思想和行动统一到决策部署上来，以钉钉子精神抓好各项任务落实。",
	"聚焦关键领域、关键岗位，选优配强攻坚骨干，推动工作提质增效。",
	"要树牢系统思维，加强统筹协调，形成上下联动、齐抓共管的工作格局。",
	"通过强组织、抓发展、促规范、优服务，推进基层治理体系和治理能力现代化。",
	"要坚持问题导向，补齐短板弱项，确保各项目标任务按期完成。",
	"会议强调，要压实工作责任，细化工作措施，以实干实绩检验工作成效。",
	"下一步，将持续深化改革创新，激发干部干事创业的积极性、主动性和创造性。",
	"全体参会人员纷纷表示，将以此次会议为契机，立足岗位、担当作为。",
	"活动现场气氛热烈，群众纷纷点赞。",
	"据介绍，今年以来已累计开展各类活动一百余场次，惠及群众两万余人。",
	"要加强宣传引导，及时总结推广典型经验，营造比学赶超的浓厚氛围。",
	"双方将本着优势共享、携手共赢的原则，互学互鉴补短板，经验交流促提升。",
}

// reporterTitles precede the names of a byline's writers.
var reporterTitles = []string{"记者", "通讯员", "本报记者", "见习记者"}

// division is one of China's administrative divisions.
type division struct {
	name, short string // 青岛市, 青岛
	level       string // province, city, county
	parent      int    // index in pools.divisions, -1 for a province
	code        string
}

// pools holds every list the generator draws from. It is read-only once
// loaded.
type pools struct {
	surnames  []string // most common first
	given     []rune
	places    []rune
	divisions []division
	counties  []int // indices of the counties in divisions
}

// shortSuffixes are stripped from a division's name to give its short form.
var shortSuffixes = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"}

// loadPools reads the surnames and divisions from the rules' data files.
func loadPools() (*pools, error) {
	p := &pools{given: dedupe([]rune(givenChars)), places: dedupe([]rune(placeChars))}
	b, err := rules.Data("surnames.txt")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, s := range strings.Fields(line) {
			if !seen[s] {
				seen[s] = true
				p.surnames = append(p.surnames, s)
			}
		}
	}
	if len(p.surnames) < 100 {
		return nil, fmt.Errorf("synth: only %d surnames in the rules' surnames.txt", len(p.surnames))
	}
	b, err = rules.Data("divisions.tsv")
	if err != nil {
		return nil, err
	}
	byCode := map[string]int{}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("synth: divisions.tsv:%d: want 4 tab-separated fields, have %d", n+1, len(f))
		}
		d := division{name: f[2], short: f[2], level: f[1], parent: -1, code: f[0]}
		for _, s := range shortSuffixes {
			if base := strings.TrimSuffix(d.name, s); base != d.name && len([]rune(base)) >= 2 {
				d.short = base
				break
			}
		}
		if f[3] != "" {
			i, ok := byCode[f[3]]
			if !ok && len(f[3]) >= 2 {
				i, ok = byCode[f[3][:2]] // counties of a municipality hang off the province
			}
			if !ok {
				return nil, fmt.Errorf("synth: divisions.tsv:%d: no parent %s", n+1, f[3])
			}
			d.parent = i
		}
		byCode[d.code] = len(p.divisions)
		if d.level == "county" && strings.ContainsAny(lastRune(d.name), "区县市旗") {
			p.counties = append(p.counties, len(p.divisions))
		}
		p.divisions = append(p.divisions, d)
	}
	if len(p.counties) < 1000 {
		return nil, fmt.Errorf("synth: only %d counties in the rules' divisions.tsv", len(p.counties))
	}
	return p, nil
}

func dedupe(rs []rune) []rune {
	seen := map[rune]bool{}
	var out []rune
	for _, r := range rs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}
