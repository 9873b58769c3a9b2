package rules

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed data/*.txt data/*.tsv
var dataFS embed.FS

// Division is one of China's administrative divisions (GB/T 2260).
type Division struct {
	Code  string
	Level string // province, city or county
	Name  string // full name: 青岛市, 崂山区
}

// Lexicon holds the general knowledge that the rules use. It is read-only
// once loaded and safe for concurrent use.
type Lexicon struct {
	titles    wordSet
	surnames  wordSet
	orgSuffix wordSet
	plcSuffix wordSet
	admin     wordSet
	prgSuffix wordSet
	prgWeak   wordSet
	verbs     wordSet
	generic   wordSet
	stop      wordSet
	bodies    wordSet // central organs named without a suffix: 国务院

	byName   map[string]Division // by full name and, where unambiguous, short name
	divNames wordSet             // the keys of byName, for a quick first test
}

// wordSet is a set of words with, for each character, the length of its
// longest word that starts and that ends with it.
type wordSet struct {
	words map[string]bool
	first []uint8 // first[r]: length of the longest word starting with rune r < 0x10000
	last  []uint8 // last[r]: of the longest word ending with r
}

func (s *wordSet) add(w string) {
	if s.words == nil {
		s.words = map[string]bool{}
	}
	s.words[w] = true
	n := utf8.RuneCountInString(w)
	if s.first == nil {
		s.first, s.last = make([]uint8, 1<<16), make([]uint8, 1<<16)
	}
	f, _ := utf8.DecodeRuneInString(w)
	l, _ := utf8.DecodeLastRuneInString(w)
	if f < 1<<16 && l < 1<<16 { // words of other runes are never found
		s.first[f] = max(s.first[f], uint8(min(n, 255)))
		s.last[l] = max(s.last[l], uint8(min(n, 255)))
	}
}

func (s wordSet) has(w string) bool { return s.words[w] }

// suffixAt returns the length of the longest word of s that ends at
// position end of r, or 0.
func (s wordSet) suffixAt(r []rune, end int) int {
	if end <= 0 || end > len(r) || r[end-1] >= 1<<16 || s.last == nil {
		return 0
	}
	var buf [64]byte
	for n := min(int(s.last[r[end-1]]), end); n > 0; n-- {
		b := buf[:0]
		for _, c := range r[end-n : end] {
			b = utf8.AppendRune(b, c)
		}
		if s.words[string(b)] {
			return n
		}
	}
	return 0
}

// prefixAt returns the length of the longest word of s that starts at
// position start of r, or 0.
func (s wordSet) prefixAt(r []rune, start int) int {
	if start < 0 || start >= len(r) || r[start] >= 1<<16 || s.first == nil {
		return 0
	}
	var buf [64]byte
	for n := min(int(s.first[r[start]]), len(r)-start); n > 0; n-- {
		b := buf[:0]
		for _, c := range r[start : start+n] {
			b = utf8.AppendRune(b, c)
		}
		if s.words[string(b)] {
			return n
		}
	}
	return 0
}

// LoadLexicon reads the embedded data files.
func LoadLexicon() (*Lexicon, error) {
	lx := &Lexicon{byName: map[string]Division{}}
	for _, f := range []struct {
		name string
		set  *wordSet
	}{{"data/titles.txt", &lx.titles}, {"data/surnames.txt", &lx.surnames}} {
		words, err := readWords(f.name)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			f.set.add(w)
		}
	}
	sections, err := readSections("data/suffixes.txt")
	if err != nil {
		return nil, err
	}
	for name, set := range map[string]*wordSet{
		"organisation": &lx.orgSuffix, "place": &lx.plcSuffix, "admin": &lx.admin,
		"programme": &lx.prgSuffix, "programme-weak": &lx.prgWeak, "verbs": &lx.verbs, "generic": &lx.generic, "stop": &lx.stop,
		"bodies": &lx.bodies,
	} {
		if len(sections[name]) == 0 {
			return nil, fmt.Errorf("data/suffixes.txt: no section [%s]", name)
		}
		for _, w := range sections[name] {
			set.add(w)
		}
	}
	if err := lx.loadDivisions("data/divisions.tsv"); err != nil {
		return nil, err
	}
	return lx, nil
}

func readWords(name string) ([]string, error) {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var words []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		words = append(words, strings.Fields(line)...)
	}
	return words, nil
}

func readSections(name string) (map[string][]string, error) {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	out := map[string][]string{}
	cur := ""
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = line[1 : len(line)-1]
			continue
		}
		if line != "" && cur == "" {
			return nil, fmt.Errorf("%s: words before the first [section]", name)
		}
		out[cur] = append(out[cur], strings.Fields(line)...)
	}
	return out, nil
}

// shortSuffixes are stripped from a division's full name to give the short
// name that texts use (青岛市 → 青岛).
var shortSuffixes = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区", "省", "市", "地区", "盟", "县", "区"}

func (lx *Lexicon) loadDivisions(name string) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	short := map[string][]Division{}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return fmt.Errorf("%s:%d: want 4 tab-separated fields, have %d", name, n+1, len(f))
		}
		d := Division{Code: f[0], Level: f[1], Name: f[2]} // f[3], the enclosing division, is not needed
		if old, ok := lx.byName[d.Name]; !ok || rank(d.Level) < rank(old.Level) {
			lx.byName[d.Name] = d
		}
		for _, s := range shortSuffixes {
			base := strings.TrimSuffix(d.Name, s)
			if base != d.Name && utf8.RuneCountInString(base) >= 2 {
				short[base] = append(short[base], d)
				break
			}
		}
	}
	// A short name stands for a division when one division of the highest
	// level has it (吉林 is the province, not the city).
	for base, ds := range short {
		if _, ok := lx.byName[base]; ok {
			continue
		}
		sort.Slice(ds, func(i, j int) bool { return rank(ds[i].Level) < rank(ds[j].Level) })
		if len(ds) > 1 && rank(ds[0].Level) == rank(ds[1].Level) {
			continue
		}
		lx.byName[base] = ds[0]
	}
	for name := range lx.byName {
		lx.divNames.add(name)
	}
	return nil
}

func rank(level string) int {
	switch level {
	case "province":
		return 0
	case "city":
		return 1
	}
	return 2
}

// Division returns the division that name (full or short) stands for.
func (lx *Lexicon) Division(name string) (Division, bool) {
	// Most words start with a character no division starts with.
	if f, n := utf8.DecodeRuneInString(name); n == 0 || f < 1<<16 && lx.divNames.first[f] == 0 {
		return Division{}, false
	}
	if l, _ := utf8.DecodeLastRuneInString(name); l < 1<<16 && lx.divNames.last[l] == 0 {
		return Division{}, false
	}
	d, ok := lx.byName[name]
	return d, ok
}

// suffixIn is suffixAt over a paragraph's text, whose substrings it looks
// up without building them.
func (s wordSet) suffixIn(p *para, end int) int {
	if end <= 0 || end > len(p.r) || p.r[end-1] >= 1<<16 || s.last == nil {
		return 0
	}
	for n := min(int(s.last[p.r[end-1]]), end); n > 0; n-- {
		if s.words[p.text(end-n, end)] {
			return n
		}
	}
	return 0
}

// prefixIn is prefixAt over a paragraph's text.
func (s wordSet) prefixIn(p *para, start int) int {
	if start < 0 || start >= len(p.r) || p.r[start] >= 1<<16 || s.first == nil {
		return 0
	}
	for n := min(int(s.first[p.r[start]]), len(p.r)-start); n > 0; n-- {
		if s.words[p.text(start, start+n)] {
			return n
		}
	}
	return 0
}
