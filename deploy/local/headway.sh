#!/usr/bin/env bash
# Headway on one machine, without Docker: the local stack (Kafka, Redis, PostgreSQL) plus the four services.
#
#   bash deploy/local/headway.sh up                 install what is missing, build, start everything, print the URLs
#   bash deploy/local/headway.sh test [maven args]  start the stack if needed, then ./mvnw verify against it
#   bash deploy/local/headway.sh bench pipeline|aggregator|executor|gateway|dashboard|eta|alerts [options]   measure (--help)
#   bash deploy/local/headway.sh eta-eval FILE... [--predictions OUT]  score the ETA on recorded events (no stack)
#   bash deploy/local/headway.sh eta-record TYPE OUT [--since 1h]     save a job type's events from Kafka as a trace
#   bash deploy/local/headway.sh down | status | logs SERVICE [-f]
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVICES=(gateway executor aggregator eta-predictor)
SERVICES_DIR="$HEADWAY_STACK_DIR/services"
STACK="$HEADWAY_LOCAL_DIR/stack.sh"
READY_TIMEOUT="${HEADWAY_READY_TIMEOUT:-120}"

# The HTTP port of each service: HEADWAY_<NAME>_PORT, as the services themselves read it.
service_port() {
  local var
  var="HEADWAY_$(tr 'a-z-' 'A-Z_' <<<"$1")_PORT"
  case "$1" in
    gateway) echo "${!var:-8080}" ;;
    executor) echo "${!var:-8081}" ;;
    aggregator) echo "${!var:-8082}" ;;
    eta-predictor) echo "${!var:-8083}" ;;
  esac
}

service_pid() {
  local pidfile="$SERVICES_DIR/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

service_ready() {
  curl -fsS "http://127.0.0.1:$(service_port "$1")/q/health/ready" >/dev/null 2>&1
}

# The Maven wrapper, quiet about Guice's sun.misc.Unsafe use on JDK 24+ (the flag does not exist before 24).
mvnw() {
  local opts="${MAVEN_OPTS:-}"
  [[ "${HEADWAY_JAVA_MAJOR:-0}" -ge 24 ]] && opts+=" --sun-misc-unsafe-memory-access=allow"
  (cd "$HEADWAY_ROOT" && MAVEN_OPTS="$opts" ./mvnw -B "$@")
}

build() {
  log "building the services (./mvnw package -DskipTests)"
  mvnw -q package -DskipTests || die "the build failed"
}

# The development API key: random per machine, kept with the stack's data, given to the gateway only. The gateway
# registers it for tenant "dev" with every role; production sets no development key at all.
dev_key() {
  local file="$HEADWAY_STACK_DIR/dev-key"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$HEADWAY_STACK_DIR"
    (umask 077 && printf 'hw_dev_%s\n' "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >"$file")
  fi
  cat "$file"
}

start_service() {
  local name="$1" jar="$HEADWAY_ROOT/services/$1/target/quarkus-app/quarkus-run.jar" jvm_opts=(-Xmx512m)
  if service_pid "$name" >/dev/null; then
    log "$name: already running"
    return
  fi
  headway_port_open "$(service_port "$name")" && die "$name: port $(service_port "$name") is taken by another process"
  [[ "${HEADWAY_JAVA_MAJOR:-0}" -ge 24 ]] && jvm_opts+=(--sun-misc-unsafe-memory-access=allow)
  local extra=()
  read -ra extra <<<"${HEADWAY_JVM_OPTS:-}"   # more JVM options for every service, e.g. to try a collector
  jvm_opts+=("${extra[@]}")
  log "$name: starting on :$(service_port "$name")"
  (
    cd "$SERVICES_DIR"
    [[ "$name" == gateway ]] && export HEADWAY_DEV_KEY="$(dev_key)"
    setsid nohup java "${jvm_opts[@]}" -jar "$jar" >"$name.log" 2>&1 </dev/null &
    echo $! >"$name.pid"
  )
}

wait_ready() {
  local name="$1" deadline=$((SECONDS + READY_TIMEOUT))
  until service_ready "$name"; do
    service_pid "$name" >/dev/null || die "$name exited; see $SERVICES_DIR/$name.log"
    ((SECONDS < deadline)) || die "$name not ready after ${READY_TIMEOUT}s; see $SERVICES_DIR/$name.log"
    sleep 1
  done
  log "$name: ready"
}

stop_service() {
  local name="$1" pid
  pid="$(service_pid "$name")" || {
    log "$name: not running"
    return 0
  }
  log "$name: stopping (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$SERVICES_DIR/$name.pid"
}

print_urls() {
  cat <<URLS

Headway is up.
  gateway        http://localhost:$(service_port gateway)
  executor       http://localhost:$(service_port executor)
  aggregator     http://localhost:$(service_port aggregator)
  eta-predictor  http://localhost:$(service_port eta-predictor)
  dashboard      http://localhost:$(service_port gateway)/   (sign in with the API key below)
  command line   headway --help   (headway submit demo size=30 --follow)
  API docs       http://localhost:$(service_port gateway)/q/swagger-ui
  API key        $(dev_key)   (tenant "dev", every role; kept in .stack/dev-key)
  live stream    ws://localhost:$(service_port gateway)/api/v1/stream   (or /api/v1/stream/sse)
  each service:  /q/health/ready  /q/metrics
  Kafka          127.0.0.1:$HEADWAY_KAFKA_PORT  (kcat -b 127.0.0.1:$HEADWAY_KAFKA_PORT -L)
  Redis          $HEADWAY_REDIS_URL
  PostgreSQL     postgresql://$HEADWAY_PG_USER@$HEADWAY_PG_HOST:$HEADWAY_PG_PORT/$HEADWAY_PG_DB
  logs           bash deploy/local/headway.sh logs SERVICE [-f]
  stop           bash deploy/local/headway.sh down
URLS
}

cmd_up() {
  bash "$STACK" up >/dev/null
  headway_pick_jdk
  command -v curl >/dev/null 2>&1 || headway_apt_install curl || die "curl is needed to check the services"
  build
  mkdir -p "$SERVICES_DIR"
  # The aggregator migrates the history schema, so it goes first.
  start_service aggregator
  wait_ready aggregator
  local name
  for name in gateway executor eta-predictor; do start_service "$name"; done
  for name in gateway executor eta-predictor; do wait_ready "$name"; done
  link_cli
  print_urls
}

# bin/headway on the PATH, where this user may write; otherwise the URLs say where it is.
link_cli() {
  local dir
  for dir in /usr/local/bin "$HOME/.local/bin"; do
    if [[ -d "$dir" && -w "$dir" ]]; then
      ln -sf "$HEADWAY_ROOT/bin/headway" "$dir/headway" && log "headway command: $dir/headway" && return
    fi
  done
  log "headway command: $HEADWAY_ROOT/bin/headway (no writable directory on the PATH to link it from)"
}

cmd_down() {
  local name
  for name in "${SERVICES[@]}"; do stop_service "$name"; done
  bash "$STACK" down
}

cmd_status() {
  local name down=0
  for name in "${SERVICES[@]}"; do
    if service_ready "$name"; then
      printf '%-14s ready      :%s\n' "$name" "$(service_port "$name")"
    elif service_pid "$name" >/dev/null; then
      printf '%-14s not ready  :%s\n' "$name" "$(service_port "$name")"
      down=1
    else
      printf '%-14s down\n' "$name"
      down=1
    fi
  done
  bash "$STACK" status || down=1
  return "$down"
}

cmd_logs() {
  local name="${1:-}" follow="${2:-}" file
  [[ " ${SERVICES[*]} " == *" $name "* ]] || exec bash "$STACK" logs "$@"
  file="$SERVICES_DIR/$name.log"
  [[ -f "$file" ]] || die "no log yet: $file"
  if [[ "$follow" == "-f" ]]; then exec tail -n 200 -f "$file"; else exec tail -n 200 "$file"; fi
}

# The browser tests drive Debian's Chromium through its own chromedriver (nothing downloads a browser of its own);
# the terminal tests run the command line in tmux.
ensure_test_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [[ ${#missing[@]} -eq 0 ]] && return
  headway_apt_install "${missing[@]}" || die "the browser and terminal tests need: ${missing[*]}"
}

cmd_test() {
  bash "$STACK" up >/dev/null
  headway_pick_jdk
  ensure_test_tools
  log "running the tests against the local stack (./mvnw verify $*)"
  mvnw verify "$@"
}

cmd_bench() {
  local which="${1:-}"
  [[ $# -gt 0 ]] && shift
  local main
  case "$which" in
    aggregator) main=io.headway.bench.AggregatorBenchmark ;;
    gateway) main=io.headway.bench.GatewayBenchmark ;;
    executor) main=io.headway.bench.ExecutorBenchmark ;;
    dashboard) main=io.headway.bench.DashboardBenchmark ;;
    eta) main=io.headway.bench.EtaBenchmark ;;
    pipeline) main=io.headway.bench.PipelineBenchmark ;;
    alerts) main=io.headway.bench.AlertBenchmark ;;
    *) die "usage: headway.sh bench pipeline|aggregator|executor|gateway|dashboard|eta|alerts [options]" ;;
  esac
  if [[ "$which" == pipeline ]]; then
    # The whole platform as a user runs it: build everything (the benchmark too), start what is not running.
    cmd_up >/dev/null
    # The load generator and its clients share the machine with the stack they measure: the quick compiler only and
    # the serial collector keep their own CPU small (the optimizing compiler alone took half a core).
    cd "$HEADWAY_ROOT" && exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "benchmarks/target/classes:benchmarks/target/lib/*" "$main" "$@"
  fi
  bash "$STACK" up >/dev/null
  headway_pick_jdk
  log "building the $which benchmark and what it runs"
  local service="${which/dashboard/gateway}"
  service="${service/alerts/aggregator}"
  local modules="services/${service/#eta/eta-predictor},benchmarks"
  [[ "$which" == dashboard ]] && ensure_test_tools
  # The gateway's latency is measured through the aggregator, so it needs both.
  [[ "$which" == gateway ]] && modules+=",services/aggregator"
  # Alerts are raised by the aggregator and delivered by the gateway.
  [[ "$which" == alerts ]] && modules+=",services/gateway"
  mvnw -q package -DskipTests -pl "$modules" -am || die "the build failed"
  cd "$HEADWAY_ROOT" && exec java -cp "benchmarks/target/classes:benchmarks/target/lib/*" "$main" "$@"
}

# The ETA tools run from the eta-model module's classes and runtime classpath; they need no running service.
eta_model_java() {
  headway_pick_jdk
  mvnw -q package -DskipTests -pl eta-model -am || die "the build failed"
  exec java -cp "$HEADWAY_ROOT/eta-model/target/classes:$HEADWAY_ROOT/eta-model/target/lib/*" "$@"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    eta-eval) eta_model_java io.headway.eta.eval.EtaEval "$@" ;;
    eta-record) eta_model_java io.headway.eta.traces.TraceRecorder "$@" ;;
    *)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
