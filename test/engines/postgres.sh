#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests, from Debian's packages (no Docker).
#
#   test/engines/postgres.sh start   # installs the server if missing, initdb a fresh cluster, starts it,
#                                    # creates database "projectionist"; prints exactly one stdout line:
#                                    # POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/projectionist
#   test/engines/postgres.sh stop    # pg_ctl stop -m fast, then removes the cluster
#
# Env: POSTGRES_PORT (5432), ENGINES_RUN_DIR (/tmp/projectionist-engines; uses <root>/postgres),
#      POSTGRES_START_TIMEOUT (60 s), POSTGRES_BIN_DIR (default: newest /usr/lib/postgresql/<ver>/bin),
#      POSTGRES_OS_USER (postgres; the account the server runs as when this script runs as root).
# The superuser is "postgres" with trust auth, TCP on 127.0.0.1 only, no Unix socket.
# Everything except the URL line goes to stderr or to <run dir>/postgres.log.
set -euo pipefail

PORT="${POSTGRES_PORT:-5432}"
RUN_DIR="${ENGINES_RUN_DIR:-/tmp/projectionist-engines}/postgres"
DATA_DIR="$RUN_DIR/data"
LOG_FILE="$RUN_DIR/postgres.log"
PID_FILE="$RUN_DIR/postgres.pid"
TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"
OS_USER="${POSTGRES_OS_USER:-postgres}"
DATABASE=projectionist

log() { echo "postgres.sh: $*" >&2; }
now_ms() { echo $((${EPOCHREALTIME/[.,]/} / 1000)); }

# The server binaries. /usr/local/bin/{postgres,pg_ctl,initdb} may be stray links or wrappers,
# so PATH is only the last resort; Debian keeps the real ones in /usr/lib/postgresql/<ver>/bin.
find_bin_dir() {
  local dir
  if [[ -n "${POSTGRES_BIN_DIR:-}" ]]; then
    BIN_DIR="$POSTGRES_BIN_DIR"
    [[ -x "$BIN_DIR/postgres" && -x "$BIN_DIR/initdb" && -x "$BIN_DIR/pg_ctl" ]] && return 0
    log "POSTGRES_BIN_DIR=$BIN_DIR has no postgres, initdb and pg_ctl"; exit 1
  fi
  for dir in $(ls -1d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/postgres" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then BIN_DIR="$dir"; return 0; fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    if [[ -x "$dir/postgres" && -x "$dir/initdb" ]]; then BIN_DIR="$dir"; return 0; fi
  fi
  return 1
}

install_server() {
  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      log "PostgreSQL server binaries not found and not root: install them (apt-get install postgresql) or set POSTGRES_BIN_DIR"
      exit 1
    fi
  fi
  command -v apt-get >/dev/null || { log "PostgreSQL server binaries not found and no apt-get; set POSTGRES_BIN_DIR"; exit 1; }
  local t0 apt_log="$RUN_DIR/apt-install.log"
  t0=$(now_ms)
  mkdir -p "$RUN_DIR"
  log "installing PostgreSQL from Debian packages (apt-get install postgresql; log $apt_log) ..."
  # Keep the package from creating (and, with systemd, starting) its own 'main' cluster on port 5432.
  "${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | "${sudo[@]}" tee /etc/postgresql-common/createcluster.d/50-projectionist-tests.conf >/dev/null
  if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=120 postgresql; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    log "apt-get install postgresql failed (log $apt_log)"
    exit 1
  fi
  log "installed $(dpkg-query -W -f='${Package} ${Version}' postgresql 2>/dev/null) in $(($(now_ms) - t0)) ms"
}

# initdb, pg_ctl and postgres refuse to run as root.
as_server_user() {
  if ((EUID == 0)); then
    (cd / && LC_ALL=C runuser -u "$OS_USER" -- "$@")
  else
    LC_ALL=C "$@"
  fi
}

ensure_os_user() {
  ((EUID == 0)) || return 0
  id -u "$OS_USER" >/dev/null 2>&1 && return 0
  log "creating system user $OS_USER"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OS_USER"
}

server_pid() {
  local pid
  [[ -f "$DATA_DIR/postmaster.pid" ]] || return 1
  pid="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]] &&
    echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fail() {
  log "$*; last lines of $LOG_FILE:"
  tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
  stop
  exit 1
}

start() {
  find_bin_dir || { install_server; find_bin_dir || { log "no PostgreSQL server binaries after installing"; exit 1; }; }
  ensure_os_user
  if server_pid >/dev/null; then log "a cluster is already running in $DATA_DIR; restarting it fresh"; fi
  stop
  if port_in_use "$PORT"; then log "port $PORT on 127.0.0.1 is already in use; set POSTGRES_PORT"; exit 1; fi

  mkdir -p "$RUN_DIR"
  ((EUID == 0)) && chown "$OS_USER:" "$RUN_DIR"
  if ! as_server_user test -w "$RUN_DIR"; then
    log "user $OS_USER cannot write $RUN_DIR (is a parent directory private?); set ENGINES_RUN_DIR"
    exit 1
  fi
  rm -f "$LOG_FILE"
  as_server_user sh -c ': >"$1"' sh "$LOG_FILE"

  local t0 version
  t0=$(now_ms)
  version="$("$BIN_DIR/postgres" --version)"
  # -N: no fsync during initdb only (the cluster is throwaway); the server keeps fsync on.
  as_server_user "$BIN_DIR/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --locale=C -N >>"$LOG_FILE" 2>&1 ||
    fail "initdb failed"
  as_server_user sh -c 'cat >>"$1"' sh "$DATA_DIR/postgresql.conf" <<EOF

# test/engines/postgres.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
EOF
  as_server_user sh -c 'cat >"$1"' sh "$DATA_DIR/pg_hba.conf" <<EOF
# test/engines/postgres.sh: trust, TCP from 127.0.0.1 only
host all all 127.0.0.1/32 trust
EOF
  as_server_user "$BIN_DIR/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t "$TIMEOUT" start >/dev/null 2>>"$LOG_FILE" ||
    fail "pg_ctl start failed"
  server_pid >"$PID_FILE" || fail "server exited during startup"

  local isready="$BIN_DIR/pg_isready" deadline=$((SECONDS + TIMEOUT))
  [[ -x "$isready" ]] || isready=pg_isready
  until "$isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2; do
    server_pid >/dev/null || fail "server exited during startup"
    ((SECONDS < deadline)) || fail "pg_isready got no answer within ${TIMEOUT}s"
    sleep 0.1
  done
  local psql="$BIN_DIR/psql"
  [[ -x "$psql" ]] || psql=psql
  "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "CREATE DATABASE $DATABASE" >>"$LOG_FILE" 2>&1 || fail "CREATE DATABASE $DATABASE failed"

  log "$version ready on port $PORT after $(($(now_ms) - t0)) ms (pid $(cat "$PID_FILE"), log $LOG_FILE)"
  echo "POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/$DATABASE"
}

stop() {
  local pid i
  if pid="$(server_pid)"; then
    if find_bin_dir 2>/dev/null; then
      as_server_user "$BIN_DIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
        log "pg_ctl stop -m fast failed"
    fi
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "postmaster $pid still running; killing it"
      kill -KILL "$pid" 2>/dev/null || true # its backends exit when they notice the postmaster is gone
    fi
  fi
  rm -f "$PID_FILE"
  rm -rf "$DATA_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
