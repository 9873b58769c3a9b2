package segment

import (
	_ "embed"
	"errors"
	"math"
	"strings"
	"unicode/utf8"
)

// zhS is gse's simplified-Chinese dictionary (gse.Segmenter.LoadDictEmbed
// "zh_s") as gse holds it once loaded, in the compact form that
// decodeDict reads. TestDictFile fails if it is out of date; after
// changing the gse version, regenerate it with go generate
// ./extract/segment (which runs go test -run TestDictFile -update).
//
//go:embed zh_s.dict
var zhS string

// dictMagic starts a dictionary file; the digit is the format version.
const dictMagic = "kg-segment-dict 1\n"

// A dict file, after dictMagic, holds uvarints:
//
//	n (entries), keyBytes (sum of the key lengths), t (tags), then t
//	tags, each its length and bytes, then n entries, in key order:
//	shared (bytes in common with the key before), suffix length, the
//	suffix bytes, the frequency and the tag's index.
//
// A key is a dictionary word as gse matches it: ASCII letters in lower
// case. Frequencies are whole numbers, as in gse's dictionary.

// dict is a dictionary of words sorted by their bytes, so that the words
// that start with a given prefix form a range of indexes.
type dict struct {
	keys string    // every key, in order, one after the other
	off  []int32   // key i is keys[off[i]:off[i+1]]
	freq []uint32  // dictionary frequency of key i
	dist []float32 // gse's path length of key i: log2(total freq / freq), in float32 as gse computes it
	tag  []uint8   // index in tags of key i's part-of-speech tag
	tags []string
	// The keys that start with rune r < 0x10000 are [first[r], last[r]).
	first, last []int32
}

var errDict = errors.New("malformed dictionary data")

// decodeDict reads the dictionary data described above.
func decodeDict(data string) (*dict, error) {
	if !strings.HasPrefix(data, dictMagic) {
		return nil, errDict
	}
	r := reader{data: data, at: len(dictMagic)}
	n, keyBytes, nt := r.uvarint(), r.uvarint(), r.uvarint()
	if r.err != nil || n > math.MaxInt32 || keyBytes > math.MaxInt32 || nt > math.MaxUint8+1 {
		return nil, errDict
	}
	d := &dict{
		off:  make([]int32, n+1),
		freq: make([]uint32, n),
		dist: make([]float32, n),
		tag:  make([]uint8, n),
		tags: make([]string, nt),
	}
	for i := range d.tags {
		d.tags[i] = r.bytes(r.uvarint())
	}
	keys := make([]byte, 0, keyBytes)
	prev := 0 // where the key before starts in keys
	total := 0.0
	for i := range n {
		shared := r.uvarint()
		suffix := r.bytes(r.uvarint())
		freq, tag := r.uvarint(), r.uvarint()
		if r.err != nil || shared > uint64(len(keys)-prev) || freq == 0 || freq > math.MaxUint32 || tag >= nt ||
			uint64(len(keys))+shared+uint64(len(suffix)) > keyBytes {
			return nil, errDict
		}
		start := len(keys)
		keys = append(keys, keys[prev:prev+int(shared)]...)
		keys = append(keys, suffix...)
		prev = start
		d.off[i+1] = int32(len(keys))
		d.freq[i] = uint32(freq)
		d.tag[i] = uint8(tag)
		total += float64(freq)
	}
	if r.at != len(data) || len(keys) != int(keyBytes) {
		return nil, errDict
	}
	d.keys = string(keys)
	// As gse.Segmenter.CalcToken does, in float32; most frequencies are
	// small and shared by many words.
	logTotal := float32(math.Log2(total))
	var memo [1 << 12]float32 // path lengths by frequency, 0 if not known yet
	for i, f := range d.freq {
		if f < uint32(len(memo)) && memo[f] != 0 {
			d.dist[i] = memo[f]
			continue
		}
		d.dist[i] = logTotal - float32(math.Log2(float64(f)))
		if f < uint32(len(memo)) {
			memo[f] = d.dist[i]
		}
	}
	d.first, d.last = make([]int32, 1<<16), make([]int32, 1<<16)
	for i := range n {
		if r, size := utf8.DecodeRuneInString(d.key(int(i))); r < 1<<16 && (size > 1 || r < utf8.RuneSelf) {
			if d.last[r] == 0 {
				d.first[r] = int32(i)
			}
			d.last[r] = int32(i + 1)
		}
	}
	return d, nil
}

// reader reads the uvarints and byte strings of a dictionary file; the
// first error sticks.
type reader struct {
	data string
	at   int
	err  error
}

func (r *reader) uvarint() uint64 {
	var v uint64
	for shift := 0; r.err == nil && shift < 64; shift += 7 {
		if r.at == len(r.data) {
			break
		}
		b := r.data[r.at]
		r.at++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	r.err = errDict
	return 0
}

func (r *reader) bytes(n uint64) string {
	if r.err != nil || n > uint64(len(r.data)-r.at) {
		r.err = errDict
		return ""
	}
	s := r.data[r.at : r.at+int(n)]
	r.at += int(n)
	return s
}

// key returns key i.
func (d *dict) key(i int) string { return d.keys[d.off[i]:d.off[i+1]] }

// len returns the number of keys.
func (d *dict) len() int { return len(d.freq) }

// narrow takes the range [lo, hi) of the keys that start with the same p
// bytes and returns the range of those among them whose next bytes are w.
func (d *dict) narrow(lo, hi, p int, w string) (int, int) {
	// The first key whose rest is not below w…
	a, b := lo, hi
	for a < b {
		m := int(uint(a+b) >> 1)
		if d.keys[int(d.off[m])+p:d.off[m+1]] < w {
			a = m + 1
		} else {
			b = m
		}
	}
	lo = a
	// …and the first after it whose rest does not start with w: the
	// range shrinks fast, so look near lo first.
	b = a + 1
	for step := 1; b < hi && strings.HasPrefix(d.keys[int(d.off[b])+p:d.off[b+1]], w); step *= 2 {
		a = b + 1
		b = min(hi, a+step)
	}
	b = min(b, hi)
	for a < b {
		m := int(uint(a+b) >> 1)
		if strings.HasPrefix(d.keys[int(d.off[m])+p:d.off[m+1]], w) {
			a = m + 1
		} else {
			b = m
		}
	}
	return lo, a
}

// prefixed returns the range of the keys that start with w.
func (d *dict) prefixed(w string) (int, int) {
	r, size := utf8.DecodeRuneInString(w)
	if r >= 1<<16 || size == 1 && r >= utf8.RuneSelf {
		return d.narrow(0, d.len(), 0, w)
	}
	lo, hi := int(d.first[r]), int(d.last[r])
	if size < len(w) {
		lo, hi = d.narrow(lo, hi, size, w[size:])
	}
	return lo, hi
}

// find returns the index of key w.
func (d *dict) find(w string) (int, bool) {
	lo, hi := d.prefixed(w)
	if lo < hi && int(d.off[lo+1]-d.off[lo]) == len(w) {
		return lo, true
	}
	return 0, false
}
