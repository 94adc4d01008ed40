#!/usr/bin/env bash
# Headway on one machine, without Docker: the local stack (Kafka, Redis, PostgreSQL) plus the four services.
#
#   bash deploy/local/headway.sh up                 install what is missing, build what changed, start everything,
#                                                   print the URLs
#   bash deploy/local/headway.sh test [maven args]  start the stack if needed, then ./mvnw verify against it
#   bash deploy/local/headway.sh bench pipeline|aggregator|executor|gateway|dashboard|eta|alerts [options]   measure (--help)
#   bash deploy/local/headway.sh eta-eval FILE... [--predictions OUT]  score the ETA on recorded events (no stack)
#   bash deploy/local/headway.sh eta-record TYPE OUT [--since 1h]     save a job type's events from Kafka as a trace
#   bash deploy/local/headway.sh chaos [PROCESS...] [--standby] [bench options]   kill each with SIGKILL mid-run, on a
#                                                   stack of its own (--standby: with a second instance of each)
#   bash deploy/local/headway.sh start [SERVICE...]  start services from the last build, without building; NAME-2
#                                                   is a second instance (aggregator-2: port 8092, same groups)
#   bash deploy/local/headway.sh down | status | logs SERVICE [-f]
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVICES=(gateway executor aggregator eta-predictor)
SERVICES_DIR="$HEADWAY_STACK_DIR/services"
STACK="$HEADWAY_LOCAL_DIR/stack.sh"
READY_TIMEOUT="${HEADWAY_READY_TIMEOUT:-120}"

# A second (third, ...) instance of a service is NAME-N, e.g. aggregator-2: the same jar and consumer groups (so it
# shares the partitions, or stands by warm to take a dead one's), on the port 10 * (N - 1) above the first's.
service_base() {
  if [[ "$1" =~ ^(.+)-([2-9])$ && " ${SERVICES[*]} " == *" ${BASH_REMATCH[1]} "* ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    echo "$1"
  fi
}

service_instance() {
  if [[ "$1" =~ -([2-9])$ && "$(service_base "$1")" != "$1" ]]; then echo "${BASH_REMATCH[1]}"; else echo 1; fi
}

known_service() {
  [[ " ${SERVICES[*]} " == *" $(service_base "$1") "* ]]
}

# The HTTP port of each service: HEADWAY_<NAME>_PORT, as the services themselves read it.
service_port() {
  local var base port
  base="$(service_base "$1")"
  var="HEADWAY_$(tr 'a-z-' 'A-Z_' <<<"$base")_PORT"
  case "$base" in
    gateway) port="${!var:-8080}" ;;
    executor) port="${!var:-8081}" ;;
    aggregator) port="${!var:-8082}" ;;
    eta-predictor) port="${!var:-8083}" ;;
  esac
  echo $((port + 10 * ($(service_instance "$1") - 1)))
}

# The services running now: the four, and any further instances started with `start NAME-N`.
running_services() {
  local name file
  for name in "${SERVICES[@]}"; do echo "$name"; done
  for file in "$SERVICES_DIR"/*-[2-9].pid; do
    [[ -f "$file" ]] || continue
    name="$(basename "$file" .pid)"
    known_service "$name" && echo "$name"
  done
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

# What the build makes that `up` and the benchmarks run: each service, the command line and the benchmarks.
build_outputs() {
  local name
  for name in "${SERVICES[@]}"; do echo "$HEADWAY_ROOT/services/$name/target/quarkus-app/quarkus-run.jar"; done
  echo "$HEADWAY_ROOT/cli/target/headway-cli.jar"
  ls "$HEADWAY_ROOT"/benchmarks/target/headway-benchmarks-*.jar 2>/dev/null || echo "$HEADWAY_ROOT/benchmarks/target/missing"
}

# make's rule: build when an output is missing or a source (any file under a src/ directory, a pom.xml, the Maven
# wrapper's settings) changed since the last build that succeeded began. A rebuild rewrites every service's jars,
# which would also throw away their AOT caches (the JDK checks each jar's time), so an unchanged tree is not rebuilt.
# The stamp belongs to the tree, not to a stack: the chaos stack runs the same build.
BUILD_STAMP="$HEADWAY_ROOT/target/last-build"

build_needed() {
  local out
  for out in $(build_outputs); do
    [[ -e "$out" ]] || return 0
  done
  [[ -e "$BUILD_STAMP" ]] || return 0
  [[ -n "$(find "$HEADWAY_ROOT" \( -name target -o -name .stack -o -name .git -o -name node_modules \) -prune \
    -o \( -path '*/src/*' -o -name pom.xml -o -path '*/.mvn/*' \) -type f -newer "$BUILD_STAMP" -print -quit)" ]]
}

build() {
  if ! build_needed; then
    log "the build is up to date"
    return
  fi
  mkdir -p "$(dirname "$BUILD_STAMP")"
  touch "$BUILD_STAMP.started"
  log "building the services (./mvnw package -DskipTests)"
  mvnw -q package -DskipTests || die "the build failed"
  mv "$BUILD_STAMP.started" "$BUILD_STAMP"
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

# The JDK's AOT cache (JEP 483, 514, 515; JDK 25+), with HEADWAY_AOT=on (`chaos` turns it on): a service starts from
# the classes it loaded and linked, and the method profiles it gathered, in an earlier run of the same build, in about
# half the time (docs/local-stack.md). The first start after a build records; the cache is written when that run stops
# (some seconds more at `down`); later starts use it. Not the default: the first minute under load after such a start
# measured slower than after a plain one.
# Kept with the build, not with a stack: the chaos stack starts from the same caches as the developer's.
aot_cache() {
  echo "$HEADWAY_ROOT/services/$1/target/$1.aot"
}

# What a cache was made from: the service's jars, the JDK and the JVM options. Any change makes a new recording.
aot_stamp() {
  {
    find "$HEADWAY_ROOT/services/$1/target/quarkus-app" -name '*.jar' -printf '%s %T@ %p\n' | sort
    java -version 2>&1
    service_jvm_options "$1"
    echo "${HEADWAY_JVM_OPTS:-}"
  } | sha256sum | cut -d' ' -f1
}

# JVM options of one service on this one-machine stack. The executor runs the quick compiler only
# (-XX:TieredStopAtLevel=1): it decodes no snapshot of an external job and runs no loop hot enough to pay for the
# optimizing compiler, whose compiling took half of its CPU under the pipeline benchmark; with C1 it used about half the
# CPU there and started 100 jobs faster (docs/benchmarks.md). HEADWAY_EXECUTOR_JVM_OPTS replaces it.
service_jvm_options() {
  case "$(service_base "$1")" in
    executor) echo "${HEADWAY_EXECUTOR_JVM_OPTS--XX:TieredStopAtLevel=1}" ;;
  esac
}

aot_options() {
  local name cache stamp
  name="$(service_base "$1")"
  [[ "${HEADWAY_AOT:-off}" == on && "${HEADWAY_JAVA_MAJOR:-0}" -ge 25 ]] || return 0
  cache="$(aot_cache "$name")" stamp="$(aot_stamp "$name")"
  if [[ -s "$cache" && "$(cat "$cache.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "-XX:AOTCache=$cache"
  elif [[ "$name" != "$1" ]]; then
    return 0 # a further instance uses the first's cache, never records one of its own
  else
    rm -f "$cache" "$cache.stamp"
    echo "$stamp" >"$cache.recording"
    echo "-XX:AOTCacheOutput=$cache"
  fi
}

# After a recording run stopped: its cache is trusted only if the JVM finished writing it.
aot_recorded() {
  local cache
  cache="$(aot_cache "$1")"
  [[ -f "$cache.recording" ]] || return 0
  if [[ -s "$cache" ]]; then
    mv "$cache.recording" "$cache.stamp"
    log "$1: AOT cache recorded; the next start uses it"
  else
    rm -f "$cache" "$cache.recording"
  fi
}

start_service() {
  local name="$1" jar jvm_opts=(-Xmx512m)
  jar="$HEADWAY_ROOT/services/$(service_base "$1")/target/quarkus-app/quarkus-run.jar"
  if service_pid "$name" >/dev/null; then
    log "$name: already running"
    return
  fi
  headway_port_open "$(service_port "$name")" && die "$name: port $(service_port "$name") is taken by another process"
  [[ "${HEADWAY_JAVA_MAJOR:-0}" -ge 24 ]] && jvm_opts+=(--sun-misc-unsafe-memory-access=allow)
  local own=() extra=() aot=()
  read -ra own <<<"$(service_jvm_options "$name")"
  read -ra extra <<<"${HEADWAY_JVM_OPTS:-}"   # more JVM options for every service, e.g. to try a collector
  read -ra aot <<<"$(aot_options "$name")"
  jvm_opts+=("${own[@]}" "${extra[@]}" "${aot[@]}")
  log "$name: starting on :$(service_port "$name")"
  (
    cd "$SERVICES_DIR"
    [[ "$(service_base "$name")" == gateway ]] && export HEADWAY_DEV_KEY="$(dev_key)"
    export QUARKUS_HTTP_PORT="$(service_port "$name")"
    # Previews and artifacts: the executor writes them, the gateway serves them, so both share this directory.
    export HEADWAY_ARTIFACTS_DIRECTORY="${HEADWAY_ARTIFACTS_DIRECTORY:-$HEADWAY_STACK_DIR/artifacts}"
    # Tracing (docs/observability.md): spans over OTLP/HTTP to QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT (localhost:4318).
    [[ "${HEADWAY_TRACING:-false}" == true ]] && export QUARKUS_OTEL_SDK_DISABLED=false
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
  # A run that records an AOT cache writes it on the way out, in a child JVM: give it time.
  local patience=30
  [[ -f "$(aot_cache "$name").recording" ]] && patience=120
  for _ in $(seq 1 "$patience"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$SERVICES_DIR/$name.pid"
  [[ "$(service_base "$name")" == "$name" ]] && aot_recorded "$name"
  return 0
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

# All together: each may be writing its AOT cache.
stop_services() {
  local name
  for name in $(running_services); do stop_service "$name" & done
  wait
}

cmd_down() {
  stop_services
  bash "$STACK" down
}

cmd_status() {
  local name down=0
  for name in $(running_services); do
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
  known_service "$name" || exec bash "$STACK" logs "$@"
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
    work-sharing) main=io.headway.bench.WorkSharingBenchmark ;;
    dashboard) main=io.headway.bench.DashboardBenchmark ;;
    eta) main=io.headway.bench.EtaBenchmark ;;
    pipeline) main=io.headway.bench.PipelineBenchmark ;;
    alerts) main=io.headway.bench.AlertBenchmark ;;
    *) die "usage: headway.sh bench pipeline|aggregator|executor|work-sharing|gateway|dashboard|eta|alerts [options]" ;;
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
  service="${service/work-sharing/executor}"
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

# Starts the named services (all four when none is named; `kafka` is the broker) from the last build, without building,
# and waits until they are ready: what bringing back a crashed process takes.
cmd_start() {
  local names=("$@") name
  [[ ${#names[@]} -gt 0 ]] || names=("${SERVICES[@]}")
  # The stack's own check (and its topic step, a JVM of its own) took 14 s on a loaded machine: only for the servers.
  if [[ " ${names[*]} " =~ " "(kafka|redis|postgres)" " ]]; then bash "$STACK" up >/dev/null; fi
  headway_pick_jdk
  mkdir -p "$SERVICES_DIR"
  for name in "${names[@]}"; do
    [[ "$name" =~ ^(kafka|redis|postgres)$ ]] && continue
    known_service "$name" || die "start: no service '$name' (${SERVICES[*]}, NAME-2 for a second instance, kafka, redis or postgres)"
    start_service "$name"
  done
  for name in "${names[@]}"; do
    [[ "$name" =~ ^(kafka|redis|postgres)$ ]] || wait_ready "$name"
  done
}

# Chaos cases, on a stack of their own (.chaos-stack and ports 2xxxx) so that a fault never touches a developer's or
# CI's stack: for each process named (all seven when none is), a pipeline run in which it is killed with SIGKILL ten
# seconds into the measured part and started again (headway.sh start; Redis comes back empty, PostgreSQL recovers
# from its log), reporting the accounting and how long until the clients were live again. Four demo jobs run on the
# executor meanwhile (--executor-jobs 4), each checked to have succeeded exactly once. Other options go to the
# benchmark (--rate: 250 events/s by default, a rate this machine keeps within 100 ms at p99 without faults, so the
# recovery is measured against a stack that was live).
cmd_chaos() {
  if [[ -z "${HEADWAY_CHAOS_STACK:-}" ]]; then
    HEADWAY_CHAOS_STACK=1 HEADWAY_AOT=on HEADWAY_STACK_DIR="$HEADWAY_ROOT/.chaos-stack" \
      HEADWAY_KAFKA_PORT=29092 HEADWAY_KAFKA_CONTROLLER_PORT=29093 HEADWAY_KAFKA_BOOTSTRAP=127.0.0.1:29092 \
      HEADWAY_REDIS_PORT=26379 HEADWAY_REDIS_URL=redis://127.0.0.1:26379 HEADWAY_PG_PORT=25432 \
      HEADWAY_GATEWAY_PORT=28080 HEADWAY_EXECUTOR_PORT=28081 HEADWAY_AGGREGATOR_PORT=28082 \
      HEADWAY_ETA_PREDICTOR_PORT=28083 exec bash "${BASH_SOURCE[0]}" chaos "$@"
  fi
  local processes=() options=() rate=(--rate 250) work=(--executor-jobs 4) arg process tests="" standby=""
  # --test (first): the seven cases as ChaosTest, asserting the accounting; it runs all seven, whatever else is named.
  if [[ "${1:-}" == --test ]]; then tests=1; shift; fi
  for arg in "$@"; do
    if [[ "$arg" == --standby ]]; then
      standby=1 # a second instance of each service, running warm beside the one killed
    elif [[ "$arg" == -* || ${#options[@]} -gt 0 ]]; then options+=("$arg"); else processes+=("$arg"); fi
  done
  [[ ${#processes[@]} -gt 0 ]] || processes=(aggregator gateway executor eta-predictor kafka redis postgres)
  [[ " ${options[*]} " == *" --rate "* ]] && rate=()
  [[ " ${options[*]} " == *" --executor-jobs "* ]] && work=()
  log "chaos: a stack of its own in $HEADWAY_STACK_DIR (Kafka :$HEADWAY_KAFKA_PORT, gateway :$(service_port gateway))"
  cmd_up >/dev/null
  local bench=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "benchmarks/target/classes:benchmarks/target/lib/*"
    io.headway.bench.PipelineBenchmark "${rate[@]}" --idle-seconds 0 --stack-dir "$HEADWAY_STACK_DIR")
  if compgen -G "$HEADWAY_ROOT/services/*/target/*.aot.recording" >/dev/null; then
    # The first start of this build records the services' AOT caches, which are written as they stop; a process
    # killed now would leave none, and its restart would be a cold one. The recording runs under the pipeline's load,
    # so the cache holds what folding and streaming load and link, not only what an idle start does: a restarted
    # aggregator spent 4 s linking the snapshot path's lambdas, on its event loop, when the cache had none of it.
    log "chaos: recording the services' AOT caches first (a run under load, a stop and a start)"
    (cd "$HEADWAY_ROOT" && "${bench[@]}" --gateway "http://127.0.0.1:$(service_port gateway)" --seconds 20 \
      "${options[@]}" >/dev/null) || log "chaos: the recording run failed"
    stop_services
    cmd_start >/dev/null
  fi
  local gateways="http://127.0.0.1:$(service_port gateway)"
  if [[ -n "$standby" ]]; then
    # Warm standbys: a second aggregator and eta-predictor in the same consumer groups (each takes half the
    # partitions, and all of them when the other dies), a second executor, and a second gateway that half the
    # clients use and the rest move to when theirs is killed.
    log "chaos: starting a second instance of each service"
    cmd_start aggregator-2 gateway-2 executor-2 eta-predictor-2 >/dev/null
    gateways+=",http://127.0.0.1:$(service_port gateway-2)"
  fi
  bench+=(--gateway "$gateways")
  # Recovery is judged against the seconds before the fault, so the services' compilers must be warm by then.
  log "chaos: warming the stack up with a run without a fault"
  (cd "$HEADWAY_ROOT" && "${bench[@]}" --seconds 20 "${options[@]}" >/dev/null) || log "chaos: the warm-up run failed"
  if [[ -n "$tests" ]]; then
    # The same cases as tests asserting the accounting (benchmarks' ChaosTest, @Tag("chaos")); test, not verify,
    # so nothing repackages the jars the chaos stack's services run from.
    log "chaos: the chaos tests (./mvnw test -Pchaos -pl benchmarks -am)"
    local status=0
    mvnw test -Pchaos -pl benchmarks -am -Dsurefire.failIfNoSpecifiedTests=false || status=$?
    cmd_down
    return "$status"
  fi
  for process in "${processes[@]}"; do
    log "chaos: $process killed with SIGKILL 10 s into the measured part"
    (cd "$HEADWAY_ROOT" && "${bench[@]}" --seconds 60 --fault "$process@10" "${work[@]}" "${options[@]}") \
      || log "chaos: the $process run failed"
  done
  cmd_down
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up ;;
    start) cmd_start "$@" ;;
    chaos) cmd_chaos "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    eta-eval) eta_model_java io.headway.eta.eval.EtaEval "$@" ;;
    eta-record) eta_model_java io.headway.eta.traces.TraceRecorder "$@" ;;
    *)
      sed -n '2,/^set /{/^set /d;p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
