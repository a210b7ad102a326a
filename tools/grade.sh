#!/usr/bin/env bash
# grade.sh - score each handout part by its tests (make grade).
#
#   tools/grade.sh [SPEC]     e.g. tools/grade.sh mp4 (none: every part)
#
# SPEC names parts as tools/handout.py does: a family (mp4), a part
# (mp4.part3), a part and the later ones of its family (mp4.part2+), or a
# comma-separated list of these.
# tests/grading.txt maps every part to its points and its tests.
# Each test (kernel or user) runs once, in the default frame mode, in a fresh QEMU (the
# test runner does the work); a part earns its points in proportion to
# the tests it passes, rounded down.  Prints a table (part, tests passed,
# points) and the total, and exits 0 only at full marks.  For each failed
# test it also prints the first line of its log that says why (a failed
# check, a panic).  Logs are in $BUILD/grade/.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
spec=${1:-}
map=tests/grading.txt
logdir=$BUILD/grade

# parts: "part points" lines; tests: "part test" lines.
chosen=$(if [ -n "$spec" ]; then tools/handout.py --parts "$spec"; else
  sed -n 's/^\[\([^]]*\)\].*/\1/p' "$map"; fi) || exit 2
parts=$(sed -n 's/^\[\([^]]*\)\][[:space:]]*\([0-9]*\).*/\1 \2/p' "$map" |
  awk 'NR == FNR {want[$1] = 1; next} want[$1]' <(echo "$chosen") -)
[ -n "$parts" ] || { echo "grade: no part in $map matches '$spec'"; exit 2; }
tests=$(awk '/^\[/ {part = substr($1, 2, length($1) - 2); next}
             /^[a-z_0-9]+$/ && part != "" {print part, $1}' "$map")

names=$(awk 'NR == FNR {want[$1] = 1; next} want[$1] {print $2}' <(echo "$parts") - <<<"$tests" |
  sort -u | tr '\n' ' ')
rm -rf "$logdir"
KTEST_NAMES="$names" KTEST_ONLY_KERNEL=1 KTEST_MODES=default KTEST_LOGDIR=$logdir \
  tools/run_tests.sh >"$BUILD/grade.out" 2>&1
grep -v '^[0-9]* passed' "$BUILD/grade.out" | while read -r line; do
  echo "  $line"
  case "$line" in FAIL\ *)
    why=$(grep -E -m1 'CHECK FAILED|PANIC|not implemented|DEATH|expected' \
      "$logdir/$(awk '{print $2}' <<<"$line").log" 2>/dev/null | tr -d '\r')
    [ -z "$why" ] || echo "       $why" ;;
  esac
done

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
