package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/urfave/cli/v2"

	"github.com/kg-dev/kg/graph/eval"
)

func evalCommand(rn runners) *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "score a build's output against gold annotations",
		UsageText: "kg eval --gold DIR [--out DIR]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "gold", Required: true, Usage: "folder of gold annotations, one NAME.json per document"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output folder of kg build"},
		},
		Action: func(c *cli.Context) error {
			return rn.eval(c.Context, c.String("gold"), c.String("out"), c.App.Writer)
		},
	}
}

// runEval scores the build output in the folder out against the gold
// annotations in the folder gold and prints the report to stdout, in the
// layout of shared/tools/kg-score.
func runEval(ctx context.Context, gold, out string, stdout io.Writer) error {
	golds, err := eval.LoadGoldContext(ctx, gold)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no gold folder %s: give --gold the folder of NAME.json annotation files (see gold/GUIDELINE.md)", gold)
	case errors.Is(err, eval.ErrNoGold):
		return fmt.Errorf("no gold files (NAME.json) in %s: give --gold the folder of annotation files (see gold/GUIDELINE.md)", gold)
	case err != nil:
		return err
	}
	ents, triples, err := eval.LoadOutput(ctx, out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no output folder %s: run `kg build --out %s` first, or give --out the folder it wrote", out, out)
	case errors.Is(err, eval.ErrNoEntities):
		return fmt.Errorf("no entities.jsonl (or it is empty) in %s: run `kg build --out %s` first", out, out)
	case err != nil:
		return err
	}
	return eval.Score(golds, ents, triples).WriteText(stdout)
}
