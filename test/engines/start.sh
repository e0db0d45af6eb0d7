#!/usr/bin/env bash
# Starts the real engines a test run can use, concurrently, and prints their URLs as export lines:
#
#   eval "$(test/engines/start.sh)"     # then: npm test; and finally: test/engines/stop.sh
#
# Engines: ferretdb (MONGODB_URL), elasticsearch (ELASTICSEARCH_URL), postgres (POSTGRES_URL).
# ENGINES=a,b,... restricts the set (the same variable the suites use to pick engines); "sqlite" and
# "eventstoredb" need nothing started here. Engines this script started before are restarted fresh.
#
# stdout: only `export NAME=value` lines, also written to <run dir>/engines.env.
# stderr: each engine's progress, prefixed [engine], and a summary line with per-engine wall time.
# If any engine fails, it says which and why, stops the others and exits non-zero; stdout stays empty.
# Env: ENGINES, ENGINES_RUN_DIR (/tmp/projectionist-engines), plus each launcher's own variables.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${ENGINES_RUN_DIR:-/tmp/projectionist-engines}"
ENV_FILE="$ROOT/engines.env"
ALL=(ferretdb elasticsearch postgres)

log() { echo "start.sh: $*" >&2; }
now_ms() { echo $((${EPOCHREALTIME/[.,]/} / 1000)); }
secs() { printf '%d.%01ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }

engines=()
if [[ -z "${ENGINES:-}" ]]; then
  engines=("${ALL[@]}")
else
  IFS=, read -ra requested <<<"$ENGINES"
  for name in "${requested[@]}"; do
    name="${name//[[:space:]]/}"
    case "$name" in
      ferretdb | elasticsearch | postgres) [[ " ${engines[*]-} " == *" $name "* ]] || engines+=("$name") ;;
      sqlite | eventstoredb | '') ;; # embedded, or reached through EVENTSTOREDB_URL from outside
      *)
        log "unknown engine '$name' in ENGINES=$ENGINES (known: sqlite, eventstoredb, ${ALL[*]})"
        exit 2
        ;;
    esac
  done
fi

mkdir -p "$ROOT"
rm -f "$ENV_FILE"
((${#engines[@]})) || { log "no engine to start (ENGINES=$ENGINES)"; : >"$ENV_FILE"; exit 0; }
TMP="$(mktemp -d "$ROOT/.start.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

t_all=$(now_ms)
declare -A pids
for e in "${engines[@]}"; do
  (
    t0=$(now_ms)
    "$DIR/$e.sh" stop >/dev/null 2>&1 || true
    # stdout (the URL line) to a file; stderr, labelled, live to our stderr and to a file for the summary
    "$DIR/$e.sh" start 2>&1 >"$TMP/$e.out" | sed -u -e "s/^$e\\.sh: //" -e "s/^/[$e] /" | tee "$TMP/$e.err" >&2
    echo $(($(now_ms) - t0)) >"$TMP/$e.ms"
  ) &
  pids[$e]=$!
done

failed=() exports=() times=()
for e in "${engines[@]}"; do
  if wait "${pids[$e]}"; then
    line="$(cat "$TMP/$e.out")"
    if [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=([^[:space:]]+)$ ]]; then
      exports+=("$(printf 'export %s=%q' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")")
      times+=("$e $(secs "$(cat "$TMP/$e.ms")")")
      continue
    fi
    why="printed no NAME=url line (stdout: '${line:0:200}')"
  else
    rc=$?
    why="exit $rc: $(grep -v '^\s*$' "$TMP/$e.err" | tail -n 1 | cut -c1-300)"
    [[ -s "$TMP/$e.err" ]] || why="exit $rc, no output"
  fi
  failed+=("$e")
  log "$e failed to start ($why)"
done

if ((${#failed[@]})); then
  log "not started: ${failed[*]}; stopping the others (logs stay under $ROOT/<engine>/)"
  for e in "${engines[@]}"; do "$DIR/$e.sh" stop >/dev/null 2>&1 || true; done
  exit 1
fi

printf '%s\n' "${exports[@]}" >"$ENV_FILE"
log "up: ${times[*]/%/,} total $(secs $(($(now_ms) - t_all))); env in $ENV_FILE"
printf '%s\n' "${exports[@]}"
