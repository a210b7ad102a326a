#!/usr/bin/env bash
# mp4_scenarios.sh - what `make run` shows a user: the boot banner and
# each scenario's result, with the kernel's status as the exit status;
# MP4's `#define _TEST_PAGE_TABLE_` still selects the page-table
# scenario; a bad frames= word is a clear panic, not a silent default.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# run NAME ARGS EXPECTED-STATUS TEXT...: boot, check status and output
run() {
  local name=$1 args=$2 want=$3 kernel=${KERNEL:-$BUILD/kernel.bin}; shift 3
  timeout 60 tools/qemu.sh run "$kernel" 32M "$args" >"$out/$name.log" 2>&1
  local rc=$?
  [ "$rc" -eq "$want" ] || fail "$name: exit status $rc, expected $want (log: $(tail -3 "$out/$name.log"))"
  for text in "selfmap: a small x86 kernel that teaches virtual memory" "$@"; do
    grep -qF "$text" "$out/$name.log" || fail "$name: no \"$text\" in the output"
  done
  echo "ok: $name"
}

run default "" 0 "MP4 default scenario" "Test Passed!"
run page_table "page_table" 0 "MP4 page-table scenario" "Test Passed!"
run shm "shm" 0 "Test Passed!"
run buddy "frames=buddy" 0 "process_buddy_pool" "Test Passed!"
run bad_frames "frames=bogus" 2 "PANIC" "frames=bogus"

# MP4's compile-time switch, in a build directory of its own
make -s BUILD="$out/tpt" EXTRA_CFLAGS=-D_TEST_PAGE_TABLE_ >"$out/tpt.log" 2>&1 ||
  fail "build with -D_TEST_PAGE_TABLE_: $(tail -5 "$out/tpt.log")"
KERNEL=$out/tpt/kernel.bin run define_test_page_table "" 0 "MP4 page-table scenario" "Test Passed!"
echo "all scenarios behave"
