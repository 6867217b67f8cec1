#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (as root, on Ubuntu).
# It installs a JDK 21+, warms the local Maven repository by building the pristine course once, online, so that
# every submission is later graded offline, and keeps the grader's build of the pristine course in
# source/prepared, so that run_autograder builds only the submission.
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
# The pristine course's own build, kept in the image: each submission is then graded with one build, not two.
# The same command as run_autograder's, with no submission.
none="$(mktemp -d)"
# shellcheck disable=SC2046
"${JAVA:-java}" -cp "$ROOT/source/grader/lib/*" io.github.threadlab.grader.GraderCommand grade "$none" \
    --course "$ROOT/source/course" --out "$none/out" --prepared "$ROOT/source/prepared" \
    $(cat "$ROOT/source/grader/options") $([ -d "$ROOT/source/hidden-tests" ] && echo --hidden-tests "$ROOT/source/hidden-tests") \
    $([ -n "${MAVEN_REPO:-}" ] && echo --maven-repo "$MAVEN_REPO") \
    > "$ROOT/source/prepare.log" 2>&1 || {
    tail -50 "$ROOT/source/prepare.log"
    exit 1
}
rm -rf "$none"
echo "setup: JDK, Maven repository and the course's build ready"
