#!/usr/bin/env bash
# Storage write throughput: how fast storage-service drains a backlog of redacted rrweb events into
# the bucket (zstd chunks, manifests, catalog entries), next to the plain MinIO client PUTting the
# very chunks it wrote to the same S3 server with the same concurrency. Prints a Markdown table;
# docs/BENCHMARKS.md ("Storage write throughput") explains the figures.
#
# usage: bench/storage-throughput.sh            (settings below, all overridable by environment)
#
#   BENCH_RUNS=2                 measured rounds (the machine is noisy: report them all)
#   BENCH_EVENTS=1500000         events per measured backlog
#   BENCH_WARMUP_EVENTS=400000   events of a first backlog, drained before measuring (JIT)
#   BENCH_SESSIONS=500           sessions recording at the same time in a backlog (interleaved)
#   BENCH_PAGES=4                pages per session, each starting with Meta + FullSnapshot
#   BENCH_EVENTS_PER_PAGE=150    mean events per page after its snapshot
#   BENCH_ROWS=40                mean customer-table rows per page snapshot
#   BENCH_END_SHARE=0.5          share of sessions that end with the recorder's end event
#   BENCH_PUT_PASSES=3           raw PUT passes over the round's chunks; the first is warm-up
#   BENCH_WRITE_CONCURRENCY      storage-service's replay.storage.ingest.write-concurrency, and the raw
#                                PUT threads [the service's default, 8]
#   BENCH_STORAGE_PORT           storage-service HTTP port [first free port from 18180]
#   BENCH_STORAGE_JAVA_OPTS      extra JVM options for storage-service
#   BENCH_STORAGE_JAR            the storage-service to measure [storage-service/target/quarkus-app/quarkus-run.jar]
#   BENCH_STORAGE_ENV            extra NAME=VALUE settings for storage-service (space-separated)
#   BENCH_JFR=1                  record a JFR profile of storage-service while it drains each measured backlog
#   BENCH_JFR_SETTINGS=profile   JFR settings (a name or a .jfc file)
#   BENCH_SKIP_BUILD=1           use the jars already built
#   BENCH_OUT                    results, logs and recordings [bench/target/storage-throughput]
#   MESH_DATA, MESH_KAFKA_PORT, MESH_S3_PORT, ... as for bin/mesh: which broker and S3 server to use or start.
#
# The broker and S3 server are started with `bin/mesh infra up` unless they are running, and only
# what this script started is stopped at the end. storage-service reads and writes the benchmark's
# own topics (bench.storage.redacted.v1, bench.storage.reports.v1, bench.storage.deletions.v1, made
# like the mesh's; bench.storage.sessions.v1, compacted like replay.sessions.v1) and bucket
# (bench-storage), all deleted at the end, so the mesh's real topics and bucket get no benchmark
# data. A round holds about 1.7 GB in the broker and 0.3 GB of objects at a time.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"
# shellcheck source=SCRIPTDIR/lib.sh
source "$REPO_DIR/bench/lib.sh"

RUNS=${BENCH_RUNS:-2}
EVENTS=${BENCH_EVENTS:-1500000}
WARMUP_EVENTS=${BENCH_WARMUP_EVENTS:-400000}
SESSIONS=${BENCH_SESSIONS:-500}
PAGES=${BENCH_PAGES:-4}
EVENTS_PER_PAGE=${BENCH_EVENTS_PER_PAGE:-150}
ROWS=${BENCH_ROWS:-40}
END_SHARE=${BENCH_END_SHARE:-0.5}
PUT_PASSES=${BENCH_PUT_PASSES:-3}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/storage-throughput}
DATA=${MESH_DATA:-$REPO_DIR/.mesh}
KAFKA_PORT=${MESH_KAFKA_PORT:-9092}
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
S3_ENDPOINT="http://127.0.0.1:${MESH_S3_PORT:-9000}"
S3_ACCESS_KEY=${MESH_S3_ACCESS_KEY:-minioadmin}
S3_SECRET_KEY=${MESH_S3_SECRET_KEY:-minioadmin}
BUCKET=bench-storage
EVENTS_TOPIC=bench.storage.redacted.v1
REPORTS_TOPIC=bench.storage.reports.v1
DELETIONS_TOPIC=bench.storage.deletions.v1
CATALOG_TOPIC=bench.storage.sessions.v1
TOPICS=("$EVENTS_TOPIC" "$REPORTS_TOPIC" "$DELETIONS_TOPIC" "$CATALOG_TOPIC")
# As local-mesh's MeshTopics.MAX_MESSAGE_BYTES (20 MiB). Smaller segments than the broker's default
# so that the records of a drained backlog can be deleted before the next one.
MAX_MESSAGE_BYTES=20971520
SEGMENT_BYTES=67108864

STORAGE_JAR=${BENCH_STORAGE_JAR:-$REPO_DIR/storage-service/target/quarkus-app/quarkus-run.jar}
PROPS="$REPO_DIR/storage-service/src/main/resources/application.properties"

mkdir -p "$OUT"

# ---- cleanup: only what this script started -------------------------------------------------
SERVICE_PID=
CHILD_PID=
TOPICS_MADE=0
BUCKET_MADE=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$CHILD_PID" ]] && mesh_alive "$CHILD_PID"; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  bench_stop storage-service "$SERVICE_PID" 30
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

# The benchmark's own tools: bench/src/main/java/dev/replaymesh/bench/StorageBench.java.
bench_tool() {
  "$JAVA" -Xmx1500m -cp "$BENCH_CP" dev.replaymesh.bench.StorageBench "$@"
}
S3_ARGS=(--s3-endpoint "$S3_ENDPOINT" --s3-access-key "$S3_ACCESS_KEY" --s3-secret-key "$S3_SECRET_KEY" --bucket "$BUCKET")

# ---- build --------------------------------------------------------------------------------------
bench_build bench,storage-service,local-mesh "$STORAGE_JAR"
STORAGE_JAR=$(bench_app_copy "$STORAGE_JAR" storage-app)
VERSION="$(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo unknown)"
[[ -n "$(git -C "$REPO_DIR" status --porcelain -- storage-service proto 2>/dev/null)" ]] &&
  VERSION="$VERSION (storage-service or proto with uncommitted changes)"
compgen -G "$REPO_DIR/bench/target/lib/minio-*.jar" >/dev/null || die "bench/target/lib has no MinIO client: rebuild bench"

# ---- infra --------------------------------------------------------------------------------------
bench_infra_up
BROKER_PID=$(tr -dc '0-9' <"$DATA/kafka/kafka.pid")
S3_PID=$(tr -dc '0-9' <"$DATA/s3/s3proxy.pid")

# Same partition count as the real topics.
PARTITIONS=$(topic_cmd --describe --topic replay.redacted.v1 2>/dev/null |
  sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
PARTITIONS=${PARTITIONS:-${MESH_PARTITIONS:-3}}
delete_topics "${TOPICS[@]}"
TOPICS_MADE=1
for t in "$EVENTS_TOPIC" "$REPORTS_TOPIC" "$DELETIONS_TOPIC"; do
  topic_cmd --create --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 \
    --config "max.message.bytes=$MAX_MESSAGE_BYTES" --config "segment.bytes=$SEGMENT_BYTES" \
    --config file.delete.delay.ms=1000 >/dev/null
done
topic_cmd --create --topic "$CATALOG_TOPIC" --partitions "$PARTITIONS" --replication-factor 1 \
  --config "max.message.bytes=$MAX_MESSAGE_BYTES" --config cleanup.policy=compact >/dev/null
say "topics ${TOPICS[*]}: $PARTITIONS partitions each"
BUCKET_MADE=1
bench_tool bucket delete "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log"
bench_tool bucket create "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log"
say "bucket $BUCKET at $S3_ENDPOINT"

# ---- storage-service ----------------------------------------------------------------------------
PORT=${BENCH_STORAGE_PORT:-}
if [[ -z "$PORT" ]]; then
  PORT=$(bench_free_port 18180)
fi
mesh_port_open "$PORT" && die "port $PORT is in use"
WRITE_CONCURRENCY=${BENCH_WRITE_CONCURRENCY:-$(sed -n 's/^replay\.storage\.ingest\.write-concurrency=//p' "$PROPS")}
WRITE_CONCURRENCY=${WRITE_CONCURRENCY:-8}
S3_MAX_REQUESTS=$(sed -n 's/^replay\.s3\.max-requests=//p' "$PROPS")
S3_MAX_REQUESTS=${S3_MAX_REQUESTS:-32}
GROUP="bench-storage-$(date +%s)-$$"
SERVICE_ENV=(QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP"
  REPLAY_S3_ENDPOINT="$S3_ENDPOINT" REPLAY_S3_ACCESS_KEY="$S3_ACCESS_KEY" REPLAY_S3_SECRET_KEY="$S3_SECRET_KEY"
  REPLAY_S3_BUCKET="$BUCKET" REPLAY_STORAGE_INGEST_GROUP_ID="$GROUP"
  REPLAY_STORAGE_INGEST_EVENTS_TOPIC="$EVENTS_TOPIC" REPLAY_STORAGE_INGEST_REPORTS_TOPIC="$REPORTS_TOPIC"
  REPLAY_STORAGE_INGEST_DELETIONS_TOPIC="$DELETIONS_TOPIC"
  REPLAY_CATALOG_TOPIC="$CATALOG_TOPIC" MP_MESSAGING_OUTGOING_DELETIONS_OUT_TOPIC="$DELETIONS_TOPIC"
  REPLAY_STORAGE_INGEST_WRITE_CONCURRENCY="$WRITE_CONCURRENCY")
# shellcheck disable=SC2206 # a list of NAME=VALUE words
[[ -n "${BENCH_STORAGE_ENV:-}" ]] && SERVICE_ENV+=(${BENCH_STORAGE_ENV})
# shellcheck disable=SC2086 # a list of JVM options
env "${SERVICE_ENV[@]}" "$JAVA" ${BENCH_STORAGE_JAVA_OPTS:-} -jar "$STORAGE_JAR" >"$OUT/storage-service.log" 2>&1 </dev/null &
SERVICE_PID=$!
say "storage-service: pid $SERVICE_PID, port $PORT, $EVENTS_TOPIC -> bucket $BUCKET, group $GROUP, write-concurrency $WRITE_CONCURRENCY (log $OUT/storage-service.log)"
bench_await_ready storage-service "$SERVICE_PID" "$PORT" "$OUT/storage-service.log"

# ---- one backlog: fill, drain, measure ------------------------------------------------------------
WATCH=(--watch "storage=$SERVICE_PID" --watch "broker=$BROKER_PID" --watch "s3=$S3_PID")
# fill_and_drain NAME EVENTS PROJECT: writes a backlog of project PROJECT in one transaction (the
# service sees it only once it is all there) and watches the service drain it.
fill_and_drain() {
  local name=$1 events=$2 project=$3
  say "$name: writing a backlog of $events events (project $project, $SESSIONS sessions at a time)"
  curl -s -m 10 "http://127.0.0.1:$PORT/q/metrics" >"$OUT/$name-before.prom" || die "no metrics from storage-service"
  run_child bench_tool fill-events --bootstrap "$BOOTSTRAP" --topic "$EVENTS_TOPIC" --events "$events" \
    --concurrent-sessions "$SESSIONS" --pages "$PAGES" --events-per-page "$EVENTS_PER_PAGE" --rows "$ROWS" \
    --end-share "$END_SHARE" --project "$project" --prefix "$project" --truncate-first \
    --backlog-file "$OUT/$name.backlog" >"$OUT/$name-fill.txt" 2>>"$OUT/bench-tools.log" ||
    die "fill failed (see $OUT/bench-tools.log)"
  say "$name: $(sed -n 's/^FILL //p' "$OUT/$name-fill.txt")"
  if [[ "${BENCH_JFR:-}" == 1 && $name != warmup ]]; then
    "$JCMD" "$SERVICE_PID" JFR.start name="$name" settings="${BENCH_JFR_SETTINGS:-profile}" filename="$OUT/storage-$name.jfr" >/dev/null 2>&1 || true
  fi
  say "$name: storage-service drains it"
  run_child bench_tool drain --bootstrap "$BOOTSTRAP" --group "$GROUP" --backlog-file "$OUT/$name.backlog" \
    --metrics-url "http://127.0.0.1:$PORT/q/metrics" "${WATCH[@]}" --service-pid "$SERVICE_PID" --series "$OUT/$name-series.csv" \
    --before "$OUT/$name-before.prom" >"$OUT/$name-drain.txt" 2>>"$OUT/bench-tools.log" || die "drain failed (see $OUT/$name-drain.txt, $OUT/bench-tools.log)"
  if [[ "${BENCH_JFR:-}" == 1 && $name != warmup ]]; then
    "$JCMD" "$SERVICE_PID" JFR.stop name="$name" >/dev/null 2>&1 || true
  fi
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }

# The JIT needs a while under load: drain a first backlog unmeasured.
fill_and_drain warmup "$WARMUP_EVENTS" bench-warmup
bench_tool bucket empty "${S3_ARGS[@]}" --prefix sessions/bench-warmup/ 2>>"$OUT/bench-tools.log"

ROWS_OUT=()
for run in $(seq 1 "$RUNS"); do
  project="bench-r$run"
  fill_and_drain "run-$run" "$EVENTS" "$project"
  result=$(grep '^RESULT' "$OUT/run-$run-drain.txt") || die "no result in $OUT/run-$run-drain.txt"
  grep -q 'error=' <<<"$result" && die "run $run: $result"
  cpu=$(sed -n 's/^CPU //p' "$OUT/run-$run-drain.txt")
  flush=$(sed -n 's/^FLUSH //p' "$OUT/run-$run-drain.txt")
  threads=$(sed -n 's/^THREADS //p' "$OUT/run-$run-drain.txt")
  bench_tool bucket stats "${S3_ARGS[@]}" --prefix "sessions/$project/" >"$OUT/run-$run-objects.txt" 2>>"$OUT/bench-tools.log"
  say "run $run storage-service: $result"
  chunks_line=$(sed -n 's/^CHUNKS //p' "$OUT/run-$run-objects.txt")
  manifests_line=$(sed -n 's/^MANIFESTS //p' "$OUT/run-$run-objects.txt")
  storage_cpu=$(sed -n 's/.*storage=\([0-9]*\).*/\1/p' <<<"$cpu")
  us_per_event=$(awk -v c="$storage_cpu" -v e="$(field events_per_s "$result")" 'BEGIN {printf "%.0f", (e > 0 ? c / 100 / e * 1e6 : 0)}')
  puts_per_s=$(awk -v c="$(field chunks_per_s "$result")" -v m="$(field manifests_per_s "$result")" 'BEGIN {printf "%.0f", c + m}')
  ROWS_OUT+=("$run|storage-service|$(field events_per_s "$result")|$(field stored_mb_per_s "$result")|$(field raw_mb_per_s "$result")|$puts_per_s|$cpu|chunks: $(field chunks "$result") of $(field mean_chunk_stored "$result") B ($(field mean_chunk_raw "$result") B of frames, p10/p50/p90 $(field p10 "$chunks_line")/$(field p50 "$chunks_line")/$(field p90 "$chunks_line") B), $(field manifests "$result") manifest PUTs ($(field mean "$manifests_line") B); window $(field window_s "$result") s from $(field window_start_s "$result") s; whole drain $(field drain_s "$result") s = $(field drain_stored_mb_per_s "$result") MB/s, $(field drain_events_per_s "$result") events/s; flush of a session $(field mean_ms " $flush") ms on average; service CPU $us_per_event µs/event, by thread: ${threads% ingest_us_per_event=*} (ingest thread $(field ingest_us_per_event " $threads") µs/event; its time: $(field ingest_running " $threads") % running, $(field ingest_runnable_waiting " $threads") % waiting for a core, $(field ingest_blocked " $threads") % blocked); sessions held $(field sessions_held "$result")")

  # The baseline: the same objects PUT again with the client set up as the service's (TCP_NODELAY,
  # replay.s3.max-requests in flight): each chunk followed by its session's manifest, as the service
  # writes them; then the chunks alone, for scale.
  # Last, each chunk's frames uncompressed + the manifest: what storing the events as they come
  # (no compression) would write, against which the service's frames MB/s compares.
  for variant in chunk-and-manifest chunks-only frames-and-manifest; do
    case $variant in
      chunk-and-manifest)
        args=(--tcp-no-delay --max-requests-per-host "$S3_MAX_REQUESTS" --manifest-per-chunk)
        label="raw PUTs, chunk + manifest" ;;
      chunks-only)
        args=(--tcp-no-delay --max-requests-per-host "$S3_MAX_REQUESTS")
        label="raw PUTs, chunks only" ;;
      frames-and-manifest)
        args=(--tcp-no-delay --max-requests-per-host "$S3_MAX_REQUESTS" --manifest-per-chunk --frames)
        label="raw PUTs, uncompressed frames + manifest" ;;
    esac
    say "run $run: $label ($PUT_PASSES passes over the round's chunks, $WRITE_CONCURRENCY threads)"
    run_child bench_tool raw-puts "${S3_ARGS[@]}" --prefix "sessions/$project/" --concurrency "$WRITE_CONCURRENCY" \
      --passes "$PUT_PASSES" "${args[@]}" --watch "s3=$S3_PID" --watch "storage=$SERVICE_PID" \
      >"$OUT/run-$run-puts-$variant.txt" 2>>"$OUT/bench-tools.log" || die "raw PUTs failed (see $OUT/bench-tools.log)"
    measured=$(grep '^RESULT' "$OUT/run-$run-puts-$variant.txt" | grep 'warmup=false') || die "no raw PUT result"
    mbps=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^mb_per_s=/) {split($i, a, "="); s += a[2]; n++}} END {printf "%.2f", s / n}' <<<"$measured")
    pps=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^puts_per_s=/) {split($i, a, "="); s += a[2]; n++}} END {printf "%.0f", s / n}' <<<"$measured")
    each=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^mb_per_s=/) {split($i, a, "="); printf "%s%s", sep, a[2]; sep = " / "}}' <<<"$measured")
    pcpu=$(grep -A1 'warmup=false' "$OUT/run-$run-puts-$variant.txt" | sed -n 's/^CPU //p' | tail -1)
    ROWS_OUT+=("$run|$label||$mbps||$pps|$pcpu|passes: $each MB/s")
    say "run $run $label: $mbps MB/s, $pps PUTs/s"
  done
  bench_tool bucket empty "${S3_ARGS[@]}" --prefix "sessions/$project/" 2>>"$OUT/bench-tools.log"
done

# ---- table --------------------------------------------------------------------------------------
{
  echo
  echo "Storage write throughput, $(date -u '+%F %H:%M UTC'), $(nproc) cores, backlogs of $EVENTS events"
  echo "($SESSIONS sessions at a time, $PAGES pages of ~$EVENTS_PER_PAGE events), write-concurrency $WRITE_CONCURRENCY,"
  echo "storage-service of $VERSION."
  echo "MB = 10^6 bytes. stored = chunk objects (zstd), frames = the same before compression."
  echo "storage-service: steady rate between 10 % and 90 % of the frame bytes written (or the whole backlog read,"
  echo "if that came first: the rest waits for chunk.max-age); raw PUTs: mean of the"
  echo "measured passes over the same chunk objects (each followed by its session's manifest, as the service"
  echo "writes them, or alone), client as the service's: TCP_NODELAY, $S3_MAX_REQUESTS requests in flight."
  echo "vs raw: the service's stored MB/s against raw PUTs of chunk + manifest, and its frames MB/s against raw"
  echo "PUTs of the same frames uncompressed + manifest (the events stored as they come)."
  echo
  echo "| run | line | events/s | stored MB/s | frames MB/s | PUTs/s | vs raw | CPU % | notes |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  for row in "${ROWS_OUT[@]}"; do
    IFS='|' read -r run line eps mbps raw_mbps pps cpu notes <<<"$row"
    ratio=""
    if [[ $line == storage-service ]]; then
      base=$(printf '%s\n' "${ROWS_OUT[@]}" | awk -F'|' -v r="$run" '$1 == r && $2 ~ /chunk \+ manifest/ {print $4}')
      plain=$(printf '%s\n' "${ROWS_OUT[@]}" | awk -F'|' -v r="$run" '$1 == r && $2 ~ /uncompressed frames/ {print $4}')
      ratio=$(awk -v a="$mbps" -v b="$base" -v f="$raw_mbps" -v c="$plain" 'BEGIN {printf "stored %.0f %%, frames %.0f %%", (b > 0 ? 100 * a / b : 0), (c > 0 ? 100 * f / c : 0)}')
    fi
    echo "| $run | $line | $eps | $mbps | $raw_mbps | $pps | $ratio | $cpu | $notes |"
  done
} | tee "$OUT/results.md"
