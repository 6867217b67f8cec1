#!/usr/bin/env bash
# Writes what is made of the exercise folders (exercises/<name>/, each with its manifest exercise.properties) into
# the files that list them.
#
# The poms that compile them: Maven lists source folders one by one (it has no wildcard for them), so each list
# sits between two comments in the pom,
#
#   <!-- exercise folders: ../exercises/*/src/test/java -->
#   <source>../exercises/bridge/src/test/java</source>
#   ...
#   <!-- end of exercise folders -->
#
# and this script writes what the pattern in the first comment matches (relative to the pom's folder, sorted),
# one <source> line each.
#
# The course README's table of exercises, between <!-- exercise table --> and <!-- end of exercise table -->: a row
# per manifest, in the order of their numbers.
#
# Run it after adding, renaming or removing an exercise folder, or changing a manifest. With --check it writes
# nothing, and says what is out of date and exits 1 if anything is: CourseLayoutTest runs it so, failing the build
# while a list or the table is out of date.
#
#   scripts/exercise-folders.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
check=no
[ "${1:-}" = --check ] && check=yes
status=0
# Replaces $2 with $1 (a temporary file) if they differ; with --check, shows the difference instead.
update() {
  if cmp -s "$1" "$2"; then
    rm "$1"
  elif [ "$check" = yes ]; then
    echo "$2 is out of date; run scripts/exercise-folders.sh:"
    diff -u "$2" "$1" | sed -n '3,$p' || true
    rm "$1"
    status=1
  else
    mv "$1" "$2"
    echo "wrote $3 into $2"
  fi
}
for pom in exercises/pom.xml solutions/pom.xml; do
  dir=$(dirname "$pom")
  tmp=$(mktemp)
  while IFS= read -r line; do
    if [[ "$line" =~ ^([[:space:]]*)\<!--\ exercise\ folders:\ ([^ ]+)\ --\>[[:space:]]*$ ]]; then
      indent=${BASH_REMATCH[1]}
      pattern=${BASH_REMATCH[2]}
      printf '%s\n' "$line"
      (cd "$dir" && compgen -G "$pattern" | LC_ALL=C sort) | while IFS= read -r folder; do
        printf '%s<source>%s</source>\n' "$indent" "$folder"
      done
      skipping=1
    elif [[ "$line" =~ \<!--\ end\ of\ exercise\ folders\ --\> ]]; then
      printf '%s\n' "$line"
      skipping=0
    elif [[ "${skipping:-0}" != 1 ]]; then
      printf '%s\n' "$line"
    fi
  done <"$pom" >"$tmp"
  if ! grep -q '<!-- exercise folders: ' "$pom"; then
    echo "$pom has no <!-- exercise folders: ... --> list: has it moved?"
    status=1
  fi
  update "$tmp" "$pom" "the exercise folders"
done

manifest() {  # $1: the manifest, $2: the key; prints its value
  sed -n "s/^$2 *= *//p" "$1" | head -1
}
rows=$(for m in exercises/*/exercise.properties; do
  name=$(manifest "$m" name)
  printf '%s\t| %s | `%s` | %s | [exercises/%s/docs/%s.md](exercises/%s/docs/%s.md) |\n' "$(manifest "$m" number)" \
    "$(manifest "$m" number)" "$name" "$(manifest "$m" teaches)" "$name" "$name" "$name" "$name"
done | sort -n | cut -f2-)
tmp=$(mktemp)
ROWS="$rows" awk '  # the rows come through the environment, which awk -v would read escapes in
  /^<!-- exercise table -->$/ { print; print "| # | exercise | teaches | student docs |"; print "|---|---|---|---|"; print ENVIRON["ROWS"]; skipping = 1; next }
  /^<!-- end of exercise table -->$/ { skipping = 0 }
  !skipping { print }' README.md >"$tmp"
if ! grep -q '^<!-- exercise table -->$' README.md; then
  echo "README.md has no <!-- exercise table --> line: has it moved?"
  status=1
fi
update "$tmp" README.md "the table of exercises"
exit "$status"
