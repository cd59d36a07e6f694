#!/usr/bin/env bash
# Catalog memory: the heap storage-service's catalog view (the whole of replay.sessions.v1, held by
# every replica that serves listings) takes per catalogued session. Fills a catalog topic of its own
# with realistic session summaries, starts storage-service on it, waits until the view has caught
# up, forces a full GC and reads the live heap; the same with an empty catalog is the baseline.
# Then starts it with the largest catalog under a few -Xmx limits to see which it fits in.
# Prints a Markdown table; docs/BENCHMARKS.md ("Catalog memory") explains the figures.
#
# usage: bench/catalog-memory.sh                (settings below, all overridable by environment)
#
#   BENCH_CATALOG_SIZES="200000 500000 1000000"   catalog sizes measured (each on a fresh JVM)
#   BENCH_CATALOG_XMX="384m 512m 768m 1g"         -Xmx limits tried with the largest size
#   BENCH_CATALOG_REPEAT=2                        measurements per size (fresh JVM each)
#   BENCH_CATALOG_TIMEOUT=600                     seconds a view may take to catch up
#   BENCH_STORAGE_PORT          storage-service HTTP port [first free port from 18180]
#   BENCH_STORAGE_JAVA_OPTS     extra JVM options for storage-service (all runs)
#   BENCH_STORAGE_JAR           the storage-service to measure [storage-service/target/quarkus-app/quarkus-run.jar]
#   BENCH_SKIP_BUILD=1          use the jars already built
#   BENCH_OUT                   results, logs, heap histograms [bench/target/catalog-memory]
#   MESH_DATA, MESH_KAFKA_PORT, MESH_S3_PORT, ... as for bin/mesh: which broker and S3 server to use or start.
#
# The broker and S3 server are started with `bin/mesh infra up` unless they are running, and only
# what this script started is stopped at the end. The catalog goes to the benchmark's own compacted
# topic bench.catalog.sessions.v1 (made like replay.sessions.v1); storage-service's inputs are empty
# topics of the benchmark (bench.catalog.redacted.v1, ...) and its bucket bench-catalog; all are
# deleted at the end.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"
# shellcheck source=SCRIPTDIR/lib.sh
source "$REPO_DIR/bench/lib.sh"

read -r -a SIZES <<<"${BENCH_CATALOG_SIZES:-200000 500000 1000000}"
read -r -a XMX <<<"${BENCH_CATALOG_XMX:-384m 512m 768m 1g}"
REPEAT=${BENCH_CATALOG_REPEAT:-2}
CATCHUP_TIMEOUT=${BENCH_CATALOG_TIMEOUT:-600}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/catalog-memory}
DATA=${MESH_DATA:-$REPO_DIR/.mesh}
KAFKA_PORT=${MESH_KAFKA_PORT:-9092}
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
S3_ENDPOINT="http://127.0.0.1:${MESH_S3_PORT:-9000}"
S3_ACCESS_KEY=${MESH_S3_ACCESS_KEY:-minioadmin}
S3_SECRET_KEY=${MESH_S3_SECRET_KEY:-minioadmin}
BUCKET=bench-catalog
CATALOG_TOPIC=bench.catalog.sessions.v1
EVENTS_TOPIC=bench.catalog.redacted.v1
REPORTS_TOPIC=bench.catalog.reports.v1
DELETIONS_TOPIC=bench.catalog.deletions.v1
TOPICS=("$CATALOG_TOPIC" "$EVENTS_TOPIC" "$REPORTS_TOPIC" "$DELETIONS_TOPIC")
MAX_MESSAGE_BYTES=20971520

STORAGE_JAR=${BENCH_STORAGE_JAR:-$REPO_DIR/storage-service/target/quarkus-app/quarkus-run.jar}

mkdir -p "$OUT"

# ---- cleanup: only what this script started -------------------------------------------------
SERVICE_PID=
CHILD_PID=
TOPICS_MADE=0
BUCKET_MADE=0
stop_service() {
  bench_stop storage-service "$SERVICE_PID" 30
  SERVICE_PID=
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$CHILD_PID" ]] && mesh_alive "$CHILD_PID"; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  stop_service
  if ((BUCKET_MADE)) && mesh_port_open "${MESH_S3_PORT:-9000}"; then
    bench_tool bucket delete "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log" || true
  fi
  if ((TOPICS_MADE)) && mesh_port_open "$KAFKA_PORT"; then
    delete_topics "${TOPICS[@]}" || true
  fi
  bench_infra_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_tool() {
  "$JAVA" -Xmx1g -cp "$BENCH_CP" dev.replaymesh.bench.StorageBench "$@"
}
S3_ARGS=(--s3-endpoint "$S3_ENDPOINT" --s3-access-key "$S3_ACCESS_KEY" --s3-secret-key "$S3_SECRET_KEY" --bucket "$BUCKET")

# ---- build --------------------------------------------------------------------------------------
bench_build bench,storage-service,local-mesh "$STORAGE_JAR"
STORAGE_JAR=$(bench_app_copy "$STORAGE_JAR" storage-app)
VERSION="$(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo unknown)"
[[ -n "$(git -C "$REPO_DIR" status --porcelain -- storage-service proto 2>/dev/null)" ]] &&
  VERSION="$VERSION (storage-service or proto with uncommitted changes)"

# ---- infra --------------------------------------------------------------------------------------
bench_infra_up
PARTITIONS=$(topic_cmd --describe --topic replay.sessions.v1 2>/dev/null |
  sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
PARTITIONS=${PARTITIONS:-${MESH_PARTITIONS:-3}}
delete_topics "${TOPICS[@]}"
TOPICS_MADE=1
topic_cmd --create --topic "$CATALOG_TOPIC" --partitions "$PARTITIONS" --replication-factor 1 \
  --config "max.message.bytes=$MAX_MESSAGE_BYTES" --config cleanup.policy=compact >/dev/null
for t in "$EVENTS_TOPIC" "$REPORTS_TOPIC" "$DELETIONS_TOPIC"; do
  topic_cmd --create --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 \
    --config "max.message.bytes=$MAX_MESSAGE_BYTES" >/dev/null
done
BUCKET_MADE=1
bench_tool bucket create "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log"
say "topics ${TOPICS[*]} ($PARTITIONS partitions), bucket $BUCKET"

PORT=${BENCH_STORAGE_PORT:-}
if [[ -z "$PORT" ]]; then
  PORT=$(bench_free_port 18180)
fi

# ---- one measurement ------------------------------------------------------------------------------
# measure NAME EXPECTED_SESSIONS [JVM options...]: starts storage-service on the catalog, waits for
# "catalog view caught up: N sessions", then (if it is still alive) runs a full GC twice and reads
# the heap in use. Sets M_STATUS, M_USED_KB, M_COMMITTED_KB, M_RSS_KB, M_CATCHUP_S, M_VIEW.
measure() {
  local name=$1 expected=$2
  shift 2
  local log="$OUT/$name.log"
  mesh_port_open "$PORT" && die "port $PORT is in use"
  local group="bench-catalog-$(date +%s)-$$"
  local t0=$SECONDS
  # shellcheck disable=SC2086 # a list of JVM options
  env QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
    REPLAY_S3_ENDPOINT="$S3_ENDPOINT" REPLAY_S3_ACCESS_KEY="$S3_ACCESS_KEY" REPLAY_S3_SECRET_KEY="$S3_SECRET_KEY" \
    REPLAY_S3_BUCKET="$BUCKET" REPLAY_STORAGE_INGEST_GROUP_ID="$group" \
    REPLAY_STORAGE_INGEST_EVENTS_TOPIC="$EVENTS_TOPIC" REPLAY_STORAGE_INGEST_REPORTS_TOPIC="$REPORTS_TOPIC" \
    REPLAY_STORAGE_INGEST_DELETIONS_TOPIC="$DELETIONS_TOPIC" \
    REPLAY_CATALOG_TOPIC="$CATALOG_TOPIC" MP_MESSAGING_OUTGOING_DELETIONS_OUT_TOPIC="$DELETIONS_TOPIC" \
    "$JAVA" ${BENCH_STORAGE_JAVA_OPTS:-} "$@" -jar "$STORAGE_JAR" >"$log" 2>&1 </dev/null &
  SERVICE_PID=$!
  M_STATUS=timeout M_USED_KB= M_COMMITTED_KB= M_RSS_KB= M_CATCHUP_S= M_VIEW=
  local deadline=$((SECONDS + CATCHUP_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! mesh_alive "$SERVICE_PID"; then
      M_STATUS=exited
      break
    fi
    if grep -q 'OutOfMemoryError' "$log"; then
      M_STATUS=oom
      break
    fi
    M_VIEW=$(sed -n 's/.*catalog view caught up: \([0-9]*\) sessions.*/\1/p' "$log" | head -1)
    if [[ -n "$M_VIEW" ]]; then
      M_STATUS=ok
      M_CATCHUP_S=$((SECONDS - t0))
      break
    fi
    sleep 0.5
  done
  if [[ $M_STATUS == ok ]]; then
    sleep 2
    grep -q 'OutOfMemoryError' "$log" && M_STATUS=oom
    [[ "$M_VIEW" == "$expected" ]] || say "$name: the view holds $M_VIEW sessions, expected $expected"
  fi
  if [[ $M_STATUS == ok ]] && mesh_alive "$SERVICE_PID"; then
    "$JCMD" "$SERVICE_PID" GC.run >/dev/null
    "$JCMD" "$SERVICE_PID" GC.run >/dev/null
    "$JCMD" "$SERVICE_PID" GC.heap_info >"$OUT/$name-heap.txt"
    "$JCMD" "$SERVICE_PID" GC.class_histogram >"$OUT/$name-histogram.txt"
    M_USED_KB=$(sed -n 's/.* heap *total \([0-9]*\)K, used \([0-9]*\)K.*/\2/p' "$OUT/$name-heap.txt" | head -1)
    M_COMMITTED_KB=$(sed -n 's/.* heap *total \([0-9]*\)K, used \([0-9]*\)K.*/\1/p' "$OUT/$name-heap.txt" | head -1)
    M_RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVICE_PID/status")
    # The heap after the histogram's own full GC, for the record.
    grep -q 'OutOfMemoryError' "$log" && M_STATUS=oom
  fi
  stop_service
}

ROWS=()
# ---- the empty catalog: what the service holds without it ------------------------------------------
declare -A USED
for i in $(seq 1 "$REPEAT"); do
  measure "empty-$i" 0
  [[ $M_STATUS == ok ]] || die "storage-service with an empty catalog: $M_STATUS (see $OUT/empty-$i.log)"
  say "empty catalog ($i): heap used ${M_USED_KB} KB after full GC (RSS ${M_RSS_KB} KB)"
  ROWS+=("0|default|$i|ok|$M_USED_KB|$M_COMMITTED_KB|$M_RSS_KB|$M_CATCHUP_S|")
  USED[0]="${USED[0]:-} $M_USED_KB"
done
base_kb=$(awk '{s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF}' <<<"${USED[0]}")

# ---- growing catalogs --------------------------------------------------------------------------------
have=0
seed=1
VALUE_MEAN=
for n in "${SIZES[@]}"; do
  ((n > have)) || die "BENCH_CATALOG_SIZES must grow: $n after $have"
  add=$((n - have))
  say "writing $add more session summaries to $CATALOG_TOPIC (to $n)"
  run_child bench_tool fill-catalog --bootstrap "$BOOTSTRAP" --topic "$CATALOG_TOPIC" --sessions "$add" --seed "$seed" \
    >"$OUT/fill-$n.txt" 2>>"$OUT/bench-tools.log" || die "catalog fill failed (see $OUT/bench-tools.log)"
  say "$(sed -n 's/^CATALOG //p' "$OUT/fill-$n.txt")"
  VALUE_MEAN=$(sed -n 's/.* value_bytes_mean=\([^ ]*\).*/\1/p' "$OUT/fill-$n.txt")
  have=$n
  seed=$((seed + 1))
  for i in $(seq 1 "$REPEAT"); do
    measure "catalog-$n-$i" "$n"
    [[ $M_STATUS == ok ]] || die "storage-service with $n sessions: $M_STATUS (see $OUT/catalog-$n-$i.log)"
    per=$(awk -v u="$M_USED_KB" -v b="$base_kb" -v n="$n" 'BEGIN {printf "%.0f", (u - b) * 1024 / n}')
    say "$n sessions ($i): caught up in ${M_CATCHUP_S} s, heap used ${M_USED_KB} KB after full GC: $per bytes per session"
    ROWS+=("$n|default|$i|ok|$M_USED_KB|$M_COMMITTED_KB|$M_RSS_KB|$M_CATCHUP_S|$per")
  done
done

# ---- the largest catalog under heap limits ---------------------------------------------------------
largest=$have
for x in "${XMX[@]}"; do
  measure "xmx-$x" "$largest" "-Xmx$x"
  per=
  [[ $M_STATUS == ok ]] && per=$(awk -v u="$M_USED_KB" -v b="$base_kb" -v n="$largest" 'BEGIN {printf "%.0f", (u - b) * 1024 / n}')
  say "$largest sessions with -Xmx$x: $M_STATUS${M_CATCHUP_S:+ (caught up in ${M_CATCHUP_S} s)}${M_USED_KB:+, heap used ${M_USED_KB} KB}"
  ROWS+=("$largest|-Xmx$x|1|$M_STATUS|$M_USED_KB|$M_COMMITTED_KB|$M_RSS_KB|$M_CATCHUP_S|$per")
done

# ---- table --------------------------------------------------------------------------------------
{
  echo
  echo "Catalog memory, $(date -u '+%F %H:%M UTC'), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), storage-service of $VERSION."
  echo "Serialized SessionSummary: $VALUE_MEAN bytes on average (key: 36-byte session id)."
  echo "heap used: G1 heap in use after two full GCs (jcmd GC.run), once the view has caught up;"
  echo "per session: (heap used - the empty catalog's mean, $base_kb KB) / sessions."
  echo
  echo "| sessions | heap limit | run | outcome | heap used MiB | heap committed MiB | RSS MiB | caught up after s | bytes per session |"
  echo "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r n limit i status used committed rss catchup per <<<"$row"
    mb() { [[ -n "$1" ]] && awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}' || true; }
    echo "| $n | $limit | $i | $status | $(mb "$used") | $(mb "$committed") | $(mb "$rss") | $catchup | $per |"
  done
  echo
  echo "Per size (mean over runs): heap used, bytes per session against the empty catalog, and against the"
  echo "next smaller size (what one more session adds; leaves out fixed costs such as the consumer's last fetch)."
  echo
  echo "| sessions | heap used MiB | bytes per session | marginal bytes per session | MB per million sessions (marginal) |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}" | awk -F'|' '$2 == "default" && $4 == "ok" {s[$1] += $5; c[$1]++}
    END {
      n = 0; for (k in s) keys[n++] = k + 0
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (keys[j] < keys[i]) {t = keys[i]; keys[i] = keys[j]; keys[j] = t}
      base = s[0] / c[0]; prev = 0; pu = base
      for (i = 0; i < n; i++) {
        k = keys[i]; u = s[k] / c[k]
        if (k == 0) { printf "| 0 | %.0f | | | |\n", u / 1024; continue }
        m = (u - pu) * 1024 / (k - prev)
        printf "| %d | %.0f | %.0f | %.0f | %.0f |\n", k, u / 1024, (u - base) * 1024 / k, m, m
        prev = k; pu = u
      }
    }'
} | tee "$OUT/results.md"
