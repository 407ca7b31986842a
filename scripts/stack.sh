#!/usr/bin/env bash
# The local stack driftwatch runs against in development and CI, without Docker, on 127.0.0.1 only:
#   Apache Kafka (KRaft, one combined broker + controller), Apicurio Registry (Confluent-compatible
#   API at /apis/ccompat/v7) and Redis (AOF on).
#
#   scripts/stack.sh up|down|status|restart SERVICE|stop SERVICE|start SERVICE
#
# SERVICE is kafka, registry or redis. Downloads are cached under $DRIFTWATCH_CACHE
# (default ~/.cache/driftwatch) and Maven's ~/.m2; runtime data, logs and PID files live in .stack/
# (git-ignored). Only processes started by this script (their PID files) are ever stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/scripts/stack"
STATE="${DRIFTWATCH_STACK_DIR:-$ROOT/.stack}"
CACHE="${DRIFTWATCH_CACHE:-$HOME/.cache/driftwatch}"

KAFKA_VERSION=3.9.2
APICURIO_VERSION=3.3.3
KAFKA_PORT="${DRIFTWATCH_KAFKA_PORT:-19092}"
CONTROLLER_PORT="${DRIFTWATCH_CONTROLLER_PORT:-19093}"
REGISTRY_PORT="${DRIFTWATCH_REGISTRY_PORT:-18081}"
REGISTRY_MANAGEMENT_PORT="${DRIFTWATCH_REGISTRY_MANAGEMENT_PORT:-18082}"
REDIS_PORT="${DRIFTWATCH_REDIS_PORT:-16379}"
READY_TIMEOUT="${DRIFTWATCH_STACK_TIMEOUT:-180}"

KAFKA_LIB="$CACHE/kafka-$KAFKA_VERSION/libs"
APICURIO_HOME="$CACHE/apicurio-registry-$APICURIO_VERSION"

say() { echo "stack: $*" >&2; }
die() { echo "stack: error: $*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

# Prints the path of a java binary whose major version is at least $1, or nothing.
find_java() {
  local min="$1" candidate major
  for candidate in ${DRIFTWATCH_JAVA:-} "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')"
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then echo "$candidate"; return; fi
  done
}

need_java() {
  local java
  java="$(find_java "$1")"
  [ -n "$java" ] || die "$2 needs Java $1 or newer and none was found (looked at \$DRIFTWATCH_JAVA, \$JAVA_HOME, PATH and /usr/lib/jvm). Install a JDK $1+ or point DRIFTWATCH_JAVA at its bin/java."
  echo "$java"
}

pid_file() { echo "$STATE/pids/$1.pid"; }

# Whether the process recorded for the service is alive.
alive() {
  local f
  f="$(pid_file "$1")"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# Whether the service's recorded process is alive and is still the service (pids are reused: pid_max is often
# 32768, so a dead service's pid may belong to another process by now). Not for the first moments after a start:
# until the launched shell has exec'd the server, its command line is the shell's.
running() {
  alive "$1" || return 1
  local cmdline="/proc/$(cat "$(pid_file "$1")")/cmdline"
  case "$1" in
    redis) grep -qa redis-server "$cmdline" 2>/dev/null ;;
    kafka) grep -qa kafka.Kafka "$cmdline" 2>/dev/null ;;
    registry) grep -qa quarkus-run.jar "$cmdline" 2>/dev/null ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_until() {
  local what="$1" log="$2"; shift 2
  local deadline=$((SECONDS + READY_TIMEOUT))
  until "$@"; do
    if ! alive "$what"; then
      say "$what exited during start-up; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "$what not ready after ${READY_TIMEOUT}s; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

# ---------- downloads (cached) ----------

fetch_kafka() {
  [ -f "$KAFKA_LIB/.complete" ] && return
  need mvn "Install Apache Maven (Debian: apt-get install -y maven); it fetches Kafka's jars from Maven Central."
  say "fetching Apache Kafka $KAFKA_VERSION jars with Maven (once)"
  mkdir -p "$KAFKA_LIB"
  mvn -B -q -f "$HERE/kafka-pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime >&2
  touch "$KAFKA_LIB/.complete"
}

apicurio_app_dir() {
  local jar
  jar="$(find "$APICURIO_HOME" -maxdepth 2 -name quarkus-run.jar -print -quit 2>/dev/null)"
  [ -n "$jar" ] && dirname "$jar"
}

fetch_apicurio() {
  [ -f "$APICURIO_HOME/.complete" ] && return
  need mvn "Install Apache Maven (Debian: apt-get install -y maven); it fetches Apicurio Registry from Maven Central."
  say "fetching Apicurio Registry $APICURIO_VERSION with Maven (once, ~160 MB)"
  local tmp="$CACHE/download"
  mkdir -p "$tmp"
  mvn -B -q dependency:copy \
    -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$tmp" >&2
  rm -rf "$APICURIO_HOME" && mkdir -p "$APICURIO_HOME"
  tar -xzf "$tmp/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$APICURIO_HOME"
  rm -f "$tmp/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
  # The archive holds quarkus-run.jar either at its top or under quarkus-app/, depending on the release.
  [ -n "$(apicurio_app_dir)" ] || die "no quarkus-run.jar in the Apicurio archive unpacked at $APICURIO_HOME"
  touch "$APICURIO_HOME/.complete"
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return
  command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is not available: install Redis 7 so that redis-server is on PATH."
  say "installing redis-server with apt-get (once)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >&2
}

# ---------- start ----------

start_kafka() {
  if running kafka; then say "kafka already running (pid $(cat "$(pid_file kafka)"))"; return; fi
  local java
  java="$(need_java 17 "Kafka $KAFKA_VERSION")"
  fetch_kafka
  local dir="$STATE/kafka" conf="$STATE/kafka/server.properties"
  mkdir -p "$dir/data" "$STATE/logs"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
      -e "s|@DATA_DIR@|$dir/data|g" "$HERE/kafka-server.properties.template" > "$conf"
  local java_opts=(-Xms256m -Xmx768m -cp "$KAFKA_LIB/*"
    "-Dlog4j.configuration=file:$HERE/kafka-log4j.properties" "-Dkafka.logs.dir=$STATE/logs")
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$("$java" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
    "$java" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" --ignore-formatted \
      > "$STATE/logs/kafka-format.log" 2>&1 || { cat "$STATE/logs/kafka-format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  say "starting kafka on 127.0.0.1:$KAFKA_PORT"
  nohup "$java" "${java_opts[@]}" kafka.Kafka "$conf" > "$STATE/logs/kafka.out" 2>&1 &
  echo $! > "$(pid_file kafka)"
}

start_registry() {
  if running registry; then say "registry already running (pid $(cat "$(pid_file registry)"))"; return; fi
  local java
  java="$(need_java 21 "Apicurio Registry $APICURIO_VERSION")"
  fetch_apicurio
  mkdir -p "$STATE/logs"
  say "starting Apicurio Registry on 127.0.0.1:$REGISTRY_PORT"
  # The global BACKWARD rule makes GET /config/{subject} answer what @kafkajs/confluent-schema-registry's
  # register() expects (see FIELD-NOTES.md). Storage is in-memory: schemas are registered again after a restart.
  local app
  app="$(apicurio_app_dir)"
  (cd "$app" && exec "$java" -Xms128m -Xmx768m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dquarkus.log.level=WARN -Dquarkus.http.access-log.enabled=false \
    -Dapicurio.rules.global.compatibility=BACKWARD \
    -jar quarkus-run.jar) > "$STATE/logs/registry.out" 2>&1 &
  echo $! > "$(pid_file registry)"
}

start_redis() {
  if running redis; then say "redis already running (pid $(cat "$(pid_file redis)"))"; return; fi
  ensure_redis
  mkdir -p "$STATE/redis" "$STATE/logs"
  say "starting redis on 127.0.0.1:$REDIS_PORT (AOF on)"
  nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --dir "$STATE/redis" --appendonly yes --appendfsync everysec --save "" \
    --logfile "$STATE/logs/redis.log" > "$STATE/logs/redis.out" 2>&1 &
  echo $! > "$(pid_file redis)"
}

registry_ready() { curl -fsS "http://127.0.0.1:$REGISTRY_MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; }
redis_ready() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$STATE/logs/kafka.log" 2>/dev/null; }

wait_ready() {
  case "$1" in
    kafka) wait_until kafka "$STATE/logs/kafka.log" kafka_ready ;;
    registry) wait_until registry "$STATE/logs/registry.out" registry_ready ;;
    redis) wait_until redis "$STATE/logs/redis.log" redis_ready ;;
  esac
}

# ---------- stop ----------

stop_service() {
  local f
  f="$(pid_file "$1")"
  if ! running "$1"; then rm -f "$f"; return; fi
  local pid
  pid="$(cat "$f")"
  say "stopping $1 (pid $pid)"
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$f"
}

status_line() {
  local name="$1" port="$2" ready="$3"
  if running "$name" && "$ready"; then
    echo "$name: up (pid $(cat "$(pid_file "$name")"), 127.0.0.1:$port)"
  elif running "$name"; then
    echo "$name: starting (pid $(cat "$(pid_file "$name")"), 127.0.0.1:$port)"
  else
    echo "$name: down"
    return 1
  fi
}

SERVICES=(redis kafka registry)

check_service() {
  case "$1" in kafka|registry|redis) ;; *) die "unknown service '$1' (kafka, registry or redis)";; esac
}

main() {
  mkdir -p "$STATE/pids"
  need curl "Install curl (Debian: apt-get install -y curl)."
  case "${1:-}" in
    up)
      for s in "${SERVICES[@]}"; do "start_$s"; done
      for s in "${SERVICES[@]}"; do wait_ready "$s"; done
      say "up: kafka 127.0.0.1:$KAFKA_PORT, registry http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7, redis 127.0.0.1:$REDIS_PORT"
      ;;
    down)
      for s in registry kafka redis; do stop_service "$s"; done
      ;;
    status)
      local rc=0
      status_line kafka "$KAFKA_PORT" kafka_ready || rc=1
      status_line registry "$REGISTRY_PORT" registry_ready || rc=1
      status_line redis "$REDIS_PORT" redis_ready || rc=1
      return $rc
      ;;
    start) check_service "${2:-}"; "start_$2"; wait_ready "$2" ;;
    stop) check_service "${2:-}"; stop_service "$2" ;;
    restart) check_service "${2:-}"; stop_service "$2"; "start_$2"; wait_ready "$2" ;;
    *) echo "usage: scripts/stack.sh up|down|status|start SERVICE|stop SERVICE|restart SERVICE" >&2; exit 2 ;;
  esac
}

main "$@"
