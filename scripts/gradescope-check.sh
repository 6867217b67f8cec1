#!/usr/bin/env bash
# Gradescope's smallest autograder machine, simulated: grades the reference solutions with the Gradescope bundle
# inside a cgroup of 0.5 CPU and 768 MB (cgroup v1 cpu quota and memory limit; needs root), and prints the score,
# the time run_autograder took and the peak memory of everything it ran. Fails unless the reference gets full marks.
#
#   scripts/gradescope-check.sh [course] [cpus] [memory-MB]
#   default: the course the archetype's "stubs" integration test generated, 0.5, 768
#   PREPARED=no scripts/gradescope-check.sh     the same without setup.sh's build of the course (as before it had one)
#
# Needs the build's output (./mvnw install): the grader's classes and a generated course. The bundle is prepared as
# its setup.sh does when Gradescope builds the image (the pristine course's build kept in source/prepared); the
# Maven repository is the build's, already warm. Inside the cgroup the grader cannot make cgroups of its own (a
# private mount namespace hides /sys/fs/cgroup, as Gradescope's container does), so every build it starts counts
# against the limits. Where no cgroup can be made, it grades without limits and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
course="${1:-archetype/target/test-classes/projects/stubs/project/hw1}"
cpus="${2:-0.5}"
memory_mb="${3:-768}"
[ -f "$course/pom.xml" ] || { echo "no course at $course: run ./mvnw install first" >&2; exit 2; }

# A JDK 21 or newer for the grader (Gradescope's image gets openjdk-21 from setup.sh).
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for home in /usr/lib/jvm/*; do
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ -x "$home/bin/javac" ]; then java_bin="$home/bin/java"; fi
  done
fi
[ -n "$java_bin" ] || { echo "no JDK 21+ found; set JAVA to its java" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grader/threadlab-grader bundle --course "$course" --out "$work/autograder.zip" >/dev/null
mkdir -p "$work/root/source" "$work/root/submission/src/main/java/io/github/threadlab"
python3 -m zipfile -e "$work/autograder.zip" "$work/root/source"
for references in solutions/*/src/main/java; do  # every exercise's reference, in one source tree
  cp -r "$references/." "$work/root/submission/src/main/java/"
done

# setup.sh's preparation: the grader's build of the pristine course, kept in source/prepared (outside the limits,
# as Gradescope builds the image once, before any submission). PREPARED=no leaves it out, to see what grading
# costs when each run builds the course again.
if [ "${PREPARED:-yes}" != no ]; then
  # shellcheck disable=SC2046
  "$java_bin" -cp "$work/root/source/grader/lib/*" io.github.threadlab.grader.GraderCommand grade "$(mktemp -d -p "$work")" \
      --course "$work/root/source/course" --out "$work/prepare" --prepared "$work/root/source/prepared" \
      $(cat "$work/root/source/grader/options") > "$work/prepare.log" 2>&1 || { tail -30 "$work/prepare.log"; exit 1; }
fi

group="threadlab-gradescope-$$"
cpu_dir="/sys/fs/cgroup/cpu/$group"
memory_dir="/sys/fs/cgroup/memory/$group"
limited=false
if mkdir "$cpu_dir" 2>/dev/null && mkdir "$memory_dir" 2>/dev/null; then
  echo 100000 > "$cpu_dir/cpu.cfs_period_us"
  awk -v c="$cpus" 'BEGIN { printf "%d\n", c * 100000 }' > "$cpu_dir/cpu.cfs_quota_us"
  echo $((memory_mb * 1024 * 1024)) > "$memory_dir/memory.limit_in_bytes"
  limited=true
  trap 'rmdir "$cpu_dir" "$memory_dir" 2>/dev/null; rm -rf "$work"' EXIT
else
  echo "gradescope-check: no cgroup v1 cpu and memory hierarchy could be made here (not root?): NOT limited" >&2
fi

start=$(date +%s.%N)
AUTOGRADER_ROOT="$work/root" JAVA="$java_bin" bash -c '
  if [ "$1" = true ]; then echo $$ > "$2/cgroup.procs"; echo $$ > "$3/cgroup.procs"; fi
  exec unshare --mount --propagation private bash -c "mount -t tmpfs none /sys/fs/cgroup && exec bash \"\$0\"" \
      "$4/source/run_autograder"' _ "$limited" "$cpu_dir" "$memory_dir" "$work/root" > "$work/run.log" 2>&1
end=$(date +%s.%N)
peak="not measured"
if $limited; then
  peak="$(( $(cat "$memory_dir/memory.max_usage_in_bytes") / 1024 / 1024 )) MB"
  sleep 1
fi
read -r score max < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("score"), r.get("max_score"))' \
    "$work/root/results/results.json")
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo "gradescope-check: reference $score / $max in $seconds s, peak memory $peak ($( $limited && echo "limits: $cpus CPU, $memory_mb MB" || echo "no limits"))"
if [ "$score" != "$max" ] || [ "$max" = "None" ] || [ "$max" = 0 ]; then
  tail -40 "$work/run.log"
  exit 1
fi
