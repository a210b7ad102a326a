#!/usr/bin/env bash
# handout_selfcheck.sh - make handout and make grade keep their promises:
#   1. the MP4 handout is written with every part of tests/grading.txt
#      stubbed, and no solution marker left in it;
#   2. it builds (-Werror, so warning-free) and boots to a clear
#      "PART: FUNCTION not implemented" panic;
#   3. its grade is below full marks, with every part at 0 points;
#   4. each part stubbed alone scores 0 on its own tests, so every part's
#      tests really exercise that part (a handout of just that part);
#   5. the repository itself (the solution put back) grades full marks, every
#      part of tests/grading.txt (MP4's and user mode's).
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/handout_selfcheck
fail() { echo "handout_selfcheck: FAIL: $*"; exit 1; }

rm -rf "$out"
tools/handout.py mp4 "$out/mp4" | tee "$out.log" || fail "tools/handout.py failed"
for part in $(sed -n 's/^\[\(mp4\.[^]]*\)\].*/\1/p' tests/grading.txt); do
  grep -q "^handout: $part: [1-9]" "$out.log" || fail "part $part has no stubbed function"
done
[ -f "$out/mp4.tar.gz" ] || fail "no tarball"
[ -f "$out/mp4/HANDOUT.md" ] || fail "no HANDOUT.md"
grep -rq 'HANDOUT mp4\.[a-z0-9]* BEGIN' "$out/mp4" --include='*.[ch]' && fail "a solution marker is left in the handout"
grep -rq 'TODO mp4\.part1' "$out/mp4" --include='*.c' || fail "no TODO mp4.part1 in the handout"

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
cat "$out/grade.log" | sed -n '/^part /,$p'
for part in $(sed -n 's/^\[\(mp4\.[^]]*\)\].*/\1/p' tests/grading.txt); do
  grep -Eq "^$part +0/[0-9]+ +0/[0-9]+$" "$out/grade.log" || fail "stubbed part $part scores above 0"
done

for part in $(sed -n 's/^\[\([^]]*\)\].*/\1/p' tests/grading.txt); do
  echo "handout_selfcheck: $part stubbed alone must score 0 on its own tests"
  tools/handout.py "$part" "$out/$part" >/dev/null || fail "tools/handout.py $part failed"
  (cd "$out/$part" && make BUILD=build build/kernel-test.bin user) >"$out/$part.build.log" 2>&1 ||
    { tail -20 "$out/$part.build.log"; fail "the $part handout does not build"; }
  (cd "$out/$part" && BUILD=build tools/grade.sh "$part") >"$out/$part.grade.log" 2>&1
  sed -n "/^$part /p" "$out/$part.grade.log"
  grep -Eq "^$part +0/[0-9]+ +0/[0-9]+$" "$out/$part.grade.log" || fail "$part stubbed alone still scores"
  rm -rf "$out/$part"
done

echo "handout_selfcheck: grading the repository (full marks)"
tools/grade.sh >"$out/grade_repo.log" 2>&1 || { cat "$out/grade_repo.log"; fail "the solution does not grade full marks"; }
sed -n '/^part /,$p' "$out/grade_repo.log"
echo "handout_selfcheck: PASS"
