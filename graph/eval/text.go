package eval

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/kg-dev/kg/schema"
)

// WriteText writes r to w in kg-score's layout: a table of precision,
// recall, F1, tp, fp and fn per entity type and per relation type, the
// HOLDS_POSITION title accuracy, one line per document, and a last line of
// JSON with the main figures rounded to 4 decimals.
func (r Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "entities           P      R      F1     tp   fp   fn")
	for _, t := range schema.EntityTypes {
		writeRow(bw, 14, string(t), r.Entities[t])
	}
	writeRow(bw, 14, "all", r.EntityTotal())
	fmt.Fprintln(bw, "relations")
	preds := make([]string, 0, len(r.Relations))
	for p, c := range r.Relations {
		if c != (Counts{}) {
			preds = append(preds, string(p))
		}
	}
	sort.Strings(preds)
	for _, p := range preds {
		writeRow(bw, 16, p, r.Relations[schema.Predicate(p)])
	}
	writeRow(bw, 16, "all", r.RelationTotal())
	fmt.Fprintf(bw, "  HOLDS_POSITION titles right: %d/%d\n", r.TitlesRight, r.TitlesChecked)
	fmt.Fprintln(bw, "per document")
	if len(r.Docs) == 0 {
		fmt.Fprintln(bw) // kg-score prints an empty join
	}
	for _, d := range r.Docs {
		fmt.Fprintf(bw, "  %s: entities %d/%d found, %d extra\n", d.Doc, d.Found, d.Gold, d.Extra)
	}

	ent, rel := r.EntityTotal(), r.RelationTotal()
	fields := []struct {
		key string
		val float64
	}{
		{"entity_p", ent.Precision()}, {"entity_r", ent.Recall()}, {"entity_f1", ent.F1()},
		{"relation_p", rel.Precision()}, {"relation_r", rel.Recall()}, {"relation_f1", rel.F1()},
		{"holds_position_f1", r.Relations[schema.HoldsPosition].F1()},
		{"title_acc", r.TitleAccuracy()},
	}
	for _, t := range schema.EntityTypes {
		fields = append(fields, struct {
			key string
			val float64
		}{"f1_" + string(t), r.Entities[t].F1()})
	}
	bw.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			bw.WriteString(", ")
		}
		fmt.Fprintf(bw, "%q: %s", f.key, pyFloat(round4(f.val)))
	}
	bw.WriteString("}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeRow writes one row of the table, the name left-aligned in width
// code points, as Python's f"{name:<width}" does.
func writeRow(w io.Writer, width int, name string, c Counts) {
	fmt.Fprintf(w, "  %-*s %6.3f %6.3f %6.3f %4d %4d %4d\n", width, name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
}

// round4 rounds x to 4 decimals as Python's round(x, 4) does: correctly,
// ties (of the exact binary value) to even.
func round4(x float64) float64 {
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
	if err != nil {
		return x
	}
	return y
}

// pyFloat formats x as Python's repr (and json.dumps) does: the shortest
// digits that read back as x, in fixed notation with at least one decimal
// ("0.0", "0.5") for exponents from -4 to 15, otherwise as "1e-05".
func pyFloat(x float64) string {
	e := strconv.FormatFloat(x, 'e', -1, 64) // -d.ddde±dd
	mant, exps, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(exps)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
