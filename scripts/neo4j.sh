#!/usr/bin/env bash
# A real Neo4j 5.26 Community server for kg's tests and CI, without Docker.
#
# The standalone Neo4j tarball is not on Maven Central, so the server is the
# Community DBMS run embedded by a tiny launcher (scripts/neo4j/, class
# kg.Neo4jServer), with Bolt on 127.0.0.1 only, auth on, and everything
# downloaded kept outside the repo, in
#   ${KG_CACHE:-$HOME/.cache/kg}/neo4j-<version>/
#     lib/*.jar, kg-neo4j-server.jar   install (Maven Central via mvn)
#     run-<port>/neo4j.pid, neo4j.log  one running server per port
#     run-<port>/home/                 its DBMS home: data/, logs/debug.log
#     run-<port>/tls/                  with KG_NEO4J_TLS=1: ca.crt, the server's
#                                      private.key and public.crt
#
# Usage: scripts/neo4j.sh <command>
#   install           build the launcher and fetch the jars (skipped when done)
#   start             install if needed, start in the background, wait for Bolt,
#                     then print on stdout (and only there) the line to eval:
#                       eval "$(bash scripts/neo4j.sh start)"
#   stop              SIGTERM, wait, then SIGKILL; fine when not running
#   kill              SIGKILL now (server fault tests); data stays on disk
#   status            say whether it runs; exit 0 if it does, 3 if not
#   env               print the export line again
#   admin-import ARGS neo4j-admin database import full ARGS, server stopped;
#                     the next start keeps the imported data
#   admin ARGS        any other neo4j-admin command on the same home
#
# Environment:
#   KG_CACHE                  cache root (default ~/.cache/kg)
#   KG_NEO4J_PORT             Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_PASSWORD            password of user neo4j (default kgtestpassword)
#   KG_NEO4J_HOME             DBMS home (default <cache>/run-<port>/home)
#   KG_NEO4J_TLS=1            start: Bolt takes TLS connections only
#                             (server.bolt.tls_level=REQUIRED, policy
#                             dbms.ssl.policy.bolt), with a certificate for
#                             127.0.0.1 and localhost signed by a CA made with
#                             openssl for this port (run-<port>/tls/ca.crt, made
#                             once); the export line then has
#                             NEO4J_URI=bolt+s://127.0.0.1:<port> and NEO4J_CA_FILE
#   KG_NEO4J_KEEP_DATA=1      start/admin-import keep the home's data instead
#                             of starting from an empty one (restart after kill)
#   KG_NEO4J_START_TIMEOUT    seconds to wait for Bolt (default 120)
#   KG_NEO4J_STOP_TIMEOUT     seconds to wait after SIGTERM (default 60)
#   KG_NEO4J_HEAP             server heap, -Xms and -Xmx (default 512m)
#   KG_NEO4J_PAGECACHE_MB     page cache in MiB (default 128)
#   KG_NEO4J_ADMIN_HEAP       neo4j-admin heap (default 1g)
#   KG_NEO4J_JAVA_OPTS        extra JVM options for the server and neo4j-admin
#   KG_NEO4J_AUTH_MAX_FAILED_ATTEMPTS  logins failed before a 5 s lock-out
#                             (default 0: never, so a wrong-password test
#                             cannot lock out the next tests)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src="$here/neo4j"
# The Neo4j version is written once, in the launcher's pom.xml.
version=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$src/pom.xml")
cache="${KG_CACHE:-$HOME/.cache/kg}/neo4j-$version"
lib="$cache/lib"
jar="$cache/kg-neo4j-server.jar"
stamp="$cache/installed"

port="${KG_NEO4J_PORT:-7687}"
password="${NEO4J_PASSWORD:-kgtestpassword}"
run="$cache/run-$port"
home="${KG_NEO4J_HOME:-$run/home}"
pidfile="$run/neo4j.pid"
tls="$run/tls"
logfile="$run/neo4j.log"

say() { echo "neo4j.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# What the install is built from: the pom decides lib/, pom + launcher the jar.
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

cmd_install() {
  command -v java >/dev/null || die "java (17+) not found"
  command -v mvn >/dev/null || die "mvn not found"
  mkdir -p "$cache"
  # One install at a time (parallel test jobs may all call start).
  exec 9>"$cache/install.lock"
  flock 9
  local want_lib want_jar
  want_lib=$(hash_of "$src/pom.xml")
  want_jar=$(hash_of "$src/pom.xml" "$src/src/main/java/kg/Neo4jServer.java")
  if [[ -f "$jar" && "$(cat "$stamp" 2>/dev/null)" == "$want_jar" ]]; then
    exec 9>&-
    return 0
  fi
  local goals=(package) tmp="$cache/install.tmp"
  # Servers of other test jobs may be running from lib/: it is only
  # replaced when the pom (so the dependency set) changed.
  if [[ ! -d "$lib" || "$(cat "$lib.installed" 2>/dev/null)" != "$want_lib" ]]; then
    goals+=(dependency:copy-dependencies -DoutputDirectory="$tmp/lib")
    say "installing Neo4j $version into $cache (Maven Central, first time only)"
  else
    say "rebuilding the launcher (its source changed)"
  fi
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # The build directory is outside the repo too (kg.build.dir in pom.xml).
  if ! mvn -q -B -f "$src/pom.xml" -Dkg.build.dir="$tmp/build" "${goals[@]}" \
    >"$cache/install.log" 2>&1; then
    tail -n 40 "$cache/install.log" >&2
    die "install failed (full output in $cache/install.log)"
  fi
  if [[ -d "$tmp/lib" ]]; then
    rm -rf "$lib"
    mv "$tmp/lib" "$lib"
    echo "$want_lib" >"$lib.installed"
  fi
  # A rename: a running server keeps the jar it opened.
  mv -f "$tmp/build/kg-neo4j-server.jar" "$jar"
  rm -rf "$tmp"
  echo "$want_jar" >"$stamp"
  say "installed: $(find "$lib" -name "*.jar" | wc -l) jars in $lib, launcher $jar"
  exec 9>&-
}

# JVM options: a small heap, and the module openings Neo4j's own launcher uses.
java_opts() {
  echo "-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dlog4j2.disable.jmx=true" \
    "-Djdk.nio.maxCachedBufferSize=1024" \
    "--add-opens=java.base/java.nio=ALL-UNNAMED" \
    "--add-opens=java.base/java.io=ALL-UNNAMED" \
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" \
    "--enable-native-access=ALL-UNNAMED" \
    "${KG_NEO4J_JAVA_OPTS:-}"
}

# Pid of our server on this port, if it runs (checks the pid is really ours).
server_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid; pid=$(cat "$pidfile")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kg.Neo4jServer" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

print_env() {
  if [[ -f "$run/tls.on" ]]; then
    printf 'export NEO4J_URI=%q NEO4J_USERNAME=neo4j NEO4J_PASSWORD=%q NEO4J_CA_FILE=%q\n' \
      "bolt+s://127.0.0.1:$port" "$password" "$tls/ca.crt"
  else
    printf 'export NEO4J_URI=%q NEO4J_USERNAME=neo4j NEO4J_PASSWORD=%q\n' \
      "bolt://127.0.0.1:$port" "$password"
  fi
}

# Makes, once, a CA and the server's key and certificate for 127.0.0.1 and
# localhost in $tls, as the launcher's KG_NEO4J_TLS_DIR wants them.
make_certs() {
  [[ -f "$tls/public.crt" && -f "$tls/private.key" && -f "$tls/ca.crt" ]] && return 0
  command -v openssl >/dev/null || die "openssl not found (needed by KG_NEO4J_TLS=1)"
  rm -rf "$tls.tmp"
  mkdir -p "$tls.tmp/trusted" "$tls.tmp/revoked"
  (
    cd "$tls.tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=kg test CA (port $port)" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout ca.key -out ca.crt
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.key
    openssl req -new -key private.key -subj "/CN=localhost" -out server.csr
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile server.ext -out public.crt
    rm -f server.csr server.ext ca.srl
  ) >"$run/tls.log" 2>&1 || { cat "$run/tls.log" >&2; die "openssl failed to make the TLS certificates"; }
  rm -rf "$tls"
  mv "$tls.tmp" "$tls"
  say "made a test CA and a certificate for 127.0.0.1 and localhost in $tls"
}

# Empties the home unless KG_NEO4J_KEEP_DATA=1 or admin-import just filled it.
# Only a folder this script made (it holds .kg-neo4j-home) or an empty one is
# ever deleted, whatever KG_NEO4J_HOME says.
fresh_home() {
  if [[ -f "$home/.kg-imported" ]]; then
    say "keeping the data imported by admin-import in $home"
    rm -f "$home/.kg-imported"
  elif [[ "${KG_NEO4J_KEEP_DATA:-0}" == 1 ]]; then
    say "keeping data in $home (KG_NEO4J_KEEP_DATA=1)"
  elif [[ -d "$home" ]]; then
    [[ -f "$home/.kg-neo4j-home" || -z "$(ls -A "$home")" ]] ||
      die "$home is not a home made by this script: not deleting it"
    rm -rf "$home"
  fi
  mkdir -p "$home"
  touch "$home/.kg-neo4j-home"
}

cmd_start() {
  local pid
  if pid=$(server_pid); then
    say "already running (pid $pid) on bolt://127.0.0.1:$port"
    print_env
    return 0
  fi
  port_open && die "port $port on 127.0.0.1 is taken by another process (set KG_NEO4J_PORT)"
  cmd_install
  mkdir -p "$run"
  fresh_home
  local tls_dir=""
  rm -f "$run/tls.on"
  if [[ "${KG_NEO4J_TLS:-0}" == 1 ]]; then
    make_certs
    tls_dir=$tls
  fi
  local t0=$SECONDS
  # shellcheck disable=SC2046  # java_opts is a list of words on purpose
  KG_NEO4J_PORT="$port" NEO4J_PASSWORD="$password" KG_NEO4J_TLS_DIR="$tls_dir" nohup java \
    -Xms"${KG_NEO4J_HEAP:-512m}" -Xmx"${KG_NEO4J_HEAP:-512m}" $(java_opts) \
    -cp "$lib/*:$jar" kg.Neo4jServer --home "$home" --port "$port" serve \
    >"$logfile" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  say "started pid $pid, log $logfile; waiting for Bolt on 127.0.0.1:$port"
  local deadline=$((SECONDS + ${KG_NEO4J_START_TIMEOUT:-120}))
  # Ready = the launcher printed its ready line and the port answers.
  until grep -q '^KG_NEO4J_READY ' "$logfile" 2>/dev/null && port_open; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the server exited during start-up; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "Bolt not ready after ${KG_NEO4J_START_TIMEOUT:-120}s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      cmd_kill
      exit 1
    fi
    sleep 0.2
  done
  local scheme=bolt
  if [[ -n "$tls_dir" ]]; then
    touch "$run/tls.on"
    scheme=bolt+s
  fi
  say "Neo4j $version ready on $scheme://127.0.0.1:$port in $((SECONDS - t0))s (home $home)"
  print_env
}

# Sends a signal and waits up to $2 seconds for the server to exit.
signal_and_wait() {
  local sig=$1 timeout=$2 pid=$3
  kill -s "$sig" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

cmd_stop() {
  local pid
  if ! pid=$(server_pid); then
    rm -f "$pidfile"
    say "not running"
    return 0
  fi
  if ! signal_and_wait TERM "${KG_NEO4J_STOP_TIMEOUT:-60}" "$pid"; then
    say "pid $pid still alive after SIGTERM; sending SIGKILL"
    signal_and_wait KILL 30 "$pid" || die "pid $pid survived SIGKILL"
  fi
  rm -f "$pidfile"
  say "stopped (pid $pid)"
}

cmd_kill() {
  local pid
  if pid=$(server_pid); then
    signal_and_wait KILL 30 "$pid" || die "pid $pid survived SIGKILL"
    say "killed (pid $pid); data left in $home (restart it with KG_NEO4J_KEEP_DATA=1)"
  else
    say "not running"
  fi
  rm -f "$pidfile"
}

cmd_status() {
  local pid
  if pid=$(server_pid); then
    echo "running: pid $pid, Neo4j $version, bolt://127.0.0.1:$port, home $home, log $logfile"
  else
    echo "stopped: Neo4j $version, port $port, home $home"
    return 3
  fi
}

# neo4j-admin, run by the launcher (org.neo4j.cli.AdminTool) on the server's home.
cmd_admin() {
  cmd_install
  # shellcheck disable=SC2046
  java -Xmx"${KG_NEO4J_ADMIN_HEAP:-1g}" $(java_opts) -cp "$lib/*:$jar" \
    kg.Neo4jServer --home "$home" admin "$@"
}

# neo4j-admin database import full, into an empty home unless KG_NEO4J_KEEP_DATA=1.
cmd_admin_import() {
  server_pid >/dev/null && die "the server on port $port is running: stop it first"
  mkdir -p "$run"
  rm -f "$home/.kg-imported" # an import not yet started does not count as data to keep
  fresh_home
  local args=("$@")
  # The import report defaults to ./import.report: keep it out of the caller's folder.
  [[ " $* " == *" --report-file"* ]] || args=(--report-file="$run/import.report" "${args[@]}")
  cmd_admin database import full "${args[@]}"
  touch "$home/.kg-imported"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill) cmd_kill ;;
  status) cmd_status ;;
  env) print_env ;;
  admin-import) shift; cmd_admin_import "$@" ;;
  admin) shift; cmd_admin "$@" ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
