#!/usr/bin/env bash
# Writes or changes a wrong variant of the corpus, solutions/<exercise>/corpus/wrong/<variant>.patch: a unified
# diff against its base (the reference, or a correct variant of the same exercise) whose preamble is its header.
#
#   scripts/new-variant.sh <exercise> <variant> [reference | correct/<name>]      (default base: reference)
#
# First run: copies the base's classes (a correct variant's without its header comment, the reference's where it
# has none of its own) into solutions/target/new-variant/<exercise>/<variant>/edit/, with a HEADER to fill in; for
# a variant that already has a patch, applies it there and takes its header and base. Edit the copy (change one
# thing, mark it with a // WRONG: comment), fill in HEADER (its Breaks line names the ids of the contract clauses
# the mistake breaks, which it prints), then run the same command again: it writes the patch
# from the copy (diff -U1: one line of context; files that did not change left out, a new class as a diff from
# /dev/null) and prints it.
# Run it again after each edit; remove the folder to start over. Then run the corpus for the exercise (see
# solutions/CORPUS.md) to see that its Caught by tests reject it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
exercise="$1"
variant="$2"
reference="solutions/$exercise/src/main/java/io/github/threadlab/$exercise"
patch="solutions/$exercise/corpus/wrong/$variant.patch"
work="solutions/target/new-variant/$exercise/$variant"
[ -d "$reference" ] || { echo "no reference solution in $reference" >&2; exit 2; }

# The ids that open the clauses of the exercise's contract, [pool-bound] and the like, in its stubs: what a Breaks
# line may name. The corpus runner reads them from the javadoc comments only; a grep of the whole files is close
# enough to catch a typo before the corpus run does.
clause_ids() {
  grep -rhoE --include='*.java' '(^|[[:space:]>])\[[a-z]+(-[a-z]+)*\][[:space:]]' "exercises/$exercise/src/main/java" \
    | grep -oE '\[[a-z]+(-[a-z]+)*\]' | paste -sd ' ' -
}

# A file without its leading comment block when that block is a variant's header (CORRECT: or WRONG:).
without_header() {
  awk 'NR == 1 && /^\/\*/ { block = 1 }
       block { text = text $0 "\n"; if (/\*\//) { block = 0; if (text !~ /(CORRECT|WRONG):/) printf "%s", text }; next }
       { print }' "$1"
}

# Writes the solution named by a Base: line into a folder: the reference's classes, then a correct variant's own,
# whole files without their header comment, or its patch applied to its own base in turn (at most 3 deep).
write_base() {
  local base="$1" into="$2" depth="$3" own
  case "$base" in
    reference) cp "$reference"/*.java "$into/" ;;
    correct/*)
      own="solutions/$exercise/corpus/$base"
      if [ -f "$own.patch" ] && [ "$depth" -lt 3 ]; then
        write_base "$(sed -n 's/^Base: *//p' "$own.patch" | head -1)" "$into" $((depth + 1))
        patch --quiet --no-backup-if-mismatch -p1 -d "$into" <"$own.patch" || { echo "$own.patch does not apply" >&2; exit 1; }
      elif [ -d "$own" ]; then
        cp "$reference"/*.java "$into/"
        for file in "$own"/*.java; do without_header "$file" >"$into/$(basename "$file")"; done
      else
        echo "no correct variant $own (a folder) or $own.patch, or bases more than 3 deep" >&2; exit 2
      fi ;;
    *) echo "the base is 'reference' or 'correct/<name>', not '$base'" >&2; exit 2 ;;
  esac
}

if [ ! -d "$work" ]; then
  if [ -f "$patch" ]; then
    base="$(sed -n 's/^Base: *//p' "$patch" | head -1)"
  else
    base="${3:-reference}"
  fi
  mkdir -p "$work/base"
  write_base "$base" "$work/base" 0
  echo "$base" >"$work/BASE"
  cp -r "$work/base" "$work/edit"
  if [ -f "$patch" ]; then
    awk '/^--- / { exit } /^Base:/ { next } { line[n++] = $0 }
         END { while (n > 0 && line[n - 1] == "") n--; for (i = 0; i < n; i++) print line[i] }' "$patch" >"$work/edit/HEADER"
    if ! patch --quiet --no-backup-if-mismatch -p1 -d "$work/edit" <"$patch"; then
      echo "$patch no longer applies cleanly to $base: make the change by hand in $work/edit (the hunks that" >&2
      echo "failed are in its .rej files), then run: scripts/new-variant.sh $exercise $variant" >&2
      exit 1
    fi
    echo "$patch applied to a copy of its base ($base) in $work/edit"
  else
    printf '%s\n' "WRONG: <one line: what it does wrong>" "Breaks: [<clause-id>][, [<clause-id>]...]" \
      "Caught by: <test_method>[, <test_method>...]" >"$work/edit/HEADER"
    echo "a copy of $base is in $work/edit"
  fi
  echo "edit it (change one thing, mark it with a // WRONG: comment), fill in $work/edit/HEADER (add a line"
  echo "'Race: <what it shares unsafely>' for a race), then run: scripts/new-variant.sh $exercise $variant"
  echo "the ids of $exercise's contract clauses, for its Breaks line: $(clause_ids)"
  exit 0
fi

base="$(cat "$work/BASE")"
grep -q '^WRONG: [^<]' "$work/edit/HEADER" || { echo "fill in $work/edit/HEADER first" >&2; exit 2; }
ids="$(clause_ids)"
named="$(sed -n 's/^Breaks: *//p' "$work/edit/HEADER" | head -1)"
if ! printf '%s\n' "$named" | grep -qE '^\[[a-z]+(-[a-z]+)*\]( *, *\[[a-z]+(-[a-z]+)*\])* *$'; then
  echo "the Breaks line of $work/edit/HEADER names the clauses it breaks by their ids, [id][, [id]...], not" >&2
  echo "'$named'; the ids of $exercise: $ids" >&2
  exit 2
fi
while read -r id; do
  case " $ids " in
    *" $id "*) ;;
    *) echo "no clause of $exercise's stubs opens with $id; the ids there: $ids" >&2; exit 2 ;;
  esac
done < <(printf '%s\n' "$named" | grep -oE '\[[a-z]+(-[a-z]+)*\]')
{
  cat "$work/edit/HEADER"
  echo "Base: $base"
  echo
  for file in "$work/edit"/*.java; do
    name="$(basename "$file")"
    if [ -f "$work/base/$name" ]; then
      diff -U1 --label "a/$name" --label "b/$name" "$work/base/$name" "$file" || [ $? = 1 ]
    else
      diff -U1 --label /dev/null --label "b/$name" /dev/null "$file" || [ $? = 1 ]
    fi
  done
} >"$patch.new"
if ! grep -q '^+++ ' "$patch.new"; then
  rm "$patch.new"
  echo "nothing differs from $base in $work/edit" >&2
  exit 1
fi
mv "$patch.new" "$patch"
cat "$patch"
echo "wrote $patch ($(wc -l <"$patch") lines, base $base); the corpus for $exercise:"
echo "  ./mvnw -B -ntp -pl solutions -am verify -Dtest=CorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dthreadlab.corpus.exercises=$exercise"
