#!/usr/bin/env bash
# Runs the reference solutions' graded tests K times with every core busy (stress-ng --cpu <cores>) and
# prints, per graded test, how many of the K runs failed, then the slowest test time per run.
#
#   scripts/stress.sh [K] [test filter]        e.g.  scripts/stress.sh 30 'io.github.threadlab.sleep.**'
#
# The target is 0 failures in 30 runs: a correct solution must pass every time on a loaded 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
filter="${2:-!io.github.threadlab.corpus.**}"
cores="$(nproc)"

if ! command -v stress-ng >/dev/null; then
  echo "installing stress-ng" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq stress-ng >/dev/null;
  else sudo apt-get update -qq && sudo apt-get install -y -qq stress-ng >/dev/null; fi
fi

./mvnw -B -q -ntp -pl harness,exercises,solutions -am install -DskipTests >/dev/null
out="$(mktemp -d)"
stress-ng --cpu "$cores" --timeout 0 >/dev/null 2>&1 &
load=$!
trap 'kill $load 2>/dev/null || true' EXIT

for i in $(seq 1 "$runs"); do
  rm -rf solutions/target/surefire-reports
  ./mvnw -B -q -ntp -o -pl solutions test -Dtest="$filter" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dthreadlab.results="target/threadlab/stress-$i.json" >"$out/run-$i.log" 2>&1 || true
  cp "solutions/target/threadlab/stress-$i.json" "$out/" 2>/dev/null || echo "run $i wrote no results" >&2
  grep -h "Tests run:.*Time elapsed" solutions/target/surefire-reports/*.txt 2>/dev/null \
      | sed "s/^/run $i: /" >>"$out/times.txt" || true
  printf '.' >&2
done
echo >&2

python3 - "$out" "$runs" "$cores" <<'PY'
import json, sys, glob, collections, re
out, runs, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3]
failures, seen = collections.Counter(), collections.Counter()
for f in glob.glob(out + "/stress-*.json"):
    for t in json.load(open(f))["tests"]:
        seen[t["name"]] += 1
        if t["status"] != "passed":
            failures[t["name"]] += 1
print(f"{runs} runs under stress-ng --cpu {cores}; results files found: {len(glob.glob(out + '/stress-*.json'))}")
for name in sorted(seen):
    print(f"  {failures[name]:3d} / {seen[name]:3d} failed  {name}")
print(f"total failures: {sum(failures.values())}")
times = collections.defaultdict(float)
for line in open(out + "/times.txt"):
    m = re.match(r"run (\d+): .*Time elapsed: ([\d.]+) s -- in (\S+)", line)
    if m:
        times[(m.group(1), m.group(3))] = float(m.group(2))
by_class = collections.defaultdict(list)
for (run, cls), secs in times.items():
    by_class[cls].append(secs)
for cls, secs in sorted(by_class.items()):
    print(f"  test time {cls}: median {sorted(secs)[len(secs)//2]:.2f} s, max {max(secs):.2f} s")
PY
echo "logs: $out"
