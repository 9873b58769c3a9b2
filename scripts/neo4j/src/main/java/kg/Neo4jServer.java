package kg;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * A real Neo4j 5.26 Community DBMS for kg's tests and CI, run embedded in this JVM
 * with the Bolt connector on the loopback interface only.
 *
 * <pre>
 * java -cp 'lib/*:kg-neo4j-server.jar' kg.Neo4jServer [--home DIR] [--port N] [serve]
 * java -cp 'lib/*:kg-neo4j-server.jar' kg.Neo4jServer [--home DIR] admin &lt;neo4j-admin args...&gt;
 * </pre>
 *
 * <p>Settings (flags win over the environment):
 * <ul>
 *   <li>{@code --home} / {@code KG_NEO4J_HOME}: the DBMS home; data lives in HOME/data, the debug log in
 *       HOME/logs, and an optional HOME/conf/neo4j.conf is read (by the server and by {@code admin}).
 *       Default ./neo4j-home.</li>
 *   <li>{@code --port} / {@code KG_NEO4J_PORT}: Bolt port on 127.0.0.1 (default 7687).</li>
 *   <li>{@code NEO4J_PASSWORD}: password of user {@code neo4j} (default kgtestpassword, at least 8 chars).</li>
 *   <li>{@code KG_NEO4J_PAGECACHE_MB}: page cache size in MiB (default 128).</li>
 *   <li>{@code KG_NEO4J_TLS_DIR}: if set, Bolt requires TLS ({@code server.bolt.tls_level=REQUIRED}) with the
 *       {@code dbms.ssl.policy.bolt} policy of this folder: {@code private.key} (PKCS#8 PEM), {@code public.crt}
 *       (PEM, the server's certificate, then any intermediates), and {@code trusted/} and {@code revoked/}
 *       (for client certificates, which are not asked for). scripts/neo4j.sh makes them with openssl.</li>
 *   <li>{@code KG_NEO4J_AUTH_MAX_FAILED_ATTEMPTS}: failed logins before the user is locked for 5 s
 *       (default 0 = never lock, so tests of a wrong password cannot lock out later tests;
 *       Neo4j's own default is 3).</li>
 * </ul>
 *
 * <p>Auth is enabled. On a fresh home the password is set with the official
 * {@code neo4j-admin dbms set-initial-password} command (run in-process) before the DBMS first starts,
 * so Bolt never accepts the default neo4j/neo4j. On an existing home whose password was set from a
 * different NEO4J_PASSWORD (HOME/.kg-password-sha256 tells), it is reset with {@code ALTER USER} right
 * after start, before the ready line.
 *
 * <p>Prints {@code KG_NEO4J_READY bolt://127.0.0.1:PORT} ({@code bolt+s://} with TLS) once Bolt accepts
 * connections and the default database is available. SIGTERM (or Ctrl-C) shuts the DBMS down cleanly through
 * a shutdown hook.
 */
public final class Neo4jServer {
    /** Line printed (alone, to stdout) when the server is ready; scripts/neo4j.sh waits for it. */
    public static final String READY = "KG_NEO4J_READY";

    private Neo4jServer() {}

    public static void main(String[] argv) throws Exception {
        Path home = Path.of(env("KG_NEO4J_HOME", "neo4j-home"));
        int port = Integer.parseInt(env("KG_NEO4J_PORT", "7687"));
        List<String> rest = new ArrayList<>(Arrays.asList(argv));
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String flag = rest.remove(0);
            if (rest.isEmpty()) {
                die("missing value after " + flag);
            }
            switch (flag) {
                case "--home" -> home = Path.of(rest.remove(0));
                case "--port" -> port = Integer.parseInt(rest.remove(0));
                default -> die("unknown flag " + flag);
            }
        }
        home = home.toAbsolutePath().normalize();
        String cmd = rest.isEmpty() ? "serve" : rest.remove(0);
        try {
            switch (cmd) {
                case "serve" -> serve(home, port);
                case "admin" -> System.exit(admin(home, rest.toArray(String[]::new)));
                default -> die("unknown command " + cmd + " (expected serve or admin)");
            }
        } catch (Throwable t) {
            // Exit even if a half-started DBMS left non-daemon threads behind.
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs a neo4j-admin command (e.g. "database import full ...") against this home. */
    static int admin(Path home, String... args) {
        ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"));
        return AdminTool.execute(ctx, args);
    }

    static void serve(Path home, int port) throws Exception {
        String password = env("NEO4J_PASSWORD", "kgtestpassword");
        long pageCacheMb = Long.parseLong(env("KG_NEO4J_PAGECACHE_MB", "128"));
        int maxFailed = Integer.parseInt(env("KG_NEO4J_AUTH_MAX_FAILED_ATTEMPTS", "0"));
        String tlsDir = env("KG_NEO4J_TLS_DIR", "");

        Files.createDirectories(home);
        // The system database exists once the DBMS has started on this home at least once.
        boolean fresh = !Files.isDirectory(home.resolve("data/databases/system"));
        if (fresh) {
            // Writes HOME/data/dbms/auth.ini, read when the system database is first created.
            int rc = admin(home, "dbms", "set-initial-password", password);
            if (rc != 0) {
                die("neo4j-admin dbms set-initial-password failed with exit code " + rc);
            }
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                // user-facing log (start/stop messages, errors) to stdout; debug.log goes to HOME/logs
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO));
        Path conf = home.resolve("conf/neo4j.conf");
        if (Files.isRegularFile(conf)) {
            builder.loadPropertiesFromFile(conf);
        }
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        builder.setConfig(Map.of(
                // loopback only, for every connector
                GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"),
                BoltConnector.enabled, true,
                BoltConnector.listen_address, bolt,
                BoltConnector.advertised_address, bolt,
                BoltConnector.encryption_level,
                tlsDir.isEmpty() ? BoltConnector.EncryptionLevel.DISABLED : BoltConnector.EncryptionLevel.REQUIRED,
                HttpConnector.enabled, false,
                HttpsConnector.enabled, false,
                GraphDatabaseSettings.auth_enabled, true,
                GraphDatabaseSettings.auth_max_failed_attempts, maxFailed,
                GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb)));
        builder.setConfig(Map.of(
                // small footprint for throw-away test data
                GraphDatabaseSettings.preallocate_logical_logs, false,
                GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64),
                GraphDatabaseSettings.keep_logical_logs, "2 files",
                GraphDatabaseSettings.udc_enabled, false,
                // Bolt waits this many seconds of quiet before closing its event loops (default 5)
                GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1));
        if (!tlsDir.isEmpty()) {
            Path tls = Path.of(tlsDir).toAbsolutePath().normalize();
            SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
            builder.setConfig(Map.of(
                    policy.enabled, true,
                    policy.base_directory, tls,
                    policy.private_key, tls.resolve("private.key"),
                    policy.public_certificate, tls.resolve("public.crt"),
                    policy.trusted_dir, tls.resolve("trusted"),
                    policy.revoked_dir, tls.resolve("revoked"),
                    policy.client_auth, ClientAuth.NONE));
        }

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("kg.Neo4jServer: shutting down");
            try {
                dbms.shutdown();
            } finally {
                System.out.println("kg.Neo4jServer: stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "kg-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            die("default database did not become available");
        }
        // The hash of the last password set, to skip a slow ALTER USER on restarts of a kept home.
        Path passwordMark = home.resolve(".kg-password-sha256");
        String passwordHash = sha256(password);
        if (!fresh && !(Files.isRegularFile(passwordMark) && Files.readString(passwordMark).equals(passwordHash))) {
            setPassword(dbms, password);
        }
        Files.writeString(passwordMark, passwordHash);
        waitForPort(port, Duration.ofSeconds(30));
        System.out.printf("kg.Neo4jServer: Neo4j %s Community started in %d ms, home %s%n",
                org.neo4j.kernel.internal.Version.getNeo4jVersion(), (System.nanoTime() - t0) / 1_000_000, home);
        System.out.println(READY + (tlsDir.isEmpty() ? " bolt://" : " bolt+s://") + "127.0.0.1:" + port);
        System.out.flush();
        stopped.await(); // until the shutdown hook has run
    }

    /** Sets the neo4j user's password on an existing home (embedded access bypasses auth). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to set the password it already has: that is fine.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /** Bolt is started by build(); double-check it accepts TCP connections before saying ready. */
    private static void waitForPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    die("Bolt port " + port + " does not accept connections: " + e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static String sha256(String s) throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static void die(String msg) {
        System.err.println("kg.Neo4jServer: " + msg);
        System.exit(2);
    }
}
