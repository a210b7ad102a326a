#!/usr/bin/env bash
# runner_selftest.sh - test of the test runner (tools/run_tests.sh): a
# broken test must fail the run, and a good one must pass it.
#
#   tests/scripts/runner_selftest.sh   (make test T=runner_selftest runs it)
#
# Runs the runner on $BUILD/kernel-test.bin (BUILD defaults to build), once per
# test, for the tests in tests/kernel/selftest.c that misbehave on purpose:
#   selftest_fails                 a failed check          -> "failed"
#   selftest_pointers_differ       two pointers differ     -> "failed", both in hex
#   selftest_panics                an unexpected panic     -> "panicked"
#   selftest_hangs                 never finishes          -> "timed out"
#   selftest_dies_with_wrong_text  dies, but not as told   -> "failed"
#   selftest_death_returns         a death test returns    -> "failed"
# Each run must exit non-zero, end with "0 passed, 1 failed" and give the
# expected reason (on its FAIL line and in the kernel's log).  A run of a
# passing test (kprintf_formats_integers) must exit 0 with "1 passed, 0
# failed".  The first user test with a `// swap: SIZE` line must pass
# with a disk of SIZE attached (the kernel's boot report says so) and
# leave no image behind; the first without one must boot with no disk.
# The nested runs keep their logs in a temporary directory
# (KTEST_LOGDIR): the outer run's logs in $BUILD/tests must stay untouched,
# which is checked too.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
export BUILD
outer_logs=$BUILD/tests

[ -f "$BUILD/kernel-test.bin" ] || { echo "runner_selftest: FAIL: no $BUILD/kernel-test.bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-runner-selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# What the nested runs must leave alone in the outer run's log directory,
# which the outer run's other tests keep writing to meanwhile: its job
# and symbol lists, the results already there (a runner starts by
# removing *.result in its log directory), and - unless the outer run
# runs them too (KTEST_SELFTEST) - the selftest_* logs.
fixed_files() {
  (cd "$outer_logs" 2>/dev/null && ls -l --time-style=+%s.%N jobs.txt syms.txt 2>/dev/null
   [ -n "${KTEST_SELFTEST:-}" ] || ls selftest_* 2>/dev/null)
}
fixed_before=$(fixed_files)
results_before=$(cd "$outer_logs" 2>/dev/null && ls ./*.result 2>/dev/null)

failures=0
bad() { echo "  FAIL: $*"; failures=$((failures + 1)); }

# nested FILTER: run the runner on the tests matching FILTER; sets $rc,
# $out (the runner's output) and $logdir.
nested() {
  logdir=$tmp/$1
  mkdir -p "$logdir"
  KTEST_SELFTEST=1 KTEST_ONLY_KERNEL=1 KTEST_TIMEOUT=${nested_timeout:-5} KTEST_MODES=default JOBS=1 \
    KTEST_LOGDIR=$logdir tools/run_tests.sh "$1" >"$logdir/runner.out" 2>&1 </dev/null
  rc=$?
  out=$(cat "$logdir/runner.out")
  sed 's/^/    | /' "$logdir/runner.out"
}

# must_fail TEST REASON LOGTEXT: the run of TEST fails, for REASON, and
# the kernel's log holds LOGTEXT.
must_fail() {
  local name=$1 reason=$2 logtext=$3 last
  echo "runner_selftest: $name must fail the run ($reason)"
  nested "$name"
  last=$(tail -n 1 <<<"$out")
  [ "$rc" -ne 0 ] || bad "$name: the runner exited 0"
  [ "$last" = "0 passed, 1 failed" ] || bad "$name: last line is '$last', not '0 passed, 1 failed'"
  grep -q "^FAIL $name ($reason," <<<"$out" || bad "$name: no 'FAIL $name ($reason, ...)' line"
  grep -qF "$logtext" "$logdir/$name.log" 2>/dev/null ||
    bad "$name: its log does not contain '$logtext'"
  show_log_if_bad "$name"
}

# The temporary logs go away at the end, so show a failing test's here.
show_log_if_bad() {
  [ "$failures" -eq "$reported" ] && return
  reported=$failures
  echo "    kernel log of $1:"
  sed 's/^/    > /' "$logdir/$1.log" 2>/dev/null
}
reported=0

must_fail selftest_fails failed "KTEST FAIL selftest_fails: 1 check(s) failed"
must_fail selftest_pointers_differ failed "4096 (0x1000) != 8192 (0x2000)"
must_fail selftest_panics panicked "KTEST FAIL selftest_panics: unexpected fatal report"
must_fail selftest_hangs "timed out" "KTEST START selftest_hangs"
must_fail selftest_dies_with_wrong_text failed "report does not contain"
must_fail selftest_death_returns failed "returned, but should have died"

echo "runner_selftest: kprintf_formats_integers must pass the run"
nested kprintf_formats_integers
last=$(tail -n 1 <<<"$out")
[ "$rc" -eq 0 ] || bad "kprintf_formats_integers: the runner exited $rc"
[ "$last" = "1 passed, 0 failed" ] || bad "kprintf_formats_integers: last line is '$last'"
show_log_if_bad kprintf_formats_integers

# A user test's `// swap: SIZE` line: the run gets a fresh disk of that
# size (the kernel reports it at boot), removed after; a user test
# without the line gets no disk.  The tests are picked from user/tests.
size_kb() {
  case $1 in
    *K) echo $(( ${1%K} )) ;;
    *M) echo $(( ${1%M} * 1024 )) ;;
    *G) echo $(( ${1%G} * 1024 * 1024 )) ;;
    *) echo $(( $1 / 1024 )) ;;
  esac
}
swap_src=$(grep -l '^// swap: ' user/tests/*.c | head -1)
plain_src=$(grep -L '^// swap: ' user/tests/*.c | head -1)
if [ -z "$swap_src" ] || [ -z "$plain_src" ]; then
  bad "user/tests has no test with a '// swap:' line, or none without"
else
  swap_test=user_$(basename "$swap_src" .c) plain_test=user_$(basename "$plain_src" .c)
  swap_size=$(sed -n 's#^// swap: ##p' "$swap_src" | head -1)
  echo "runner_selftest: $swap_test (// swap: $swap_size) must pass with a $swap_size disk"
  nested_timeout=60 nested "$swap_test"
  [ "$rc" -eq 0 ] || bad "$swap_test: the runner exited $rc"
  grep -q "^swap: ATA disk \"[^\"]*\", $(size_kb "$swap_size") KB" "$logdir/$swap_test.log" 2>/dev/null ||
    bad "$swap_test: the kernel did not report a $swap_size disk"
  ! ls "$logdir"/*.img >/dev/null 2>&1 || bad "$swap_test: its swap image was left behind"
  show_log_if_bad "$swap_test"
  echo "runner_selftest: $plain_test (no // swap: line) must boot without a disk"
  nested_timeout=60 nested "$plain_test"
  [ -s "$logdir/$plain_test.log" ] || bad "$plain_test: no log"
  ! grep -q "^swap:" "$logdir/$plain_test.log" 2>/dev/null || bad "$plain_test: a disk was attached"
  show_log_if_bad "$plain_test"
fi

fixed_after=$(fixed_files)
if [ "$fixed_after" != "$fixed_before" ]; then
  bad "the nested runs changed $outer_logs:"
  diff <(echo "$fixed_before") <(echo "$fixed_after") | sed 's/^/    /'
fi
for r in $results_before; do
  [ -e "$outer_logs/$r" ] || bad "the nested runs removed $outer_logs/$r"
done

if [ "$failures" -ne 0 ]; then
  echo "runner_selftest: FAIL ($failures problem(s))"
  exit 1
fi
echo "runner_selftest: PASS"
