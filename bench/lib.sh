# shellcheck shell=bash
# What the bench scripts share: messages, the Java they run, the broker and S3 server they start
# (and stop again, only if they started them), stopping a process, and Kafka's topic tool.
# Sourced after local-mesh/scripts/lib.sh, with REPO_DIR, DATA, OUT and BOOTSTRAP set.

SCRIPTS="$REPO_DIR/local-mesh/scripts"
JAVA=$(mesh_java)
JCMD=$(dirname "$JAVA")/jcmd
KAFKA_TOOLS_CP="$REPO_DIR/bench/target/kafka-tools/*"
BENCH_CP="$REPO_DIR/bench/target/bench.jar:$REPO_DIR/bench/target/lib/*:$REPO_DIR/bench/target/kafka-tools/*"
STARTED_KAFKA=0
STARTED_S3=0

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# bench_stop NAME PID [SECONDS]: SIGTERM, SIGKILL if it is still there after SECONDS (10), and reap it.
bench_stop() {
  local name=$1 pid=$2 limit=${3:-10}
  [[ -n "$pid" ]] || return 0
  if mesh_alive "$pid"; then
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((limit * 10))); do mesh_alive "$pid" || break; sleep 0.1; done
    mesh_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
}

# Starts the broker and S3 server (bin/mesh infra up) unless they are running.
bench_infra_up() {
  "$SCRIPTS/kafka-broker.sh" status --data "$DATA/kafka" >/dev/null 2>&1 || STARTED_KAFKA=1
  "$SCRIPTS/s3-server.sh" status --data "$DATA/s3" >/dev/null 2>&1 || STARTED_S3=1
  if ((STARTED_KAFKA || STARTED_S3)); then
    say "starting the infra (bin/mesh infra up; stopped again at the end)"
    "$REPO_DIR/bin/mesh" --data "$DATA" infra up
  else
    say "kafka and s3 already running (data $DATA): using them, leaving them running"
  fi
}

# Stops what bench_infra_up started.
bench_infra_down() {
  if ((STARTED_S3)); then
    "$SCRIPTS/s3-server.sh" stop --data "$DATA/s3" --timeout 30 || true
  fi
  if ((STARTED_KAFKA)); then
    "$SCRIPTS/kafka-broker.sh" stop --data "$DATA/kafka" --timeout 30 || true
  fi
}

# Kafka's topic tool. Kafka's tools log through slf4j 1.7 without a binding: stderr goes to a file.
topic_cmd() {
  "$JAVA" -Xmx256m -cp "$KAFKA_TOOLS_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@" \
    2>>"$OUT/kafka-tools.log"
}

# delete_topics TOPIC...: deletes those that exist.
delete_topics() {
  local t
  for t in "$@"; do
    topic_cmd --delete --if-exists --topic "$t" >/dev/null
  done
}

# run_child COMMAND...: runs it in the background as CHILD_PID, so that a cleanup can stop it, and waits.
run_child() {
  "$@" &
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=
  return "$rc"
}

# bench_free_port FROM: the first port from FROM up that nothing listens on.
bench_free_port() {
  local port=$1
  while mesh_port_open "$port"; do port=$((port + 1)); done
  echo "$port"
}

# bench_await_ready NAME PID PORT LOG [SECONDS]: waits until the service answers 200 on
# /q/health/ready; dies (showing the end of LOG) if it exits or is not ready within SECONDS (60).
bench_await_ready() {
  local name=$1 pid=$2 port=$3 log=$4 limit=${5:-60}
  local deadline=$((SECONDS + limit))
  until [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true) == 200 ]]; do
    mesh_alive "$pid" || { mesh_tail "$log"; die "$name exited"; }
    ((SECONDS < deadline)) || { mesh_tail "$log"; die "$name not ready after $limit s"; }
    sleep 0.25
  done
  say "$name ready"
}

# Builds MODULES (a Maven -pl list, e.g. bench,storage-service,local-mesh) with what they need,
# unless BENCH_SKIP_BUILD=1, then checks that bench.jar and every FILE given are there.
bench_build() { # MODULES FILE...
  local modules=$1 f
  shift
  if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    say "building (./mvnw -q -pl $modules -am install -DskipTests)"
    (cd "$REPO_DIR" && ./mvnw -q -B -pl "$modules" -am install -DskipTests)
  fi
  for f in "$REPO_DIR/bench/target/bench.jar" "$@"; do
    [[ -f "$f" ]] || die "not built ($f): run without BENCH_SKIP_BUILD=1"
  done
}

# Copies the Quarkus app of JAR to $OUT/NAME and prints the copy's jar: a build started meanwhile
# (a test run repackages the jar) must not change what is measured, nor pull files from under the
# running service.
bench_app_copy() { # JAR NAME
  rm -rf "${OUT:?}/$2"
  cp -r "$(dirname "$1")" "$OUT/$2"
  echo "$OUT/$2/$(basename "$1")"
}
