#!/usr/bin/env bash
# kernel_image_has_no_tests.sh - build/kernel.bin holds the kernel and
# MP4's scenarios only: no symbol that a test or benchmark object defines
# is in it, while build/kernel-test.bin has them all (so the check has
# something to find).
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
NM=$(command -v i686-elf-nm || command -v i686-linux-gnu-nm)
kernel=$BUILD/kernel.bin test_kernel=$BUILD/kernel-test.bin
for f in "$kernel" "$test_kernel"; do
  [ -f "$f" ] || { echo "kernel_image_has_no_tests: FAIL: no $f (make test builds it)"; exit 1; }
done

# Every global symbol the test and benchmark objects define (text, data,
# bss, rodata; static names may repeat kernel ones and are left out).
objs=$(find "$BUILD/tests" "$BUILD/bench" -name '*.o' 2>/dev/null)
[ -n "$objs" ] || { echo "kernel_image_has_no_tests: FAIL: no test objects under $BUILD"; exit 1; }
# shellcheck disable=SC2086
"$NM" --defined-only $objs | awk 'NF == 3 && $2 ~ /^[TDBR]$/ {print $3}' | sort -u >"$BUILD/test_syms.txt"
"$NM" --defined-only "$kernel" | awk '{print $3}' | sort -u >"$BUILD/kernel_syms.txt"
"$NM" --defined-only "$test_kernel" | awk '{print $3}' | sort -u >"$BUILD/test_kernel_syms.txt"

n_test=$(wc -l <"$BUILD/test_syms.txt")
leaked=$(comm -12 "$BUILD/test_syms.txt" "$BUILD/kernel_syms.txt")
missing=$(comm -23 "$BUILD/test_syms.txt" "$BUILD/test_kernel_syms.txt" | grep -v '^\.' || true)
echo "kernel_image_has_no_tests: $n_test global symbols defined by test and benchmark objects"
if [ -n "$missing" ]; then
  echo "kernel_image_has_no_tests: FAIL: kernel-test.bin lacks: $(echo "$missing" | head -5 | tr '\n' ' ')"
  exit 1
fi
if [ -n "$leaked" ]; then
  echo "kernel_image_has_no_tests: FAIL: kernel.bin holds test symbols: $(echo "$leaked" | head -10 | tr '\n' ' ')"
  exit 1
fi
for word in ktest_run bench_run_if_requested; do
  grep -qx "$word" "$BUILD/kernel_syms.txt" && { echo "kernel_image_has_no_tests: FAIL: $word in kernel.bin"; exit 1; }
done
echo "kernel_image_has_no_tests: PASS: none of them is in $kernel"
