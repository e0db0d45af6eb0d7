#!/usr/bin/env bash
# Real single-node Elasticsearch 8.x for tests, built from Maven Central jars (no Docker, no tarball).
#
#   test/engines/elasticsearch.sh start   # builds if needed, starts, waits for yellow,
#                                         # prints exactly one line: ELASTICSEARCH_URL=http://127.0.0.1:<port>
#   test/engines/elasticsearch.sh stop    # kills the node (pid file) and removes its data
#
# Environment:
#   ELASTICSEARCH_PORT           HTTP port (default 9200)
#   ENGINES_RUN_DIR              runtime root (default /tmp/projectionist-engines); uses <root>/elasticsearch
#   XDG_CACHE_HOME               build cache root (default ~/.cache); uses projectionist/elasticsearch/<hash>
#   ELASTICSEARCH_START_TIMEOUT  seconds to wait for yellow (default 120)
#   ES_JAVA_OPTS                 extra JVM options (default heap -Xms512m -Xmx512m)
#   JAVA_HOME                    JDK to build and run with (default: java on PATH; 17+)
#
# Everything except the URL line goes to stderr or to <run dir>/elasticsearch.log.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="$SCRIPT_DIR/elasticsearch"
PORT="${ELASTICSEARCH_PORT:-9200}"
RUN_DIR="${ENGINES_RUN_DIR:-/tmp/projectionist-engines}/elasticsearch"
HOME_DIR="$RUN_DIR/home"
PID_FILE="$RUN_DIR/elasticsearch.pid"
LOG_FILE="$RUN_DIR/elasticsearch.log"
TIMEOUT="${ELASTICSEARCH_START_TIMEOUT:-120}"
MAIN_CLASS="projectionist.engines.EsNode"

if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

log() { echo "elasticsearch.sh: $*" >&2; }

source_hash() {
  # pom.xml + every source file, path and content, in a stable order
  (cd "$SRC_DIR" && find pom.xml src -type f | LC_ALL=C sort | while read -r f; do
    echo "== $f"
    cat "$f"
  done) | sha256sum | cut -c1-16
}

build() {
  local cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/projectionist/elasticsearch"
  local hash
  hash="$(source_hash)"
  CACHE_DIR="$cache_root/$hash"
  if [[ -f "$CACHE_DIR/.complete" ]]; then
    return 0
  fi
  mkdir -p "$cache_root"
  # one build at a time per cache root
  exec 9>"$cache_root/.lock"
  flock 9
  if [[ ! -f "$CACHE_DIR/.complete" ]]; then
    local t0=$SECONDS
    local work="$CACHE_DIR.build.$$"
    rm -rf "$work" "$CACHE_DIR"
    mkdir -p "$work"
    cp -r "$SRC_DIR/pom.xml" "$SRC_DIR/src" "$work/"
    log "building launcher (cache miss, $CACHE_DIR) ..."
    if ! mvn -B -q -f "$work/pom.xml" package dependency:copy-dependencies >"$work/build.log" 2>&1; then
      cat "$work/build.log" >&2
      log "maven build failed"
      exit 1
    fi
    mkdir -p "$CACHE_DIR"
    mv "$work/target/deps" "$CACHE_DIR/lib"
    mv "$work/target/es-node-1.jar" "$CACHE_DIR/lib/"
    rm -rf "$work"
    touch "$CACHE_DIR/.complete"
    log "built in $((SECONDS - t0))s"
  fi
  flock -u 9
  exec 9>&-
}

is_our_node() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

stop() {
  if [[ -f "$PID_FILE" ]]; then
    local pid
    pid="$(cat "$PID_FILE")"
    if is_our_node "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do
        is_our_node "$pid" || break
        sleep 0.5
      done
      if is_our_node "$pid"; then
        log "node $pid did not stop in 30s, killing"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
      fi
    fi
    rm -f "$PID_FILE"
  fi
  rm -rf "$HOME_DIR"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  command -v curl >/dev/null || { log "curl is required"; exit 1; }
  build
  mkdir -p "$RUN_DIR"
  if [[ -f "$PID_FILE" ]] && is_our_node "$(cat "$PID_FILE")"; then
    log "a node is already running (pid $(cat "$PID_FILE")); restarting it with fresh data"
  fi
  stop
  if port_in_use "$PORT"; then
    log "port $PORT on 127.0.0.1 is already in use; set ELASTICSEARCH_PORT"
    exit 1
  fi
  mkdir -p "$HOME_DIR/tmp"
  : >"$LOG_FILE"

  local t0=$SECONDS
  # shellcheck disable=SC2086
  setsid nohup "$JAVA" \
    ${ES_JAVA_OPTS:--Xms512m -Xmx512m} \
    -XX:+UseG1GC \
    -Djava.io.tmpdir="$HOME_DIR/tmp" \
    -Djava.awt.headless=true \
    -Dfile.encoding=UTF-8 \
    -Dlog4j.shutdownHookEnabled=false \
    -Dlog4j2.disable.jmx=true \
    -Dlog4j2.formatMsgNoLookups=true \
    -Dio.netty.noUnsafe=true \
    -Dio.netty.noKeySetOptimization=true \
    -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Des.node.home="$HOME_DIR" \
    -Des.node.http.port="$PORT" \
    -Des.node.host=127.0.0.1 \
    -cp "$CACHE_DIR/lib/*" \
    "$MAIN_CLASS" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"

  local url="http://127.0.0.1:$PORT"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "node exited during startup; last log lines:"
      tail -n 40 "$LOG_FILE" >&2
      rm -f "$PID_FILE"
      rm -rf "$HOME_DIR"
      exit 1
    fi
    if curl -sf -o /dev/null --max-time 5 "$url/_cluster/health?wait_for_status=yellow&timeout=1s"; then
      break
    fi
    if (( SECONDS - t0 >= TIMEOUT )); then
      log "node not yellow after ${TIMEOUT}s; last log lines:"
      tail -n 40 "$LOG_FILE" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  log "started pid $pid in $((SECONDS - t0))s (log: $LOG_FILE)"
  echo "ELASTICSEARCH_URL=$url"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
