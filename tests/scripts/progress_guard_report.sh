#!/usr/bin/env bash
# progress_guard_report.sh - test: the progress guard's report line.  The
# user test stuck_instruction_is_killed (a child whose one instruction
# needs 5 pages under a budget of 4, kept below the boot minimum by
# user_frames_unsafe) runs as the first process, as `make run` runs it;
# the child must be killed with the line that says why ("cannot make
# progress with 4 frames"), exactly once, and the program and the
# kernel's verdict must pass (the frame and slot counts are exact).
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
dir=$BUILD/tests/progress_guard_report
mkdir -p "$dir"
img=$dir/swap.img log=$dir/serial.log
tools/swap_image.sh 1M "$img" >/dev/null || { echo "progress_guard_report: FAIL: no swap image"; exit 1; }
SWAP_IMG=$img timeout 60 tools/qemu.sh test "$BUILD/kernel.bin" 32M \
  "init=stuck_instruction_is_killed user_frames=4 user_frames_unsafe" "$log"
rc=$?
rm -f "$img"
cat "$log"
[ $rc -eq 0 ] || { echo "progress_guard_report: FAIL: the kernel's verdict was $rc (124: a hang)"; exit 1; }
want='^proc: pid [0-9]+ \(stuck_instructi\) killed: cannot make progress with 4 frames \(one instruction needs at least 5 pages at once\) at 0x[0-9a-f]{8} \(heap\)$'
n=$(tr -d '\r' <"$log" | grep -Ec "$want")
[ "$n" -eq 1 ] || { echo "progress_guard_report: FAIL: $n lines match '$want', not 1"; exit 1; }
tr -d '\r' <"$log" | grep -q '^stuck_instruction_is_killed: passed$' ||
  { echo "progress_guard_report: FAIL: the parent did not go on and pass"; exit 1; }
echo "progress_guard_report: PASS"
