#!/usr/bin/env bash
# mp4_cpp_kernels.sh - MP4's C++ kernels run on selfmap (make run-mp4):
# selfmap's own client kernel, which calls every method of MP4's
# classes, passes (exit 0) and its port-0xE9 output reaches the console;
# a kernel shaped like the 2024 handout (Console::redirect_output) builds
# and passes in both of its modes (page-table test, and VM-pool test
# with _TEST_PAGE_TABLE_ commented out); a kernel that prints "Test
# Failed", or panics on bad input, makes run-mp4 exit non-zero; a
# kernel.C is built away from the handout headers beside it.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# run NAME KERNEL_C EXPECTED-STATUS TEXT...: build, boot, check
run() {
  local name=$1 kernel_c=$2 want=$3; shift 3
  timeout 120 make -s run-mp4 MP4_BUILD="$out/mp4" KERNEL_C="$kernel_c" >"$out/$name.log" 2>&1
  local rc=$?
  [ "$rc" -eq "$want" ] || fail "$name: exit status $rc, expected $want (log: $(tail -5 "$out/$name.log"))"
  for text in "$@"; do
    grep -qF "$text" "$out/$name.log" || fail "$name: no \"$text\" in the output"
  done
  echo "ok: $name"
}

run all_methods tests/mp4/kernel_all_methods.C 0 "Test Passed! Congratulations!" \
  "debug_out_E9: a line on port 0xE9" "debug_out_E9_msg_value: 42" "One second has passed" \
  "replaces pool"
grep -q "^FAILED" "$out/all_methods.log" && fail "all_methods: a check failed"

# The 2024 handout calls Console::redirect_output(true); a student runs
# its second part by commenting out #define _TEST_PAGE_TABLE_.
run handout_2024_page_table tests/mp4/kernel_2024_redirect_output.C 0 \
  "page table test: 1 MB written and read back" "Test Passed! Congratulations!"
mkdir -p "$out/vm_pool"
sed 's|^#define _TEST_PAGE_TABLE_|// #define _TEST_PAGE_TABLE_|' tests/mp4/kernel_2024_redirect_output.C \
  >"$out/vm_pool/kernel.C"
grep -q '^// #define _TEST_PAGE_TABLE_' "$out/vm_pool/kernel.C" || fail "no _TEST_PAGE_TABLE_ line to comment out"
run handout_2024_vm_pool "$out/vm_pool/kernel.C" 0 \
  "VM pool test: both pools served new and delete" "Test Passed! Congratulations!"

# make exits 2 when a recipe fails; its error line has the status
# qemu.sh returned: 1, failed (2 would be a panic).
run prints_test_failed tests/mp4/kernel_prints_test_failed.C 2 "Test Failed" \
  "selfmap: the MP4 kernel is done: no Test Passed, or a Test Failed" "run-mp4] Error 1"

# Bad input to a constructor is a panic (2 from qemu.sh), before the run
# could print its pass line.
run too_few_info_frames tests/mp4/kernel_too_few_info_frames.C 2 "PANIC" \
  "ContFramePool: 0 info frames given" "run-mp4] Error 2"
grep -q "Test Passed" "$out/too_few_info_frames.log" && fail "too_few_info_frames: it went on"

# Beside the kernel.C, a handout header that must not be used.
mkdir -p "$out/student"
cp tests/mp4/kernel_all_methods.C "$out/student/kernel.C"
echo '#error the handout console.H beside kernel.C was used' >"$out/student/console.H"
run isolated_from_handout_headers "$out/student/kernel.C" 0 "Test Passed! Congratulations!"
echo "MP4 C++ kernels behave"
