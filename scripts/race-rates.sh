#!/usr/bin/env bash
# How often the graded tests reject each race variant of the corpus (a wrong variant with a "Race:" header line)
# and pass each correct variant: K runs of each, first on the machine as it is (quiet), then with every core
# busy (stress-ng --cpu <cores>). Prints one line per variant and condition, "rejected 100 / 100" being the
# target for a race variant and "passed 30 / 30" for a correct one; also in solutions/target/corpus/rates.txt.
#
#   scripts/race-rates.sh [K] [exercises] [kinds] [seconds] [conditions]
#   e.g.  scripts/race-rates.sh 100 sleep,cpu race      scripts/race-rates.sh 30 "" correct 75 stress
#
# kinds: race, correct or both (default race,correct; correct includes each exercise's reference). seconds: stop a
# variant's runs after that long (default: no limit), for the variants that are rejected only by a time limit; the
# line says how many runs it had. conditions: quiet, stress or both (default quiet,stress).
# Exits non-zero if any variant missed in any condition.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
exercises="${2:-}"
kinds="${3:-race,correct}"
seconds="${4:-1000000000}"
conditions="${5:-quiet,stress}"
cores="$(nproc)"

if ! command -v stress-ng >/dev/null; then
  echo "installing stress-ng" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq stress-ng >/dev/null;
  else sudo apt-get update -qq && sudo apt-get install -y -qq stress-ng >/dev/null; fi
fi

./mvnw -B -q -ntp -pl harness,exercises,solutions -am install -DskipTests >/dev/null
rm -f solutions/target/corpus/rates.txt
status=0
rates() {
  ./mvnw -B -q -ntp -o -pl solutions test -Dtest=RejectionRates -Dsurefire.failIfNoSpecifiedTests=false \
      -Dthreadlab.rates.runs="$runs" -Dthreadlab.rates.kinds="$kinds" -Dthreadlab.rates.condition="$1" -Dthreadlab.rates.secondsPerVariant="$seconds" \
      -Dthreadlab.corpus.exercises="$exercises" >"solutions/target/rates-$1.log" 2>&1 || status=1
}
if [[ ",$conditions," == *,quiet,* ]]; then
  rates quiet
fi
if [[ ",$conditions," == *,stress,* ]]; then
  stress-ng --cpu "$cores" --timeout 0 >/dev/null 2>&1 &
  load=$!
  trap 'kill $load 2>/dev/null || true' EXIT
  rates stress
  kill $load 2>/dev/null || true
fi
cat solutions/target/corpus/rates.txt
exit "$status"
