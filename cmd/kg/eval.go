package main

import (
	"context"
	"io"

	"github.com/urfave/cli/v2"
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

func runEval(ctx context.Context, gold, out string, stdout io.Writer) error {
	return nil
}
