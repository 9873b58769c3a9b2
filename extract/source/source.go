package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is an input file found by Walk.
type File struct {
	// Path is the file's path relative to the input folder it was found
	// in, '/'-separated; for an input that is a file, its base name.
	Path string
	// Abs is the absolute path of the file, to read it.
	Abs string
}

// Walk lists the files of the inputs, sorted by Path. An input that is a
// folder is walked recursively for regular files whose extension is .txt,
// .md, .html or .htm (in any case), skipping hidden files and folders
// (whose names start with '.'), named pipes, sockets and devices, and not
// following symbolic links to folders. A link to a regular file is taken,
// and so is a link that cannot be followed (broken, or in a loop), so that
// Read reports it. An input that is a file is taken whatever its extension
// and kind. Two files with the same Path are an error, and so is an input
// that does not exist.
func Walk(ctx context.Context, inputs []string) ([]File, error) {
	var files []File
	from := map[string]string{} // Path → the input it came from
	add := func(in string, f File) error {
		if prev, ok := from[f.Path]; ok {
			return fmt.Errorf("inputs %s and %s both have a file %s", prev, in, f.Path)
		}
		from[f.Path] = in
		files = append(files, f)
		return nil
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		info, err := os.Stat(in)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("input %s does not exist", in)
		}
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		if !info.IsDir() {
			abs, err := filepath.Abs(in)
			if err != nil {
				return nil, fmt.Errorf("input %s: %w", in, err)
			}
			if err := add(in, File{Path: filepath.Base(in), Abs: abs}); err != nil {
				return nil, err
			}
			continue
		}
		root, err := filepath.EvalSymlinks(in) // WalkDir does not enter a link
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		found, err := walkDir(ctx, root)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			if err := add(in, f); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// walkDir lists the text files under the folder root.
func walkDir(ctx context.Context, root string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", path, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if path == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isText(d.Name()) {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			// Take a link to a file, never one to a folder. A link that
			// cannot be followed is taken as a file, for Read to report.
			mode = 0
			if info, err := os.Stat(path); err == nil {
				mode = info.Mode().Type()
			}
		}
		if !mode.IsRegular() {
			return nil // a folder, pipe, socket or device: reading a pipe would block
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return fmt.Errorf("walk %s: %w", path, err)
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return fmt.Errorf("walk %s: %w", path, err)
		}
		files = append(files, File{Path: filepath.ToSlash(rel), Abs: abs})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// isText reports whether name has the extension of a file Walk takes.
func isText(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".html", ".htm":
		return true
	}
	return false
}

// isHTML reports whether name has the extension of an HTML file.
func isHTML(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}
