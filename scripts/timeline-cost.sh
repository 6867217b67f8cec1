#!/usr/bin/env bash
# What the timeline recording costs the graded suite: runs the reference solutions' graded tests K times with the
# recording on and K times with it off (-Dthreadlab.timeline=false), alternating, each run a fresh Maven and test
# JVM, and prints per run the suite's test time (the sum of surefire's per-class times) and the wall time of the
# whole `mvn test`, then the medians and the cost of recording as a share of the suite's test time.
#
#   scripts/timeline-cost.sh [K]          default 5
#
# A benchmark, not a test: it asserts nothing. Run it on an otherwise idle machine; the graded tests wait on
# gates and sleeps, so most of their time is the schedule's, and the figure to read is the difference.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
graded='!io.github.threadlab.corpus.**,!io.github.threadlab.demo.**'

./mvnw -B -q -ntp -pl harness,exercises,solutions -am install -DskipTests >/dev/null
out="$(mktemp -d)"
for i in $(seq 1 "$runs"); do
  # Alternate which goes first so that a drift in the machine's load does not favour one side.
  if ((i % 2)); then order="true false"; else order="false true"; fi
  for recording in $order; do
    rm -rf solutions/target/surefire-reports
    start=$(date +%s.%N)
    ./mvnw -B -q -ntp -o -pl solutions test -Dtest="$graded" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dthreadlab.timeline="$recording" >"$out/run-$i-$recording.log" 2>&1 \
        || { echo "run $i (recording $recording) failed: $out/run-$i-$recording.log" >&2; exit 1; }
    end=$(date +%s.%N)
    suite=$(grep -h "Tests run:.*Time elapsed" solutions/target/surefire-reports/*.txt \
        | sed -E 's/.*Time elapsed: ([0-9.]+) s.*/\1/' | awk '{ s += $1 } END { print s }')
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    echo "$recording $suite $wall" >>"$out/times.txt"
    printf 'run %d recording=%-5s suite %6.2f s  mvn test %6.2f s  (load %s)\n' "$i" "$recording" "$suite" "$wall" \
        "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

python3 - "$out/times.txt" <<'PY'
import sys, statistics
rows = [line.split() for line in open(sys.argv[1])]
def medians(flag):
    picked = [(float(s), float(w)) for r, s, w in rows if r == flag]
    return statistics.median(s for s, _ in picked), statistics.median(w for _, w in picked)
on_suite, on_wall = medians("true")
off_suite, off_wall = medians("false")
print(f"median suite time: recording {on_suite:.2f} s, not recording {off_suite:.2f} s: "
      f"cost {100 * (on_suite - off_suite) / off_suite:+.1f}%")
print(f"median mvn test wall time (with the report written at the end): recording {on_wall:.2f} s, "
      f"not recording {off_wall:.2f} s: cost {100 * (on_wall - off_wall) / off_wall:+.1f}%")
PY
echo "logs: $out"
