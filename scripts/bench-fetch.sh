#!/usr/bin/env bash
# Benchmarks MiniAb with the reference Fetcher (virtual threads and platform pool, each with the JDK's HttpClient
# and with MiniAb's socket client) against ab -k, hey and wrk, all against ONE loopback demo server (exercise 5),
# and prints requests per second, p50 and p99 for each, and the ratios MiniAb (virtual threads) / ab -k in each
# round.
#
#   scripts/bench-fetch.sh [requests] [concurrency] [rounds]          defaults: 20000 50 3
#
# Environment: PORT (18080), LATENCY (0ms), BYTES (13), WARMUP_SECONDS (20: wrk warms the server first),
# WRK_SECONDS (5: wrk runs for a time, not a number of requests), MINIAB_WARMUP (2 x requests, sent by MiniAb in
# its own JVM before the measured run), MINIAB_JVM_OPTIONS, MINIAB_OPTIONS (see below).
#
# Loopback figures on a small machine swing with whatever else runs on it and with the server's JIT: the server is
# warmed first, the clients take turns in an order that alternates between rounds, and what to compare is the
# ratio within one round. The load average is printed with every round. Not a test: it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${1:-20000}
concurrency=${2:-50}
rounds=${3:-3}
port=${PORT:-18080}
latency=${LATENCY:-0ms}
bytes=${BYTES:-13}
warmup_seconds=${WARMUP_SECONDS:-20}
wrk_seconds=${WRK_SECONDS:-5}
miniab_warmup=${MINIAB_WARMUP:-$((2 * requests))}
# One carrier thread for the virtual threads: on two cores the server needs the other one, and fewer carriers
# hand fewer threads over between cores. The serial collector: short runs with little that lives long.
miniab_jvm=${MINIAB_JVM_OPTIONS:--XX:+UseSerialGC -Djdk.virtualThreadScheduler.parallelism=1}
# No timer per request; with --client jdk, the client's work on its selector thread (no hand-off to a pool per
# response).
miniab_options=${MINIAB_OPTIONS:--s 0 --client-executor direct}
url="http://127.0.0.1:${port}/"

# ---- tools: ab (apache2-utils), wrk, hey, from Debian's packages when missing
missing=()
command -v ab >/dev/null || missing+=(apache2-utils)
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- a JDK 21+ (Maven may run on an older one; the course needs virtual threads)
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
java=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/* ~/.sdkman/candidates/java/* ~/.jdks/*; do
  candidate="$home/bin/java"
  if [ -n "$home" ] && [ -x "$candidate" ] && [ "$(java_feature "$candidate")" -ge 21 ] 2>/dev/null; then
    if [ -z "$java" ] || [ "$(java_feature "$candidate")" -gt "$(java_feature "$java")" ]; then
      java=$candidate
    fi
  fi
done
[ -n "$java" ] || { echo "no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm, SDKMAN, ~/.jdks)" >&2; exit 1; }

# ---- build: the harness (demo server), the course-provided MiniAb and the reference Fetcher
echo "building (harness, exercises, solutions) ..." >&2
./mvnw -B -ntp -q -pl harness,exercises,solutions -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >&2
classpath="solutions/target/test-classes:solutions/target/classes:$(cat solutions/target/classpath.txt)"

# ---- one demo server for every client
"$java" -XX:+UseSerialGC -cp "$classpath" io.github.threadlab.harness.http.DemoServer --port "$port" \
  --latency "$latency" --bytes "$bytes" --stop-after 60m >/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "warming the server: wrk -t2 -c$concurrency -d${warmup_seconds}s" >&2
wrk -t2 -c"$concurrency" -d"${warmup_seconds}s" "$url" >/dev/null

# ---- one client, one line: "<req/s> <p50 ms> <p99 ms>"
run_miniab() { # $1 = mode, $2 = client
  # shellcheck disable=SC2086 # the option strings are word lists on purpose
  "$java" $miniab_jvm -cp "$classpath" io.github.threadlab.fetcher.MiniAb -q --json -n "$requests" \
    -c "$concurrency" -m "$1" --client "$2" -w "$miniab_warmup" $miniab_options "$url" |
    awk -F' : ' '/"requestsPerSecond"/ {rps=$2} /"50" :/ {p50=$2} /"99" :/ {p99=$2}
                 END {gsub(/,/, "", rps); gsub(/,/, "", p50); gsub(/,/, "", p99); printf "%.0f %.3f %.3f\n", rps, p50, p99}'
}
run_ab() {
  ab -k -q -n "$requests" -c "$concurrency" "$url" 2>/dev/null |
    awk '/^Requests per second/ {rps=$4} /^  50%/ {p50=$2} /^  99%/ {p99=$2} END {printf "%.0f %s %s\n", rps, p50, p99}'
}
run_hey() {
  hey -n "$requests" -c "$concurrency" "$url" |
    awk '/Requests\/sec/ {rps=$2} /50%+ in/ {p50=$3 * 1000} /99%+ in/ {p99=$3 * 1000}
         END {printf "%.0f %.3f %.3f\n", rps, p50, p99}'
}
run_wrk() {
  wrk -t2 -c"$concurrency" -d"${wrk_seconds}s" --latency "$url" |
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
         /^Requests\/sec/ {rps=$2} /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)}
         END {printf "%.0f %.3f %.3f\n", rps, p50, p99}'
}
measure() { # $1 = client name
  case $1 in
    miniab-virtual-socket) run_miniab virtual socket ;;
    miniab-virtual-jdk) run_miniab virtual jdk ;;
    miniab-platform-socket) run_miniab platform socket ;;
    miniab-platform-jdk) run_miniab platform jdk ;;
    ab-k) run_ab ;;
    hey) run_hey ;;
    wrk) run_wrk ;;
  esac
}

echo
echo "n=$requests c=$concurrency latency=$latency body=${bytes}B, $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "MiniAb: $miniab_jvm, $miniab_options, $miniab_warmup warm-up requests in its JVM; wrk: ${wrk_seconds}s, -t2"
order=(miniab-virtual-socket ab-k miniab-virtual-jdk hey miniab-platform-socket wrk miniab-platform-jdk)
for round in $(seq 1 "$rounds"); do
  if ((round % 2 == 0)); then
    clients=(miniab-platform-jdk wrk miniab-platform-socket hey miniab-virtual-jdk ab-k miniab-virtual-socket)
  else
    clients=("${order[@]}")
  fi
  echo
  echo "round $round ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '  %-22s %10s %10s %10s\n' client "req/s" "p50 ms" "p99 ms"
  declare -A rps=()
  for client in "${clients[@]}"; do
    read -r r p50 p99 < <(measure "$client")
    rps[$client]=$r
    printf '  %-22s %10s %10s %10s\n' "$client" "$r" "$p50" "$p99"
  done
  awk -v s="${rps[miniab-virtual-socket]}" -v j="${rps[miniab-virtual-jdk]}" -v a="${rps[ab-k]}" \
    'BEGIN {printf "  MiniAb (virtual, socket client) / ab -k = %.2f; MiniAb (virtual, JDK client) / ab -k = %.2f\n", s / a, j / a}'
done
