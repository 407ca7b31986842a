#!/usr/bin/env bash
# The local stack driftwatch runs against in development and CI, without Docker, on 127.0.0.1 only:
#   Apache Kafka (KRaft, one combined broker + controller; a PLAINTEXT and a SASL_SSL listener), Apicurio
#   Registry (Confluent-compatible API at /apis/ccompat/v7) and Redis (AOF on; a TLS port beside the plain one),
#   plus Redis's distributed modes: a 3-master Redis Cluster and a Sentinel set (primary, replica, 3 sentinels).
#   A self-signed CA, server and client certificates and the SCRAM password are generated into .stack/tls.
#
#   scripts/stack.sh up|down|status|restart SERVICE|stop SERVICE|start SERVICE
#
# SERVICE is kafka, registry, redis, cluster or sentinel. Downloads are cached under $DRIFTWATCH_CACHE
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
REDIS_TLS_PORT="${DRIFTWATCH_REDIS_TLS_PORT:-16380}"
KAFKA_SASL_SSL_PORT="${DRIFTWATCH_KAFKA_SASL_SSL_PORT:-19094}"
REGISTRY_TLS_PORT="${DRIFTWATCH_REGISTRY_TLS_PORT:-18443}"
# Redis Cluster: three masters on this port and the next two (each also uses port + 10000 for its cluster bus).
REDIS_CLUSTER_PORT="${DRIFTWATCH_REDIS_CLUSTER_PORT:-17001}"
# Sentinel set: the primary on this port, its replica on the next; three sentinels from SENTINEL_PORT.
SENTINEL_REDIS_PORT="${DRIFTWATCH_SENTINEL_REDIS_PORT:-17011}"
SENTINEL_PORT="${DRIFTWATCH_SENTINEL_PORT:-17021}"
SENTINEL_MASTER_NAME=driftwatch
SCRAM_USER=driftwatch
TLS_DIR="$STATE/tls"
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
    redis|cluster-*|sentinel-*) grep -qa redis-server "$cmdline" 2>/dev/null ;;
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

# Installs Debian package $2 with apt-get when command $1 is missing.
ensure_apt_package() {
  command -v "$1" >/dev/null 2>&1 && return
  command -v apt-get >/dev/null 2>&1 || die "$1 is not installed and apt-get is not available: install $2."
  say "installing $2 with apt-get (once)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >&2
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
  ensure_tls
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
      -e "s|@KAFKA_SASL_SSL_PORT@|$KAFKA_SASL_SSL_PORT|g" -e "s|@TLS_DIR@|$TLS_DIR|g" \
      -e "s|@KEYSTORE_PASSWORD@|$(cat "$TLS_DIR/keystore.password")|g" \
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
  ensure_tls
  # HTTPS on REGISTRY_TLS_PORT beside HTTP, with the stack's server certificate.
  (cd "$app" && exec "$java" -Xms128m -Xmx768m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.http.ssl-port="$REGISTRY_TLS_PORT" -Dquarkus.http.ssl.certificate.files="$TLS_DIR/server.pem" \
    -Dquarkus.http.ssl.certificate.key-files="$TLS_DIR/server.key" \
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
  ensure_tls
  say "starting redis on 127.0.0.1:$REDIS_PORT (AOF on; TLS on $REDIS_TLS_PORT)"
  nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --tls-port "$REDIS_TLS_PORT" --tls-cert-file "$TLS_DIR/server.pem" --tls-key-file "$TLS_DIR/server.key" \
    --tls-ca-cert-file "$TLS_DIR/ca.pem" --tls-auth-clients optional \
    --dir "$STATE/redis" --appendonly yes --appendfsync everysec --save "" \
    --logfile "$STATE/logs/redis.log" > "$STATE/logs/redis.out" 2>&1 &
  echo $! > "$(pid_file redis)"
}

# ---------- TLS material and SCRAM credentials (generated once into .stack/tls) ----------

# A CA, a server certificate for 127.0.0.1/localhost (PEM, and PKCS12 for Kafka) and a client certificate.
ensure_tls() {
  [ -f "$TLS_DIR/.complete" ] && return
  ensure_apt_package openssl openssl
  mkdir -p "$TLS_DIR"
  say "generating a self-signed CA and certificates in $TLS_DIR (once)"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=driftwatch local stack CA" \
      -keyout ca.key -out ca.pem 2>/dev/null
    for name in server client; do
      openssl req -newkey rsa:2048 -nodes -subj "/CN=driftwatch-$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=%s\n' "$([ "$name" = server ] && echo serverAuth || echo clientAuth)" > "$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
      rm -f "$name.csr" "$name.ext"
    done
    openssl rand -hex 16 > keystore.password
    openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -name kafka \
      -passout "pass:$(cat keystore.password)" -out kafka.keystore.p12
    openssl rand -hex 16 > kafka-scram.password
    chmod 600 ./*.key keystore.password kafka-scram.password
  ) || die "generating the TLS material in $TLS_DIR failed"
  touch "$TLS_DIR/.complete"
}

# The SCRAM-SHA-512 user of the SASL_SSL listener, created once per Kafka storage through the PLAINTEXT listener.
ensure_scram_user() {
  local marker="$STATE/kafka/data/.driftwatch-scram-$SCRAM_USER"
  [ -f "$marker" ] && return
  local java
  java="$(need_java 17 "Kafka $KAFKA_VERSION")"
  say "creating the SCRAM-SHA-512 user '$SCRAM_USER' (password in $TLS_DIR/kafka-scram.password)"
  # Its own log directory: the shared log4j file truncates kafka.log, which the broker's readiness check reads.
  mkdir -p "$STATE/logs/kafka-tools"
  "$java" -Xmx256m -cp "$KAFKA_LIB/*" "-Dlog4j.configuration=file:$HERE/kafka-log4j.properties" "-Dkafka.logs.dir=$STATE/logs/kafka-tools" \
    kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter --entity-type users --entity-name "$SCRAM_USER" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(cat "$TLS_DIR/kafka-scram.password")]" \
    > "$STATE/logs/kafka-scram.log" 2>&1 || { cat "$STATE/logs/kafka-scram.log" >&2; die "creating the SCRAM user failed"; }
  touch "$marker"
}

# A part started by an older stack.sh (before its TLS endpoints existed) keeps running without them: say so.
check_secure_ports() {
  local part port
  for part in "kafka $KAFKA_SASL_SSL_PORT" "redis $REDIS_TLS_PORT" "registry $REGISTRY_TLS_PORT"; do
    set -- $part
    port_open "$2" || say "warning: $1 is not listening on its TLS port $2 (started by an older stack.sh?): bash scripts/stack.sh restart $1"
  done
}

# ---------- Redis Cluster (3 masters, no replicas) ----------

cluster_ports() { echo "$REDIS_CLUSTER_PORT" "$((REDIS_CLUSTER_PORT + 1))" "$((REDIS_CLUSTER_PORT + 2))"; }

start_cluster() {
  ensure_redis
  local i=0 port
  for port in $(cluster_ports); do
    i=$((i + 1))
    if running "cluster-$i"; then continue; fi
    mkdir -p "$STATE/redis-cluster/$port" "$STATE/logs"
    say "starting redis cluster node $i on 127.0.0.1:$port"
    nohup redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 --dir "$STATE/redis-cluster/$port" \
      --appendonly yes --appendfsync everysec --save "" --logfile "$STATE/logs/redis-cluster-$port.log" \
      > "$STATE/logs/redis-cluster-$port.out" 2>&1 &
    echo $! > "$(pid_file "cluster-$i")"
  done
}

cluster_nodes_up() {
  local port
  for port in $(cluster_ports); do redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || return 1; done
}
cluster_ok() { redis-cli -h 127.0.0.1 -p "$REDIS_CLUSTER_PORT" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }

wait_cluster() {
  wait_until cluster-1 "$STATE/logs/redis-cluster-$REDIS_CLUSTER_PORT.log" cluster_nodes_up
  # The slots are assigned once; afterwards each node's nodes.conf re-forms the cluster on restart.
  if ! cluster_ok && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_CLUSTER_PORT" cluster info | sed -n 's/^cluster_slots_assigned:\([0-9]*\).*/\1/p')" = 0 ]; then
    say "creating the redis cluster (3 masters)"
    local nodes=() port
    for port in $(cluster_ports); do nodes+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > "$STATE/logs/redis-cluster-create.log" 2>&1 \
      || { cat "$STATE/logs/redis-cluster-create.log" >&2; die "redis-cli --cluster create failed"; }
  fi
  wait_until cluster-1 "$STATE/logs/redis-cluster-$REDIS_CLUSTER_PORT.log" cluster_ok
}

# ---------- Sentinel (a primary, one replica, three sentinels) ----------

sentinel_data_ports() { echo "$SENTINEL_REDIS_PORT" "$((SENTINEL_REDIS_PORT + 1))"; }
sentinel_ports() { echo "$SENTINEL_PORT" "$((SENTINEL_PORT + 1))" "$((SENTINEL_PORT + 2))"; }

# The primary's port as the first sentinel that answers names it, or nothing.
sentinel_primary_port() {
  local port
  for port in $(sentinel_ports); do
    redis-cli -h 127.0.0.1 -p "$port" sentinel get-master-addr-by-name "$SENTINEL_MASTER_NAME" 2>/dev/null | sed -n 2p | grep . && return
  done
}

start_sentinel() {
  ensure_redis
  local primary i=0 port
  # After a failover the primary is whichever node the sentinels name (running, or as their files last recorded
  # it): a node coming back follows it.
  primary="$(sentinel_primary_port || true)"
  [ -n "$primary" ] || primary="$(sed -n "s/^sentinel monitor $SENTINEL_MASTER_NAME [^ ]* \([0-9]*\) .*/\1/p" "$STATE/redis-sentinel/sentinel-$SENTINEL_PORT.conf" 2>/dev/null || true)"
  [ -n "$primary" ] || primary="$SENTINEL_REDIS_PORT"
  for port in $(sentinel_data_ports); do
    i=$((i + 1))
    if running "sentinel-redis-$i"; then continue; fi
    mkdir -p "$STATE/redis-sentinel/$port" "$STATE/logs"
    local follow=()
    [ "$port" = "$primary" ] || follow=(--replicaof 127.0.0.1 "$primary")
    say "starting sentinel-monitored redis $i on 127.0.0.1:$port${follow:+ (replica of $primary)}"
    nohup redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes "${follow[@]}" \
      --dir "$STATE/redis-sentinel/$port" --appendonly yes --appendfsync everysec --save "" \
      --logfile "$STATE/logs/redis-sentinel-data-$port.log" > "$STATE/logs/redis-sentinel-data-$port.out" 2>&1 &
    echo $! > "$(pid_file "sentinel-redis-$i")"
  done
  i=0
  for port in $(sentinel_ports); do
    i=$((i + 1))
    if running "sentinel-$i"; then continue; fi
    local conf="$STATE/redis-sentinel/sentinel-$port.conf"
    # A sentinel rewrites its own file (known replicas, epochs, the current primary): written once.
    if [ ! -f "$conf" ]; then
      mkdir -p "$STATE/redis-sentinel"
      cat > "$conf" <<CONF
bind 127.0.0.1
port $port
dir $STATE/redis-sentinel
logfile $STATE/logs/redis-sentinel-$port.log
sentinel monitor $SENTINEL_MASTER_NAME 127.0.0.1 $SENTINEL_REDIS_PORT 2
sentinel down-after-milliseconds $SENTINEL_MASTER_NAME 1000
sentinel failover-timeout $SENTINEL_MASTER_NAME 5000
sentinel parallel-syncs $SENTINEL_MASTER_NAME 1
CONF
    fi
    say "starting sentinel $i on 127.0.0.1:$port"
    nohup redis-server "$conf" --sentinel > "$STATE/logs/redis-sentinel-$port.out" 2>&1 &
    echo $! > "$(pid_file "sentinel-$i")"
  done
}

sentinel_ready() {
  local port primary
  for port in $(sentinel_data_ports) $(sentinel_ports); do redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || return 1; done
  primary="$(sentinel_primary_port)" || return 1
  # Ready once the primary has its replica again (after a failover the old primary rejoins as one).
  redis-cli -h 127.0.0.1 -p "$primary" info replication 2>/dev/null | grep -q '^connected_slaves:1' || return 1
  redis-cli -h 127.0.0.1 -p "$SENTINEL_PORT" sentinel replicas "$SENTINEL_MASTER_NAME" 2>/dev/null | grep -q . 
}

wait_sentinel() { wait_until sentinel-1 "$STATE/logs/redis-sentinel-$SENTINEL_PORT.log" sentinel_ready; }

registry_ready() { curl -fsS "http://127.0.0.1:$REGISTRY_MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; }
redis_ready() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$STATE/logs/kafka.log" 2>/dev/null; }

wait_ready() {
  case "$1" in
    kafka) wait_until kafka "$STATE/logs/kafka.log" kafka_ready ;;
    registry) wait_until registry "$STATE/logs/registry.out" registry_ready ;;
    redis) wait_until redis "$STATE/logs/redis.log" redis_ready ;;
    cluster) wait_cluster ;;
    sentinel) wait_sentinel ;;
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

SERVICES=(redis kafka registry cluster sentinel)

check_service() {
  case "$1" in kafka|registry|redis|cluster|sentinel) ;; *) die "unknown service '$1' (kafka, registry, redis, cluster or sentinel)";; esac
}

# The cluster and the sentinel set are several processes each.
processes_of() {
  case "$1" in
    cluster) echo cluster-1 cluster-2 cluster-3 ;;
    sentinel) echo sentinel-1 sentinel-2 sentinel-3 sentinel-redis-1 sentinel-redis-2 ;;
    *) echo "$1" ;;
  esac
}

# A set (cluster, sentinel) goes down at once, as a whole: SIGTERM to every process first, then each is waited for.
stop_part() {
  local p
  for p in $(processes_of "$1"); do
    if running "$p"; then kill "$(cat "$(pid_file "$p")")" 2>/dev/null || true; fi
  done
  for p in $(processes_of "$1"); do stop_service "$p"; done
}

group_status() {
  local name="$1" ports="$2" ready="$3" p
  for p in $(processes_of "$name"); do
    running "$p" || { echo "$name: down ($p not running)"; return 1; }
  done
  if "$ready"; then echo "$name: up (127.0.0.1:$ports)"; else echo "$name: starting (127.0.0.1:$ports)"; fi
}

main() {
  mkdir -p "$STATE/pids"
  need curl "Install curl (Debian: apt-get install -y curl)."
  case "${1:-}" in
    up)
      for s in "${SERVICES[@]}"; do "start_$s"; done
      for s in "${SERVICES[@]}"; do wait_ready "$s"; done
      ensure_scram_user
      check_secure_ports
      say "up: kafka 127.0.0.1:$KAFKA_PORT (SASL_SSL $KAFKA_SASL_SSL_PORT), registry http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 (HTTPS $REGISTRY_TLS_PORT), redis 127.0.0.1:$REDIS_PORT (TLS $REDIS_TLS_PORT), redis cluster 127.0.0.1:$REDIS_CLUSTER_PORT-$((REDIS_CLUSTER_PORT + 2)), sentinels 127.0.0.1:$SENTINEL_PORT-$((SENTINEL_PORT + 2)) (master '$SENTINEL_MASTER_NAME')"
      ;;
    down)
      for s in sentinel cluster registry kafka redis; do stop_part "$s"; done
      ;;
    status)
      local rc=0
      status_line kafka "$KAFKA_PORT" kafka_ready || rc=1
      status_line registry "$REGISTRY_PORT" registry_ready || rc=1
      status_line redis "$REDIS_PORT" redis_ready || rc=1
      group_status cluster "$REDIS_CLUSTER_PORT-$((REDIS_CLUSTER_PORT + 2))" cluster_ok || rc=1
      group_status sentinel "$SENTINEL_PORT-$((SENTINEL_PORT + 2))" sentinel_ready || rc=1
      return $rc
      ;;
    start) check_service "${2:-}"; "start_$2"; wait_ready "$2"; [ "$2" != kafka ] || ensure_scram_user ;;
    stop) check_service "${2:-}"; stop_part "$2" ;;
    restart) check_service "${2:-}"; stop_part "$2"; "start_$2"; wait_ready "$2"; [ "$2" != kafka ] || ensure_scram_user ;;
    *) echo "usage: scripts/stack.sh up|down|status|start SERVICE|stop SERVICE|restart SERVICE" >&2; exit 2 ;;
  esac
}

main "$@"
