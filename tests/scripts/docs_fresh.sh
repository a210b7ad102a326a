#!/usr/bin/env bash
# docs_fresh.sh - docs/ and README.md are what tools/capture_docs.sh would
# make them: every listing of kernel output, every line anchor, every
# relative link, README's map of files and every diagram (the layer
# diagram included) match the code.  When this fails, run
# tools/capture_docs.sh and commit what it changes.
#
# Then a self-check: in a throw-away copy of the tree, each planted fault
# (a line anchor one line off, a link to nothing, a changed line of
# captured output, a stale figure in a value marker, a value marker whose
# constant is gone, a file README's map does not list, an include edge the
# layer diagram does not show) must fail the check, and the untouched copy
# must pass it, so a checker that finds nothing cannot pass; and a copy
# whose listings differ only in addresses and line numbers that move with
# the code must pass too.  The copy reuses the kernel output of the first
# run: no second boot.
#
# Who is checked: the repository's own docs, strictly, in CI (CI set, as
# .ci/run does) or with DOCS_STRICT=1: stale docs fail.  Elsewhere - a
# student's clone with a new program, a new test, a changed constant as
# page 14's exercises ask - stale docs are reported, not failed: the docs
# describe the repository, not your changes.  The self-check always runs
# (on a refreshed copy outside CI), so the checker itself stays tested.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
strict=
[ -n "${CI:-}" ] || [ -n "${DOCS_STRICT:-}" ] && strict=1

echo "docs_fresh: the tree${strict:+ (strict: CI or DOCS_STRICT)}"
mkdir -p "$BUILD"
tools/capture_docs.sh --check 2>&1 | tee "$BUILD/docs_fresh.check.log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  [ -n "$strict" ] && { echo "docs_fresh: FAIL (run tools/capture_docs.sh)"; exit 1; }
  # Only a page that differs is forgiven, never a checker that broke.
  grep -Eq '^capture_docs: (out of date|[0-9]+ problem)|out of date' "$BUILD/docs_fresh.check.log" ||
    { echo "docs_fresh: FAIL: tools/capture_docs.sh --check failed before comparing the pages"; exit 1; }
  echo "docs_fresh: note: the docs differ from this tree's code (above). Not a failure outside CI:"
  echo "docs_fresh: note: they describe the repository; DOCS_STRICT=1 checks them strictly, and"
  echo "docs_fresh: note: tools/capture_docs.sh refreshes them when you maintain them."
fi
outputs=$(cd "$BUILD/capture_docs" && pwd) || exit 2

tmp=$BUILD/docs_fresh_selfcheck
rm -rf "$tmp" && mkdir -p "$tmp/tree" || exit 2
git ls-files -z --cached 2>/dev/null | xargs -0 -I{} sh -c '[ -f "$1" ] && printf "%s\0" "$1"' _ {} |
  xargs -0 cp --parents -t "$tmp/tree" 2>/dev/null || tools/tree_files.sh -z | xargs -0 cp --parents -t "$tmp/tree"
copy=$tmp/tree
if [ -z "$strict" ]; then # the self-check needs a copy whose docs are fresh
  (cd "$copy" && tools/gen_diagrams.py && tools/capture_docs.py "$outputs") >"$tmp/refresh.log" 2>&1
fi
fresh=$tmp/fresh # what a planted fault is undone from
cp -a "$copy" "$fresh" || exit 2
check_copy() { # the checks of capture_docs.sh, in the copy, minus the boots
  (cd "$copy" || exit 2
   tools/gen_diagrams.py --check; a=$?
   tools/capture_docs.py "$outputs" --check; b=$?
   [ $a -eq 0 ] && [ $b -eq 0 ]) >"$tmp/last.log" 2>&1
}
check_copy || { cat "$tmp/last.log"; echo "docs_fresh: FAIL: the untouched copy fails the check"; exit 1; }

failures=0
# expect_fail WHAT FILE PATTERN: the caller has planted WHAT by editing
# FILE in the copy; the check must fail with a line matching PATTERN (so
# it fails for that fault, not another).  Puts FILE back.
expect_fail() {
  if check_copy; then
    echo "docs_fresh: FAIL: the check missed $1"
    failures=$((failures + 1))
  elif ! grep -E -m1 -- "$3" "$tmp/last.log" >"$tmp/why"; then
    cat "$tmp/last.log"
    echo "docs_fresh: FAIL: the check failed on $1, but never said /$3/"
    failures=$((failures + 1))
  else
    echo "docs_fresh: a copy with $1 fails, as it must: $(cat "$tmp/why")"
  fi
  cp "$fresh/$2" "$copy/$2"
}

page=docs/01-boot-and-layout.md
anchor=$(grep -o '\.c#L[0-9]*' "$page" | head -1)
[ -n "$anchor" ] || { echo "docs_fresh: FAIL: $page has no line anchor to plant a fault in"; exit 1; }
planted=.c#L$((${anchor#.c#L} + 1))
sed -i "0,/${anchor//./\\.}/s//$planted/" "$copy/$page"
expect_fail "a line anchor one line off (${anchor#.c} -> ${planted#.c})" "$page" "^-.*${planted//./\\.}\\)"

printf '\nSee [`nothing`](../no_such_file.c).\n' >>"$copy/$page"
expect_fail "a link to a file that does not exist" "$page" "broken link \(\.\./no_such_file\.c\)"

line=$(grep -n -A2 '^<!-- capture ' "$page" | sed -n 's/^\([0-9]*\)-[^`].*/\1/p' | head -1)
sed -i "${line}s/\$/ (planted)/" "$copy/$page"
expect_fail "a changed line of captured output (line $line)" "$page" "^-.* \(planted\)$"

# A stale figure: the first value marker of README.md shows a number one
# more than its source gives.
figure=$(grep -o -m1 '<!-- value [^>]*-->[0-9][0-9,]*<!-- /value -->' README.md | head -1)
[ -n "$figure" ] || { echo "docs_fresh: FAIL: README.md has no value marker to plant a stale figure in"; exit 1; }
shown=${figure#*-->}; shown=${shown%%<*}; stale=$((${shown//,/} + 1))
python3 - "$copy/README.md" "$figure" "${figure/-->$shown</-->$stale<}" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
open(path, "w").write(text.replace(old, new, 1))
PY
expect_fail "a stale figure in a value marker ($shown -> $stale)" README.md "^\+.*-->$shown<!-- /value -->"

# A figure whose constant is gone: the marker names a #define no file has.
sed -i '0,/<!-- value \([^ ]*\): [A-Z_]*/s//<!-- value \1: NO_SUCH_CONSTANT/' "$copy/README.md"
expect_fail "a value marker naming a constant that is gone" README.md "value .*: NO_SUCH_CONSTANT is not defined in"

# What moves with the code must not make a page stale: an address in the
# kernel image and a source line number in a listing.
page=docs/04-page-faults.md
eip=$(grep -o -m1 'EIP 0x001[0-9a-f]\{5\}' "$page")
[ -n "$eip" ] || { echo "docs_fresh: FAIL: $page shows no EIP to move"; exit 1; }
sed -i "s/$eip/EIP 0x00123456/" "$copy/$page"
page8=docs/08-seeing-inside.md
sed -i '0,/\(at tests\/kernel\/[a-z_]*\.c\):[0-9]*/s//\1:999/' "$copy/$page8"
if check_copy; then
  echo "docs_fresh: a copy whose listings show a moved EIP and line number passes, as it must"
else
  cat "$tmp/last.log"
  echo "docs_fresh: FAIL: the check fails on an address or a line number that moved with the code"
  failures=$((failures + 1))
fi
cp "$fresh/$page" "$copy/$page"
cp "$fresh/$page8" "$copy/$page8"

touch "$copy/lib/planted.h"
expect_fail "a file README's map of files does not list" README.md "no row for lib/planted.h"
rm -f "$copy/lib/planted.h"

printf '#include "dump.h"\n' >>"$copy/mm/shm.c"
expect_fail "an include edge (mm -> debug) docs/layers.svg does not show" mm/shm.c "out of date.*layers\.svg"

check_copy || { cat "$tmp/last.log"; echo "docs_fresh: FAIL: the copy fails after the faults were removed"; exit 1; }
[ "$failures" -eq 0 ] || exit 1
rm -rf "$tmp"
echo "docs_fresh: PASS"
