#!/usr/bin/env bash
# Capture throughput: the raw Kafka producer (ProducerPerformance), capture-service over HTTP and
# over the gRPC stream, one after the other against the same broker, each measured for a fixed
# time after a warm-up. Prints a Markdown table; docs/BENCHMARKS.md explains the figures.
#
# usage: bench/capture-throughput.sh            (settings below, all overridable by environment)
#
#   BENCH_RUNS=2               rounds of raw / http / grpc (the machine is noisy: report them all)
#   BENCH_WARMUP=10            seconds of load before each measurement
#   BENCH_DURATION=30          seconds measured
#   BENCH_HTTP_CONNECTIONS=16  concurrent HTTP connections (one request in flight on each)
#   BENCH_GRPC_STREAMS=8       concurrent Capture streams ...
#   BENCH_GRPC_CHANNELS=8      ... over this many HTTP/2 connections (8: one per stream, as SDKs do)
#   BENCH_HTTP_CLIENT=socket   socket (minimal HTTP/1.1 client) or jdk (java.net.http.HttpClient)
#   BENCH_GRPC_IN_FLIGHT=32    unanswered batches per stream (the server holds up to 32)
#   BENCH_SESSIONS=128         distinct session ids per load
#   BENCH_SERVICE_WARMUP=30    seconds of unmeasured HTTP and then gRPC load once capture is up (JIT)
#   BENCH_CAPTURE_PORT         capture-service port [first free port from 18081]
#   BENCH_CAPTURE_JAVA_OPTS    extra JVM options for capture-service
#   BENCH_CAPTURE_JAR          the capture-service to measure [capture-service/target/quarkus-app/quarkus-run.jar]
#   BENCH_JFR=1                record a JFR profile of capture-service during each measurement
#   BENCH_SKIP_BUILD=1         use the jars already built
#   BENCH_OUT                  results, logs and recordings [bench/target/capture-throughput]
#   MESH_DATA, MESH_KAFKA_PORT, ... as for bin/mesh: which broker to use or start.
#
# The broker and S3 server are started with `bin/mesh infra up` unless they are running, and only
# what this script started is stopped at the end. capture-service writes to its own topic
# (bench.capture.v1, made like replay.capture.v1) so that the mesh's real topic never receives
# gigabytes of benchmark events; both benchmark topics are deleted at the end.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"
# shellcheck source=SCRIPTDIR/lib.sh
source "$REPO_DIR/bench/lib.sh"

RUNS=${BENCH_RUNS:-2}
WARMUP=${BENCH_WARMUP:-10}
DURATION=${BENCH_DURATION:-30}
HTTP_CONNECTIONS=${BENCH_HTTP_CONNECTIONS:-16}
GRPC_STREAMS=${BENCH_GRPC_STREAMS:-8}
GRPC_CHANNELS=${BENCH_GRPC_CHANNELS:-8}
GRPC_IN_FLIGHT=${BENCH_GRPC_IN_FLIGHT:-32}
SESSIONS=${BENCH_SESSIONS:-128}
SERVICE_WARMUP=${BENCH_SERVICE_WARMUP:-30}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/capture-throughput}
DATA=${MESH_DATA:-$REPO_DIR/.mesh}
KAFKA_PORT=${MESH_KAFKA_PORT:-9092}
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
RAW_TOPIC=bench.raw.v1
CAPTURE_TOPIC=bench.capture.v1
# As local-mesh's MeshTopics.MAX_MESSAGE_BYTES (20 MiB).
MAX_MESSAGE_BYTES=20971520
RECORD_SIZE=1024

LOADGEN_CP="$REPO_DIR/bench/target/bench.jar:$REPO_DIR/bench/target/lib/*"
CAPTURE_JAR=${BENCH_CAPTURE_JAR:-$REPO_DIR/capture-service/target/quarkus-app/quarkus-run.jar}
HTTP_CLIENT=${BENCH_HTTP_CLIENT:-socket}

mkdir -p "$OUT"

# ---- cleanup: only what this script started -------------------------------------------------
CAPTURE_PID=
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
  bench_stop capture-service "$CAPTURE_PID"
  if ((TOPICS_MADE)) && mesh_port_open "$KAFKA_PORT"; then
    delete_topics "$RAW_TOPIC" "$CAPTURE_TOPIC" || true
  fi
  bench_infra_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Kafka's tools log through slf4j 1.7 without a binding: their stderr goes to a file.
KAFKA_TOOLS=("$JAVA" -Xmx256m -cp "$KAFKA_TOOLS_CP")


# ---- build --------------------------------------------------------------------------------------
bench_build bench,capture-service,local-mesh "$CAPTURE_JAR"
compgen -G "$REPO_DIR/bench/target/kafka-tools/kafka-tools-*.jar" >/dev/null || die "bench/target/kafka-tools is missing"

# ---- infra --------------------------------------------------------------------------------------
bench_infra_up
BROKER_PID=$(tr -dc '0-9' <"$DATA/kafka/kafka.pid")

# Same partition count as the real capture topic.
PARTITIONS=$(topic_cmd --describe --topic replay.capture.v1 2>/dev/null |
  sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
PARTITIONS=${PARTITIONS:-${MESH_PARTITIONS:-3}}
delete_topics "$RAW_TOPIC" "$CAPTURE_TOPIC"
TOPICS_MADE=1
for t in "$RAW_TOPIC" "$CAPTURE_TOPIC"; do
  topic_cmd --create --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 \
    --config "max.message.bytes=$MAX_MESSAGE_BYTES" >/dev/null
done
say "topics $RAW_TOPIC and $CAPTURE_TOPIC: $PARTITIONS partitions each"

# ---- capture-service ----------------------------------------------------------------------------
CAPTURE_PORT=${BENCH_CAPTURE_PORT:-}
if [[ -z "$CAPTURE_PORT" ]]; then
  CAPTURE_PORT=$(bench_free_port 18081)
fi
mesh_port_open "$CAPTURE_PORT" && die "port $CAPTURE_PORT is in use"
# shellcheck disable=SC2086 # a list of JVM options
QUARKUS_PROFILE=local QUARKUS_HTTP_PORT=$CAPTURE_PORT KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP \
  MP_MESSAGING_OUTGOING_CAPTURE_EVENTS_TOPIC=$CAPTURE_TOPIC \
  "$JAVA" ${BENCH_CAPTURE_JAVA_OPTS:-} -jar "$CAPTURE_JAR" >"$OUT/capture-service.log" 2>&1 </dev/null &
CAPTURE_PID=$!
say "capture-service: pid $CAPTURE_PID, port $CAPTURE_PORT, topic $CAPTURE_TOPIC (log $OUT/capture-service.log)"
bench_await_ready capture-service "$CAPTURE_PID" "$CAPTURE_PORT" "$OUT/capture-service.log"

# ---- the three loads ----------------------------------------------------------------------------

# The raw baseline: Kafka's own producer benchmark, durable the way capture is (acks=all,
# idempotent), once with Kafka's default producer settings and once with capture-service's own
# (its batch.size, linger.ms, ... from application.properties). It reports every second.
PRODUCER_PERF=("${KAFKA_TOOLS[@]}" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP"
  --topic "$RAW_TOPIC" --record-size "$RECORD_SIZE" --throughput -1 --reporting-interval 1000
  --command-property acks=all enable.idempotence=true)
mapfile -t CAPTURE_PRODUCER_PROPS < <(sed -n -E \
  's/^mp\.messaging\.outgoing\.capture-events\.(batch\.size|linger\.ms|buffer\.memory|max\.request\.size|compression\.type|max\.in\.flight\.requests\.per\.connection)=(.*)$/\1=\2/p' \
  "$REPO_DIR/capture-service/src/main/resources/application.properties")
say "capture's producer settings: ${CAPTURE_PRODUCER_PROPS[*]:-none found}"

# A cold broker (JIT, page cache) is about 3x slower: write ~1.5 GB first.
say "warming up the broker (1.5M records of $RECORD_SIZE B)"
run_child "${PRODUCER_PERF[@]}" --num-records 1500000 >"$OUT/broker-warmup.txt" 2>>"$OUT/kafka-tools.log"

# ProducerPerformance counts records, not time: let it run, stop it once it has reported
# WARMUP + DURATION one-second intervals, and average the last DURATION of them.
raw_producer() {
  local out=$1 lines=0 deadline=$((SECONDS + WARMUP + DURATION + 60))
  shift
  "${PRODUCER_PERF[@]}" "$@" --num-records 1000000000 >"$out" 2>>"$OUT/kafka-tools.log" &
  CHILD_PID=$!
  "$JAVA" -cp "$LOADGEN_CP" dev.replaymesh.bench.LoadGenerator cpu --warmup "$WARMUP" \
    --duration "$DURATION" --watch "broker=$BROKER_PID" --watch "producer=$CHILD_PID" >"${out%.txt}.cpu" 2>/dev/null &
  local cpu_pid=$!
  HELPER_PIDS=("$cpu_pid")
  while ((lines < WARMUP + DURATION)); do
    mesh_alive "$CHILD_PID" || die "ProducerPerformance exited (see $out and $OUT/kafka-tools.log)"
    ((SECONDS < deadline)) || die "ProducerPerformance reported too slowly (see $out)"
    sleep 0.2
    lines=$(grep -c 'records sent,' "$out" || true)
  done
  kill -TERM "$CHILD_PID" 2>/dev/null || true
  wait "$CHILD_PID" 2>/dev/null || true
  CHILD_PID=
  wait "$cpu_pid" || true
  HELPER_PIDS=()
}

# Prints "events_per_s mb_per_s" over the measured intervals of a raw_producer output.
parse_raw() {
  awk -v skip="$WARMUP" -v take="$DURATION" -v size="$RECORD_SIZE" '
    /records sent,/ { n++; if (n > skip && n <= skip + take) { recs += $1; secs += $1 / $4 } }
    END { if (secs > 0) printf "%.0f %.2f\n", recs / secs, recs / secs * size / 1e6 }' "$1"
}

loadgen() {
  run_child "$JAVA" -cp "$LOADGEN_CP" dev.replaymesh.bench.LoadGenerator "$@" --port "$CAPTURE_PORT" \
    --sessions "$SESSIONS" --watch "capture=$CAPTURE_PID" --watch "broker=$BROKER_PID"
}
http_args=(http --connections "$HTTP_CONNECTIONS" --client "$HTTP_CLIENT")
grpc_args=(grpc --streams "$GRPC_STREAMS" --channels "$GRPC_CHANNELS" --in-flight "$GRPC_IN_FLIGHT")

# capture-service's hot paths reach full speed only once the JIT compiled them, which takes far
# longer on 2 busy cores than one WARMUP: run each transport unmeasured first.
say "warming up capture-service (${SERVICE_WARMUP}s of HTTP, then of gRPC)"
loadgen "${http_args[@]}" --warmup 0 --duration "$SERVICE_WARMUP" >"$OUT/service-warmup-http.txt" || true
loadgen "${grpc_args[@]}" --warmup 0 --duration "$SERVICE_WARMUP" >"$OUT/service-warmup-grpc.txt" || true

jfr_during_window() {
  [[ "${BENCH_JFR:-}" == 1 ]] || return 0
  (sleep "$WARMUP"; "$JCMD" "$CAPTURE_PID" JFR.start name="$1" settings=profile duration="${DURATION}s" \
    filename="$OUT/capture-$1.jfr" >/dev/null 2>&1 || true) &
  HELPER_PIDS=($!)
}

ROWS=()
for run in $(seq 1 "$RUNS"); do
  say "run $run/$RUNS: raw producer, Kafka's defaults (${WARMUP}s warm-up + ${DURATION}s)"
  raw_producer "$OUT/raw-$run.txt"
  raw_eps= raw_mbps=
  read -r raw_eps raw_mbps < <(parse_raw "$OUT/raw-$run.txt") || true
  [[ -n "$raw_mbps" ]] || die "no measured intervals in $OUT/raw-$run.txt"
  say "run $run raw: $raw_eps records/s, $raw_mbps MB/s"
  say "run $run/$RUNS: raw producer, capture's settings (${WARMUP}s warm-up + ${DURATION}s)"
  raw_producer "$OUT/raw-tuned-$run.txt" ${CAPTURE_PRODUCER_PROPS[@]+"${CAPTURE_PRODUCER_PROPS[@]}"}
  tuned_eps= tuned_mbps=
  read -r tuned_eps tuned_mbps < <(parse_raw "$OUT/raw-tuned-$run.txt") || true
  [[ -n "$tuned_mbps" ]] || die "no measured intervals in $OUT/raw-tuned-$run.txt"
  say "run $run raw, capture's settings: $tuned_eps records/s, $tuned_mbps MB/s"
  ROWS+=("$run|raw producer, Kafka defaults|$raw_eps|$raw_mbps|$(sed -n 's/^CPU //p' "$OUT/raw-$run.cpu")|records of $RECORD_SIZE B, no key")
  ROWS+=("$run|raw producer, capture's settings|$tuned_eps|$tuned_mbps|$(sed -n 's/^CPU //p' "$OUT/raw-tuned-$run.cpu")|${CAPTURE_PRODUCER_PROPS[*]:-}")

  for transport in http grpc; do
    say "run $run/$RUNS: $transport (${WARMUP}s warm-up + ${DURATION}s)"
    if [[ $transport == http ]]; then
      args=("${http_args[@]}")
    else
      args=("${grpc_args[@]}")
    fi
    jfr_during_window "$transport-$run"
    loadgen "${args[@]}" --warmup "$WARMUP" --duration "$DURATION" >"$OUT/$transport-$run.txt" ||
      say "$transport run $run reported errors (see $OUT/$transport-$run.txt)"
    result=$(grep '^RESULT' "$OUT/$transport-$run.txt") || die "no result in $OUT/$transport-$run.txt"
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
    eps=$(field events_per_s)
    mbps=$(field mb_per_s)
    if [[ $transport == http ]]; then
      how="$HTTP_CONNECTIONS connections, $HTTP_CLIENT client"
    else
      how="$GRPC_STREAMS streams / $GRPC_CHANNELS conns, $GRPC_IN_FLIGHT in flight"
    fi
    how="$how; batch p50 $(field batch_p50_ms) ms, p99 $(field batch_p99_ms) ms; errors $(field errors)"
    ROWS+=("$run|$transport|$eps|$mbps|$(sed -n 's/^CPU //p' "$OUT/$transport-$run.txt")|$how")
    say "run $run $transport: $eps events/s, $mbps MB/s"
  done
done

# ---- table --------------------------------------------------------------------------------------
{
  echo
  echo "Capture throughput, $(date -u '+%F %H:%M UTC'), $(nproc) cores, ${WARMUP}s warm-up + ${DURATION}s measured per line."
  echo "MB = 10^6 bytes of rrweb event JSON acknowledged (raw producer: record values). vs raw: MB/s against the"
  echo "same run's raw producer with Kafka's defaults / with capture's producer settings."
  echo "CPU: % of one core over the measured window, (sys ...) its kernel part; machine = all cores busy,"
  echo "others = busy time not in the listed processes (interrupts, other work on the machine)."
  echo
  echo "| run | path | events/s | MB/s | vs raw | CPU % | notes |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r run path eps mbps cpu notes <<<"$row"
    raw=$(printf '%s\n' "${ROWS[@]}" | awk -F'|' -v r="$run" '$1 == r && $2 == "raw producer, Kafka defaults" {print $4}')
    tuned=$(printf '%s\n' "${ROWS[@]}" | awk -F'|' -v r="$run" '$1 == r && $2 == "raw producer, capture'"'"'s settings" {print $4}')
    ratio=$(awk -v a="$mbps" -v b="$raw" -v c="$tuned" 'BEGIN {printf "%.0f %% / %.0f %%", (b > 0 ? 100 * a / b : 0), (c > 0 ? 100 * a / c : 0)}')
    echo "| $run | $path | $eps | $mbps | $ratio | $cpu | $notes |"
  done
} | tee "$OUT/results.md"
