#!/usr/bin/env bash
# bench_deterministic.sh - test: the benchmark suite's instruction counts
# repeat exactly.
#
#   tests/scripts/bench_deterministic.sh   (make test T=bench_deterministic)
#
# Boots $BUILD/kernel-test.bin (BUILD defaults to build) twice with
# `bench=quick` under QEMU with -icount shift=0, exactly as make bench
# does, and requires both runs to pass and to print identical BENCH
# lines (every figure, value and description).  A difference means some
# figure depends on something other than the code: the host's load, a
# timer interrupt inside a measurement, or state left by an earlier
# scenario.  Logs: $BUILD/bench_deterministic.{1,2}.log.  Each boot is
# time-limited; the whole test takes a few seconds.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel-test.bin
limit=${BENCH_DETERMINISTIC_TIMEOUT:-30}
mem=128M

fail() { echo "bench_deterministic: FAIL: $*" >&2; exit 1; }
[ -f "$kernel" ] || fail "no kernel at $kernel (make BUILD=$BUILD first)"

for run in 1 2; do
  log=$BUILD/bench_deterministic.$run.log
  rm -f "$log"
  QEMU_EXTRA="-icount shift=0" timeout "$limit" \
    tools/qemu.sh test "$kernel" "$mem" "bench=quick" "$log" ||
    fail "run $run did not pass (status $?); see $log"
  grep -q '^BENCH-END passed' "$log" || fail "run $run did not finish the suite; see $log"
  grep '^BENCH ' "$log" >"$BUILD/bench_deterministic.$run.txt"
done

lines=$(wc -l <"$BUILD/bench_deterministic.1.txt")
[ "$lines" -ge 10 ] || fail "only $lines BENCH lines in run 1"
if ! diff -u "$BUILD/bench_deterministic.1.txt" "$BUILD/bench_deterministic.2.txt"; then
  fail "the two runs printed different figures (diff above)"
fi
echo "bench_deterministic: PASS ($lines identical figures in two runs)"
