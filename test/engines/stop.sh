#!/usr/bin/env bash
# Stops every engine test/engines/start.sh can start (those not running are skipped quietly) and
# removes <run dir>/engines.env. Exits non-zero only if a running engine could not be stopped.
# Env: ENGINES_RUN_DIR (/tmp/projectionist-engines).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${ENGINES_RUN_DIR:-/tmp/projectionist-engines}"
ALL=(ferretdb elasticsearch postgres)

declare -A pids
for e in "${ALL[@]}"; do
  ( "$DIR/$e.sh" stop 2>&1 | sed -u -e "s/^$e\\.sh: //" -e "s/^/[$e] /" >&2 ) &
  pids[$e]=$!
done
status=0
for e in "${ALL[@]}"; do
  wait "${pids[$e]}" || { echo "stop.sh: $e: stop failed (exit $?)" >&2; status=1; }
done
rm -f "$ROOT/engines.env"
((status)) || echo "stop.sh: ${ALL[*]} stopped (or were not running)" >&2
exit "$status"
