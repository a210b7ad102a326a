#!/usr/bin/env bash
# grade.sh - score each handout part by its tests (make grade).
#
#   tools/grade.sh [PART_PREFIX]      e.g. tools/grade.sh mp4 (none: every part)
#
# tests/grading.txt maps every part to its points and its kernel tests.
# Each test (kernel or user) runs once, in the default frame mode, in a fresh QEMU (the
# test runner does the work); a part earns its points in proportion to
# the tests it passes, rounded down.  Prints a table (part, tests passed,
# points) and the total, and exits 0 only at full marks.  Logs are in
# $BUILD/grade/.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
prefix=${1:-}
map=tests/grading.txt
logdir=$BUILD/grade

# parts: "part points" lines; tests: "part test" lines.
parts=$(sed -n 's/^\[\([^]]*\)\][[:space:]]*\([0-9]*\).*/\1 \2/p' "$map" | grep "^$prefix" || true)
[ -n "$parts" ] || { echo "grade: no part in $map matches '$prefix'"; exit 2; }
tests=$(awk '/^\[/ {part = substr($1, 2, length($1) - 2); next}
             /^[a-z_0-9]+$/ && part != "" {print part, $1}' "$map")

names=$(awk -v p="$prefix" 'index($1, p) == 1 {print $2}' <<<"$tests" | sort -u | tr '\n' ' ')
rm -rf "$logdir"
KTEST_NAMES="$names" KTEST_ONLY_KERNEL=1 KTEST_MODES=default KTEST_LOGDIR=$logdir \
  tools/run_tests.sh >"$BUILD/grade.out" 2>&1
sed 's/^/  /' "$BUILD/grade.out" | grep -v '^  [0-9]* passed' || true

printf '\n%-12s %-14s %s\n' part "tests passed" points
total=0 full=0
while read -r part points; do
  n=0 ok=0
  for t in $(awk -v p="$part" '$1 == p {print $2}' <<<"$tests"); do
    n=$((n + 1))
    grep -q PASS "$logdir/$t.result" 2>/dev/null && ok=$((ok + 1))
  done
  [ "$n" -gt 0 ] || { echo "grade: part $part has no tests in $map"; exit 2; }
  got=$((points * ok / n))
  printf '%-12s %-14s %s\n' "$part" "$ok/$n" "$got/$points"
  total=$((total + got)) full=$((full + points))
done <<<"$parts"
printf '%-12s %-14s %s\n' total "" "$total/$full"
[ "$total" -eq "$full" ]
