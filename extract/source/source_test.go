package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFiles creates the files under root, with their names as contents.
func writeFiles(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, name := range names {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func paths(files []File) []string {
	var ps []string
	for _, f := range files {
		ps = append(ps, f.Path)
	}
	return ps
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in,
		"b.txt", "a.MD", "c.html", "d.HTM", "e.go", "noext", "x.txt.bak",
		".hidden.txt", ".git/config.txt",
		"sub/f.txt", "sub/deep/g.TXT", "sub/.cache/h.txt",
	)
	writeFiles(t, root, "other/notes.rst", "other2/b.txt", "third/sub/f.txt")
	// A link back to the folder would loop if followed; a link to a file
	// is taken.
	if err := os.Symlink(in, filepath.Join(in, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(in, "b.txt"), filepath.Join(in, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(in, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop.txt", filepath.Join(in, "loop.txt")); err != nil {
		t.Fatal(err)
	}
	// A named pipe would block the reader: not taken.
	if err := exec.Command("mkfifo", filepath.Join(in, "pipe.txt")).Run(); err != nil {
		t.Logf("no named pipe (%v): that case is not checked", err)
	}
	linked := filepath.Join(root, "linked")
	if err := os.Symlink(filepath.Join(in, "sub"), linked); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		inputs  []string
		want    []string
		wantErr string
	}{
		{
			name:   "folder",
			inputs: []string{in},
			want:   []string{"a.MD", "b.txt", "broken.txt", "c.html", "d.HTM", "link.txt", "loop.txt", "sub/deep/g.TXT", "sub/f.txt"},
		},
		{
			name:   "file of any extension",
			inputs: []string{filepath.Join(root, "other", "notes.rst")},
			want:   []string{"notes.rst"},
		},
		{
			name:   "folder and file, sorted",
			inputs: []string{filepath.Join(root, "other", "notes.rst"), filepath.Join(in, "sub")},
			want:   []string{"deep/g.TXT", "f.txt", "notes.rst"},
		},
		{
			name:   "link to a folder given by name",
			inputs: []string{linked},
			want:   []string{"deep/g.TXT", "f.txt"},
		},
		{
			name:   "hidden file given by name",
			inputs: []string{filepath.Join(in, ".hidden.txt")},
			want:   []string{".hidden.txt"},
		},
		{name: "no inputs", inputs: nil, want: nil},
		{
			name:    "missing",
			inputs:  []string{in, filepath.Join(root, "missing")},
			wantErr: "input " + filepath.Join(root, "missing") + " does not exist",
		},
		{
			name:    "same path in two folders",
			inputs:  []string{in, filepath.Join(root, "third")},
			wantErr: "inputs " + in + " and " + filepath.Join(root, "third") + " both have a file sub/f.txt",
		},
		{
			name:    "folder and file with the same path",
			inputs:  []string{in, filepath.Join(root, "other2", "b.txt")},
			wantErr: "inputs " + in + " and " + filepath.Join(root, "other2", "b.txt") + " both have a file b.txt",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Walk(ctx, tt.inputs)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Walk = %v, %v; want error %q", paths(got), err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(paths(got), tt.want) {
				t.Errorf("Walk = %q, want %q", paths(got), tt.want)
			}
			for _, f := range got {
				if !filepath.IsAbs(f.Abs) {
					t.Errorf("%s: Abs %s is not absolute", f.Path, f.Abs)
				}
				if _, err := os.Lstat(f.Abs); err != nil {
					t.Errorf("%s: %v", f.Path, err)
				}
			}
		})
	}
}

func TestWalkCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Walk(ctx, []string{t.TempDir()}); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk = %v, want context.Canceled", err)
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	data := []byte("\ufeff孙永红书记\r\n")
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Walk(context.Background(), []string{dir})
	if err != nil || len(files) != 1 {
		t.Fatalf("Walk = %v, %v", files, err)
	}
	got, err := Read(context.Background(), files[0])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	want := &Text{
		SHA256:  hex.EncodeToString(sum[:]),
		Runes:   []rune("孙永红书记\n"),
		Offsets: []int{3, 6, 9, 12, 15, 18, 20},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read = %+v, want %+v", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "bin.txt")
	if err := os.WriteFile(filepath.Join(dir, "bin.txt"), []byte("a\x00b"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop.txt", filepath.Join(dir, "loop.txt")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file File
		want error
	}{
		{"missing", File{Path: "gone.txt", Abs: filepath.Join(dir, "gone.txt")}, fs.ErrNotExist},
		{"folder", File{Path: "dir.txt", Abs: dir}, nil},
		{"binary", File{Path: "bin.txt", Abs: filepath.Join(dir, "bin.txt")}, ErrBinary},
		{"link loop", File{Path: "loop.txt", Abs: filepath.Join(dir, "loop.txt")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(context.Background(), tt.file)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != tt.file.Path || !strings.HasPrefix(err.Error(), tt.file.Path+": ") {
				t.Fatalf("Read = %v, %v; want a *FileError for %s", got, err, tt.file.Path)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Read error %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), dir) {
				t.Errorf("Read error %q names the file twice", err)
			}
		})
	}
}
