package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/graph/cypher"
)

// version is the tool's version, written to manifest.json; release builds
// set it with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit codes, documented in README.md.
const (
	exitOK      = 0 // success
	exitFailure = 1 // the work failed: bad input (with --strict), output not writable, Neo4j refused …
	exitUsage   = 2 // the command line is wrong
	exitCancel  = 130
)

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// runners are the functions that do the work of each command, injected so
// that tests can check what the flags turn into.
type runners struct {
	build func(ctx context.Context, cfg buildConfig, stdout, stderr io.Writer) error
	eval  func(ctx context.Context, gold, out string, stdout io.Writer) error
}

func defaultRunners() runners { return runners{build: runBuild, eval: runEval} }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWith(ctx, args, stdout, stderr, defaultRunners())
}

func runWith(ctx context.Context, args []string, stdout, stderr io.Writer, rn runners) int {
	app := newApp(stdout, stderr, rn)
	err := app.RunContext(ctx, args)
	return report(err, stderr)
}

// report turns an error into one line for people and an exit code.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "kg: %s (see kg --help)\n", ue.msg)
		return exitUsage
	case errors.As(err, new(interruptedError)):
		fmt.Fprintf(stderr, "kg: %s\n", err)
		return exitCancel
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "kg: interrupted; files already written are complete, nothing was half-written")
		return exitCancel
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined") || strings.HasPrefix(msg, "invalid value") ||
		strings.Contains(msg, "Required flag") || strings.HasPrefix(msg, "No help topic") {
		fmt.Fprintf(stderr, "kg: %s (see kg --help)\n", msg)
		return exitUsage
	}
	fmt.Fprintf(stderr, "kg: %s\n", msg)
	return exitFailure
}

func newApp(stdout, stderr io.Writer, rn runners) *cli.App {
	return &cli.App{
		Name:           "kg",
		Usage:          "build a knowledge graph from Chinese news and government documents",
		Version:        version,
		Writer:         stdout,
		ErrWriter:      stderr,
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		HideVersion: false,
		Commands: []*cli.Command{
			buildCommand(rn),
			evalCommand(rn),
			genCommand(),
			schemaCommand(),
			exportCommand(),
			{
				Name:  "version",
				Usage: "print kg's version",
				Action: func(c *cli.Context) error {
					fmt.Fprintf(stdout, "kg %s\n", version)
					return nil
				},
			},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Sprintf("unknown command %q", c.Args().First())}
			}
			return cli.ShowAppHelp(c)
		},
	}
}

// buildConfig is what `kg build` was asked to do.
type buildConfig struct {
	build.Config
	Quiet bool
	Neo4j *cypher.Config // nil: files only
}

func buildCommand(rn runners) *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "extract the graph of a corpus and write it to files",
		UsageText: "kg build [--input DIR|FILE]... [--out DIR] [--strict] [--workers N] [--neo4j-uri URI]",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "input", Aliases: []string{"i"}, Usage: "input folder or file, repeatable (default: seeds/)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output folder"},
			&cli.BoolFlag{Name: "strict", Usage: "fail on the first unreadable input file instead of skipping it"},
			&cli.IntFlag{Name: "workers", Usage: "documents extracted at once (default: number of CPUs)"},
			&cli.BoolFlag{Name: "lexical", Usage: "also write documents and paragraphs as GraphML nodes"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
		}, neo4jFlags()...),
		OnUsageError: func(c *cli.Context, err error, _ bool) error { return usageError{err.Error()} },
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Sprintf("unexpected argument %q: give inputs with --input", c.Args().First())}
			}
			if c.Int("workers") < 0 {
				return usageError{"--workers must be 0 or more"}
			}
			inputs := c.StringSlice("input")
			if len(inputs) == 0 {
				inputs = []string{"seeds"}
			}
			cfg := buildConfig{Config: build.Config{Inputs: inputs, Out: c.String("out"), Strict: c.Bool("strict"),
				Workers: c.Int("workers"), Lexical: c.Bool("lexical"), ToolVersion: version}, Quiet: c.Bool("quiet")}
			nc, ok, err := neo4jConfig(c)
			if err != nil {
				return err
			}
			if ok {
				cfg.Neo4j = &nc
			}
			return rn.build(c.Context, cfg, c.App.Writer, c.App.ErrWriter)
		},
	}
}

func runBuild(ctx context.Context, cfg buildConfig, stdout, stderr io.Writer) error {
	if err := checkPaths(cfg.Config); err != nil {
		return err
	}
	cfg.Now = clock()
	cfg.KeepGraph = cfg.Neo4j != nil // the loader takes the whole graph
	pl, err := build.NewPipeline()
	if err != nil {
		return err
	}
	docs := progress(stderr, cfg.Quiet, "documents")
	cfg.Progress, cfg.Warn = docs.Update(), docs
	res, err := pl.Run(ctx, cfg.Config)
	docs.Finish()
	if err != nil {
		return buildError(err, cfg.Config)
	}
	if !cfg.Quiet {
		m := res.Manifest
		fmt.Fprintf(stdout, "kg: %d documents, %d paragraphs, %d entities, %d triples → %s/", m.Documents, m.Paragraphs, m.Entities, m.Triples, cfg.Out)
		if m.Skipped > 0 {
			fmt.Fprintf(stdout, " (%d files skipped)", m.Skipped)
		}
		fmt.Fprintln(stdout)
	}
	if cfg.Neo4j != nil {
		nc := *cfg.Neo4j
		rows := progress(stderr, cfg.Quiet, "Neo4j rows")
		nc.Progress = rows.Update()
		defer rows.Finish()
		return load(ctx, nc, res.Graph, stdout, cfg.Quiet)
	}
	return nil
}

// clock returns the build's clock: time.Now, or the fixed time in
// SOURCE_DATE_EPOCH (seconds since 1970) for reproducible manifests.
func clock() func() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			t := time.Unix(n, 0)
			return func() time.Time { return t }
		}
	}
	return time.Now
}
