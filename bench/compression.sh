#!/usr/bin/env bash
# Chunk compression: stored size and speed of each candidate compression of storage-service
# chunks, on the recorded rrweb sessions in test-support/src/main/resources/fixtures/. Prints
# Markdown tables; docs/BENCHMARKS.md ("Chunk compression") explains the figures.
#
# usage: bench/compression.sh          (settings below, all overridable by environment)
#
#   BENCH_ROUNDS=2              timed rounds over every candidate (the machine is noisy: speeds are
#                               reported as the range of the rounds' medians)
#   BENCH_MIN_REPS=5            timed repetitions per candidate, session and round (median is kept) ...
#   BENCH_MIN_TIME_MS=300       ... and at least this long in total
#   BENCH_DICT_SIZES=65536,114688   dictionary sizes to train (bytes)
#   BENCH_LEVELS=1,3,6,9,12,19      zstd levels without a dictionary
#   BENCH_DICT_LEVELS=3,6,9         zstd levels with each dictionary
#   BENCH_FIXTURES              the .ndjson sessions [test-support/src/main/resources/fixtures]
#   BENCH_SKIP_BUILD=1          use the jars already built
#   BENCH_OUT                   results [bench/target/compression]
#
# Needs no broker, object store or service: it only reads the fixtures. One thread; takes about 7
# minutes on the machine docs/BENCHMARKS.md describes.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../local-mesh/scripts/lib.sh
source "$REPO_DIR/local-mesh/scripts/lib.sh"

ROUNDS=${BENCH_ROUNDS:-2}
MIN_REPS=${BENCH_MIN_REPS:-5}
MIN_TIME_MS=${BENCH_MIN_TIME_MS:-300}
DICT_SIZES=${BENCH_DICT_SIZES:-65536,114688}
LEVELS=${BENCH_LEVELS:-1,3,6,9,12,19}
DICT_LEVELS=${BENCH_DICT_LEVELS:-3,6,9}
FIXTURES=${BENCH_FIXTURES:-$REPO_DIR/test-support/src/main/resources/fixtures}
OUT=${BENCH_OUT:-$REPO_DIR/bench/target/compression}

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

JAVA=$(mesh_java)

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  say "building (./mvnw -q -pl bench -am install -DskipTests)"
  (cd "$REPO_DIR" && ./mvnw -q -B -pl bench -am install -DskipTests)
fi
[[ -f "$REPO_DIR/bench/target/bench.jar" ]] || die "not built: run without BENCH_SKIP_BUILD=1"

# The codecs come from target/kafka-tools/ (kafka-clients' own); take exactly the versions the poms
# name, whatever else an older build left there.
ZSTD_VERSION=$(sed -n 's:.*<zstd-jni.version>\(.*\)</zstd-jni.version>.*:\1:p' "$REPO_DIR/pom.xml")
SNAPPY_VERSION=$(sed -n 's:.*<kt.snappy.version>\(.*\)</kt.snappy.version>.*:\1:p' "$REPO_DIR/bench/pom.xml")
ZSTD_JAR="$REPO_DIR/bench/target/kafka-tools/zstd-jni-$ZSTD_VERSION.jar"
SNAPPY_JAR="$REPO_DIR/bench/target/kafka-tools/snappy-java-$SNAPPY_VERSION.jar"
[[ -f "$ZSTD_JAR" && -f "$SNAPPY_JAR" ]] || die "missing $ZSTD_JAR or $SNAPPY_JAR: run without BENCH_SKIP_BUILD=1"
CP="$REPO_DIR/bench/target/bench.jar:$REPO_DIR/bench/target/lib/*:$ZSTD_JAR:$SNAPPY_JAR"

mkdir -p "$OUT"
say "$(nproc) CPUs, $("$JAVA" -version 2>&1 | head -1), zstd-jni $ZSTD_VERSION, snappy-java $SNAPPY_VERSION"
"$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.replaymesh.bench.CompressionBench \
  --fixtures "$FIXTURES" --out "$OUT" --rounds "$ROUNDS" --min-reps "$MIN_REPS" \
  --min-time-ms "$MIN_TIME_MS" --dict-sizes "$DICT_SIZES" --levels "$LEVELS" --dict-levels "$DICT_LEVELS"

# xz has no place in the Java candidates (no xz library on the classpath); for scale, the xz
# command on the same whole-session chunk content, one run each.
if command -v xz >/dev/null 2>&1; then
  {
    printf '### xz, whole session (command line, one run, for scale)\n\n'
    printf '| session | xz -6: vs NDJSON | vs frames | compress MB/s | xz -9e: vs NDJSON | vs frames | compress MB/s |\n'
    printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
    for frames in "$OUT"/*.frames; do
      name=$(basename "$frames" .frames)
      ndjson_bytes=$(wc -c < "$FIXTURES/$name.ndjson")
      frame_bytes=$(wc -c < "$frames")
      row="| $name |"
      for preset in -6 -9e; do
        start=$(date +%s%N)
        stored=$(xz "$preset" -T1 -c "$frames" | wc -c)
        took=$(( $(date +%s%N) - start ))
        row+=$(awk -v n="$ndjson_bytes" -v f="$frame_bytes" -v s="$stored" -v t="$took" \
          'BEGIN { printf " %.1fx | %.1fx | %.1f |", n / s, f / s, f / 1e6 / (t / 1e9) }')
      done
      printf '%s\n' "$row"
    done
    printf '\n'
  } | tee -a "$OUT/results.md"
fi
