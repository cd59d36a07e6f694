#!/usr/bin/env bash
# Starts, stops or checks one S3-compatible server (s3proxy, filesystem backend) on 127.0.0.1,
# run from the jar that `./mvnw -pl local-mesh -am install -DskipTests` copies to
# local-mesh/target/s3proxy. Used by bin/mesh and by tests.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat <<EOF
usage: s3-server.sh start  --data DIR [--port 9000] [--access-key minioadmin] [--secret-key minioadmin]
                           [--heap 256m] [--timeout 60] [--owner-pid PID]
       s3-server.sh stop   --data DIR [--timeout 30]
       s3-server.sh status --data DIR

  --data DIR          server home: s3proxy.conf, objects/ (one folder per bucket), s3proxy.log, s3proxy.pid
  --port PORT         HTTP port on 127.0.0.1 (endpoint http://127.0.0.1:PORT, path-style)
  --heap SIZE         -Xmx of the server JVM
  --timeout SECONDS   start: how long to wait for the port; stop: how long before SIGKILL
  --owner-pid PID     stop the server when process PID is gone (test JVMs)

Extra JVM options: env MESH_S3_JAVA_OPTS. Java: env MESH_JAVA or JAVA_HOME, else java.
Exit status: 0 done (start: listening; status: running), 1 failed / not running, 2 usage.
EOF
}

cmd=${1:-}
[[ -n "$cmd" ]] || { usage >&2; exit 2; }
shift
data="" port=9000 access_key=minioadmin secret_key=minioadmin heap=256m timeout="" owner_pid=""
while (($#)); do
  case $1 in
    --data) data=${2:?--data needs a value}; shift 2 ;;
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --access-key) access_key=${2:?--access-key needs a value}; shift 2 ;;
    --secret-key) secret_key=${2:?--secret-key needs a value}; shift 2 ;;
    --heap) heap=${2:?--heap needs a value}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs a value}; shift 2 ;;
    --owner-pid) owner_pid=${2:?--owner-pid needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) mesh_log "s3-server.sh: unknown option $1"; usage >&2; exit 2 ;;
  esac
done
case $cmd in
  start | stop | status) ;;
  -h | --help | help) usage; exit 0 ;;
  *) mesh_log "s3-server.sh: unknown command $cmd"; usage >&2; exit 2 ;;
esac
[[ -n "$data" ]] || { mesh_log "s3-server.sh: --data DIR is required"; exit 2; }
data=$(mesh_abs_dir "$data")
pidfile="$data/s3proxy.pid"
marker="$data/s3proxy.conf"
jar="$LOCAL_MESH_DIR/target/s3proxy/s3proxy-jar-with-dependencies.jar"

case $cmd in
  status)
    if pid=$(mesh_pid_running "$pidfile" "$marker"); then
      echo "s3: running (pid $pid, data $data)"
      exit 0
    fi
    echo "s3: not running (data $data)"
    exit 1
    ;;
  stop)
    mesh_stop_pidfile s3 "$pidfile" "$marker" "${timeout:-30}"
    exit 0
    ;;
esac

# ---- start ----
timeout=${timeout:-60}
if pid=$(mesh_pid_running "$pidfile" "$marker"); then
  mesh_log "s3: already running (pid $pid, data $data)"
  exit 0
fi
rm -f "$pidfile"
if mesh_port_open "$port"; then
  mesh_die "s3: port $port on 127.0.0.1 is already in use by another process; choose another port."
fi
[[ -f "$jar" ]] || mesh_die "s3: no $jar. Build it first: ./mvnw -q -pl local-mesh -am install -DskipTests"
java=$(mesh_java)

mkdir -p "$data/objects"
mesh_render "$MESH_TEMPLATES_DIR/s3proxy/s3proxy.conf" "$data/s3proxy.conf" \
  "DATA=$data" "PORT=$port" "ACCESS_KEY=$access_key" "SECRET_KEY=$secret_key"
chmod 600 "$data/s3proxy.conf"

# shellcheck disable=SC2086 # MESH_S3_JAVA_OPTS is a list of options
nohup "$java" -Xms64m "-Xmx$heap" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  ${MESH_S3_JAVA_OPTS:-} \
  -jar "$jar" --properties "$data/s3proxy.conf" \
  >"$data/s3proxy.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

if ! mesh_wait_port s3 "$port" "$pid" "$timeout"; then
  mesh_tail "$data/s3proxy.log"
  mesh_stop_pidfile s3 "$pidfile" "$marker" 10
  exit 1
fi
[[ -n "$owner_pid" ]] && mesh_watch_owner "$owner_pid" "$pid"
mesh_log "s3: listening on http://127.0.0.1:$port (pid $pid, data $data/objects, log $data/s3proxy.log)"
