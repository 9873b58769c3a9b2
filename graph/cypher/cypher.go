package cypher

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/kg-dev/kg/schema"
)

// Errors that Open (and any later call) returns, wrapped, when Neo4j cannot
// be used at all; callers test for them with errors.Is.
var (
	ErrUnavailable = errors.New("neo4j unavailable")           // connection refused, no such host, timeout
	ErrAuth        = errors.New("neo4j authentication failed") // wrong username or password
	ErrDatabase    = errors.New("neo4j database not found")    // Config.Database does not exist
)

// DefaultBatchSize is the number of rows per UNWIND when Config.BatchSize
// is 0.
const DefaultBatchSize = 1000

// connectTimeout bounds the time Open waits for a TCP connection.
const connectTimeout = 5 * time.Second

// Config says which Neo4j to write to and how.
type Config struct {
	URI      string // bolt://, neo4j://, bolt+s://, neo4j+s:// …; passed to the driver as is
	Username string
	Password string // never part of an error message
	Database string // "" means the server's default database

	// BatchSize is the number of rows sent in one UNWIND query and one
	// transaction; 0 means DefaultBatchSize.
	BatchSize int

	// Progress, if not nil, is called after each batch that Load writes,
	// with the number of rows written so far and the number Load will
	// write in all.
	Progress func(done, total int)
}

// A Loader writes graphs into one Neo4j database. It holds a driver with a
// connection pool; Close releases it. A Loader's methods are not meant to
// be called concurrently.
type Loader struct {
	driver neo4j.DriverWithContext
	cfg    Config
	model  schema.Model
}

// Open connects to the Neo4j of cfg and checks that it accepts the
// credentials and has the database. Its errors wrap ErrUnavailable,
// ErrAuth or ErrDatabase where they apply.
func Open(ctx context.Context, cfg Config) (*Loader, error) {
	if cfg.BatchSize < 0 {
		return nil, fmt.Errorf("open Neo4j: negative batch size %d", cfg.BatchSize)
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI,
		neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = connectTimeout
			c.ConnectionAcquisitionTimeout = 2 * connectTimeout
		})
	if err != nil {
		return nil, fmt.Errorf("open Neo4j at %s: %w", redact(cfg.URI), err)
	}
	l := &Loader{driver: driver, cfg: cfg, model: schema.GraphModel()}
	err = driver.VerifyConnectivity(ctx)
	if err == nil {
		_, err = l.read(ctx, "RETURN 1", nil)
	}
	if err != nil {
		if c := l.classify(err); c != nil {
			err = c // its message names the URI
		} else {
			err = fmt.Errorf("open Neo4j at %s: %w", redact(cfg.URI), err)
		}
		if cerr := l.Close(ctx); cerr != nil {
			err = errors.Join(err, cerr)
		}
		return nil, err
	}
	return l, nil
}

// Close closes the driver and its connections.
func (l *Loader) Close(ctx context.Context) error {
	if err := l.driver.Close(ctx); err != nil {
		return fmt.Errorf("close Neo4j driver: %w", err)
	}
	return nil
}

// ApplySchema creates the constraints and indexes of schema.GraphModel
// that do not exist yet and waits until every index is online.
func (l *Loader) ApplySchema(ctx context.Context) error {
	s := l.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)
	stmts := append(l.model.Statements(), "CALL db.awaitIndexes(300)")
	for _, stmt := range stmts {
		// Schema statements can't share a transaction with each other
		// or with writes, so each runs in an auto-commit transaction.
		res, err := s.Run(ctx, stmt, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return l.wrap(err, "apply schema: %s", stmt)
		}
	}
	return nil
}

func (l *Loader) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return l.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: l.cfg.Database, AccessMode: mode})
}

// read runs query in a managed read transaction and returns its records.
func (l *Loader) read(ctx context.Context, query string, params map[string]any) ([]*neo4j.Record, error) {
	s := l.session(ctx, neo4j.AccessModeRead)
	defer s.Close(ctx)
	recs, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	})
	if err != nil {
		return nil, err
	}
	return recs.([]*neo4j.Record), nil
}

// connError is an error of Open's kinds: Error is a message for people, Is
// matches the kind, Unwrap gives the driver's error.
type connError struct {
	kind error
	msg  string
	err  error
}

func (e *connError) Error() string        { return e.msg }
func (e *connError) Is(target error) bool { return target == e.kind }
func (e *connError) Unwrap() error        { return e.err }

// wrap gives err a context made of format and args, after classify.
func (l *Loader) wrap(err error, format string, args ...any) error {
	if c := l.classify(err); c != nil {
		err = c
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// classify returns a *connError if err means that Neo4j can't be used at
// all (unreachable, credentials refused, no such database), and nil if not.
func (l *Loader) classify(err error) error {
	uri := redact(l.cfg.URI)
	var lost error // the innermost cause under a connectivity error
	for e := err; e != nil; e = cause(e) {
		var dbErr *neo4j.Neo4jError
		var netErr net.Error
		switch {
		case errors.As(e, &dbErr) && (dbErr.Code == "Neo.ClientError.Security.Unauthorized" ||
			dbErr.Code == "Neo.ClientError.Security.AuthenticationRateLimit"):
			return &connError{ErrAuth, fmt.Sprintf("Neo4j at %s refused the username or password", uri), err}
		case errors.As(e, &dbErr) && dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return &connError{ErrDatabase, fmt.Sprintf("Neo4j at %s has no database %q", uri, l.cfg.Database), err}
		case errors.As(e, &netErr):
			return &connError{ErrUnavailable, fmt.Sprintf("cannot reach Neo4j at %s: %s", uri, netReason(netErr)), err}
		case lost != nil || neo4j.IsConnectivityError(e):
			lost = e
		}
	}
	if lost != nil {
		return &connError{ErrUnavailable, fmt.Sprintf("cannot reach Neo4j at %s: %v", uri, lost), err}
	}
	return nil
}

// cause returns what err wraps, looking into the driver's error types that
// keep their cause without an Unwrap method.
func cause(err error) error {
	var ce *neo4j.ConnectivityError
	var tl *neo4j.TransactionExecutionLimit
	switch {
	case errors.As(err, &ce):
		return ce.Inner
	case errors.As(err, &tl) && len(tl.Errors) > 0:
		return tl.Errors[len(tl.Errors)-1]
	}
	return nil
}

// netReason says in a few words why a network call failed.
func netReason(err net.Error) string {
	var errno syscall.Errno
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve %s", dns.Name)
	case errors.As(err, &errno):
		return errno.Error()
	case err.Timeout():
		return "timed out"
	}
	return err.Error()
}

// redact returns uri without a password, should the user have put one in.
func redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	return u.Redacted()
}
