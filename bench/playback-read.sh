#!/usr/bin/env bash
# Playback read speed: one long session (60 minutes of rrweb events at the recorded fixtures' rate)
# written into a bucket of the benchmark's own as storage lays it out, then read whole and from its
# middle through playback-service's gRPC Play, next to raw MinIO-client GETs of the same chunks plus
# zstd decompression. Prints a Markdown table; docs/BENCHMARKS.md ("Playback read speed") explains it.
#
# usage: bench/playback-read.sh             (settings below, all overridable by environment)
#
#   BENCH_RUNS=20               measured reads of each kind (their median is reported)
#   BENCH_WARMUP=40             reads of each kind before measuring (JIT warm-up of both sides)
#   BENCH_MINUTES=60            session length
#   BENCH_PLAYBACK_PORT         playback-service HTTP and gRPC port [first free port from 18190]
#   BENCH_PLAYBACK_JAVA_OPTS    extra JVM options for playback-service
#   BENCH_SKIP_BUILD=1          use the jars already built
#   BENCH_OUT                   results and logs [bench/target/playback-read]
#   MESH_DATA, MESH_KAFKA_PORT, MESH_S3_PORT, ... as for bin/mesh: which broker and S3 server to use or start.
#
# The broker and S3 server are started with `bin/mesh infra up` unless they are running, and only
# what this script started is stopped at the end. The session goes to the bucket bench-playback,
# deleted at the end; playback-service reads the mesh's catalog topic (it writes nothing).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"
# shellcheck source=SCRIPTDIR/lib.sh
source "$REPO_DIR/bench/lib.sh"

RUNS=${BENCH_RUNS:-20}
WARMUP=${BENCH_WARMUP:-40}
MINUTES=${BENCH_MINUTES:-60}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/playback-read}
DATA=${MESH_DATA:-$REPO_DIR/.mesh}
KAFKA_PORT=${MESH_KAFKA_PORT:-9092}
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
S3_ENDPOINT="http://127.0.0.1:${MESH_S3_PORT:-9000}"
S3_ACCESS_KEY=${MESH_S3_ACCESS_KEY:-minioadmin}
S3_SECRET_KEY=${MESH_S3_SECRET_KEY:-minioadmin}
BUCKET=bench-playback
PLAYBACK_JAR=$REPO_DIR/playback-service/target/quarkus-app/quarkus-run.jar
mkdir -p "$OUT"

SERVICE_PID=
CHILD_PID=
BUCKET_MADE=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$CHILD_PID" ]] && mesh_alive "$CHILD_PID"; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  bench_stop playback-service "$SERVICE_PID" 30
  if ((BUCKET_MADE)) && mesh_port_open "${MESH_S3_PORT:-9000}"; then
    bench_tool bucket delete "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log" || true
  fi
  bench_infra_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The benchmark's own tools: bench/src/main/java/dev/replaymesh/bench/PlaybackBench.java.
bench_tool() {
  "$JAVA" -Xmx1500m -cp "$BENCH_CP" dev.replaymesh.bench.PlaybackBench "$@"
}
S3_ARGS=(--s3-endpoint "$S3_ENDPOINT" --s3-access-key "$S3_ACCESS_KEY" --s3-secret-key "$S3_SECRET_KEY" --bucket "$BUCKET")

bench_build bench,playback-service,local-mesh "$PLAYBACK_JAR"
PLAYBACK_JAR=$(bench_app_copy "$PLAYBACK_JAR" playback-app)
VERSION="$(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo unknown)"

bench_infra_up
bench_tool bucket delete "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log"
bench_tool bucket create "${S3_ARGS[@]}" 2>>"$OUT/bench-tools.log"
BUCKET_MADE=1

PORT=${BENCH_PLAYBACK_PORT:-}
if [[ -z "$PORT" ]]; then
  PORT=$(bench_free_port 18190)
fi
# shellcheck disable=SC2086 # a list of JVM options
"$JAVA" ${BENCH_PLAYBACK_JAVA_OPTS:-} -Dquarkus.profile=local -Dquarkus.http.port="$PORT" -Dkafka.bootstrap.servers="$BOOTSTRAP" \
  -Dreplay.s3.endpoint="$S3_ENDPOINT" -Dreplay.s3.access-key="$S3_ACCESS_KEY" -Dreplay.s3.secret-key="$S3_SECRET_KEY" \
  -Dreplay.s3.bucket="$BUCKET" -Dreplay.playback.projects.bench.read-key=bench-read-key \
  -jar "$PLAYBACK_JAR" >"$OUT/playback-service.log" 2>&1 </dev/null &
SERVICE_PID=$!
say "playback-service: pid $SERVICE_PID, port $PORT, bucket $BUCKET (log $OUT/playback-service.log)"
bench_await_ready playback-service "$SERVICE_PID" "$PORT" "$OUT/playback-service.log"

{
  echo "Playback read speed, $(date -u +%Y-%m-%dT%H:%MZ), build $VERSION, $(nproc) cores"
  echo
  run_child bench_tool read "${S3_ARGS[@]}" --playback-port "$PORT" --minutes "$MINUTES" --runs "$RUNS" --warmup "$WARMUP" \
    2>>"$OUT/bench-tools.log"
} | tee "$OUT/results.md"
