package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/kg-dev/kg/schema"
)

// ErrNoGold means a gold folder holds no NAME.json file.
var ErrNoGold = errors.New("no gold files (*.json)")

// GoldDoc is the gold annotation of one document: one NAME.json file of a
// gold folder, in the format of gold/GUIDELINE.md.
type GoldDoc struct {
	File      string         `json:"-"`   // path of the gold file it was read from; empty if made in code
	Doc       string         `json:"doc"` // the document's path; only its base name is compared
	Entities  []GoldEntity   `json:"entities"`
	Relations []GoldRelation `json:"relations"`
}

// GoldEntity is an entity that a careful reader finds in a document.
type GoldEntity struct {
	Type    schema.EntityType `json:"type"`
	Name    string            `json:"name"`    // canonical name; relations refer to it
	Aliases []string          `json:"aliases"` // other surface forms in the document
}

// GoldRelation is a relation that a document states. Subject and Object
// are names of GoldEntity values of the same document.
type GoldRelation struct {
	Type     schema.Predicate `json:"type"`
	Subject  string           `json:"subject"`
	Object   string           `json:"object"`
	Title    string           `json:"title,omitempty"`    // the post, for HOLDS_POSITION
	Evidence string           `json:"evidence,omitempty"` // not scored
}

// goldFile is a gold file as decoded, with pointers for the required
// fields so that a missing one is found.
type goldFile struct {
	Doc      *string `json:"doc"`
	Entities *[]struct {
		Type    *schema.EntityType `json:"type"`
		Name    *string            `json:"name"`
		Aliases []string           `json:"aliases"`
	} `json:"entities"`
	Relations []struct {
		Type     *schema.Predicate `json:"type"`
		Subject  *string           `json:"subject"`
		Object   *string           `json:"object"`
		Title    string            `json:"title"`
		Evidence string            `json:"evidence"`
	} `json:"relations"`
}

// LoadGold reads every NAME.json file of the folder dir, in the order of
// their names. It is LoadGoldContext with a background context.
func LoadGold(dir string) ([]GoldDoc, error) {
	return LoadGoldContext(context.Background(), dir)
}

// LoadGoldContext reads every NAME.json file of the folder dir, in the
// order of their names, checking ctx between files. Other files are
// ignored. A folder without a NAME.json file gives an error wrapping
// ErrNoGold; an error in a file names the file (and the line, for bad
// JSON). The fields doc, entities, and each entity's type and name and
// each relation's type, subject and object are required.
func LoadGoldContext(ctx context.Context, dir string) ([]GoldDoc, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read gold folder: %w", err)
	}
	var docs []GoldDoc
	for _, de := range des {
		if !strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		path := filepath.Join(dir, de.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read gold file: %w", err)
		}
		g, err := parseGold(data)
		if err != nil {
			return nil, fmt.Errorf("read gold file %s: %w", path, err)
		}
		g.File = path
		docs = append(docs, g)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("read gold folder %s: %w", dir, ErrNoGold)
	}
	return docs, nil
}

// parseGold decodes one gold file.
func parseGold(data []byte) (GoldDoc, error) {
	var f goldFile
	if err := json.Unmarshal(data, &f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return GoldDoc{}, fmt.Errorf("line %d: %w", lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			return GoldDoc{}, fmt.Errorf("line %d: %q is a JSON %s, want %s", lineAt(data, te.Offset), te.Field, te.Value, kindName(te.Type))
		}
		return GoldDoc{}, err
	}
	if f.Doc == nil {
		return GoldDoc{}, errors.New(`no "doc"`)
	}
	if f.Entities == nil {
		return GoldDoc{}, errors.New(`no "entities"`)
	}
	g := GoldDoc{Doc: *f.Doc, Entities: make([]GoldEntity, 0, len(*f.Entities)), Relations: make([]GoldRelation, 0, len(f.Relations))}
	for i, e := range *f.Entities {
		if e.Type == nil || e.Name == nil {
			return GoldDoc{}, fmt.Errorf(`entity %d: "type" and "name" are required`, i+1)
		}
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		g.Entities = append(g.Entities, GoldEntity{Type: *e.Type, Name: *e.Name, Aliases: aliases})
	}
	for i, r := range f.Relations {
		if r.Type == nil || r.Subject == nil || r.Object == nil {
			return GoldDoc{}, fmt.Errorf(`relation %d: "type", "subject" and "object" are required`, i+1)
		}
		g.Relations = append(g.Relations, GoldRelation{Type: *r.Type, Subject: *r.Subject, Object: *r.Object,
			Title: r.Title, Evidence: r.Evidence})
	}
	return g, nil
}

// kindName says in JSON terms what a value of type t should be.
func kindName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct:
		return "an object"
	}
	return t.Kind().String()
}

// lineAt returns the 1-based line of data that holds byte offset off.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + strings.Count(string(data[:off]), "\n")
}
