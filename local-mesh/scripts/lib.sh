# Shared by kafka-broker.sh, s3-server.sh and bin/mesh. Source it; it defines functions only.
# shellcheck shell=bash

MESH_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOCAL_MESH_DIR=$(dirname "$MESH_SCRIPTS_DIR")
# shellcheck disable=SC2034 # used by the scripts that source this file
MESH_TEMPLATES_DIR="$LOCAL_MESH_DIR/src/main/mesh"

mesh_log() { printf '%s\n' "$*" >&2; }
mesh_die() { printf '%s\n' "$*" >&2; exit 1; }

# The java to run the parts with: MESH_JAVA, else $JAVA_HOME/bin/java, else java on the PATH.
mesh_java() {
  if [[ -n "${MESH_JAVA:-}" ]]; then
    printf '%s\n' "$MESH_JAVA"
  elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    mesh_die "No java found: install a JDK 17+ or set JAVA_HOME (or MESH_JAVA)."
  fi
}

# Absolute path of a directory, created if needed.
mesh_abs_dir() {
  mkdir -p "$1" && (cd "$1" && pwd)
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
mesh_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# mesh_render TEMPLATE OUT KEY=VALUE...: copies TEMPLATE to OUT replacing every @KEY@ by VALUE
# (plain string replacement, so paths with any characters are fine).
mesh_render() {
  local template=$1 out=$2 line kv key value
  shift 2
  : >"$out.tmp"
  while IFS= read -r line || [[ -n "$line" ]]; do
    for kv in "$@"; do
      key=${kv%%=*} value=${kv#*=}
      # Quoted, so that neither glob characters nor '&' (bash 5.2 patsub_replacement) are special.
      line=${line//"@$key@"/"$value"}
    done
    printf '%s\n' "$line" >>"$out.tmp"
  done <"$template"
  mv "$out.tmp" "$out"
}

# mesh_pid_running PIDFILE MARKER: prints the pid and succeeds if PIDFILE names a live process
# whose command line contains MARKER (so a pid reused by an unrelated process is never touched).
mesh_pid_running() {
  local pidfile=$1 marker=$2 pid args
  [[ -f "$pidfile" ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n "$pid" ]] || return 1
  args=$(ps -ww -o args= -p "$pid" 2>/dev/null) || return 1
  [[ "$args" == *"$marker"* ]] || return 1
  printf '%s\n' "$pid"
}

# True while PID exists and is not a zombie (an exited process its parent has not reaped yet).
mesh_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ "$state" != Z* ]]
}

# mesh_stop_pidfile NAME PIDFILE MARKER TIMEOUT: SIGTERM, wait up to TIMEOUT seconds, then SIGKILL.
# Removes PIDFILE. Succeeds if the process is gone (or was never there).
mesh_stop_pidfile() {
  local name=$1 pidfile=$2 marker=$3 timeout=$4 pid waited=0
  if ! pid=$(mesh_pid_running "$pidfile" "$marker"); then
    [[ -f "$pidfile" ]] && mesh_log "$name: not running (stale pid file removed)"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while mesh_alive "$pid"; do
    if ((waited >= timeout * 10)); then
      mesh_log "$name: pid $pid still running after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
  mesh_log "$name: stopped (pid $pid)"
}

# mesh_wait_port NAME PORT PID TIMEOUT: waits until PORT accepts connections while PID lives.
mesh_wait_port() {
  local name=$1 port=$2 pid=$3 timeout=$4 waited=0
  until mesh_port_open "$port"; do
    if ! mesh_alive "$pid"; then
      mesh_log "$name: process $pid exited before port $port opened"
      return 1
    fi
    if ((waited >= timeout * 10)); then
      mesh_log "$name: port $port not open after ${timeout}s"
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# mesh_tail FILE...: the last lines of each existing file, for error reports.
mesh_tail() {
  local f
  for f in "$@"; do
    if [[ -s "$f" ]]; then
      mesh_log "---- last lines of $f ----"
      tail -n "${MESH_TAIL_LINES:-40}" "$f" >&2
    fi
  done
}

# mesh_watch_owner OWNER_PID PID: background guard that stops PID (SIGTERM, then SIGKILL after
# 20 s) once OWNER_PID is gone, e.g. a test JVM that was killed before it could clean up.
mesh_watch_owner() {
  local owner=$1 pid=$2
  (
    trap '' HUP INT
    while mesh_alive "$owner" && mesh_alive "$pid"; do sleep 1; done
    if mesh_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 200); do mesh_alive "$pid" || exit 0; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  ) </dev/null >/dev/null 2>&1 &
}
