#!/usr/bin/env bash
# bench.sh - make bench: boot the kernel with the `bench` command-line
# word under QEMU with -icount shift=0, where one guest instruction is one
# TSC tick, so every figure is an exact, repeatable instruction count.
#
# Builds nothing itself (make bench depends on the kernel and on the
# host model's generator).  Writes
#   $BUILD/bench.log          the kernel's serial output
#   $BUILD/bench.json         figure name -> value, for scripts
#   $BUILD/bench-scaling.dat  the data behind the plot
#   bench/results.md          the table with the issue's targets judged
#   bench/scaling.svg         cost against live regions (gnuplot)
#   bench/cow_fork.svg        fork cost, copy-on-write and eager
#   bench/belady.svg          faults against frames per policy, from the
#                             host model ($BUILD/host/evict_expected_gen)
# and prints the table.  Exit: 0 when the suite ran (a missed target is a
# finding, shown as MISSED), 1 when the kernel failed or reported a
# failure, 2 when a tool is missing.
#
# A fresh 1 MB swap disk ($BUILD/bench-swap.img) is attached for the
# swap figures (bench_swap.c) and the pager's (bench_pager.c).  The disk
# turns the pager on at boot; the bench turns it off for every other
# figure, so those measure the fault path without it, as they always did.
#
# Environment: BUILD (default build), BENCH_MEM (default 128M: room for
# the 10,000-region and 99%-full cases, and at most 256M, which the
# frame-pool bench's bitmap covers), QEMU_EXTRA (added after -icount).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
KERNEL=$BUILD/kernel-test.bin
MEM=${BENCH_MEM:-128M}
LOG=$BUILD/bench.log
TIMEOUT_S=110
start=$(date +%s.%N)

for tool in qemu-system-i386 python3 gnuplot; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (tools/bootstrap.sh)" >&2; exit 2; }
done
[ -f "$KERNEL" ] || { echo "bench: $KERNEL does not exist (run make BUILD=$BUILD bench)" >&2; exit 2; }

SWAP_DISK=$BUILD/bench-swap.img
tools/swap_image.sh 1M "$SWAP_DISK" || exit 2
echo "bench: booting $KERNEL with -icount shift=0, -m $MEM and a swap disk (log: $LOG)"
rm -f "$LOG"
SWAP_IMG=$SWAP_DISK QEMU_EXTRA="-icount shift=0 ${QEMU_EXTRA:-}" timeout "$TIMEOUT_S" \
  tools/qemu.sh test "$KERNEL" "$MEM" "bench" "$LOG"
rc=$?
if [ $rc -ne 0 ] || ! grep -q '^BENCH-END passed' "$LOG"; then
  echo "bench: the run failed (status $rc); the end of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi

# The process-level figures: user/ubench.c as the first process.
ULOG=$BUILD/bench-user.log
rm -f "$ULOG"
QEMU_EXTRA="-icount shift=0 ${QEMU_EXTRA:-}" timeout "$TIMEOUT_S" \
  tools/qemu.sh test "$KERNEL" "$MEM" "init=ubench" "$ULOG"
rc=$?
if [ $rc -ne 0 ]; then
  echo "bench: the user-mode run failed (status $rc); the end of $ULOG:" >&2
  tail -n 20 "$ULOG" >&2
  exit 1
fi
grep '^BENCH ' "$ULOG" >>"$LOG"

qemu_version=$(qemu-system-i386 --version | head -n 1)
python3 bench/report.py "$LOG" "$BUILD/bench.json" bench/results.md \
  "$BUILD/bench-scaling.dat" bench/scaling.svg "$start" "$MEM" "$qemu_version"
