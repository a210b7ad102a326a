#!/usr/bin/env bash
# handout_selfcheck.sh - make handout and make grade keep their promises:
#   1. the MP4 handout is written with every part of tests/grading.txt
#      stubbed, no solution marker left in it, and one TODO per stub;
#   2. it builds (-Werror, so warning-free) and boots to a clear
#      "PART: FUNCTION not implemented" panic;
#   3. its grade is below full marks, with every part at 0 points;
#   4. the parts can be written in order: for every family (mp4, user, ...)
#      and every part P of it, a handout with P and the parts after it
#      stubbed (handout.py P+) scores 0 on P's tests, and full marks on the
#      tests of the part before P.  So each part's tests need that part
#      (they fail without it) and no later one (they pass before the later
#      parts are written); the last part's full marks are step 5's;
#   5. the repository itself (the solution put back) grades full marks, every
#      part of tests/grading.txt (MP4's and user mode's).
# Handouts are made from the files git tracks, as they are on disk
# (--worktree), so uncommitted markers are checked and untracked files
# never go in.  Prints how long each step took.
# About 4 minutes of CPU time: on a busy machine it needs more than the
# runner's default 600 s (tools/run_tests.sh reads the line below).
# time-limit: 1800 s
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/handout_selfcheck
fail() { echo "handout_selfcheck: FAIL: $*"; exit 1; }
t0=$SECONDS
took() { echo "handout_selfcheck: ($((SECONDS - t0)) s so far)"; }
# score PART LOG: "ok/n got/points" of PART in a grade log.
score() { sed -n "s/^$1 *\([0-9]*\/[0-9]*\) *\([0-9]*\/[0-9]*\)\$/\1 \2/p" "$2"; }
# tests_of PART...: the tests tests/grading.txt lists under these parts.
tests_of() {
  local p
  for p in "$@"; do
    awk -v p="[$p]" '$1 == p {on = 1; next} /^\[/ {on = 0} on && /^[a-z_0-9]+$/' tests/grading.txt
  done
}
zero() { [[ "$(score "$1" "$2")" =~ ^0/[0-9]+\ 0/[0-9]+$ ]]; }
full() { [[ "$(score "$1" "$2")" =~ ^([0-9]+)/([0-9]+)\ ([0-9]+)/([0-9]+)$ ]] &&
  [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && [ "${BASH_REMATCH[3]}" = "${BASH_REMATCH[4]}" ]; }

rm -rf "$out"
mkdir -p "$out"
tools/handout.py --worktree mp4 "$out/mp4" | tee "$out.log" || fail "tools/handout.py failed"
for part in $(sed -n 's/^\[\(mp4\.[^]]*\)\].*/\1/p' tests/grading.txt); do
  grep -q "^handout: $part: [1-9]" "$out.log" || fail "part $part has no stubbed function"
done
[ -f "$out/mp4.tar.gz" ] || fail "no tarball"
[ -f "$out/mp4/HANDOUT.md" ] || fail "no HANDOUT.md"
grep -rq 'HANDOUT mp4\.[a-z0-9]* BEGIN\|HANDOUT TODO' "$out/mp4" --include='*.[ch]' &&
  fail "a solution marker is left in the handout"
grep -rq 'TODO mp4\.part1' "$out/mp4" --include='*.c' || fail "no TODO mp4.part1 in the handout"
dups=$(grep -rh -A1 'TODO mp4\.part' "$out/mp4" --include='*.c' | grep -v '^--$' | paste -d' ' - - | sort | uniq -d)
[ -z "$dups" ] || fail "two stubs share one TODO text: $dups"

echo "handout_selfcheck: building the handout"
(cd "$out/mp4" && make BUILD=build build/kernel.bin build/kernel-test.bin) >"$out/build.log" 2>&1 ||
  { tail -20 "$out/build.log"; fail "the handout does not build"; }
grep -q 'warning:' "$out/build.log" && fail "the handout builds with warnings"

echo "handout_selfcheck: booting the handout"
timeout 60 tools/qemu.sh run "$out/mp4/build/kernel.bin" 32M "" >"$out/boot.log" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "the handout's boot ended with status $rc, expected 2 (a panic)"
grep -q 'PANIC at .*: mp4\.part[0-9]*: [a-z_]* not implemented' "$out/boot.log" ||
  fail "the handout's panic does not name a part and a function: $(grep PANIC "$out/boot.log")"

echo "handout_selfcheck: grading the handout (every part must score 0)"
(cd "$out/mp4" && BUILD=build tools/grade.sh mp4) >"$out/grade.log" 2>&1 && fail "the handout grades full marks"
sed -n '/^part /,$p' "$out/grade.log"
for part in $(sed -n 's/^\[\(mp4\.[^]]*\)\].*/\1/p' tests/grading.txt); do
  zero "$part" "$out/grade.log" || fail "stubbed part $part scores above 0"
done
took

# 4: the parts in order.  The MP4 skeleton above is mp4.part1+ already.
prev= prev_family=
for part in $(sed -n 's/^\[\([^]]*\)\].*/\1/p' tests/grading.txt); do
  family=${part%%.*}
  [ "$family" = "$prev_family" ] || prev=
  prev_family=$family
  [ "$part" = mp4.part1 ] && { prev=$part; continue; }
  echo "handout_selfcheck: $part and the parts after it stubbed:" \
    "$part must score 0${prev:+, $prev full marks}"
  dir=$out/$part
  tools/handout.py --worktree "$part+" "$dir" >/dev/null || fail "tools/handout.py $part+ failed"
  targets=build/kernel-test.bin # the user programs only for parts graded by user tests
  tests_of "$part" "$prev" | grep -q '^user_' && targets="$targets user"
  (cd "$dir" && make BUILD=build $targets) >"$dir.build.log" 2>&1 ||
    { tail -20 "$dir.build.log"; fail "the $part+ handout does not build"; }
  (cd "$dir" && BUILD=build tools/grade.sh "${prev:+$prev,}$part") >"$dir.grade.log" 2>&1
  sed -n '/^part /,$p' "$dir.grade.log"
  zero "$part" "$dir.grade.log" || fail "$part stubbed still scores: a test of $part passes without it" \
    "(list it under the part it needs)"
  if [ -n "$prev" ] && ! full "$prev" "$dir.grade.log"; then
    for t in $(tests_of "$prev"); do
      grep -A1 "FAIL $t " "$dir.grade.log"
    done
    fail "$prev does not reach full marks before $part is written: its tests above need a later part" \
      "(list them under that part, or make them need only $prev)"
  fi
  rm -rf "$dir"
  prev=$part
  took
done

echo "handout_selfcheck: grading the repository (full marks)"
tools/grade.sh >"$out/grade_repo.log" 2>&1 || { cat "$out/grade_repo.log"; fail "the solution does not grade full marks"; }
sed -n '/^part /,$p' "$out/grade_repo.log"
took
echo "handout_selfcheck: PASS"
