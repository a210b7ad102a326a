#!/usr/bin/env bash
# seeing_boot_words.sh - test: the boot words that show processes from
# inside.  With `exitmaps`, each process prints its maps as it exits;
# with `walk=ADDR` and a program, each process walks ADDR in its own
# space as it exits (and the kernel's space is not walked after the
# program); with `exitfaults`, its fault counts; with `faulttrace`, one
# line per fault, whose count of each kind agrees with those counts.
# Without the words none of those lines appear.  Both boots run the
# test program faultcount (heap pages, fork and copy-on-write writes,
# petmem; three processes), which must pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
dir=$BUILD/tests/seeing_boot_words
mkdir -p "$dir"
fail=0
say() { echo "seeing_boot_words: FAIL: $*"; fail=1; }

boot() { # NAME ARGS: boot kernel.bin; the log is $dir/NAME.log, without CRs
  timeout 120 tools/qemu.sh test "$BUILD/kernel.bin" 32M "$2" "$dir/$1.raw" ||
    say "$1: the boot did not pass"
  tr -d '\r' <"$dir/$1.raw" >"$dir/$1.log"
}
count() { grep -Ec "$2" "$dir/$1.log"; }

boot words "exitmaps exitfaults faulttrace walk=0x400000 init=faultcount"
exits=$(count words '^proc: pid [0-9]+ \(faultcount\) exits with status -?[0-9]+$')
[ "$exits" -ge 3 ] || say "words: $exits exit lines, expected one per process (at least 3)"
[ "$(count words '^maps of pid [0-9]+ \(faultcount\):$')" -eq "$exits" ] || say "words: not one maps listing per exit"
grep -Eq '^start-end +kind +pages +backed +cow +shared +swapped$' "$dir/words.log" || say "words: no maps header"
grep -Eq '^00400000-[0-9a-f]{8} text/data +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +0$' "$dir/words.log" ||
  say "words: no text/data line"
grep -Eq '^[0-9a-f]{8}-f7400000 stack +256 ' "$dir/words.log" || say "words: no stack line"
# Every process walks once as it exits: faultcount's and init's (pid 1,
# which has nothing at 0x400000); the kernel's space is not walked.
[ "$(count words '^walk of 0x00400000 in directory frame')" -eq "$((exits + 1))" ] ||
  say "words: walk=0x400000 did not walk each process's space once (or walked the kernel's too)"
grep -Eq '^proc: pid 1 \(init\) exits with status 0$' "$dir/words.log" || say "words: init (pid 1) did not exit last"
[ "$(count words '^  region: text/data$')" -eq "$exits" ] || say "words: the walks do not name the region"
[ "$(count words '^faults of pid [0-9]+ \(faultcount\): demand-zero [0-9]+, cow-copy [0-9]+, cow-reuse [0-9]+, swap-in [0-9]+, shm [0-9]+, petmem [0-9]+$')" -eq "$exits" ] ||
  say "words: not one fault-count line per exit"
# The trace and the counts agree, kind by kind, for the program (init's
# child, the last faultcount process to exit), from its exec on: the
# faults that pid took as init's fork, before exec, name init and were
# counted in the counts exec reset.
prog=$(sed -nE 's/^proc: pid ([0-9]+) \(faultcount\) exits with status .*/\1/p' "$dir/words.log" | tail -1)
[ -n "$prog" ] || prog=none
for kind in "demand-zero:demand-zero" "copy-on-write copy:cow-copy" "copy-on-write re-enable:cow-reuse" "petmem:petmem"; do
  traced=$(count words "^fault: pid $prog \(faultcount\) 0x[0-9a-f]{8} ${kind%%:*}: resolved$")
  counted=$(sed -nE "s/^faults of pid $prog \(faultcount\):.* ${kind##*:} ([0-9]+).*/\1/p" "$dir/words.log")
  [ "$traced" -gt 0 ] || say "words: pid $prog traced no ${kind%%:*} fault"
  [ "$traced" = "$counted" ] || say "words: pid $prog traced $traced ${kind%%:*} faults but counted '$counted'"
done
[ "$(count words '^fault: pid [0-9]+ \([a-z_]+\) 0x[0-9a-f]{8} copy-on-write copy: resolved$')" -gt 0 ] || say "words: no copy-on-write copy traced"

boot plain "init=faultcount"
for re in '^fault: ' '^faults of pid' '^maps of pid' '^walk of ' '^proc: pid [0-9]+ \(faultcount\) exits'; do
  [ "$(count plain "$re")" -eq 0 ] || say "plain: a line matching '$re' without its word"
done
[ $fail -eq 0 ] && echo "seeing_boot_words: PASS"
exit $fail
