// Package synth generates synthetic corpora of Chinese news documents for
// benchmarks: any number of documents, each a few KB of text in the
// register of the seed documents, with names drawn from large generic
// pools, so that the number of distinct entities grows with the size of
// the corpus instead of the same few documents repeating.
//
// A document reads like this (names and places change with every one):
//
//	崂山区召开乡村振兴工作会议
//
//	（本报记者 王建 通讯员 李晓红 青岛报道）3月12日上午，崂山区委组织部召开乡村振兴工作会议。
//	青岛市委常委，崂山区委书记张志强同志出席会议并讲话。……
//	　　会议传达学习了《崂山区2021年乡村振兴实施方案》，……
//
// The sentences follow the kinds found in seeds/: chains of posts before a
// name (市委常委，某区委书记某某), a name with its post in brackets
// (某某（某局局长）), meetings, programmes in 《》 and “”, visits to
// villages and communities, agreements between bodies. People are a
// surname (from the rules' surnames.txt) and one or two given-name
// characters; places are China's counties (the rules' divisions.tsv) with
// their cities and provinces, and towns, villages and communities made of
// place characters and generic suffixes; organisations are a place and a
// generic suffix. The pools give tens of millions of person names.
//
// Every document is generated from its own random source, seeded from the
// corpus seed and its number, so a corpus is the same byte for byte for
// the same seed, and a larger corpus of the same seed begins with the
// documents of a smaller one. Each county has its own stable leaders,
// towns and villages, which recur across the documents about it.
package synth

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// DefaultDocSize is the average size of a document in bytes when
// Options.DocSize is 0.
const DefaultDocSize = 4096

// Generator makes documents. It is read-only once made and safe for
// concurrent use.
type Generator struct {
	p       *pools
	seed    uint64
	docSize int
}

// New returns a Generator of documents of about docSize bytes on average
// (0 means DefaultDocSize) for seed.
func New(seed uint64, docSize int) (*Generator, error) {
	if docSize < 0 {
		return nil, fmt.Errorf("synth: document size %d is negative", docSize)
	}
	if docSize == 0 {
		docSize = DefaultDocSize
	}
	p, err := loadPools()
	if err != nil {
		return nil, err
	}
	return &Generator{p: p, seed: seed, docSize: docSize}, nil
}

// Path returns the path, relative to the corpus folder, of document i:
// 1000 documents per folder, so that folders stay small.
func Path(i int) string { return fmt.Sprintf("%04d/%07d.txt", i/1000, i) }

// Document returns the text of document i (i ≥ 0), UTF-8, lines ended by
// "\n". The same Generator seed and i always give the same bytes.
func (g *Generator) Document(i int) []byte {
	d := g.newDoc(i)
	return []byte(d.text())
}

// county is what the generator knows about a county: its divisions and
// its stable towns, villages and officials.
type county struct {
	div, city, prov division
	level           string   // the last character of its name: 区, 县, 市 or 旗
	towns           []string // towns and sub-districts
	villages        []string // villages and communities
	secretary, head string   // 区委书记, 区长
	deputies        []string // 副书记, 常务副区长, …
	cityMember      string   // member of the city's standing committee
	townChiefs      []string // the party secretary of each town
}

// doc is one document being written.
type doc struct {
	g      *Generator
	r      *rand.Rand
	c      *county
	target int // bytes
	year   int
	b      strings.Builder
}

func (g *Generator) newDoc(i int) *doc {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	d := &doc{g: g, r: r, year: 2018 + r.IntN(7)}
	d.c = g.county(g.p.counties[r.IntN(len(g.p.counties))])
	d.target = g.docSize/2 + r.IntN(g.docSize+1)
	return d
}

// county returns the county of the division with index k, the same for
// every document of a seed.
func (g *Generator) county(k int) *county {
	h := fnv.New64a()
	h.Write([]byte(g.p.divisions[k].code))
	r := rand.New(rand.NewPCG(g.seed, h.Sum64()|1<<63))
	c := &county{div: g.p.divisions[k]}
	c.level = lastRune(c.div.name)
	c.city = g.p.divisions[c.div.parent]
	c.prov = c.city
	if c.city.parent >= 0 {
		c.prov = g.p.divisions[c.city.parent]
	}
	for range 4 {
		c.towns = append(c.towns, g.placeName(r)+pick(r, townSuffixes))
	}
	for range 8 {
		c.villages = append(c.villages, g.placeName(r)+pick(r, villageSuffixes))
	}
	c.secretary, c.head, c.cityMember = g.person(r), g.person(r), g.person(r)
	for range 4 {
		c.deputies = append(c.deputies, g.person(r))
	}
	for range c.towns {
		c.townChiefs = append(c.townChiefs, g.person(r))
	}
	return c
}

// person returns a new person's name: a surname, more often a common one,
// and one or two given-name characters.
func (g *Generator) person(r *rand.Rand) string {
	u := r.Float64()
	s := g.p.surnames[int(u*u*float64(len(g.p.surnames)))]
	n := 2
	if r.IntN(4) == 0 {
		n = 1
	}
	var b strings.Builder
	b.WriteString(s)
	for range n {
		b.WriteRune(g.p.given[r.IntN(len(g.p.given))])
	}
	return b.String()
}

// placeName returns two place characters.
func (g *Generator) placeName(r *rand.Rand) string {
	a := g.p.places[r.IntN(len(g.p.places))]
	b := g.p.places[r.IntN(len(g.p.places))]
	for b == a {
		b = g.p.places[r.IntN(len(g.p.places))]
	}
	return string([]rune{a, b})
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// two picks two different elements of xs, which has at least two.
func two[T any](r *rand.Rand, xs []T) (T, T) {
	i := r.IntN(len(xs))
	j := r.IntN(len(xs) - 1)
	if j >= i {
		j++
	}
	return xs[i], xs[j]
}

// village returns a village or community of the county with its town.
func (d *doc) village() string {
	i := d.r.IntN(len(d.c.villages))
	return d.c.towns[i%len(d.c.towns)] + d.c.villages[i]
}

// text writes the document: a headline, a lead paragraph with a byline,
// then paragraphs of a few sentences until the target size is reached.
func (d *doc) text() string {
	c, r := d.c, d.r
	switch r.IntN(3) {
	case 0:
		fmt.Fprintf(&d.b, "%s召开%s%s\n\n", c.div.name, pick(r, topics), pick(r, meetings))
	case 1:
		fmt.Fprintf(&d.b, "%s：“%s”%s助力%s\n\n", pick(r, c.towns), pick(r, campaignWords), pick(r, campaignEnds), pick(r, topics))
	default:
		fmt.Fprintf(&d.b, "%s%s工作纪实\n\n", c.city.short, pick(r, topics))
	}
	fmt.Fprintf(&d.b, "（%s %s %s %s %s报道）", pick(r, reporterTitles), d.g.person(r), "通讯员", d.g.person(r), c.city.short)
	d.meeting()
	d.b.WriteString("\n")
	sentences := []func(){d.chain, d.bracket, d.meeting, d.plan, d.campaign, d.visit, d.agreement, d.company, d.leaders, d.filler, d.filler}
	for d.b.Len() < d.target {
		d.b.WriteString("　　")
		for n := 2 + r.IntN(3); n > 0; n-- {
			pick(r, sentences)()
		}
		d.b.WriteString("\n")
		if r.IntN(4) == 0 {
			d.b.WriteString("\n")
		}
	}
	return d.b.String()
}

// date returns a day of the document's year, sometimes with the time of day.
func (d *doc) date() string {
	s := fmt.Sprintf("%d月%d日", 1+d.r.IntN(12), 1+d.r.IntN(28))
	if d.r.IntN(2) == 0 {
		s += pick(d.r, []string{"上午", "下午"})
	}
	return s
}

// org returns a body of the county with one of its posts.
func (d *doc) org() (name, title string) {
	r := d.r
	switch r.IntN(4) {
	case 0:
		i := r.IntN(len(d.c.towns))
		k := pick(r, townOrgs)
		return d.c.towns[i] + k.suffix, pick(r, k.titles)
	case 1:
		k := pick(r, villageOrgs)
		return d.village() + k.suffix, pick(r, k.titles)
	default:
		k := pick(r, countyOrgs)
		return d.c.div.name + k.suffix, pick(r, k.titles)
	}
}

// chain: 青岛市委常委，崂山区委书记张三同志出席会议并讲话。
func (d *doc) chain() {
	c, r := d.c, d.r
	switch r.IntN(3) {
	case 0:
		fmt.Fprintf(&d.b, "%s委常委，%s委书记%s同志出席会议并讲话。", c.city.name, c.div.name, c.secretary)
	case 1:
		fmt.Fprintf(&d.b, "%s委副书记、%s长%s主持会议，%s委常委、组织部部长%s出席。", c.div.name, c.level, c.head, c.level, pick(r, c.deputies))
	default:
		i := r.IntN(len(c.towns))
		fmt.Fprintf(&d.b, "%s党工委书记、%s人大工委主任%s介绍了有关情况。", c.towns[i], c.towns[i], c.townChiefs[i])
	}
}

// bracket: 李四（崂山区农业农村局局长）表示，……
func (d *doc) bracket() {
	org, title := d.org()
	fmt.Fprintf(&d.b, "%s（%s%s）表示，%s", d.g.person(d.r), org, title, pick(d.r, fillers))
}

// meeting: 3月12日，崂山区委组织部召开乡村振兴工作会议，部长王五主持会议。
func (d *doc) meeting() {
	org, title := d.org()
	fmt.Fprintf(&d.b, "%s，%s召开%s%s，%s%s主持会议。", d.date(), org, pick(d.r, topics), pick(d.r, meetings), title, d.g.person(d.r))
}

// plan: 会议传达学习了《崂山区2021年乡村振兴实施方案》。
func (d *doc) plan() {
	fmt.Fprintf(&d.b, "会议传达学习了《%s%d年%s%s》，要求各部门抓好贯彻落实。", d.c.div.name, d.year, pick(d.r, topics), pick(d.r, planEnds))
}

// campaign: 崂山区委组织部深入实施“头雁”工程，……
func (d *doc) campaign() {
	org, _ := d.org()
	fmt.Fprintf(&d.b, "%s深入实施“%s”%s，%s", org, pick(d.r, campaignWords), pick(d.r, campaignEnds), pick(d.r, fillers))
}

// visit: 赵六一行先后来到沙子口街道流清湾社区、东麦窑村，实地察看……
func (d *doc) visit() {
	c, r := d.c, d.r
	i := r.IntN(len(c.towns))
	v1, v2 := c.villages[i], c.villages[i+len(c.towns)]
	fmt.Fprintf(&d.b, "%s%s%s一行先后来到%s%s、%s，实地察看%s工作开展情况。", c.div.name, pick(r, []string{"副" + c.level + "长", "委常委"}),
		pick(r, c.deputies), c.towns[i], v1, v2, pick(r, topics))
}

// agreement: 崂山区科学技术协会与王哥庄街道港东村党支部签署共建协议……
func (d *doc) agreement() {
	r := d.r
	org, title := d.org()
	v := d.village()
	fmt.Fprintf(&d.b, "%s与%s党支部签署%s共建协议，%s党支部书记%s、%s%s%s代表双方签约。", org, v, pick(r, topics), v, d.g.person(r), org, title, d.g.person(r))
}

// company: 青岛瑞丰科技有限公司董事长孙七说，……
func (d *doc) company() {
	c, r := d.c, d.r
	name := c.city.short + pick(r, companyWords) + pick(r, companyTrades) + pick(r, companySuffixes)
	fmt.Fprintf(&d.b, "位于%s%s的%s%s%s说，企业将积极参与%s，%s", c.div.name, pick(r, c.towns), name, pick(r, companyTitles), d.g.person(r), pick(r, topics), pick(r, fillers))
}

// leaders: 区领导周八、吴九，区委办公室主要负责同志参加活动。
func (d *doc) leaders() {
	c, r := d.c, d.r
	a, b := two(r, c.deputies)
	fmt.Fprintf(&d.b, "%s领导%s、%s，%s%s主要负责同志参加活动。", c.level, a, b, c.div.name, pick(r, countyOrgs).suffix)
}

func (d *doc) filler() { d.b.WriteString(pick(d.r, fillers)) }
