#!/usr/bin/env bash
# Redaction throughput: how fast redaction-service drains a backlog of captured rrweb events
# (consume, redact, produce redacted events and reports, commit, in one Kafka transaction per
# batch), next to a plain Kafka pass-through that copies the same backlog with the same client
# settings, on the same broker. Prints a Markdown table; docs/BENCHMARKS.md explains the figures.
#
# usage: bench/redaction-throughput.sh          (settings below, all overridable by environment)
#
#   BENCH_RUNS=2                 measured rounds (the machine is noisy: report them all)
#   BENCH_EVENTS=800000          events per measured backlog
#   BENCH_WARMUP_EVENTS=1000000  events of the first backlog, drained before measuring (JIT, broker)
#   BENCH_SESSIONS=500           sessions recording at the same time in a backlog (interleaved)
#   BENCH_PAGES=2                pages per session, each starting with Meta + FullSnapshot
#   BENCH_EVENTS_PER_PAGE=120    mean events per page after its snapshot
#   BENCH_ROWS=48                mean customer-table rows per page snapshot (sets the mean event size)
#   BENCH_PASSES=2               pass-through drains of each backlog; all but the last are warm-up
#   BENCH_BASELINE=1             run the pass-through beside redaction-service (0: measure the service only)
#   BENCH_NO_TX_BASELINE=1       also run the pass-through without transactions (0: skip it)
#   BENCH_REDACTION_PORT         redaction-service HTTP port [first free port from 18082]
#   BENCH_REDACTION_JAVA_OPTS=-Xmx2g   JVM options for redaction-service (its mirrors hold up to 1M nodes,
#                                about 200 MB; without a bound the JVM takes up to a quarter of the RAM)
#   BENCH_REDACTION_JAR          the redaction-service to measure [redaction-service/target/quarkus-app/quarkus-run.jar]
#   BENCH_JFR=1                  record a JFR profile of redaction-service while it drains each measured backlog
#   BENCH_SKIP_BUILD=1           use the jars already built
#   BENCH_OUT                    results, logs and recordings [bench/target/redaction-throughput]
#   MESH_DATA, MESH_KAFKA_PORT, ... as for bin/mesh: which broker to use or start.
#
# The broker and S3 server are started with `bin/mesh infra up` unless they are running, and only
# what this script started is stopped at the end. Everything goes through the benchmark's own
# topics (bench.redaction.in.v1, bench.redacted.v1, bench.redaction-reports.v1,
# bench.passthrough.v1, made like the mesh's: same partition count, max.message.bytes 20 MiB),
# emptied after each round and deleted at the end, so the mesh's real topics get no benchmark data.
# With the defaults a run writes about 15 GB through the broker. The pass-through's topic is deleted
# after each use (the broker frees it within a minute); the others are emptied after each round and
# give their space back at the broker's next retention check (every 5 minutes): the broker's data
# held up to 9.3 GB during a run, so its directory needs about 10 GB free (MESH_DATA on a tmpfs
# such as /dev/shm works too, if there is the memory).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"
# shellcheck source=SCRIPTDIR/lib.sh
source "$REPO_DIR/bench/lib.sh"

RUNS=${BENCH_RUNS:-2}
EVENTS=${BENCH_EVENTS:-800000}
WARMUP_EVENTS=${BENCH_WARMUP_EVENTS:-1000000}
SESSIONS=${BENCH_SESSIONS:-500}
PAGES=${BENCH_PAGES:-2}
EVENTS_PER_PAGE=${BENCH_EVENTS_PER_PAGE:-120}
ROWS=${BENCH_ROWS:-48}
PASSES=${BENCH_PASSES:-2}
BASELINE=${BENCH_BASELINE:-1}
NO_TX_BASELINE=${BENCH_NO_TX_BASELINE:-1}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/redaction-throughput}
DATA=${MESH_DATA:-$REPO_DIR/.mesh}
KAFKA_PORT=${MESH_KAFKA_PORT:-9092}
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
IN_TOPIC=bench.redaction.in.v1
REDACTED_TOPIC=bench.redacted.v1
REPORTS_TOPIC=bench.redaction-reports.v1
PT_TOPIC=bench.passthrough.v1
TOPICS=("$IN_TOPIC" "$REDACTED_TOPIC" "$REPORTS_TOPIC" "$PT_TOPIC")
# As local-mesh's MeshTopics.MAX_MESSAGE_BYTES (20 MiB). Smaller segments than the broker's 256 MiB
# default so that emptying a topic between rounds frees all but a little of it.
MAX_MESSAGE_BYTES=20971520
SEGMENT_BYTES=67108864

REDACTION_JAR=${BENCH_REDACTION_JAR:-$REPO_DIR/redaction-service/target/quarkus-app/quarkus-run.jar}
PROPS="$REPO_DIR/redaction-service/src/main/resources/application.properties"

mkdir -p "$OUT"

# ---- cleanup: only what this script started -------------------------------------------------
SERVICE_PID=
CHILD_PID=
HELPER_PIDS=()
TOPICS_MADE=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in $CHILD_PID ${HELPER_PIDS[@]+"${HELPER_PIDS[@]}"}; do
    if mesh_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  bench_stop redaction-service "$SERVICE_PID"
  if ((TOPICS_MADE)) && mesh_port_open "$KAFKA_PORT"; then
    delete_topics "${TOPICS[@]}" || true
  fi
  bench_infra_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

create_topics() {
  local t
  for t in "$@"; do
    topic_cmd --create --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 \
      --config "max.message.bytes=$MAX_MESSAGE_BYTES" --config "segment.bytes=$SEGMENT_BYTES" \
      --config file.delete.delay.ms=1000 >/dev/null
  done
}
# The benchmark's own tools (fill, drain, passthrough, truncate): bench/.../RedactionBench.java.
# Their progress and Kafka's warnings go to $OUT/bench-tools.log.
BENCH_TOOL=("$JAVA" -Xmx1g -cp "$BENCH_CP" dev.replaymesh.bench.RedactionBench)

# ---- build --------------------------------------------------------------------------------------
bench_build bench,redaction-service,local-mesh "$REDACTION_JAR"
compgen -G "$REPO_DIR/bench/target/kafka-tools/kafka-clients-*.jar" >/dev/null || die "bench/target/kafka-tools is missing"

# ---- infra --------------------------------------------------------------------------------------
bench_infra_up
BROKER_PID=$(tr -dc '0-9' <"$DATA/kafka/kafka.pid")
free_mb=$(df -Pm "$DATA" | awk 'NR == 2 {print $4}')
if ((free_mb < 10000)); then
  say "warning: only ${free_mb} MB free where the broker keeps its data ($DATA); a run needs about 10 GB"
fi

# Same partition count as the real capture topic.
PARTITIONS=$(topic_cmd --describe --topic replay.capture.v1 2>/dev/null |
  sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
PARTITIONS=${PARTITIONS:-${MESH_PARTITIONS:-3}}
delete_topics "${TOPICS[@]}"
TOPICS_MADE=1
create_topics "${TOPICS[@]}"
say "topics ${TOPICS[*]}: $PARTITIONS partitions each"

# ---- redaction-service --------------------------------------------------------------------------
PORT=${BENCH_REDACTION_PORT:-}
if [[ -z "$PORT" ]]; then
  PORT=$(bench_free_port 18082)
fi
mesh_port_open "$PORT" && die "port $PORT is in use"
GROUP="bench-redaction-$(date +%s)-$$"
# shellcheck disable=SC2086 # a list of JVM options
QUARKUS_PROFILE=local QUARKUS_HTTP_PORT=$PORT KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP \
  MP_MESSAGING_INCOMING_CAPTURE_IN_TOPIC=$IN_TOPIC MP_MESSAGING_INCOMING_CAPTURE_IN_GROUP_ID=$GROUP \
  REPLAY_REDACTION_TOPICS_REDACTED=$REDACTED_TOPIC REPLAY_REDACTION_TOPICS_REPORTS=$REPORTS_TOPIC \
  "$JAVA" ${BENCH_REDACTION_JAVA_OPTS:--Xmx2g} -jar "$REDACTION_JAR" >"$OUT/redaction-service.log" 2>&1 </dev/null &
SERVICE_PID=$!
say "redaction-service: pid $SERVICE_PID, port $PORT, $IN_TOPIC -> $REDACTED_TOPIC + $REPORTS_TOPIC, group $GROUP (log $OUT/redaction-service.log)"
bench_await_ready redaction-service "$SERVICE_PID" "$PORT" "$OUT/redaction-service.log"

# ---- the pass-through's settings: redaction-service's own -----------------------------------------
# Kafka client settings of its incoming and outgoing channels (not SmallRye's own keys, nor the
# topic, group and (de)serializers, which the pass-through sets itself).
mapfile -t CONSUMER_PROPS < <(sed -n -E \
  's/^mp\.messaging\.incoming\.capture-in\.(max\.poll\.records|fetch\.max\.bytes|fetch\.min\.bytes|fetch\.max\.wait\.ms|max\.partition\.fetch\.bytes|isolation\.level|receive\.buffer\.bytes)=(.*)$/\1=\2/p' "$PROPS")
mapfile -t PRODUCER_PROPS < <(sed -n -E \
  's/^mp\.messaging\.outgoing\.redacted-out\.(acks|enable\.idempotence|batch\.size|linger\.ms|buffer\.memory|max\.request\.size|compression\.type|max\.in\.flight\.requests\.per\.connection|send\.buffer\.bytes)=(.*)$/\1=\2/p' "$PROPS")
PT_ARGS=()
for p in ${CONSUMER_PROPS[@]+"${CONSUMER_PROPS[@]}"}; do PT_ARGS+=(--consumer-property "$p"); done
for p in ${PRODUCER_PROPS[@]+"${PRODUCER_PROPS[@]}"}; do PT_ARGS+=(--producer-property "$p"); done
say "pass-through consumer settings: ${CONSUMER_PROPS[*]:-none}"
say "pass-through producer settings: ${PRODUCER_PROPS[*]:-none}"


FILL_ARGS=(--bootstrap "$BOOTSTRAP" --topic "$IN_TOPIC" --concurrent-sessions "$SESSIONS" --pages "$PAGES"
  --events-per-page "$EVENTS_PER_PAGE" --rows "$ROWS")

# Writes a backlog in one transaction and measures how fast redaction-service drains it.
service_drain() {
  local name=$1 events=$2 seed=$3
  run_child "${BENCH_TOOL[@]}" fill "${FILL_ARGS[@]}" --events "$events" --seed "$seed" --prefix "bench-$name" \
    --backlog-file "$OUT/$name.backlog" --group "$GROUP" --watch "redaction=$SERVICE_PID" \
    --watch "broker=$BROKER_PID" --series "$OUT/$name-series.csv" >"$OUT/$name.txt" 2>>"$OUT/bench-tools.log" ||
    die "$name: the backlog was not drained (see $OUT/$name.txt, $OUT/bench-tools.log, $OUT/redaction-service.log)"
  curl -s -m 5 "http://127.0.0.1:$PORT/q/metrics" >"$OUT/$name-metrics.txt" || true
}

# Drains the backlog PASSES times with the pass-through; the drain watcher follows every pass.
passthrough_drain() {
  local name=$1 backlog=$2
  shift 2
  local groups=() pass
  for pass in $(seq 1 "$PASSES"); do groups+=(--group "bench-$name-$pass"); done
  "${BENCH_TOOL[@]}" passthrough --bootstrap "$BOOTSTRAP" --backlog-file "$backlog" --out "$PT_TOPIC" \
    --group "bench-$name" --passes "$PASSES" ${PT_ARGS[@]+"${PT_ARGS[@]}"} "$@" 2>>"$OUT/bench-tools.log" &
  local pt_pid=$!
  HELPER_PIDS=("$pt_pid")
  run_child "${BENCH_TOOL[@]}" drain --bootstrap "$BOOTSTRAP" --backlog-file "$backlog" "${groups[@]}" \
    --watch "passthrough=$pt_pid" --watch "broker=$BROKER_PID" --series "$OUT/$name-series.csv" \
    >"$OUT/$name.txt" 2>>"$OUT/bench-tools.log" ||
    die "$name: the backlog was not drained (see $OUT/$name.txt, $OUT/bench-tools.log)"
  wait "$pt_pid" || die "$name: the pass-through failed (see $OUT/bench-tools.log)"
  HELPER_PIDS=()
  # Its output is read by nobody: delete it now (the broker frees a deleted topic within a minute).
  delete_topics "$PT_TOPIC"
  create_topics "$PT_TOPIC"
}

# Empties the service's topics; what they held (offsets, bytes) goes to $OUT/topics-NAME.txt.
empty_topics() {
  "${BENCH_TOOL[@]}" truncate --bootstrap "$BOOTSTRAP" "$IN_TOPIC" "$REDACTED_TOPIC" "$REPORTS_TOPIC" \
    >"$OUT/topics-$1.txt" 2>>"$OUT/bench-tools.log" ||
    say "could not empty the topics (see $OUT/bench-tools.log)"
}

jfr_start() {
  [[ "${BENCH_JFR:-}" == 1 ]] || return 0
  "$JCMD" "$SERVICE_PID" JFR.start name="$1" settings=profile filename="$OUT/redaction-$1.jfr" >/dev/null 2>&1 || true
}
jfr_stop() {
  [[ "${BENCH_JFR:-}" == 1 ]] || return 0
  "$JCMD" "$SERVICE_PID" JFR.stop name="$1" >/dev/null 2>&1 || true
}

# The last RESULT and CPU lines of a drain output: "eps mbps cpu notes".
result_row() {
  local file=$1 label=$2 extra=${3:-}
  local result cpu
  result=$(grep '^RESULT' "$file" | tail -1) || die "no result in $file"
  [[ "$result" != *error=* ]] || die "$file: $result"
  cpu=$(grep '^CPU' "$file" | tail -1 | sed 's/^CPU //')
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  local eps mbps us
  eps=$(field events_per_s)
  mbps=$(field mb_per_s)
  # CPU time of the measured process per event, from its share of the cores and the rate.
  us=$(awk -v c="$(sed -n 's/^[a-z]*=\([0-9]*\)(.*/\1/p' <<<"$cpu")" -v e="$eps" 'BEGIN {if (e > 0) printf "%.0f", c / 100 / e * 1e6}')
  echo "$label|$eps|$mbps|$cpu|${us} µs CPU/event; $(field seconds) s measured of $(field drain_s) s drain; record MB/s $(field record_mb_per_s)${extra:+; $extra}"
}

ROWS_OUT=()
say "warm-up: a backlog of $WARMUP_EVENTS events, drained before measuring"
service_drain warmup "$WARMUP_EVENTS" 1
ROWS_OUT+=("warm-up|$(result_row "$OUT/warmup.txt" "redaction-service (not counted)")")
say "warm-up: $(grep '^RESULT' "$OUT/warmup.txt")"
empty_topics warmup

for run in $(seq 1 "$RUNS"); do
  say "run $run/$RUNS: a backlog of $EVENTS events through redaction-service"
  jfr_start "run-$run"
  service_drain "redaction-$run" "$EVENTS" $((100 + run))
  jfr_stop "run-$run"
  ROWS_OUT+=("$run|$(result_row "$OUT/redaction-$run.txt" "redaction-service")")
  say "run $run redaction-service: $(grep '^RESULT' "$OUT/redaction-$run.txt")"

  if [[ "$BASELINE" == 1 ]]; then
    say "run $run/$RUNS: the same backlog through the pass-through, transactional ($PASSES passes, the last measured)"
    passthrough_drain "passthrough-tx-$run" "$OUT/redaction-$run.backlog"
    ROWS_OUT+=("$run|$(result_row "$OUT/passthrough-tx-$run.txt" "pass-through, transactional")")
    say "run $run pass-through: $(grep '^RESULT' "$OUT/passthrough-tx-$run.txt" | tail -1)"
  fi

  if [[ "$BASELINE" == 1 && "$NO_TX_BASELINE" == 1 ]]; then
    say "run $run/$RUNS: the same backlog through the pass-through without transactions"
    passthrough_drain "passthrough-notx-$run" "$OUT/redaction-$run.backlog" --no-transactions
    ROWS_OUT+=("$run|$(result_row "$OUT/passthrough-notx-$run.txt" "pass-through, no transactions")")
    say "run $run pass-through, no transactions: $(grep '^RESULT' "$OUT/passthrough-notx-$run.txt" | tail -1)"
  fi
  empty_topics "run-$run"
done

# ---- table --------------------------------------------------------------------------------------
{
  echo
  echo "Redaction throughput, $(date -u '+%F %H:%M UTC'), $(nproc) cores; backlogs of $EVENTS events"
  echo "(warm-up $WARMUP_EVENTS), $SESSIONS sessions at a time, $(grep '^EVENTS' "$OUT/redaction-1.txt" | sed 's/^EVENTS //')."
  echo "events/s and MB/s (10^6 bytes of rrweb event JSON) between 5 % and 95 % of the backlog committed."
  echo "Pass-through settings (redaction-service's): ${CONSUMER_PROPS[*]:-} ${PRODUCER_PROPS[*]:-}."
  echo "vs pass-through: events/s against the same run's transactional pass-through."
  echo "CPU: % of one core over that window, (sys ...) its kernel part; machine = all cores busy,"
  echo "others = busy time not in the listed processes (interrupts, other work on the machine)."
  echo
  echo "| run | what | events/s | MB/s | vs pass-through | CPU % | notes |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
  for row in "${ROWS_OUT[@]}"; do
    IFS='|' read -r run what eps mbps cpu notes <<<"$row"
    base=$(printf '%s\n' "${ROWS_OUT[@]}" | awk -F'|' -v r="$run" '$1 == r && $2 == "pass-through, transactional" {print $3}')
    ratio=$(awk -v a="$eps" -v b="$base" 'BEGIN {if (b > 0) printf "%.0f %%", 100 * a / b; else printf "-"}')
    echo "| $run | $what | $eps | $mbps | $ratio | $cpu | $notes |"
  done
} | tee "$OUT/results.md"
