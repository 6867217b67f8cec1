#!/usr/bin/env bash
# Measures how strong the graded tests are: PIT seeds small faults (mutants) into an exercise's reference
# solution, one at a time, and runs that exercise's graded tests against each; a mutant that some test fails
# on is killed. Prints, per exercise, how many mutants were killed, survived, were not covered or timed out,
# and the score (detected / all), then every surviving mutant so an author can see what no test notices.
#
#   scripts/mutation.sh [exercise...]          e.g.  scripts/mutation.sh sleep gather      (default: all)
#
# One exercise at a time, two mutants at once (a 2-core machine); the HTML and XML reports go to
# solutions/target/pit-reports/<exercise>/. The target is at least 85% per exercise. Slow: minutes per
# exercise. Extra Maven options: MAVEN_ARGS, e.g. MAVEN_ARGS=-Dthreadlab.timeFactor=2.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  exercises=("$@")
else
  mapfile -t exercises < <(ls solutions/corpus | grep -v README)
fi

# PIT starts its minions with a java executable of its own choosing, not Maven's toolchain: find a JDK 21+.
java_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jvm=""
for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java \
    "$HOME"/.jdks/*/bin/java; do
  if [ -x "$candidate" ] && [ "$(java_version "$candidate")" -ge 21 ] 2>/dev/null; then
    jvm="$candidate"
    break
  fi
done
if [ -z "$jvm" ]; then
  echo "no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm, SDKMAN, ~/.jdks)" >&2
  exit 1
fi
echo "PIT minions run on $jvm (Java $(java_version "$jvm"))" >&2

logs="$(mktemp -d)"
for exercise in "${exercises[@]}"; do
  echo "mutating $exercise (log: $logs/$exercise.log)" >&2
  if ! ./mvnw -B -ntp -pl harness,exercises,solutions -am verify -Pmutation ${MAVEN_ARGS:-} \
      -Dthreadlab.mutation.exercise="$exercise" -Dthreadlab.mutation.report="$exercise" \
      -Dthreadlab.mutation.jvm="$jvm" >"$logs/$exercise.log" 2>&1; then
    echo "the mutation run of $exercise failed; see $logs/$exercise.log" >&2
    exit 1
  fi
done

python3 - solutions/target/pit-reports "${exercises[@]}" <<'PY'
import sys, collections
import xml.etree.ElementTree as ET
reports, exercises = sys.argv[1], sys.argv[2:]
rows, survivors = [], []
for exercise in exercises:
    mutations = ET.parse(f"{reports}/{exercise}/mutations.xml").getroot().findall("mutation")
    status = collections.Counter(m.get("status") for m in mutations)
    detected = sum(m.get("detected") == "true" for m in mutations)
    total = len(mutations)
    rows.append((exercise, total, status["KILLED"], status["SURVIVED"], status["NO_COVERAGE"],
                 status["TIMED_OUT"], total - sum(status[s] for s in ("KILLED", "SURVIVED", "NO_COVERAGE", "TIMED_OUT")),
                 100.0 * detected / total if total else 100.0))
    for m in mutations:
        if m.get("detected") != "true":
            cls = m.findtext("mutatedClass").rsplit(".", 1)[-1]
            survivors.append(f"  {exercise:9} {m.get('status'):11} {cls}.{m.findtext('mutatedMethod')}:"
                             f"{m.findtext('lineNumber')}  {m.findtext('description')}")
print(f"{'exercise':10} {'mutants':>7} {'killed':>6} {'survived':>8} {'no cov.':>7} {'timed out':>9} {'other':>5} {'score':>6}")
for r in rows:
    flag = "" if r[7] >= 85 else "   below 85%"
    print(f"{r[0]:10} {r[1]:7d} {r[2]:6d} {r[3]:8d} {r[4]:7d} {r[5]:9d} {r[6]:5d} {r[7]:5.1f}%{flag}")
print("score = detected (killed, timed out, memory or run error) / mutants")
if survivors:
    print("not detected:")
    print("\n".join(survivors))
PY
echo "reports: solutions/target/pit-reports/<exercise>/index.html; logs: $logs"
