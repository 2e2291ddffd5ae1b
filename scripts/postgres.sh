#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks (never the system cluster).
#
#   scripts/postgres.sh ensure         install PostgreSQL if missing, start (or reuse) the test cluster and
#                                      print its connection string on stdout
#   scripts/postgres.sh createdb NAME  (re)create database NAME owned by onething; prints its connection string
#   scripts/postgres.sh stop           stop the test cluster
#
# Variables: ONETHING_PG_DIR (default /tmp/onething-pg; the data directory is $ONETHING_PG_DIR/data),
#            ONETHING_PG_PORT (default 55432).
# Progress goes to stderr; stdout carries only the connection string, so `conn=$(scripts/postgres.sh ensure)` works.
# Every command is idempotent. See docs/operations.md.
set -euo pipefail

PG_DIR=${ONETHING_PG_DIR:-/tmp/onething-pg}
PG_PORT=${ONETHING_PG_PORT:-55432}
DATA=$PG_DIR/data
LOG=$PG_DIR/postgres.log
# Test-only credentials for a cluster that listens on 127.0.0.1 and lives under /tmp. They are not a secret and
# must never be used elsewhere: real deployments take their connection string from configuration, never the repo.
ROLE=onething
PASSWORD=onething

# Settings of the test cluster. fsync stays ON: benchmarks compare durable commits.
desired_conf() {
  cat <<EOF
# Written by scripts/postgres.sh on every 'ensure'; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DATA'
max_connections = 200
fsync = on
logging_collector = off
EOF
}

say() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Our own explicit arguments decide where psql and pg_ctl go, not the caller's libpq environment.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSERVICEFILE PGOPTIONS PGDATA || true

[[ $PG_PORT =~ ^[0-9]+$ ]] || die "ONETHING_PG_PORT must be a port number, not '$PG_PORT'"
[[ $PG_DIR == /* ]] || die "ONETHING_PG_DIR must be an absolute path, not '$PG_DIR'"

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

connection_string() { # [database]
  printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "$PG_PORT" "$ROLE" "$PASSWORD" "${1:-postgres}"
}

# Runs a command as the cluster's owner: the postgres OS user when we are root (initdb and pg_ctl refuse root),
# ourselves otherwise. Runs from / so the postgres user is not left in a directory it cannot read.
as_owner() {
  if ((IS_ROOT)); then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Highest installed major version, e.g. /usr/lib/postgresql/15/bin; empty when none.
highest_bindir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' -printf '%h\n' 2>/dev/null |
    sort -V | tail -n 1)
  printf '%s' "$dir"
}

install_postgres() {
  local -a sudo=()
  if ((!IS_ROOT)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      die "PostgreSQL is not installed and you are neither root nor have sudo. Install it once with
  apt-get update && apt-get install -y --no-install-recommends postgresql
as root, or run the tests with ONETHING_TEST_POSTGRES pointing at a server of your own."
    fi
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL is not installed and apt-get is not available; install PostgreSQL (initdb, pg_ctl) yourself."
  say "installing PostgreSQL from the Debian packages (apt-get update; apt-get install postgresql)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null >&2 ||
    die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql </dev/null >&2 ||
    die "apt-get install postgresql failed"
}

BIN=
# Sets BIN, installing PostgreSQL first if needed. An existing data directory keeps the major version it was
# made with when those binaries are still installed.
find_binaries() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ -z $(highest_bindir) ]]; then
    install_postgres
  fi
  BIN=$(highest_bindir)
  [[ -n $BIN ]] || die "no initdb under /usr/lib/postgresql/*/bin even after installing the postgresql package"
  if [[ -r $DATA/PG_VERSION ]]; then
    local version
    version=$(<"$DATA/PG_VERSION")
    if [[ -x /usr/lib/postgresql/$version/bin/pg_ctl ]]; then
      BIN=/usr/lib/postgresql/$version/bin
    fi
  fi
  if ((IS_ROOT)); then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to own the cluster"
  fi
}

# pg_ctl status: 0 running, 3 not running, 4 no usable data directory.
cluster_status() {
  local rc=0
  as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1 || rc=$?
  return "$rc"
}

is_running() { cluster_status; }

# The server outlives this script, so it must not keep any descriptor it would otherwise inherit: not the lock
# (the next caller would wait for it forever), not a pipe a CI runner or `$(...)` waits to see closed. pg_ctl points
# the server's stdin/stdout/stderr at /dev/null and the log; this closes everything else. Call it in a subshell.
close_inherited_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# Starts or restarts the server in the background; on failure shows the end of its log.
pg_ctl_start() { # start|restart
  local -a mode=()
  [[ $1 == restart ]] && mode=(-m fast)
  if ! (close_inherited_fds && as_owner "$BIN/pg_ctl" "$1" -D "$DATA" -l "$LOG" -w -t 60 "${mode[@]}" >&2); then
    say "the server did not start; last lines of $LOG:"
    tail -n 20 "$LOG" >&2 || true
    die "could not $1 the test cluster on 127.0.0.1:$PG_PORT (is the port taken? set ONETHING_PG_PORT)"
  fi
}

init_cluster() {
  local owner=postgres
  ((IS_ROOT)) || owner=$(id -un)
  if [[ -e $DATA ]]; then
    # Throw-away cluster: made by other binaries than the ones installed now, or left half-made.
    [[ -e $DATA/PG_VERSION ]] || die "$DATA exists but is not a PostgreSQL data directory; remove it or set ONETHING_PG_DIR"
    say "re-creating $DATA (made with PostgreSQL $(<"$DATA/PG_VERSION"), $("$BIN/pg_ctl" --version) is installed)"
    rm -rf "$DATA"
  fi
  mkdir -p "$PG_DIR"
  if ((IS_ROOT)); then
    chown postgres:postgres "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"
  say "initdb $DATA (owner $owner, $("$BIN/initdb" --version))"
  # peer: only the owner reaches the socket inside the data directory; TCP needs the role's password.
  local out
  if ! out=$(as_owner "$BIN/initdb" -D "$DATA" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 2>&1); then
    printf '%s\n' "$out" >&2
    die "initdb failed"
  fi
  printf "\ninclude 'onething.conf'\n" | as_owner tee -a "$DATA/postgresql.conf" >/dev/null
}

# Local administration through the unix socket as the cluster's superuser (the owner OS user).
admin_psql() {
  as_owner "$BIN/psql" -h "$DATA" -p "$PG_PORT" -d postgres -X -q -v ON_ERROR_STOP=1 "$@" >&2
}

ensure_cluster() {
  find_binaries
  if ((!IS_ROOT)) && [[ -d $PG_DIR && ! -O $PG_DIR ]]; then
    die "$PG_DIR belongs to another user (made by root?); set ONETHING_PG_DIR to a directory of your own"
  fi
  # Never initdb into (or chown) a directory that holds something else: ONETHING_PG_DIR may be mistyped.
  if [[ -e $PG_DIR && ! -e $DATA && -n $(find "$PG_DIR" -mindepth 1 -maxdepth 1 ! -name postgres.log -print -quit) ]]; then
    die "$PG_DIR is not empty and holds no test cluster; refusing to use it (set ONETHING_PG_DIR)"
  fi

  # status as pg_ctl reports it; -1 below means "just restarted".
  local status=4
  if [[ -d $DATA ]]; then
    status=0
    cluster_status || status=$?
  fi
  # No cluster yet, or a stopped one whose PostgreSQL version is no longer installed: (re)create it.
  if ((status == 4)) || { ((status == 3)) && [[ $BIN != "/usr/lib/postgresql/$(cat "$DATA/PG_VERSION" 2>/dev/null)/bin" ]]; }; then
    init_cluster
    status=3
  fi

  local conf
  conf=$(desired_conf)
  if [[ $(as_owner cat "$DATA/onething.conf" 2>/dev/null || true) != "$conf" ]]; then
    printf '%s\n' "$conf" | as_owner tee "$DATA/onething.conf" >/dev/null
    if ((status == 0)); then
      say "settings changed; restarting the test cluster in $DATA on 127.0.0.1:$PG_PORT"
      pg_ctl_start restart
      status=-1
    fi
  fi

  if ((status == 0)); then
    say "reusing the running test cluster in $DATA (127.0.0.1:$PG_PORT)"
  elif ((status != -1)); then
    say "starting the test cluster in $DATA on 127.0.0.1:$PG_PORT (log $LOG)"
    pg_ctl_start start
  fi

  admin_psql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
-- DROP DATABASE ... WITH (FORCE) of a test database must be able to end an autovacuum worker that happens to be in it.
GRANT pg_signal_backend TO $ROLE;
SQL
  # The way the tests connect: TCP on 127.0.0.1 with the password.
  PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=10 "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U "$ROLE" \
    -d postgres -c 'select 1' >/dev/null ||
    die "the test cluster runs but $ROLE cannot log in over 127.0.0.1:$PG_PORT"
}

# Serialises concurrent callers (two ./test.sh at once must not both run initdb). The descriptor is opened
# read-only so root and a normal user can share the lock file.
take_lock() {
  local lock=$PG_DIR.lock
  mkdir -p "$(dirname "$PG_DIR")"
  [[ -e $lock ]] || : >"$lock" 2>/dev/null || true
  exec 9<"$lock" || die "cannot open lock file $lock"
  if ! flock -w 600 9; then die "timed out waiting for $lock"; fi
}

cmd=${1:-}
case $cmd in
  ensure)
    [[ $# -eq 1 ]] || die "usage: $0 ensure"
    take_lock
    ensure_cluster
    connection_string
    ;;
  createdb)
    [[ $# -eq 2 ]] || die "usage: $0 createdb NAME"
    name=$2
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "database name must be a plain identifier, not '$name'"
    case ${name,,} in postgres | template0 | template1) die "refusing to re-create '$name'" ;; esac
    take_lock
    ensure_cluster
    say "re-creating database $name owned by $ROLE"
    admin_psql -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\" OWNER $ROLE"
    connection_string "$name"
    ;;
  stop)
    [[ $# -eq 1 ]] || die "usage: $0 stop"
    take_lock
    BIN=$(highest_bindir)
    if [[ -z $BIN || ! -d $DATA ]]; then
      say "no test cluster in $DATA; nothing to stop"
      exit 0
    fi
    [[ -r $DATA/PG_VERSION && -x /usr/lib/postgresql/$(<"$DATA/PG_VERSION")/bin/pg_ctl ]] &&
      BIN=/usr/lib/postgresql/$(<"$DATA/PG_VERSION")/bin
    if is_running; then
      say "stopping the test cluster in $DATA"
      as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >&2
    else
      say "the test cluster in $DATA is not running"
    fi
    ;;
  *)
    die "usage: $0 ensure | createdb NAME | stop"
    ;;
esac
