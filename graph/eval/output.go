package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

// ErrNoEntities means an output folder has no entities.jsonl, or an empty
// one: there is nothing to score.
var ErrNoEntities = errors.New("no entities.jsonl (or it is empty)")

// LoadOutput reads entities.jsonl and triples.jsonl from the output folder
// dir of kg build, checking ctx before each file. A missing folder gives an
// error wrapping fs.ErrNotExist; a missing or empty entities.jsonl one
// wrapping ErrNoEntities. A missing triples.jsonl reads as no triples.
func LoadOutput(ctx context.Context, dir string) ([]schema.Entity, []schema.Triple, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read output folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("read output folder %s: not a folder", dir)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	ents, err := readFile(filepath.Join(dir, "entities.jsonl"), jsonl.ReadEntities)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(ents) == 0 {
		return nil, nil, fmt.Errorf("read output folder %s: %w", dir, ErrNoEntities)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	triples, err := readFile(filepath.Join(dir, "triples.jsonl"), jsonl.ReadTriples)
	if errors.Is(err, fs.ErrNotExist) {
		triples, err = []schema.Triple{}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return ents, triples, nil
}

// readFile opens path and reads it with read.
func readFile[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // a *fs.PathError names the file
	}
	defer f.Close()
	xs, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return xs, nil
}
