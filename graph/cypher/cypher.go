package cypher

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/kg-dev/kg/schema"
)

// Errors that Open (and any later call) returns, wrapped, when Neo4j cannot
// be used at all; callers test for them with errors.Is.
var (
	ErrUnavailable = errors.New("neo4j unavailable")             // refused, lost, no such host, no answer within Config.Timeout
	ErrAuth        = errors.New("neo4j authentication failed")   // wrong username or password
	ErrDatabase    = errors.New("neo4j database not found")      // Config.Database does not exist
	ErrCertificate = errors.New("neo4j certificate not trusted") // bolt+s://, neo4j+s://: no trusted CA signed it
)

// DefaultBatchSize is the number of rows per UNWIND when Config.BatchSize
// is 0. In BenchmarkLoad, batches of 1000, 2000 and 5000 rows wrote about
// as fast as one another, 500 some 5% slower and 250 20% slower; 1000
// wrote the most relationships per second of the server's CPU time and
// needs the least memory of the three.
const DefaultBatchSize = 1000

// DefaultTimeout is Config.Timeout when it is 0.
const DefaultTimeout = 2 * time.Minute

// connectTimeout bounds the time Open waits for a TCP connection.
const connectTimeout = 5 * time.Second

// maxRetryTime bounds the time the driver spends retrying a transaction
// that failed on a transient error (a deadlock) or a lost connection; the
// driver's default is 30s, long to wait for a server that was stopped.
const maxRetryTime = 15 * time.Second

// Config says which Neo4j to write to and how.
type Config struct {
	URI      string // bolt://, neo4j://, bolt+s://, neo4j+s:// …, without user or password in it
	Username string
	Password string // never part of an error message
	Database string // "" means the server's default database

	// CAFile is a PEM file of the certificate authorities that bolt+s://
	// and neo4j+s:// trust, in place of the system's; "" means the
	// system's. It is an error with a URI that checks no certificate.
	CAFile string

	// Timeout bounds each transaction, the driver's retries included: a
	// server that has not answered within it fails the call with
	// ErrUnavailable instead of hanging it. 0 means DefaultTimeout.
	Timeout time.Duration

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
// ErrAuth, ErrDatabase or ErrCertificate where they apply.
//
// The URI's scheme says whether the connection is encrypted and checked:
// bolt:// and neo4j:// are not encrypted; bolt+s:// and neo4j+s:// are, and
// the server's certificate must be signed by a CA of Config.CAFile or of
// the system; bolt+ssc:// and neo4j+ssc:// are encrypted but accept any
// certificate, so they do not tell the server from an impostor.
func Open(ctx context.Context, cfg Config) (*Loader, error) {
	switch {
	case cfg.BatchSize < 0:
		return nil, fmt.Errorf("open Neo4j: negative batch size %d", cfg.BatchSize)
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("open Neo4j: negative timeout %v", cfg.Timeout)
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	u, err := url.Parse(cfg.URI)
	if err != nil || u.Host == "" {
		// url.Error quotes the URI, password and all.
		return nil, fmt.Errorf("open Neo4j: %q is not a URI like bolt://host:7687", redact(cfg.URI))
	}
	if _, ok := u.User.Password(); ok {
		return nil, fmt.Errorf("open Neo4j at %s: the URI holds a password; give it apart from the URI", u.Redacted())
	}
	var tlsConfig *tls.Config
	if cfg.CAFile != "" {
		if !strings.HasSuffix(u.Scheme, "+s") {
			return nil, fmt.Errorf("open Neo4j at %s: a CA file is given but %s:// checks no certificate; use bolt+s:// or neo4j+s://",
				u.Redacted(), u.Scheme)
		}
		if tlsConfig, err = readCAFile(cfg.CAFile); err != nil {
			return nil, fmt.Errorf("open Neo4j at %s: %w", u.Redacted(), err)
		}
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI,
		neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = connectTimeout
			c.ConnectionAcquisitionTimeout = 2 * connectTimeout
			// Give up retrying well before Timeout (the backoff between
			// attempts can overshoot the retry time about twice), so
			// that the error says why the last attempt failed.
			c.MaxTransactionRetryTime = min(maxRetryTime, cfg.Timeout/4)
			c.TlsConfig = tlsConfig
		})
	if err != nil {
		return nil, fmt.Errorf("open Neo4j at %s: %w", redact(cfg.URI), err)
	}
	l := &Loader{driver: driver, cfg: cfg, model: schema.GraphModel()}
	err = l.verify(ctx)
	if err == nil {
		_, err = l.read(ctx, "RETURN 1", nil)
	}
	if err != nil {
		if c := l.classify(err); c != nil {
			if c.msg == closedMsg(cfg.URI) && !strings.Contains(u.Scheme, "+s") {
				// What a server that takes only TLS does to bolt://.
				c.msg += " (if it takes only TLS connections, use bolt+s:// or neo4j+s://)"
			}
			err = c // its message names the URI
		} else {
			err = fmt.Errorf("open Neo4j at %s: %w", redact(cfg.URI), err)
		}
		l.Close(context.WithoutCancel(ctx)) // err says what went wrong
		return nil, err
	}
	return l, nil
}

// verify checks that the server answers, within Config.Timeout.
func (l *Loader) verify(ctx context.Context) error {
	_, err := l.bounded(ctx, func(ctx context.Context) (any, error) {
		return nil, l.driver.VerifyConnectivity(ctx)
	})
	return err
}

// readCAFile returns the TLS configuration that trusts the certificates
// of the PEM file name.
func readCAFile(name string) (*tls.Config, error) {
	pem, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", name)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
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
	const awaitSeconds = 300
	s := l.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(context.WithoutCancel(ctx))
	stmts := append(l.model.Statements(), fmt.Sprintf("CALL db.awaitIndexes(%d)", awaitSeconds))
	for i, stmt := range stmts {
		// Schema statements can't share a transaction with each other
		// or with writes, so each runs in an auto-commit transaction.
		timeout := l.cfg.Timeout
		if i == len(stmts)-1 {
			timeout += awaitSeconds * time.Second
		}
		_, err := l.boundedFor(ctx, timeout, func(ctx context.Context) (any, error) {
			res, err := s.Run(ctx, stmt, nil)
			if err != nil {
				return nil, err
			}
			return res.Consume(ctx)
		})
		if err != nil {
			return l.wrap(err, "apply schema: %s", stmt)
		}
	}
	return nil
}

// session returns a session on the Loader's database whose transaction
// functions give up after Config.Timeout (see boundedSession).
func (l *Loader) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	s := l.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: l.cfg.Database, AccessMode: mode})
	return boundedSession{s, l}
}

// bounded runs f with ctx limited to Config.Timeout; see boundedFor.
func (l *Loader) bounded(ctx context.Context, f func(ctx context.Context) (any, error)) (any, error) {
	return l.boundedFor(ctx, l.cfg.Timeout, f)
}

// boundedFor runs f with ctx limited to timeout. If ctx ends first, its
// error is returned; if the timeout does, an ErrUnavailable that says so
// and also matches context.DeadlineExceeded.
func (l *Loader) boundedFor(ctx context.Context, timeout time.Duration, f func(ctx context.Context) (any, error)) (any, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := f(tctx)
	switch {
	case err == nil:
		return v, nil
	case ctx.Err() != nil:
		// Canceled by the caller: what the driver made of it (a lost
		// connection, a retry limit) would hide that.
		return nil, ctx.Err()
	case tctx.Err() != nil:
		return nil, &connError{ErrUnavailable,
			fmt.Sprintf("Neo4j at %s did not answer within %v", redact(l.cfg.URI), timeout),
			errors.Join(context.DeadlineExceeded, err)}
	}
	return nil, err
}

// boundedSession is a session whose ExecuteRead and ExecuteWrite give up
// after Config.Timeout, so that a server that stops answering fails the
// transaction instead of hanging it. The driver reads a result with the
// context given to Run, Consume, Collect …, which a transaction function
// takes from its caller; so the transaction and results that the function
// gets use the context given to ExecuteRead or ExecuteWrite, with the
// deadline, instead. (The transaction functions of this package give
// their queries the context they give ExecuteRead or ExecuteWrite.)
type boundedSession struct {
	neo4j.SessionWithContext
	l *Loader
}

func (s boundedSession) ExecuteRead(ctx context.Context, work neo4j.ManagedTransactionWork,
	configurers ...func(*neo4j.TransactionConfig)) (any, error) {
	return s.l.bounded(ctx, func(ctx context.Context) (any, error) {
		return s.SessionWithContext.ExecuteRead(ctx, boundWork(ctx, work), configurers...)
	})
}

func (s boundedSession) ExecuteWrite(ctx context.Context, work neo4j.ManagedTransactionWork,
	configurers ...func(*neo4j.TransactionConfig)) (any, error) {
	return s.l.bounded(ctx, func(ctx context.Context) (any, error) {
		return s.SessionWithContext.ExecuteWrite(ctx, boundWork(ctx, work), configurers...)
	})
}

// boundWork returns work run on a transaction whose queries and results
// use ctx.
func boundWork(ctx context.Context, work neo4j.ManagedTransactionWork) neo4j.ManagedTransactionWork {
	return func(tx neo4j.ManagedTransaction) (any, error) { return work(boundTx{tx, ctx}) }
}

// boundTx is a transaction whose Run and results use ctx, whatever
// context they are given.
type boundTx struct {
	neo4j.ManagedTransaction
	ctx context.Context
}

func (tx boundTx) Run(_ context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	res, err := tx.ManagedTransaction.Run(tx.ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return boundResult{res, tx.ctx}, nil
}

// boundResult is a result whose methods that read use ctx.
type boundResult struct {
	neo4j.ResultWithContext
	ctx context.Context
}

func (r boundResult) NextRecord(_ context.Context, rec **neo4j.Record) bool {
	return r.ResultWithContext.NextRecord(r.ctx, rec)
}
func (r boundResult) Next(context.Context) bool { return r.ResultWithContext.Next(r.ctx) }
func (r boundResult) PeekRecord(_ context.Context, rec **neo4j.Record) bool {
	return r.ResultWithContext.PeekRecord(r.ctx, rec)
}
func (r boundResult) Peek(context.Context) bool { return r.ResultWithContext.Peek(r.ctx) }
func (r boundResult) Collect(context.Context) ([]*neo4j.Record, error) {
	return r.ResultWithContext.Collect(r.ctx)
}
func (r boundResult) Records(context.Context) func(yield func(*neo4j.Record, error) bool) {
	return r.ResultWithContext.Records(r.ctx)
}
func (r boundResult) Single(context.Context) (*neo4j.Record, error) {
	return r.ResultWithContext.Single(r.ctx)
}
func (r boundResult) Consume(context.Context) (neo4j.ResultSummary, error) {
	return r.ResultWithContext.Consume(r.ctx)
}

// read runs query in a managed read transaction and returns its records.
func (l *Loader) read(ctx context.Context, query string, params map[string]any) ([]*neo4j.Record, error) {
	s := l.session(ctx, neo4j.AccessModeRead)
	defer s.Close(context.WithoutCancel(ctx))
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
func (l *Loader) classify(err error) *connError {
	uri := redact(l.cfg.URI)
	var lost error // the innermost cause under a connectivity error
	for e := err; e != nil; e = cause(e) {
		var dbErr *neo4j.Neo4jError
		var netErr net.Error
		var certErr *tls.CertificateVerificationError
		var ce *connError
		switch {
		case errors.As(e, &ce):
			return ce // classified already
		case errors.As(e, &certErr):
			return &connError{ErrCertificate, fmt.Sprintf("Neo4j at %s has a certificate that is not trusted: %v", uri, certErr.Err), err}
		case errors.As(e, &dbErr) && (dbErr.Code == "Neo.ClientError.Security.Unauthorized" ||
			dbErr.Code == "Neo.ClientError.Security.AuthenticationRateLimit"):
			return &connError{ErrAuth, fmt.Sprintf("Neo4j at %s refused the username or password", uri), err}
		case errors.As(e, &dbErr) && dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return &connError{ErrDatabase, fmt.Sprintf("Neo4j at %s has no database %q", uri, l.cfg.Database), err}
		case errors.As(e, &netErr):
			return &connError{ErrUnavailable, fmt.Sprintf("cannot reach Neo4j at %s: %s", uri, netReason(netErr)), err}
		case errors.Is(e, io.EOF):
			return &connError{ErrUnavailable, closedMsg(l.cfg.URI), err}
		case lost != nil || neo4j.IsConnectivityError(e):
			lost = e
		}
	}
	if lost != nil {
		return &connError{ErrUnavailable, fmt.Sprintf("cannot reach Neo4j at %s: %v", uri, lost), err}
	}
	return nil
}

// closedMsg is the message of the error that says that the server at uri
// closed the connection.
func closedMsg(uri string) string {
	return fmt.Sprintf("cannot reach Neo4j at %s: the server closed the connection", redact(uri))
}

// errorType is the type of the error interface.
var errorType = reflect.TypeFor[error]()

// cause returns what err wraps, looking into the driver's error types that
// keep their cause without an Unwrap method: ConnectivityError and its
// internal kin (TlsError, ReadRoutingTableError …) keep it in a field Inner
// or Err, TransactionExecutionLimit the errors of its attempts.
func cause(err error) error {
	var tl *neo4j.TransactionExecutionLimit
	if errors.As(err, &tl) && len(tl.Errors) > 0 {
		return tl.Errors[len(tl.Errors)-1]
	}
	if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		for _, name := range []string{"Inner", "Err"} {
			if f := v.Elem().FieldByName(name); f.IsValid() && f.Type() == errorType && !f.IsNil() {
				return f.Interface().(error)
			}
		}
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
	switch {
	case err == nil && u.Opaque == "":
		return u.Redacted()
	case strings.Contains(uri, "@"):
		// Not scheme://host, with what may be a user and password before
		// the @.
		scheme, rest, ok := strings.Cut(uri, "://")
		if !ok {
			scheme, rest = "", uri
		} else {
			scheme += "://"
		}
		return scheme + "xxxxx@" + rest[strings.LastIndex(rest, "@")+1:]
	}
	return uri
}
