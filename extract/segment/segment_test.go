package segment

import (
	"sync"
	"testing"
	"unicode/utf8"
)

var (
	once   sync.Once
	shared *Segmenter
	err    error
)

func load(t testing.TB) *Segmenter {
	t.Helper()
	once.Do(func() { shared, err = New() })
	if err != nil {
		t.Fatal(err)
	}
	return shared
}

func TestCutOffsets(t *testing.T) {
	s := load(t)
	for _, tc := range []struct {
		name, in string
		first    string
	}{
		{"han", "崂山区委组织部部长", "崂山"},
		{"mixed", "2020年度行动方案ABC测试", "2020"},
		{"spaces and punctuation", "本报记者 宋迎迎，通讯员 王雪。", "本报"},
		{"full-width", "“三化一型”（社区）", "“"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks := s.Cut(tc.in)
			runes := []rune(tc.in)
			at := 0
			for _, tk := range toks {
				if tk.Start != at {
					t.Fatalf("token %q starts at %d, want %d (gap or overlap)", tk.Text, tk.Start, at)
				}
				if got := string(runes[tk.Start:tk.End]); got != tk.Text {
					t.Fatalf("token %q has span [%d,%d) = %q", tk.Text, tk.Start, tk.End, got)
				}
				at = tk.End
			}
			if at != utf8.RuneCountInString(tc.in) {
				t.Fatalf("tokens cover %d code points, text has %d", at, utf8.RuneCountInString(tc.in))
			}
			if len(toks) > 0 && toks[0].Text != tc.first {
				t.Errorf("first token %q, want %q", toks[0].Text, tc.first)
			}
		})
	}
}

func TestFreq(t *testing.T) {
	s := load(t)
	if _, pos, ok := s.Freq("深圳"); !ok || pos != "ns" {
		t.Errorf("Freq(深圳) = %q, %v; want ns, true", pos, ok)
	}
	if _, _, ok := s.Freq("没有这个词语啊"); ok {
		t.Errorf("Freq of a made-up word says it is in the dictionary")
	}
}

func BenchmarkCut(b *testing.B) {
	s := load(b)
	text := "市委常委，西海岸新区工委书记、区委书记孙永红同志的讲话举旗定向、凝聚共识，提振人心、催人奋进。"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Cut(text)
	}
}
