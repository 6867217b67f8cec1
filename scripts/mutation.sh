#!/usr/bin/env bash
# Measures how strong the graded tests are: PIT seeds small faults (mutants) into an exercise's reference
# solution, one at a time, and runs that exercise's graded tests against each; a mutant that some test fails
# on is killed. Prints, per exercise, how many mutants were killed, survived, were not covered or timed out,
# and the score (detected / all), then every mutant that no test detects and solutions/MUTANTS.md does not
# explain, so an author can see what no test notices.
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
  mapfile -t exercises < <(for m in exercises/*/exercise.properties; do sed -n 's/^name *= *//p' "$m"; done)
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
  # Not mutated: the classes the course provides (the manifest's "provided", and legacy.*, which exercises share).
  provided="$(sed -n 's/^provided *= *//p' "exercises/$exercise/exercise.properties" | tr -d ' ' \
    | tr ',' '\n' | sed '/^$/d; s/$/*/' | paste -sd, -)"
  if ! ./mvnw -B -ntp -pl harness,exercises,solutions -am verify -Pmutation ${MAVEN_ARGS:-} \
      -Dthreadlab.mutation.exercise="$exercise" -Dthreadlab.mutation.report="$exercise" \
      -Dthreadlab.mutation.provided="io.github.threadlab.legacy.*${provided:+,$provided}" \
      -Dthreadlab.mutation.jvm="$jvm" >"$logs/$exercise.log" 2>&1; then
    echo "the mutation run of $exercise failed; see $logs/$exercise.log" >&2
    exit 1
  fi
done

python3 - solutions/target/pit-reports solutions/MUTANTS.md "${exercises[@]}" <<'PY'
import sys, collections
import xml.etree.ElementTree as ET
reports, explained_file, exercises = sys.argv[1], sys.argv[2], sys.argv[3:]

# solutions/MUTANTS.md: a table of the mutants no graded test kills, each with the reason (equivalent, or in
# what the contract leaves open); rows are | exercise | Class.method | PIT's description | why |.
explained = {}
for line in open(explained_file, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if line.startswith("|") and len(cells) >= 4 and cells[0] in exercises:
        explained[(cells[0], cells[1], cells[2])] = cells[3]

rows, unexplained, used = [], [], set()
for exercise in exercises:
    mutations = ET.parse(f"{reports}/{exercise}/mutations.xml").getroot().findall("mutation")
    status = collections.Counter(m.get("status") for m in mutations)
    detected = sum(m.get("detected") == "true" for m in mutations)
    total = len(mutations)
    known = 0
    for m in mutations:
        if m.get("detected") == "true":
            continue
        where = m.findtext("mutatedClass").rsplit(".", 1)[-1] + "." + m.findtext("mutatedMethod")
        key = (exercise, where, m.findtext("description"))
        if key in explained:
            known += 1
            used.add(key)
        else:
            unexplained.append(f"  {exercise:9} {m.get('status'):11} {where}:{m.findtext('lineNumber')}  {key[2]}")
    other = total - sum(status[s] for s in ("KILLED", "SURVIVED", "NO_COVERAGE", "TIMED_OUT"))
    score = 100.0 * detected / total if total else 100.0
    net = 100.0 * detected / (total - known) if total > known else 100.0
    rows.append((exercise, total, status["KILLED"], status["SURVIVED"], status["NO_COVERAGE"], status["TIMED_OUT"],
                 other, score, known, net))

print(f"{'exercise':10} {'mutants':>7} {'killed':>6} {'survived':>8} {'no cov.':>7} {'timed out':>9} {'other':>5} "
      f"{'score':>6} {'explained':>9} {'score w/o explained':>19}")
for r in rows:
    flag = "" if r[9] >= 85 else "   below 85%"
    print(f"{r[0]:10} {r[1]:7d} {r[2]:6d} {r[3]:8d} {r[4]:7d} {r[5]:9d} {r[6]:5d} {r[7]:5.1f}% {r[8]:9d} "
          f"{r[9]:18.1f}%{flag}")
print("score = detected (killed, timed out, memory or run error) / mutants; explained = undetected mutants that")
print("solutions/MUTANTS.md explains (equivalent, or where the contract leaves the behaviour open)")
if unexplained:
    print("undetected and not explained:")
    print("\n".join(unexplained))
stale = [k for k in explained if k not in used]
if stale:
    print("explained in solutions/MUTANTS.md but not undetected in this run (killed now, or the code moved):")
    print("\n".join(f"  {e:9} {w}  {d}" for e, w, d in stale))
PY
echo "reports: solutions/target/pit-reports/<exercise>/index.html; logs: $logs"
