#!/usr/bin/env bash
# fuzz_crowd.sh [CALLS] - the fuzzer's crowd mode, longer than make test
# runs it: user programs fuzz_crowd (pager off) and fuzz_crowd_paged
# (a swap disk and a small budget), each booted in QEMU as the first
# process, with CALLS hostile calls (default 1,000,000; make fuzz
# FUZZ_CROWD_CALLS=N) and a fresh seed, in both frame modes.
#
# Each run takes its boot words, memory and swap size from the program's
# `// boot:`, `// mem:` and `// swap:` lines, as tools/run_tests.sh does,
# with `calls=CALLS seed=SEED` added after them (the last word wins).
# FUZZ_CROWD_SEED=N replays a seed.  A run passes when the program exits
# 0, no kernel report or panic ends it, and free frames and swap slots
# are exact at the end (the kernel checks, as for make test).
# Prints each run's verdict, seed and the command that replays it; logs in
# $BUILD/fuzz/.  Exit status 0 when every run passed.
set -u
cd "$(dirname "$0")/.." || exit 2
calls=${1:-1000000}
BUILD=${BUILD:-build}
export BUILD
out=$BUILD/fuzz
mkdir -p "$out"
status=0
timeout_s=${FUZZ_CROWD_TIMEOUT:-1800}

for prog in fuzz_crowd fuzz_crowd_paged; do
  src=user/tests/$prog.c
  boot=$(sed -n 's#^// boot: ##p' "$src" | head -1)
  mem=$(sed -n 's#^// mem: ##p' "$src" | head -1)
  swap=$(sed -n 's#^// swap: ##p' "$src" | head -1)
  for mode in default buddy; do
    seed=${FUZZ_CROWD_SEED:-$(( (RANDOM << 15 | RANDOM) % 2000000000 ))}
    extra="calls=$calls seed=$seed"
    [ "$mode" = default ] || extra="$extra frames=$mode"
    log=$out/$prog@$mode.log img=
    if [ -n "$swap" ]; then
      img=$out/$prog@$mode.swap.img
      tools/swap_image.sh "$swap" "$img" >/dev/null 2>&1 || img=/nonexistent
    fi
    SWAP_IMG=$img timeout "$timeout_s" tools/qemu.sh test "$BUILD/kernel-test.bin" "${mem:-32M}" \
      "cowcheck pincheck init=$prog $boot $extra" "$log"
    rc=$?
    [ -z "$img" ] || rm -f "$img"
    if [ $rc -eq 0 ]; then
      echo "fuzz: $prog@$mode: $calls calls, seed=$seed, passed"
    else
      echo "fuzz: $prog@$mode: FAILED (exit $rc, log: $log), seed=$seed"
      echo "      replay: FUZZ_CROWD_SEED=$seed FUZZ_CROWD_CALLS=$calls make fuzz"
      # the words after the program's name reach it (make run puts ARGS
      # before init=PROG; the kernel reads the whole line either way)
      echo "      or: make run PROG=\"$prog $extra\"${swap:+ SWAP=$swap} ARGS=\"$boot\""
      status=1
    fi
  done
done
exit $status
