#!/usr/bin/env bash
# Embedded FerretDB 1.24.2 (MongoDB wire protocol, SQLite backend) for tests.
#
#   test/engines/ferretdb.sh start   # build if needed, start, wait for ping; stdout: MONGODB_URL=mongodb://127.0.0.1:<port>/
#   test/engines/ferretdb.sh stop    # stop it and remove its data dir
#   test/engines/ferretdb.sh build   # only build (e.g. to warm a CI cache); stdout: binary path
#
# Env: FERRETDB_PORT (27017), ENGINES_RUN_DIR (/tmp/projectionist-engines), FERRETDB_START_TIMEOUT (30 s),
#      FERRETDB_LOG_LEVEL (warn), XDG_CACHE_HOME; GOMODCACHE/GOCACHE are Go's own defaults unless set.
# Needs only bash, coreutils and (for a first build) Go >= 1.24 with access to the Go module proxy.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ferretdb"
PORT="${FERRETDB_PORT:-27017}"
RUN_DIR="${ENGINES_RUN_DIR:-/tmp/projectionist-engines}/ferretdb"
PID_FILE="$RUN_DIR/ferretdb.pid"
LOG_FILE="$RUN_DIR/ferretdb.log"
DATA_DIR="$RUN_DIR/data"
TIMEOUT="${FERRETDB_START_TIMEOUT:-30}"

log() { echo "ferretdb.sh: $*" >&2; }

build() {
  local hash dir
  hash="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -c1-16)"
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/projectionist/ferretdb/$hash"
  BIN="$dir/ferretdb"
  [[ -x "$BIN" ]] && return 0
  command -v go >/dev/null || { log "go not found; needed to build $BIN"; return 1; }
  log "building $BIN (first build downloads ~120 MB of Go modules and takes a few minutes)"
  mkdir -p "$dir"
  (cd "$SRC" && CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -o "$BIN.tmp.$$" .) >&2
  mv -f "$BIN.tmp.$$" "$BIN"
}

# Sends a real OP_MSG {ping: 1, $db: "admin"} over bash's /dev/tcp and checks the reply has ok: 1.0.
ping_ok() {
  local len hex
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf '\x33\0\0\0\x01\0\0\0\0\0\0\0\xdd\x07\0\0\0\0\0\0\0\x1e\0\0\0\x10ping\0\x01\0\0\0\x02$db\0\x06\0\0\0admin\0\0' >&3
  len="$(timeout 2 head -c 4 <&3 | od -An -tu4 | tr -d ' ')" || true
  [[ "$len" =~ ^[0-9]+$ ]] && ((len > 4 && len < 65536)) || { exec 3<&-; return 1; }
  hex="$(timeout 2 head -c "$((len - 4))" <&3 | od -An -tx1 -v | tr -d ' \n')" || true
  exec 3<&-
  [[ "$hex" == *016f6b00000000000000f03f* ]] # "ok" as double 1.0
}

# Exited processes count as gone even while still a zombie waiting for init to reap them.
running() { kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }
alive() { [[ -f "$PID_FILE" ]] && running "$(cat "$PID_FILE")"; }

start() {
  if alive; then log "already running (pid $(cat "$PID_FILE")); run '$0 stop' first"; return 1; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then log "port $PORT is already in use"; return 1; fi
  build
  rm -rf "$DATA_DIR" && mkdir -p "$DATA_DIR"
  local t0=${EPOCHREALTIME/[.,]/} deadline=$((SECONDS + TIMEOUT))
  nohup "$BIN" -listen-addr "127.0.0.1:$PORT" -data-dir "$DATA_DIR" -log-level "${FERRETDB_LOG_LEVEL:-warn}" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  until grep -q ' ready: ' "$LOG_FILE" 2>/dev/null && ping_ok; do
    if ! alive || ((SECONDS >= deadline)); then
      log "FerretDB exited or was not ready within ${TIMEOUT}s; log $LOG_FILE:"; cat "$LOG_FILE" >&2 || true
      stop; return 1
    fi
    sleep 0.05
  done
  log "ready on port $PORT after $(((${EPOCHREALTIME/[.,]/} - t0) / 1000)) ms (pid $(cat "$PID_FILE"), log $LOG_FILE)"
  echo "MONGODB_URL=mongodb://127.0.0.1:$PORT/"
}

stop() {
  if [[ -f "$PID_FILE" ]]; then
    local pid i
    pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null && grep -qa ferretdb "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid"
      for i in $(seq 100); do running "$pid" || break; sleep 0.05; done
      running "$pid" && { log "pid $pid ignored SIGTERM; killing"; kill -KILL "$pid"; }
    fi
    rm -f "$PID_FILE"
  fi
  rm -rf "$DATA_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  build) build && echo "$BIN" ;;
  *) echo "usage: $0 start|stop|build" >&2; exit 2 ;;
esac
