#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (as root, on Ubuntu).
# It installs a JDK 21+ and warms the local Maven repository by building the pristine course once, online, so
# that every submission is later graded offline.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if ! java -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-21-jdk-headless
fi
# Zip files made by Java carry no permission bits.
chmod +x "$ROOT/source/run_autograder"
[ -f "$ROOT/run_autograder" ] && chmod +x "$ROOT/run_autograder"
cd "$ROOT/source/course"
chmod +x mvnw
./mvnw -B -ntp test -Dmaven.test.failure.ignore=true > "$ROOT/source/warm-up.log" 2>&1 || {
    tail -50 "$ROOT/source/warm-up.log"
    exit 1
}
echo "setup: JDK and Maven repository ready"
