# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Shared settings for the Headway local stack (deploy/local/*.sh).
#
# Source it, do not run it:   . deploy/local/common.sh
# Safe under `set -euo pipefail`. Every port and connection variable can be
# overridden from the environment before sourcing.

# --- locations ---------------------------------------------------------------
HEADWAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HEADWAY_LOCAL_DIR="$HEADWAY_ROOT/deploy/local"
# One git-ignored folder for all data, logs, pids and downloaded jars.
HEADWAY_STACK_DIR="${HEADWAY_STACK_DIR:-$HEADWAY_ROOT/.stack}"
export HEADWAY_ROOT HEADWAY_STACK_DIR

# --- ports of the local servers -----------------------------------------------
HEADWAY_KAFKA_PORT="${HEADWAY_KAFKA_PORT:-19092}"
HEADWAY_KAFKA_CONTROLLER_PORT="${HEADWAY_KAFKA_CONTROLLER_PORT:-19093}"
HEADWAY_REDIS_PORT="${HEADWAY_REDIS_PORT:-16379}"
HEADWAY_PG_PORT="${HEADWAY_PG_PORT:-15432}"

# --- connection variables read by the Java services and tests ----------------
# Only set when not already set, so they can point at other servers.
export HEADWAY_KAFKA_BOOTSTRAP="${HEADWAY_KAFKA_BOOTSTRAP:-127.0.0.1:$HEADWAY_KAFKA_PORT}"
export HEADWAY_REDIS_URL="${HEADWAY_REDIS_URL:-redis://127.0.0.1:$HEADWAY_REDIS_PORT}"
export HEADWAY_PG_HOST="${HEADWAY_PG_HOST:-127.0.0.1}"
export HEADWAY_PG_PORT
export HEADWAY_PG_DB="${HEADWAY_PG_DB:-headway}"
export HEADWAY_PG_USER="${HEADWAY_PG_USER:-headway}"
export HEADWAY_PG_PASSWORD="${HEADWAY_PG_PASSWORD:-headway}"

# The variables printed by `stack.sh env`.
HEADWAY_ENV_VARS=(HEADWAY_KAFKA_BOOTSTRAP HEADWAY_REDIS_URL HEADWAY_PG_HOST HEADWAY_PG_PORT
  HEADWAY_PG_DB HEADWAY_PG_USER HEADWAY_PG_PASSWORD)

# --- logging -------------------------------------------------------------------
log() { printf '[headway] %s\n' "$*" >&2; }
warn() { printf '[headway] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[headway] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- JDK selection -----------------------------------------------------------------
# Prints the major version of the java binary $1 (8, 17, 21, 25, ...), or nothing.
headway_java_major() {
  local java="$1" v
  [[ -x "$java" ]] || return 0
  v="$("$java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/^[[:space:]]*java\.specification\.version =/ {print $2; exit}')" || true
  v="${v#1.}"     # 1.8 -> 8
  v="${v%%.*}"
  [[ "$v" =~ ^[0-9]+$ ]] && printf '%s\n' "$v"
  return 0
}

# Exports JAVA_HOME and PATH for a JDK 21 or newer: $JAVA_HOME if it is one,
# else `java` on PATH, else the newest one under /usr/lib/jvm ($HEADWAY_JVM_DIR).
# Exits 1 if none.
headway_pick_jdk() {
  local found=() home major best_home="" best_major=0 java_on_path d
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(headway_java_major "$JAVA_HOME/bin/java")"
    if [[ -n "$major" && "$major" -ge 21 && -x "$JAVA_HOME/bin/javac" ]]; then
      best_home="$JAVA_HOME" best_major="$major"
    else
      found+=("JAVA_HOME=$JAVA_HOME (java ${major:-?}$([[ -x "$JAVA_HOME/bin/javac" ]] || echo ', no javac'))")
    fi
  fi
  if [[ -z "$best_home" ]] && java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$java_on_path")")")"
    major="$(headway_java_major "$home/bin/java")"
    if [[ -n "$major" && "$major" -ge 21 && -x "$home/bin/javac" ]]; then
      best_home="$home" best_major="$major"
    else
      found+=("java on PATH=$java_on_path (java ${major:-?}$([[ -x "$home/bin/javac" ]] || echo ', no javac'))")
    fi
  fi
  if [[ -z "$best_home" ]]; then
    for d in "${HEADWAY_JVM_DIR:-/usr/lib/jvm}"/*; do
      [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
      major="$(headway_java_major "$d/bin/java")"
      [[ -n "$major" ]] || continue
      if [[ "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
        best_home="$(readlink -f "$d")" best_major="$major"
      elif [[ "$major" -lt 21 ]]; then
        found+=("$d (java $major)")
      fi
    done
  fi
  if [[ -z "$best_home" ]]; then
    local what="no JDK at all" f
    if [[ ${#found[@]} -gt 0 ]]; then
      what=""
      for f in "${found[@]}"; do what+="${what:+, }$f"; done
    fi
    die "Headway needs JDK 21+; found: $what; install e.g. openjdk-21-jdk or temurin-21"
  fi
  export JAVA_HOME="$best_home"
  case ":$PATH:" in
    "$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  HEADWAY_JAVA_MAJOR="$best_major"
}

# --- packages -----------------------------------------------------------------------
_HEADWAY_APT_UPDATED=0
# Installs Debian/Ubuntu packages with apt-get; runs `apt-get update` at most once.
headway_apt_install() {
  local sudo=()
  command -v apt-get >/dev/null 2>&1 || { warn "apt-get not found; install manually: $*"; return 1; }
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { warn "not root and no sudo; install manually: $*"; return 1; }
    sudo=(sudo)
  fi
  if [[ "$_HEADWAY_APT_UPDATED" -eq 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    _HEADWAY_APT_UPDATED=1
  fi
  log "apt-get install $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "$@" >&2
}

# True if something accepts TCP connections on 127.0.0.1:$1.
headway_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
