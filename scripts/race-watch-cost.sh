#!/usr/bin/env bash
# What the race watch costs: the reference's graded suites run K times with the watch and K times without
# (-Dthreadlab.raceWatch=false), alternating, and the median of each run's total test time (the sum of the test
# classes' times in surefire's reports, so Maven's own start-up is left out) is printed for both, with the ratio.
#
#   scripts/race-watch-cost.sh [K]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
suites='io.github.threadlab.sleep.**,io.github.threadlab.startup.**,io.github.threadlab.gather.**,io.github.threadlab.bridge.**,io.github.threadlab.fetcher.**,io.github.threadlab.eventloop.**,io.github.threadlab.cpu.**'
./mvnw -B -q -ntp -pl harness,exercises,solutions -am install -DskipTests >/dev/null
out="$(mktemp -d)"
total() {
  rm -rf solutions/target/surefire-reports
  ./mvnw -B -q -ntp -o -pl solutions test -Dtest="$suites" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dthreadlab.raceWatch="$1" -Dthreadlab.timeline=false >"$out/last.log" 2>&1 || { echo "a run with raceWatch=$1 failed: $out/last.log" >&2; exit 1; }
  grep -h "Tests run:.*Time elapsed" solutions/target/surefire-reports/*.txt \
      | sed -E 's/.*Time elapsed: ([0-9.]+) s.*/\1/' | paste -sd+ | bc
}
for i in $(seq 1 "$runs"); do
  echo "$(total true)" >>"$out/watched"
  echo "$(total false)" >>"$out/unwatched"
  printf '.' >&2
done
echo >&2
python3 - "$out" "$runs" <<'PY'
import sys, statistics
out, runs = sys.argv[1], sys.argv[2]
w = [float(x) for x in open(out + "/watched")]
u = [float(x) for x in open(out + "/unwatched")]
mw, mu = statistics.median(w), statistics.median(u)
print(f"graded suites' test time over {runs} runs each, alternating: with the race watch median {mw:.1f} s "
      f"(min {min(w):.1f}, max {max(w):.1f}), without median {mu:.1f} s (min {min(u):.1f}, max {max(u):.1f}); "
      f"ratio {mw / mu:.2f}")
PY
