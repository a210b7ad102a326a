#!/usr/bin/env bash
# swap_larger_than_memory.sh - test: `make run SWAP=16M` with a workload
# larger than memory passes.  With MEM=5M the process pool has under
# 1 MB of frames, and page_linear encrypts and decrypts 2 MB: without a
# disk the process runs out of memory and is killed; with SWAP=16M the
# pager evicts (no budget: only because the frames ran out) and the run
# passes with every frame and slot back.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
MEM=5M
log=$BUILD/tests/swap_larger_than_memory
mkdir -p "$BUILD/tests"

timeout 120 make --no-print-directory run MEM=$MEM PROG=page_linear >"$log.noswap" 2>&1
rc=$?
tr -d '\r' <"$log.noswap" | grep -q "killed: out of memory" ||
  { cat "$log.noswap"; echo "swap_larger_than_memory: FAIL: without swap (rc $rc) the run was not out of memory, so the workload fits"; exit 1; }

timeout 300 make --no-print-directory run SWAP=16M MEM=$MEM PROG=page_linear >"$log.swap" 2>&1
rc=$?
cat "$log.swap"
[ $rc -eq 0 ] || { echo "swap_larger_than_memory: FAIL: make run SWAP=16M MEM=$MEM exited $rc"; exit 1; }
tr -d '\r' <"$log.swap" | grep -q "^page_linear: passed$" || { echo "swap_larger_than_memory: FAIL: page_linear did not pass"; exit 1; }
evictions=$(tr -d '\r' <"$log.swap" | sed -n 's/^init: pager: \([0-9]*\) evictions.*/\1/p')
[ "${evictions:-0}" -gt 0 ] || { echo "swap_larger_than_memory: FAIL: no eviction reported"; exit 1; }
echo "swap_larger_than_memory: PASS ($evictions evictions with MEM=$MEM)"
