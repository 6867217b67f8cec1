#!/usr/bin/env bash
# How fast the project is for a class, in one run, figures side by side:
#   1. install: a fresh clone of HEAD built with the README's `./mvnw install` (tests included, every proof kept),
#      its wall-clock time, each module's, and the test classes that took longest;
#   2. grading: a mixed batch of whole-course submissions (the reference solutions, the stubs, wrong variants of
#      each exercise) graded one at a time with the grader's defaults, and the median and worst time per
#      submission from its gradebook;
#   3. Gradescope: the bundle grading the reference under 0.5 CPU and 768 MB (scripts/gradescope-check.sh).
#
#   scripts/speed.sh              all three, on a fresh clone of HEAD
#   scripts/speed.sh --no-install  2 and 3 only, on this working tree's build (after ./mvnw install)
#
# Run it on a machine otherwise idle: the figures are wall-clock times. The clone uses the Maven repository the
# build here uses (MAVEN_REPO, default ~/.m2/repository), so downloads are not timed. It takes about as long as an
# install plus a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
load="$(cut -d' ' -f1 /proc/loadavg)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
install=yes
[ "${1:-}" = --no-install ] && install=no
if [ "$install" = yes ]; then
  clone="$work/threadlab"
  git clone -q . "$clone"
  cd "$clone"
  mkdir -p .mvn && echo "-Dmaven.repo.local=$repo" > .mvn/maven.config

  # 1. The install, as an instructor runs it first.
  start=$(date +%s)
  ./mvnw -B -ntp install > "$work/install.log" 2>&1 || { tail -60 "$work/install.log"; echo "speed: the install failed" >&2; exit 1; }
  install_seconds=$(( $(date +%s) - start ))
fi

# 2. The mixed batch, one submission at a time: the references as one project, nothing handed in, and the first
#    wrong variant of each exercise by name: its reference's classes, then the files in which the variant (with the
#    bases under it) differs from the reference, as the corpus run wrote them out.
subs="$work/submissions"
mkdir -p "$subs/reference/src/main/java" "$subs/stubs/src/main/java"
for references in solutions/*/src/main/java; do cp -r "$references/." "$subs/reference/src/main/java/"; done
for wrong in solutions/*/corpus/wrong; do
  exercise="$(basename "$(dirname "$(dirname "$wrong")")")"
  variant="$(basename "$(ls "$wrong/"*.patch | head -1)" .patch)"
  into="$subs/$exercise-$variant/src/main/java/io/github/threadlab/$exercise"
  mkdir -p "$into"
  cp "solutions/$exercise/src/main/java/io/github/threadlab/$exercise/"*.java "$into/"
  cp "solutions/target/corpus/$exercise/wrong/$variant/src/"*.java "$into/"
done
course=archetype/target/test-classes/projects/stubs/project/hw1
grader/threadlab-grader grade "$subs" --course "$course" --out "$work/grades" --maven-repo "$repo" --parallel 1 \
    > "$work/grade.log" 2>&1 || { tail -40 "$work/grade.log"; echo "speed: grading failed" >&2; exit 1; }
grading=$(python3 - "$work/grades/gradebook.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
seconds = sorted(float(r["seconds"]) for r in rows)
worst = max(rows, key=lambda r: float(r["seconds"]))
each = ", ".join(f"{r['submission']} {r['seconds']}" for r in rows)
print(f"{len(rows)} whole-course submissions one at a time: median {statistics.median(seconds):.1f} s, "
      f"worst {float(worst['seconds']):.1f} s ({worst['submission']}); each in s: {each}")
PY
)

# 3. The Gradescope bundle under the smallest machine's limits.
bundle=$(scripts/gradescope-check.sh | tail -1)

echo
echo "speed, $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD), load average at the start $load"
if [ "$install" = yes ]; then
  # Where the install's minutes went: each module (Maven's reactor summary) and the slowest test classes.
  modules=$(sed -nE 's/^\[INFO\] threadlab ([a-z]+) [.]* SUCCESS \[ *([0-9:.]+ (min|s))\]/\1 \2/p' "$work/install.log" | paste -sd, - | sed 's/,/, /g')
  slowest=$(find . -maxdepth 4 -path "./*/target/*-reports/TEST-*.xml" -exec grep -ho '<testsuite [^>]*' {} + \
    | sed -nE 's/.*name="[a-z.]*\.([A-Za-z]+)".*time="([0-9.]+)".*/\2 \1/p; s/.*time="([0-9.]+)".*name="[a-z.]*\.([A-Za-z]+)".*/\1 \2/p' \
    | sort -rn | head -6 | awk '{ printf "%s%s %.0f s", (NR > 1 ? ", " : ""), $2, $1 }')
  echo "  install (./mvnw install, fresh clone): $((install_seconds / 60)) min $((install_seconds % 60)) s ($install_seconds s)"
  echo "    modules: $modules"
  echo "    slowest test classes: $slowest"
fi
echo "  grading: $grading"
echo "  Gradescope: ${bundle#gradescope-check: }"
