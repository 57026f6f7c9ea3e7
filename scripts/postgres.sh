#!/usr/bin/env bash
# A local PostgreSQL cluster for the test suite: scripts/postgres.sh start|stop|status|url
#
# Data under var/postgres/ (data/, run/ for the socket, postgres.log), its own port (54329, or TEGENSPRAAK_PG_PORT),
# listening on 127.0.0.1 only. Debian's server binaries (scripts/install_system_deps.sh installs them) live in
# /usr/lib/postgresql/<version>/bin, which is not on PATH; the newest one is used unless pg_ctl is on PATH.
#
# initdb and postgres refuse to run as root. As root (CI, this machine) the cluster belongs to the `postgres`
# system user that Debian's package creates, and everything is run through runuser; as a normal user it is
# simply that user's own cluster. When the postgres user cannot reach the work tree (a clone under /root, say),
# var/postgres is a symbolic link to a directory of its own under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PGROOT="$ROOT/var/postgres"
PORT="${TEGENSPRAAK_PG_PORT:-54329}"

bindir() {
  local dir pg_ctl
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && pg_ctl=$(command -v pg_ctl 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$pg_ctl")")  # not Debian: a server whose binaries are on PATH
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ] || [ ! -x "$dir/initdb" ]; then
    echo "PostgreSQL's server is not installed: run scripts/install_system_deps.sh (Debian's postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  as_owner() { (cd / && runuser -u "$OWNER" -- "$@"); }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

prepare_dirs() {
  if [ "$OWNER" != "$(id -un)" ] && [ ! -e "$PGROOT" ]; then
    mkdir -p "$ROOT/var"
    if ! runuser -u "$OWNER" -- test -x "$ROOT/var"; then
      local elsewhere
      elsewhere=/tmp/tegenspraak-postgres-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)
      mkdir -p "$elsewhere"
      ln -s "$elsewhere" "$PGROOT"
    fi
  fi
  mkdir -p "$PGROOT/run"
  if [ "$OWNER" != "$(id -un)" ]; then
    chown -R "$OWNER": "$(readlink -f "$PGROOT")"
  fi
}

# The real directory (var/postgres may be a link), so that the postgres user never walks through the work tree.
home() { readlink -f "$PGROOT"; }

# The port of the running cluster (from postmaster.pid), else the configured one.
running_port() {
  local pidfile="$(home)/data/postmaster.pid"
  if [ -f "$pidfile" ] && is_running; then sed -n 4p "$pidfile"; else echo "$PORT"; fi
}

is_running() {
  [ -d "$(home)/data" ] && as_owner "$(bindir)/pg_ctl" -D "$(home)/data" status >/dev/null 2>&1
}

url() {
  echo "postgresql+psycopg://postgres@127.0.0.1:$(running_port)/postgres"
}

start() {
  local bin
  bin=$(bindir)
  prepare_dirs
  if [ ! -f "$(home)/data/PG_VERSION" ]; then
    # Trust authentication, superuser `postgres`, no password: a cluster for local tests only, reachable from
    # this machine alone (127.0.0.1 and a socket under var/). Never use these settings for real data.
    as_owner "$bin/initdb" -D "$(home)/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # Speed over durability: a crash may lose or corrupt this cluster, which is fine for a throw-away test
    # cluster only (`rm -rf var/postgres` and start again). Never set these on a server that holds real data.
    cat >>"$(home)/data/postgresql.conf" <<CONF

# --- tegenspraak test cluster (scripts/postgres.sh): throw-away, speed over durability ---
fsync = off
synchronous_commit = off
full_page_writes = off
listen_addresses = '127.0.0.1'
unix_socket_directories = '$(home)/run'
max_connections = 300
CONF
  fi
  if is_running; then
    echo "PostgreSQL already running: $(url)" >&2
  else
    as_owner "$bin/pg_ctl" -D "$(home)/data" -l "$(home)/postgres.log" -o "-p $PORT" -w -t 60 start >/dev/null
  fi
  # Wait until it answers queries, not just until the postmaster is up.
  for _ in $(seq 1 120); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$(running_port)" -U postgres -d postgres; then
      echo "PostgreSQL ready: $(url)" >&2
      return 0
    fi
    sleep 0.5
  done
  echo "PostgreSQL did not answer on port $(running_port); see $PGROOT/postgres.log" >&2
  exit 1
}

stop() {
  if is_running; then
    as_owner "$(bindir)/pg_ctl" -D "$(home)/data" -m fast -w stop >/dev/null
    echo "PostgreSQL stopped" >&2
  else
    echo "PostgreSQL not running" >&2
  fi
}

status() {
  if is_running; then
    echo "running: $(url)"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
