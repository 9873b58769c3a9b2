package normalize

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// decodeUTF8 returns the runes of the UTF-8 text s and their byte offsets,
// with the end offset last.
func decodeUTF8(s string) ([]rune, []int) {
	var runes []rune
	var offsets []int
	for i, r := range s {
		runes = append(runes, r)
		offsets = append(offsets, i)
	}
	return runes, append(offsets, len(s))
}

// texts returns the paragraphs of s and checks their invariants.
func texts(t *testing.T, s string) []string {
	t.Helper()
	runes, offsets := decodeUTF8(s)
	var out []string
	for _, p := range Paragraphs(runes, offsets) {
		checkPara(t, s, p)
		out = append(out, p.Text)
	}
	return out
}

// checkPara checks that p is a non-empty paragraph of s whose every
// non-space character comes, in order, from s[p.SourceStart:p.SourceEnd],
// starting and ending with that range.
func checkPara(t *testing.T, s string, p Para) {
	t.Helper()
	if p.Text == "" {
		t.Fatalf("empty paragraph %+v", p)
	}
	if p.SourceStart < 0 || p.SourceStart > p.SourceEnd || p.SourceEnd > len(s) {
		t.Fatalf("paragraph %q: bad range [%d, %d) of %d bytes", p.Text, p.SourceStart, p.SourceEnd, len(s))
	}
	src := s[p.SourceStart:p.SourceEnd]
	text := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, p.Text)
	if !strings.HasPrefix(src, text[:1]) {
		t.Errorf("paragraph %q: source %q does not start with its first character", p.Text, src)
	}
	rest := src
	for _, r := range text {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			t.Fatalf("paragraph %q: %q not found in order in its source %q", p.Text, r, src)
		}
		rest = rest[i+len(string(r)):]
	}
	if rest != "" {
		t.Errorf("paragraph %q: source %q goes on after its last character", p.Text, src)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"blank lines only", " \n\n\t\u3000\r\n", nil},
		{"layout spaces", "单 位 领 导", []string{"单位领导"}},
		{"spaces by punctuation", "实 施。", []string{"实施。"}},
		{"spaces by quotes", "建 立“街 呼 区 应 、上 下”", []string{"建立“街呼区应、上下”"}},
		{"digit and Han", "2020 年", []string{"2020年"}},
		{"ASCII words", "Hello  world", []string{"Hello world"}},
		{"ASCII inside Chinese", "孙永红 Tom Lee 书记", []string{"孙永红Tom Lee书记"}},
		{"tabs and no-break spaces", "a\t\u00a0b", []string{"a b"}},
		{"other characters kept", "ＡＢＣ１２３，\"引号\"", []string{"ＡＢＣ１２３，\"引号\""}},
		{"broken line", "孙永\n红书记", []string{"孙永红书记"}},
		{"broken line CRLF", "孙永\r\n红书记", []string{"孙永红书记"}},
		{"broken line CR", "孙永\r红书记", []string{"孙永红书记"}},
		{"wrapped English", "Hello\nworld", []string{"Hello world"}},
		{
			"wrapped column",
			"打赢这十二大攻坚战，关键在人、关键在\n干部。孙永红书记在会上指出，出征必胜\n的信心来自于西海岸高素质的干部队伍。",
			[]string{"打赢这十二大攻坚战，关键在人、关键在干部。孙永红书记在会上指出，出征必胜的信心来自于西海岸高素质的干部队伍。"},
		},
		{
			"full-width indent",
			"　　全力保障新区高质量发展，聚焦\n“搞活关键的人”。\n　　突出实践实干，着力提高干部一线\n攻坚能力。",
			[]string{"全力保障新区高质量发展，聚焦“搞活关键的人”。", "突出实践实干，着力提高干部一线攻坚能力。"},
		},
		{
			"ASCII indent",
			"   工委一届七次全体会议发出\n了动员令。\n  其中，西海岸全面整合全区基础数\n据资源。",
			[]string{"工委一届七次全体会议发出了动员令。", "其中，西海岸全面整合全区基础数据资源。"},
		},
		{
			"blank line after a sentence",
			"事业发展关键在人,使命担当关键看干部。\n\n新区科教人才资源集聚,为高质量干部教育培训供给丰富教学素材。",
			[]string{"事业发展关键在人,使命担当关键看干部。", "新区科教人才资源集聚,为高质量干部教育培训供给丰富教学素材。"},
		},
		{
			"column splice",
			"锻炼干部，选派200余名机关干部成立23\n支乡村振兴工作队（社区治理工作队），\n\n下沉到全区各重点乡村和城市社区，通\n过强组织、抓发展。",
			[]string{"锻炼干部，选派200余名机关干部成立23支乡村振兴工作队（社区治理工作队），下沉到全区各重点乡村和城市社区，通过强组织、抓发展。"},
		},
		{
			"column splice before a quote",
			"教研室主任刘世颖告诉记者，网格化治\n理应该充分发挥基层社区治理中的\n\n“网”和“格”的双重作用。",
			[]string{"教研室主任刘世颖告诉记者，网格化治理应该充分发挥基层社区治理中的“网”和“格”的双重作用。"},
		},
		{
			"no splice after a short line alone",
			"刘世颖告诉记者，网格化治理应该发挥\n\n“网”和“格”的双重作用。",
			[]string{"刘世颖告诉记者，网格化治理应该发挥", "“网”和“格”的双重作用。"},
		},
		{
			"long line splice",
			"新区发展实践成果丰硕,为高质量干部教育培训塑造丰富鲜明主题和典型经验案例。在案例教学上,推出“突破发展海洋经济 打造海洋强国\n\n战略支点”等7门海洋教学案例。",
			[]string{"新区发展实践成果丰硕,为高质量干部教育培训塑造丰富鲜明主题和典型经验案例。在案例教学上,推出“突破发展海洋经济打造海洋强国战略支点”等7门海洋教学案例。"},
		},
		{
			"no splice after a sentence",
			"支乡村振兴工作队（社区治理工作队）。\n\n下沉到全区各重点乡村和城市社区。",
			[]string{"支乡村振兴工作队（社区治理工作队）。", "下沉到全区各重点乡村和城市社区。"},
		},
		{
			"no splice into an indented line",
			"支乡村振兴工作队（社区治理工作队），\n\n　　下沉到全区各重点乡村和城市社区。",
			[]string{"支乡村振兴工作队（社区治理工作队），", "下沉到全区各重点乡村和城市社区。"},
		},
		{
			"headings",
			"52条攻坚任务助推社会治理再提档\n\n提升治理能力精准施策\n\n  要 提 升 社 会 治 理 能\n力 ，主 要 是 实 现 平 台 治\n理 能 力“ 三 个\n提升”。",
			[]string{"52条攻坚任务助推社会治理再提档", "提升治理能力精准施策", "要提升社会治理能力，主要是实现平台治理能力“三个提升”。"},
		},
		{
			"heading in a column",
			"提振精气神\n青岛直面问题，创新培养机制，打造高素\n质干部队伍，培育干部队伍的市场化意识\n。",
			[]string{"提振精气神", "青岛直面问题，创新培养机制，打造高素质干部队伍，培育干部队伍的市场化意识。"},
		},
		{
			"bylines",
			"□本报记者 陈蔚\n本报通讯员 徐鹏\n\n事业发展关键在人。",
			[]string{"□本报记者陈蔚", "本报通讯员徐鹏", "事业发展关键在人。"},
		},
		{
			"unwrapped lines",
			"提振精气神 搞活一座城\n本报采访人员 潘俊强\n为解决干部队伍开拓意识不强、专业素养不高、年龄结构老化等问题,去年以来,山东青岛市从育选管用全维度制定具体措施,培育干部队伍的市场化意识。\n最近,青岛蓝谷管理局局长肖焰恒正忙着双招双引,热情接待来考察的企业。去年10月,他从青岛高新区调到蓝谷,甫一上任,就赶上了蓝谷功能区市场化改革。\n深入企业学习\n选派干部赴深圳体悟实训,跟着企业干,围着企业转,学习如何当好“公共事务服务者”",
			[]string{
				"提振精气神搞活一座城",
				"本报采访人员潘俊强",
				"为解决干部队伍开拓意识不强、专业素养不高、年龄结构老化等问题,去年以来,山东青岛市从育选管用全维度制定具体措施,培育干部队伍的市场化意识。",
				"最近,青岛蓝谷管理局局长肖焰恒正忙着双招双引,热情接待来考察的企业。去年10月,他从青岛高新区调到蓝谷,甫一上任,就赶上了蓝谷功能区市场化改革。",
				"深入企业学习",
				"选派干部赴深圳体悟实训,跟着企业干,围着企业转,学习如何当好“公共事务服务者”",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(t, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Paragraphs(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphsOffsets(t *testing.T) {
	// A UTF-8 byte order mark is not a rune: offsets start after it.
	in := "\ufeff  单 位\r\n\r\n　　领导。 "
	runes, offsets := decodeUTF8(in[3:])
	for i := range offsets {
		offsets[i] += 3
	}
	got := Paragraphs(runes, offsets)
	want := []Para{
		{Text: "单位", SourceStart: 5, SourceEnd: 12},
		{Text: "领导。", SourceStart: 22, SourceEnd: 31},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paragraphs(%q) = %+v, want %+v", in, got, want)
	}
}

func TestParagraphsShortOffsets(t *testing.T) {
	tests := []struct {
		name    string
		runes   []rune
		offsets []int
		want    []Para
	}{
		{"nil", nil, nil, nil},
		{"no offsets", []rune("单位"), nil, nil},
		{"one rune short", []rune("单位"), []int{0, 3}, []Para{{Text: "单", SourceStart: 0, SourceEnd: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Paragraphs(tt.runes, tt.offsets); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Paragraphs = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSeeds(t *testing.T) {
	tests := []struct {
		file     string
		min, max int      // a sensible number of paragraphs
		contains []string // joined text some paragraph must contain
		equals   []string // paragraphs on their own
	}{
		{
			file: "000_4aeb6eff09d05557.txt", min: 15, max: 30,
			contains: []string{
				"孙永红书记在会上指出",
				"单位领导班子要各尽其责抓落实",
				"工作队（社区治理工作队），下沉到全区",
				"实施“头雁”工程",
				"网格化治理应该发挥“网”和“格”的双重作用",
				"将干部队伍划分为经济金融、建设规划等类别专业",
			},
			equals: []string{"（本报记者宋迎迎整理）", "52条攻坚任务助推社会治理再提档", "提升治理能力精准施策"},
		},
		{
			file: "001_bda6349dde205a91.txt", min: 10, max: 20,
			contains: []string{"推动干部培训由“短期速成”", "优化调整村（社区）党组织设置", "激活党组织肌体的每一颗"},
			equals:   []string{"（本报记者宋迎迎整理）"},
		},
		{
			file: "002_c133dcbae5c1c16f.txt", min: 30, max: 45,
			contains: []string{"打造海洋强国战略支点", "古镇口十里文化长廊"},
			equals:   []string{"□本报记者陈蔚", "本报通讯员徐鹏", "精准服务促发展", "打造事必求成专业团队", "实干当先事必求成"},
		},
		{
			file: "003_bc749860803c4fbb.txt", min: 45, max: 75,
			equals: []string{"崂山党建十大亮点,奏响示范窗口区建设新华章", "亮点四", "亮点五", "亮点八", "亮点九"},
		},
		{
			file: "004_afed56b3d2158562.txt", min: 25, max: 40,
			equals: []string{"文章图片", "深入企业学习", "推荐阅读"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "seeds", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s := string(data)
			runes, offsets := decodeUTF8(s)
			paras := Paragraphs(runes, offsets)
			end := 0
			for i, p := range paras {
				checkPara(t, s, p)
				if p.SourceStart < end {
					t.Errorf("paragraph %d starts at %d, before the end of the one before, %d", i, p.SourceStart, end)
				}
				end = p.SourceEnd
				if strings.ContainsAny(p.Text, "\n\r\t\u3000") || strings.Contains(p.Text, "  ") {
					t.Errorf("paragraph %d has layout whitespace: %q", i, p.Text)
				}
				t.Logf("[%d] %d–%d %s", i, p.SourceStart, p.SourceEnd, p.Text)
			}
			if n := len(paras); n < tt.min || n > tt.max {
				t.Errorf("%d paragraphs, want %d to %d", n, tt.min, tt.max)
			}
			for _, want := range tt.contains {
				if !containsFunc(paras, func(p string) bool { return strings.Contains(p, want) }) {
					t.Errorf("no paragraph contains %q", want)
				}
			}
			for _, want := range tt.equals {
				if !containsFunc(paras, func(p string) bool { return p == want }) {
					t.Errorf("no paragraph is %q", want)
				}
			}
		})
	}
}

func containsFunc(paras []Para, f func(string) bool) bool {
	for _, p := range paras {
		if f(p.Text) {
			return true
		}
	}
	return false
}

func TestLongParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []int // the length of each paragraph's text, in runes
	}{
		{"short", "孙永红书记讲。", []int{7}},
		{"at the limit", strings.Repeat("单", maxParaRunes), []int{maxParaRunes}},
		{"after the last sentence end", strings.Repeat("孙永红书记讲。", 500), []int{2996, 504}},
		{"closing quote stays with its sentence", strings.Repeat("他说：“好。”", 500), []int{2996, 504}},
		{"after a comma without a sentence end", strings.Repeat("单位领导班，", 600), []int{3000, 600}},
		{"no break at all", strings.Repeat("单", 7000), []int{3000, 3000, 1000}},
		{"layout spaces count", strings.Repeat("单 位 ", 1000), []int{1500, 500}},
		{"ASCII full stop and space", strings.Repeat("It rained. ", 400), []int{2991, 1407}},
		{"decimal point", strings.Repeat("增长3.5倍", 600), []int{3000, 600}},
		{"each line of a block", "孙永红书记讲。\n" + strings.Repeat("单", 3500) + "\n孙永红书记讲。", []int{7, 3000, 500, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runes, offsets := decodeUTF8(tt.in)
			var got []int
			var text strings.Builder
			end := 0
			for _, p := range Paragraphs(runes, offsets) {
				checkPara(t, tt.in, p)
				if p.SourceStart < end {
					t.Errorf("paragraph at byte %d overlaps the one before, ending at %d", p.SourceStart, end)
				}
				end = p.SourceEnd
				got = append(got, utf8.RuneCountInString(p.Text))
				text.WriteString(p.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("paragraphs of %v runes, want %v", got, tt.want)
			}
			if got, want := strings.Join(strings.Fields(text.String()), ""), strings.Join(strings.Fields(tt.in), ""); got != want {
				t.Errorf("the paragraphs hold %d bytes of non-space text, want all %d", len(got), len(want))
			}
		})
	}
}

func TestLargeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB")
	}
	// 50 MB of text in one line, with layout spaces: linear time or the
	// test times out. The line is cut into paragraphs that cover it.
	unit := "单 位 领 导 班 子 要 各 尽 其 责 抓 落 实，"
	s := strings.Repeat(unit, 50<<20/len(unit))
	runes, offsets := decodeUTF8(s)
	paras := Paragraphs(runes, offsets)
	if want := len(runes) / maxParaRunes; len(paras) < want {
		t.Fatalf("%d paragraphs, want at least %d", len(paras), want)
	}
	var text strings.Builder
	end := 0
	for i, p := range paras {
		if n := utf8.RuneCountInString(s[p.SourceStart:p.SourceEnd]); n > maxParaRunes {
			t.Fatalf("paragraph %d spans %d runes of the source, more than %d", i, n, maxParaRunes)
		}
		if gap := s[end:p.SourceStart]; strings.TrimSpace(gap) != "" {
			t.Fatalf("paragraph %d starts at %d, leaving out %q", i, p.SourceStart, gap)
		}
		end = p.SourceEnd
		text.WriteString(p.Text)
	}
	if paras[0].SourceStart != 0 || end != len(s) {
		t.Errorf("paragraphs cover [%d, %d), want [0, %d)", paras[0].SourceStart, end, len(s))
	}
	if want := strings.ReplaceAll(s, " ", ""); text.String() != want {
		t.Errorf("text of %d bytes, want %d", text.Len(), len(want))
	}
}

func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{
		"",
		"单 位 领 导",
		"孙永\n红书记",
		"　　突出实践实干，着力提高干部一线\n攻坚能力。\n　　坚持系统谋划。",
		"支乡村振兴工作队（社区治理工作队），\n\n下沉到全区",
		"52条攻坚任务\n\n提升治理能力\n\n  要 提 升",
		"Hello world\r\n\r\nfoo\rbar",
		"□本报记者 陈蔚\n本报通讯员 徐鹏",
		" \t\u3000\n\u00a0",
		"\xff\xfe",
		strings.Repeat("孙永红书记讲话。”", 400),
		strings.Repeat("单 位，", 1200),
	} {
		f.Add(s)
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	for _, name := range seeds {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		runes, offsets := decodeUTF8(s)
		end := 0
		for _, p := range Paragraphs(runes, offsets) {
			if p.Text == "" {
				t.Fatalf("empty paragraph %+v", p)
			}
			if p.SourceStart < end || p.SourceStart > p.SourceEnd || p.SourceEnd > len(s) {
				t.Fatalf("paragraph %q: bad range [%d, %d) after %d in %d bytes", p.Text, p.SourceStart, p.SourceEnd, end, len(s))
			}
			if n := utf8.RuneCountInString(s[p.SourceStart:p.SourceEnd]); n > maxParaRunes {
				t.Fatalf("paragraph of %d runes of the source, more than %d", n, maxParaRunes)
			}
			if utf8.ValidString(s) {
				checkPara(t, s, p)
			}
			end = p.SourceEnd
		}
	})
}
