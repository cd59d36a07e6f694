#!/usr/bin/env bash
# Starts, stops or checks one single-node Kafka broker (KRaft, broker+controller) on 127.0.0.1,
# run from the jars that `./mvnw -pl local-mesh -am install -DskipTests` copies to
# local-mesh/target/kafka. Used by bin/mesh and by test-support's KafkaBroker.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat <<EOF
usage: kafka-broker.sh start  --data DIR [--port 9092] [--controller-port 9093] [--heap 512m]
                              [--timeout 60] [--owner-pid PID]
       kafka-broker.sh stop   --data DIR [--timeout 30]
       kafka-broker.sh status --data DIR

  --data DIR          broker home: server.properties, logs/ (the topic data), lib/ (a copy of
                      the jars), kafka.log, kafka.out, kafka.pid
  --port, --controller-port
                      PLAINTEXT and CONTROLLER listener ports on 127.0.0.1
  --heap SIZE         -Xmx of the broker JVM (env KAFKA_HEAP overrides the default)
  --timeout SECONDS   start: how long to wait for the port; stop: how long before SIGKILL
  --owner-pid PID     stop the broker when process PID is gone (test JVMs)

Extra JVM options: env MESH_KAFKA_JAVA_OPTS. Java: env MESH_JAVA or JAVA_HOME, else java.
Exit status: 0 done (start: listening; status: running), 1 failed / not running, 2 usage.
EOF
}

cmd=${1:-}
[[ -n "$cmd" ]] || { usage >&2; exit 2; }
shift
data="" port=9092 controller_port=9093 heap=${KAFKA_HEAP:-512m} timeout="" owner_pid=""
while (($#)); do
  case $1 in
    --data) data=${2:?--data needs a value}; shift 2 ;;
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --controller-port) controller_port=${2:?--controller-port needs a value}; shift 2 ;;
    --heap) heap=${2:?--heap needs a value}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs a value}; shift 2 ;;
    --owner-pid) owner_pid=${2:?--owner-pid needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) mesh_log "kafka-broker.sh: unknown option $1"; usage >&2; exit 2 ;;
  esac
done
case $cmd in
  start | stop | status) ;;
  -h | --help | help) usage; exit 0 ;;
  *) mesh_log "kafka-broker.sh: unknown command $cmd"; usage >&2; exit 2 ;;
esac
[[ -n "$data" ]] || { mesh_log "kafka-broker.sh: --data DIR is required"; exit 2; }
data=$(mesh_abs_dir "$data")
pidfile="$data/kafka.pid"
# Only a process whose command line names this config file is ours to stop.
marker="$data/server.properties"
kafka_lib="$LOCAL_MESH_DIR/target/kafka"

case $cmd in
  status)
    if pid=$(mesh_pid_running "$pidfile" "$marker"); then
      echo "kafka: running (pid $pid, data $data)"
      exit 0
    fi
    echo "kafka: not running (data $data)"
    exit 1
    ;;
  stop)
    mesh_stop_pidfile kafka "$pidfile" "$marker" "${timeout:-30}"
    exit 0
    ;;
esac

# ---- start ----
timeout=${timeout:-60}
if pid=$(mesh_pid_running "$pidfile" "$marker"); then
  mesh_log "kafka: already running (pid $pid, data $data)"
  exit 0
fi
rm -f "$pidfile"
for p in "$port" "$controller_port"; do
  if mesh_port_open "$p"; then
    mesh_die "kafka: port $p on 127.0.0.1 is already in use by another process; choose other ports."
  fi
done
if ! compgen -G "$kafka_lib/kafka_2.13-*.jar" >/dev/null; then
  mesh_die "kafka: no broker jars in $kafka_lib. Build them first: ./mvnw -q -pl local-mesh -am install -DskipTests"
fi
java=$(mesh_java)

# Run from a private copy of the jars: a `mvn clean` of local-mesh while the broker runs would
# otherwise delete jars it has not opened yet. Hard links when the file system allows.
rm -rf "${data:?}/lib"
mkdir -p "$data/lib"
if ! cp -l "$kafka_lib"/*.jar "$data/lib/" 2>/dev/null; then
  rm -rf "${data:?}/lib" && mkdir -p "$data/lib" && cp "$kafka_lib"/*.jar "$data/lib/"
fi
kafka_lib="$data/lib"

mesh_render "$MESH_TEMPLATES_DIR/kafka/server.properties" "$data/server.properties" \
  "DATA=$data" "PORT=$port" "CONTROLLER_PORT=$controller_port"
mesh_render "$MESH_TEMPLATES_DIR/kafka/log4j2.xml" "$data/log4j2.xml"

# Format once; later starts reuse the data (ports may change between starts).
if [[ ! -f "$data/logs/meta.properties" ]]; then
  # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding.
  # One starting with '-' would be read as an option by kafka-storage (1 in 64): draw again.
  cluster_id=-
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  done
  if ! "$java" -Xmx256m -Dlog4j2.configurationFile="file:$data/log4j2.xml" -Dkafka.logs.dir="$data" \
      -cp "$kafka_lib/*" kafka.tools.StorageTool format --standalone \
      -t "$cluster_id" -c "$data/server.properties" >"$data/format.log" 2>&1; then
    mesh_tail "$data/format.log"
    mesh_die "kafka: formatting $data/logs failed"
  fi
fi

# shellcheck disable=SC2086 # MESH_KAFKA_JAVA_OPTS is a list of options
nohup "$java" -Xms128m "-Xmx$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
  -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="file:$data/log4j2.xml" -Dkafka.logs.dir="$data" \
  ${MESH_KAFKA_JAVA_OPTS:-} \
  -cp "$kafka_lib/*" kafka.Kafka "$data/server.properties" \
  >"$data/kafka.out" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

if ! mesh_wait_port kafka "$port" "$pid" "$timeout"; then
  mesh_tail "$data/kafka.out" "$data/kafka.log"
  mesh_stop_pidfile kafka "$pidfile" "$marker" 10
  exit 1
fi
[[ -n "$owner_pid" ]] && mesh_watch_owner "$owner_pid" "$pid"
mesh_log "kafka: listening on 127.0.0.1:$port (controller $controller_port, pid $pid, log $data/kafka.log)"
