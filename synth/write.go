package synth

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Options says what corpus Write makes.
type Options struct {
	Seed    uint64 // the same seed gives the same corpus, byte for byte
	Size    int64  // bytes of text in all; Write stops after the document that reaches it
	DocSize int    // average bytes per document; 0 means DefaultDocSize
}

// Stats is what Write wrote.
type Stats struct {
	Documents int
	Bytes     int64
}

// Write writes a corpus of opt.Size bytes into the folder dir, which must
// not exist or be empty: document i goes to Path(i). Documents are
// generated and written one at a time, so memory does not grow with the
// size. Each file is written under a hidden temporary name and renamed
// into place, so an interrupted run leaves only whole documents.
func Write(ctx context.Context, dir string, opt Options) (Stats, error) {
	if opt.Size <= 0 {
		return Stats{}, fmt.Errorf("synth: corpus size %d is not positive", opt.Size)
	}
	g, err := New(opt.Seed, opt.DocSize)
	if err != nil {
		return Stats{}, err
	}
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return Stats{}, fmt.Errorf("output folder: %w", err)
	case len(ents) > 0:
		return Stats{}, fmt.Errorf("output folder %s is not empty; give a new or empty folder", dir)
	}
	var st Stats
	made := map[string]bool{}
	for st.Bytes < opt.Size {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		path := filepath.Join(dir, filepath.FromSlash(Path(st.Documents)))
		if sub := filepath.Dir(path); !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return st, fmt.Errorf("synth: create folder: %w", err)
			}
			made[sub] = true
		}
		text := g.Document(st.Documents)
		if err := writeFile(path, text); err != nil {
			return st, err
		}
		st.Documents++
		st.Bytes += int64(len(text))
	}
	return st, nil
}

// writeFile writes data to path through a hidden temporary file.
func writeFile(path string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("synth: write %s: %w", path, err)
	}
	return nil
}

// ParseSize parses a size in bytes: a whole number, optionally followed by
// a unit K, M or G (powers of 1024; KB, MB, GB, KiB, MiB and GiB too, in
// any case). "100MB" is 104857600.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("size %q: want a positive whole number of bytes, optionally with K, M or G (100MB)", s)
	}
	return n * mult, nil
}
