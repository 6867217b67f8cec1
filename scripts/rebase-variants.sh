#!/usr/bin/env bash
# Carries the variants of the corpus kept as patches over a change to their bases. Such a variant is a patch
# against its base (the reference or a correct variant, itself whole files or a patch); when a base changes where a patch's context lies (a javadoc line, a
# renamed local), the patch no longer applies and the corpus run says so. This rebuilds each variant as it was on
# <since> (its base then, with its patch), merges the base's change since into it (git merge-file, three ways) and
# writes the patch again against today's base. Where the variant itself had changed the very lines the base
# changed, the variant's lines are kept, and the script says so: read those patches.
#
#   scripts/rebase-variants.sh <since>        e.g.  scripts/rebase-variants.sh HEAD~1
#
# <since> is a commit on which every patch still applied. Only patches whose base files changed are rewritten;
# run the corpus afterwards (solutions/CORPUS.md) to see every verdict as before.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
git rev-parse --verify -q "$1^{commit}" >/dev/null || { echo "not a commit: $1" >&2; exit 2; }
python3 - "$PWD" "$1" <<'PY'
import os, re, subprocess, sys, tempfile

repo, since = sys.argv[1], sys.argv[2]


def git(*args):
    return subprocess.run(['git', '-C', repo, *args], capture_output=True, text=True)


def show(rev, path):
    """A file as it is in the work tree (rev None) or at a commit; None when it does not exist."""
    if rev is None:
        full = os.path.join(repo, path)
        return open(full, encoding='utf-8').read() if os.path.exists(full) else None
    shown = git('show', f'{rev}:{path}')
    return shown.stdout if shown.returncode == 0 else None


def without_header(text):
    """A correct variant's file without its leading CORRECT: comment block."""
    if text.lstrip().startswith('/*') and 'CORRECT:' in text[:text.index('*/')]:
        return text[text.index('*/') + 2:].lstrip('\n')
    return text


def base_paths(exercise, base, name):
    paths = []
    if base != 'reference':
        paths.append((f'solutions/{exercise}/corpus/correct/{base[len("correct/"):]}/{name}', True))
    paths.append((f'solutions/{exercise}/src/main/java/io/github/threadlab/{exercise}/{name}', False))
    return paths


def file_section(patch, name):
    """The part of a patch that changes one file, from its '--- ' line; None when it does not change it."""
    sections = re.split(r'^(?=--- )', patch[patch.index('\n--- ') + 1:], flags=re.M)
    return next((s for s in sections if re.search(rf'^\+\+\+ b/{re.escape(name)}$', s, re.M)), None)


def base_file(rev, exercise, base, name, depth=0):
    """The file as the base has it; a correct variant kept as a patch is its own base with its patch applied."""
    patch = show(rev, f'solutions/{exercise}/corpus/{base}.patch') if base != 'reference' else None
    if patch is not None and depth < 3:
        under = base_file(rev, exercise, re.search(r'^Base: (\S+)', patch, re.M).group(1), name, depth + 1)
        section = file_section(patch, name)
        if section is None:
            return under
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, name), 'w', encoding='utf-8').write(under or '')
            applied = run(['patch', '-s', '-p1', '-d', tmp], input=section)
            if applied.returncode != 0:
                sys.exit(f'{exercise}/{base}.patch does not apply to its base as of {rev or "now"}:\n{applied.stdout}')
            return open(os.path.join(tmp, name), encoding='utf-8').read()
    for path, correct in base_paths(exercise, base, name):
        text = show(rev, path)
        if text is not None:
            return without_header(text) if correct else text
    return None


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


rewritten = 0
# The correct variants kept as patches first: the wrong ones may rest on them.
for exercise, folder in [(e, os.path.join(repo, 'solutions', e, 'corpus', kind))
                         for e in sorted(os.listdir(os.path.join(repo, 'solutions'))) for kind in ('correct', 'wrong')]:
    if not os.path.isdir(folder):
        continue
    for name in sorted(f for f in os.listdir(folder) if f.endswith('.patch')):
        text = open(os.path.join(folder, name), encoding='utf-8').read()
        base = re.search(r'^Base: (\S+)', text, re.M).group(1)
        files = re.findall(r'^\+\+\+ b/(\S+)', text, re.M)
        if all(base_file(since, exercise, base, f) == base_file(None, exercise, base, f) for f in files):
            continue
        preamble = text[:text.index('\n--- ') + 1]
        with tempfile.TemporaryDirectory() as tmp:
            for f in files:
                open(os.path.join(tmp, f), 'w', encoding='utf-8').write(base_file(since, exercise, base, f) or '')
            applied = run(['patch', '-s', '-p1', '-d', tmp], input=text[len(preamble):])
            if applied.returncode != 0:
                sys.exit(f'{exercise}/{name} does not apply to its base as of {since}:\n{applied.stdout}{applied.stderr}')
            diffs = []
            for f in files:
                then, now = os.path.join(tmp, f + '.then'), os.path.join(tmp, f + '.now')
                open(then, 'w', encoding='utf-8').write(base_file(since, exercise, base, f) or '')
                today = base_file(None, exercise, base, f)
                open(now, 'w', encoding='utf-8').write(today or '')
                variant = os.path.join(tmp, f)
                merged = run(['git', 'merge-file', '-p', variant, then, now])
                if merged.returncode != 0:
                    merged = run(['git', 'merge-file', '--ours', '-p', variant, then, now])
                    print(f'  {exercise}/{name}: {f}: the variant had changed the lines its base changed; kept its own')
                open(variant, 'w', encoding='utf-8').write(merged.stdout)
                old_label, old_file = ('/dev/null', '/dev/null') if today is None else ('a/' + f, now)
                diffs.append(run(['diff', '-U1', '--label', old_label, '--label', 'b/' + f, old_file, variant]).stdout)
            new_text = preamble + ''.join(diffs)
            if new_text != text:
                open(os.path.join(folder, name), 'w', encoding='utf-8').write(new_text)
                rewritten += 1
                print(f'rebased {exercise}/{name}')
print(f'{rewritten} patches rewritten')
PY
