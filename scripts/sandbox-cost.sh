#!/usr/bin/env bash
# What the grader's sandbox costs: the same submissions (the reference solutions, twice, graded two at once) graded
# K times sandboxed (bubblewrap, and cgroups with the default CPU quota: the cores divided by --parallel) and K
# times as before the sandbox (--no-sandbox, and a CPU quota of all the cores, i.e. none), alternating, and the
# grader's own "time per submission: median" of every run printed for both, with the ratio of the medians. The
# pristine course's build, which every run starts with, is not counted.
#
#   scripts/sandbox-cost.sh [K] [exercises]        defaults: 3 sleep   (exercises: a,b or all)
#
# Environment: COURSE (the pristine course; default: the one the archetype's integration tests generate),
# MAVEN_REPO (the warmed local repository; default ~/.m2/repository), TIME_FACTOR (2), PARALLEL (2), SANDBOXED
# (more options for the sandboxed runs, e.g. "--cpus 2" to leave the CPU quota out of the comparison).
# Build first: ./mvnw install (or -pl grader -am package, with the archetype's integration tests for the course).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
exercises="${2:-sleep}"
course="${COURSE:-archetype/target/test-classes/projects/stubs/project/hw1}"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
command -v bwrap >/dev/null || { echo "bubblewrap is not installed: sudo apt-get install bubblewrap" >&2; exit 1; }
[ -f "$course/pom.xml" ] || { echo "no pristine course at $course: run ./mvnw install first, or set COURSE" >&2; exit 1; }
[ -f grader/target/threadlab-grader-0.1.0-SNAPSHOT.jar ] || { echo "build the grader first: ./mvnw -pl grader -am package -DskipTests" >&2; exit 1; }
out="$(mktemp -d)"
for s in reference-1 reference-2; do
  mkdir -p "$out/submissions/$s/src/main/java"
  for references in solutions/*/src/main/java; do cp -r "$references/." "$out/submissions/$s/src/main/java/"; done
done
selection=()
[ "$exercises" = all ] || selection=(--exercises "$exercises")
median_of_run() {
  rm -rf "$out/grades"
  grader/threadlab-grader grade "$out/submissions" --course "$course" --out "$out/grades" --maven-repo "$repo" \
      --parallel "${PARALLEL:-2}" --time-factor "${TIME_FACTOR:-2}" "${selection[@]}" "$@" >"$out/last.log" 2>&1 \
      || { echo "a run failed: $out/last.log" >&2; exit 1; }
  # A reference that lost points (a timing test starved) is said, not hidden: its time still counts.
  awk '$1 ~ /^reference-[12]$/ && $2 != $4 { print "note: " $0 " in " FILENAME > "/dev/stderr" }' "$out/last.log"
  sed -nE 's/^time per submission: median ([0-9.]+) s.*/\1/p' "$out/last.log"
}
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    median_of_run ${SANDBOXED:-} >>"$out/sandboxed"; median_of_run --no-sandbox --cpus "$(nproc)" >>"$out/unsandboxed"
  else
    median_of_run --no-sandbox --cpus "$(nproc)" >>"$out/unsandboxed"; median_of_run ${SANDBOXED:-} >>"$out/sandboxed"
  fi
  printf 'round %d: sandboxed %s s, not sandboxed %s s (load average %s)\n' "$i" "$(tail -1 "$out/sandboxed")" \
      "$(tail -1 "$out/unsandboxed")" "$(cut -d' ' -f1 /proc/loadavg)" >&2
done
python3 - "$out" "$runs" "$exercises" <<'PY'
import sys, statistics
out, runs, exercises = sys.argv[1], sys.argv[2], sys.argv[3]
s = [float(x) for x in open(out + "/sandboxed")]
u = [float(x) for x in open(out + "/unsandboxed")]
ms, mu = statistics.median(s), statistics.median(u)
print(f"time per submission ({exercises}, 2 reference submissions, {runs} runs each, alternating): sandboxed "
      f"median {ms:.1f} s (min {min(s):.1f}, max {max(s):.1f}), not sandboxed median {mu:.1f} s "
      f"(min {min(u):.1f}, max {max(u):.1f}); ratio {ms / mu:.2f}")
PY
