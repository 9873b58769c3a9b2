package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/kg-dev/kg/graph/neo4jadmin"
)

// exportCommand is `kg export`: a build's output folder as the files of
// another tool.
func exportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write a build's graph as the CSV files of neo4j-admin database import",
		UsageText: "kg export --format neo4j-admin [--out DIR] --to DIR",
		Description: "Reads the output folder of kg build and writes one CSV file per node label and\n" +
			"relationship type, and import.sh, into --to. Import them into a new database with\n" +
			"Neo4j stopped, then start it and run kg schema apply.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Usage: "what to write (required); the only format is neo4j-admin"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "the build output folder to read"},
			&cli.StringFlag{Name: "to", Usage: "folder to write the files into (required)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors and warnings"},
		},
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError{err.Error()} },
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Sprintf("unexpected argument %q", c.Args().First())}
			}
			// Checked here, not with Required, which prints the help too.
			switch f := c.String("format"); f {
			case "neo4j-admin":
			case "":
				return usageError{"kg export needs --format neo4j-admin"}
			default:
				return usageError{fmt.Sprintf("unknown --format %q: the only format is neo4j-admin", f)}
			}
			if c.String("to") == "" {
				return usageError{"kg export needs --to, the folder to write the files into"}
			}
			return runExport(c.Context, c.String("out"), c.String("to"), c.Bool("quiet"), c.App.Writer, c.App.ErrWriter)
		},
	}
}

// runExport exports the build folder out into the folder to and says how
// to import it.
func runExport(ctx context.Context, out, to string, quiet bool, stdout, stderr io.Writer) error {
	res, err := neo4jadmin.Export(ctx, out, to)
	if err != nil {
		return err
	}
	if res.Unlisted > 0 {
		fmt.Fprintf(stderr, "kg: warning: %d documents of %s have no paragraph, so the files have no Document node for them\n",
			res.Unlisted, out)
	}
	if quiet {
		return nil
	}
	dir, err := filepath.Abs(to)
	if err != nil {
		dir = to
	}
	fmt.Fprintf(stdout, "kg: %d nodes, %d relationships → %d CSV files in %s/\n", res.Nodes, res.Relationships, len(res.Files), to)
	fmt.Fprintf(stdout, "kg: with Neo4j stopped, import them into a new database with %s, that is\n",
		filepath.Join(dir, neo4jadmin.ScriptName))
	fmt.Fprintf(stdout, "  %s\n", res.Command(dir))
	fmt.Fprintln(stdout, "kg: then start Neo4j and run kg schema apply")
	return nil
}
