package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/kg-dev/kg/synth"
)

// genCommand is `kg gen`: a synthetic corpus for benchmarks (see package
// synth).
func genCommand() *cli.Command {
	return &cli.Command{
		Name:      "gen",
		Usage:     "generate a synthetic corpus of Chinese news documents, for benchmarks",
		UsageText: "kg gen --out DIR --size SIZE [--seed N] [--doc-size BYTES]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Required: true, Usage: "folder to write the documents to; new or empty"},
			&cli.StringFlag{Name: "size", Required: true, Usage: "bytes of text in all, with K, M or G (powers of 1024): 10MB, 512K"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "the same seed gives the same corpus, byte for byte"},
			&cli.IntFlag{Name: "doc-size", Value: synth.DefaultDocSize, Usage: "average bytes per document"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
		},
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError{err.Error()} },
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Sprintf("unexpected argument %q", c.Args().First())}
			}
			size, err := synth.ParseSize(c.String("size"))
			if err != nil {
				return usageError{"--size: " + err.Error()}
			}
			if c.Int("doc-size") <= 0 {
				return usageError{"--doc-size must be more than 0"}
			}
			out := c.String("out")
			st, err := synth.Write(c.Context, out, synth.Options{Seed: c.Uint64("seed"), Size: size, DocSize: c.Int("doc-size")})
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				fmt.Fprintf(c.App.Writer, "kg: %d documents, %d bytes → %s/\n", st.Documents, st.Bytes, out)
			}
			return nil
		},
	}
}
