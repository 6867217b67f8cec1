#!/usr/bin/env bash
# Holds a graded test at a breakpoint for a while, as a student debugging it would, and prints how the test ended:
# under a debugger every time limit is 60 times as long (harness Debugger), so a pause of a minute must not fail it.
# Runs the test with -Dmaven.surefire.debug (the JVM waits for a debugger on port 5005), attaches jdb, stops in
# the method, waits, clears the breakpoint and lets it go on.
#
#   scripts/debug-pause.sh <project> <test> <method> [seconds] [more Maven arguments]
#   e.g. scripts/debug-pause.sh archetype/target/test-classes/projects/solved/project/hw1 \
#          'SleepTasksTest#platform_threads_return_only_when_every_task_has_finished' \
#          io.github.threadlab.sleep.SleepTasks.runOnPlatformThreads 60
#
# <project> is a student project (one the archetype generated, with solutions in it); with the extra argument
# -Dthreadlab.debugTimeFactor=1 the usual limits apply and the same pause fails the test, which shows it mattered.
set -euo pipefail
project="$1"; test="$2"; method="$3"; seconds="${4:-60}"; shift $(( $# < 4 ? $# : 4 ))
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jdb="$java_home/bin/jdb"
work=$(mktemp -d); trap 'exec 3>&- 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$project" && ./mvnw -B -o -ntp test -Dtest="$test" -Dmaven.surefire.debug "$@" >"$work/maven.log" 2>&1) &
until ss -ltn | grep -q ':5005 '; do  # the test JVM listens for the debugger
  grep -q "BUILD FAILURE" "$work/maven.log" && { cat "$work/maven.log"; exit 1; }; sleep 1
done
mkfifo "$work/jdb.in"
"$jdb" -attach 5005 <"$work/jdb.in" >"$work/jdb.log" 2>&1 &
exec 3>"$work/jdb.in"
echo "stop in $method" >&3; sleep 2; echo "run" >&3
until grep -q "Breakpoint hit" "$work/jdb.log"; do sleep 1; done
echo "debug-pause: stopped in $method at $(date -u +%T); every thread held for ${seconds} s"
sleep "$seconds"
echo "clear $method" >&3; sleep 1; echo "cont" >&3
until grep -q "BUILD SUCCESS\|BUILD FAILURE" "$work/maven.log"; do sleep 1; done
grep -E "Tests run:.*in |did not finish within|had not|BUILD" "$work/maven.log" | cut -c1-240
grep -q "BUILD SUCCESS" "$work/maven.log"
