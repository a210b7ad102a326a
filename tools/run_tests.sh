#!/usr/bin/env bash
# run_tests.sh - selfmap's test runner (make test).
#
#   tools/run_tests.sh [TEXT]     run every test whose name contains TEXT
#
# Runs, two at a time:
#   lint      cppcheck and clang-format over the sources (tools/lint.sh)
#   host      each tests/host/*.c, built with ASan+UBSan, run on the host
#   kernel    each KTEST in a freshly booted QEMU (test=NAME), once per
#             frame-source mode in KTEST_MODES; a test marked KTEST_SWAP
#             gets a fresh swap disk image of its size, removed after
#   script    each tests/scripts/*.sh (runner self-test, gdb, GRUB, ...),
#             killed after 600 s, or after the seconds its own line
#             `# time-limit: N s` gives
#   user      each user/tests/NAME.c as test user_NAME: program NAME runs
#             under init (init=NAME) in a fresh QEMU, once per
#             frame-source mode; it passes when NAME exits 0, no kernel
#             fault is reported and the free-frame counts before it and
#             after it and all its descendants are reaped are equal (the
#             kernel checks; the runner prints both counts).  Lines
#             `// boot: WORDS` (more kernel words) and `// mem: SIZE`
#             (e.g. 64M) in the source adjust the boot, and `// swap:
#             SIZE` (e.g. 16M) attaches a fresh swap disk of that size,
#             removed after the run, as KTEST_SWAP does.  User tests boot
#             with `cowcheck`: the kernel compares frame reference counts
#             with the mappings after every fork and exit (mm/cow.h); and
#             with `pincheck`: the pager panics the moment it would admit
#             a pinned page (mm/pager.h).
# Prints PASS/FAIL per test, keeps logs in $BUILD/tests/ (build/tests/), ends with
# "N passed, N failed" and exits non-zero on any failure or timeout.
#
# Environment: KTEST_TIMEOUT (seconds, default 60), KTEST_MODES
# (default: "default buddy"), KTEST_ONLY_KERNEL=1 (skip lint, host and
# script tests), KTEST_NAMES (only the kernel and user tests with these
# exact names, space-separated; tools/grade.sh), KTEST_LOGDIR (default $BUILD/tests), KTEST_SELFTEST=1 (include the runner's own selftest_*
# tests, which fail on purpose), JOBS (default 2).
set -u
cd "$(dirname "$0")/.." || exit 2
filter=${1:-}
BUILD=${BUILD:-build}
KERNEL=$BUILD/kernel-test.bin
LOGDIR=${KTEST_LOGDIR:-$BUILD/tests}
JOBS=${JOBS:-2}
export KTEST_TIMEOUT=${KTEST_TIMEOUT:-60}
MODES=${KTEST_MODES:-default buddy}
mkdir -p "$LOGDIR"
rm -f "$LOGDIR"/*.result

CROSS_NM=$(command -v i686-elf-nm || command -v i686-linux-gnu-nm)

# ---- collecting the jobs: "kind name extra" ----------------------------
jobs_file=$LOGDIR/jobs.txt
: >"$jobs_file"
add() { case "$2" in *"$filter"*) echo "$1 $2${3:+ $3}" >>"$jobs_file" ;; esac; }

if [ -z "${KTEST_ONLY_KERNEL:-}" ]; then
  add lint lint
  # a host test names the sources it links on a "host-sources:" line
  for f in $(grep -l "host-sources:" tests/host/*.c 2>/dev/null); do add host "host_$(basename "$f" .c)"; done
  for f in tests/scripts/*.sh; do [ -e "$f" ] && add script "script_$(basename "$f" .sh)"; done
fi
"$CROSS_NM" "$KERNEL" >"$LOGDIR/syms.txt" || exit 2
syms=$(cat "$LOGDIR/syms.txt")
for name in $(sed -n 's/.* ktest_desc_\(.*\)$/\1/p' <<<"$syms" | sort); do
  case "$name" in selftest_*) [ -n "${KTEST_SELFTEST:-}" ] || continue ;; esac
  case " ${KTEST_NAMES:-$name} " in *" $name "*) ;; *) continue ;; esac
  for mode in $MODES; do
    if [ "$mode" = default ]; then add kernel "$name"; else
      grep -q " ktest_nomode_${name}\$" <<<"$syms" || add kernel "$name@$mode" "frames=$mode"; fi
  done
done

for f in user/tests/*.c; do
  [ -e "$f" ] || continue
  n=user_$(basename "$f" .c)
  case " ${KTEST_NAMES:-$n} " in *" $n "*) ;; *) continue ;; esac
  for mode in $MODES; do
    if [ "$mode" = default ]; then add user "$n"; else add user "$n@$mode" "frames=$mode"; fi
  done
done

# ---- running one job ---------------------------------------------------
run_one() {
  kind=$1 name=$2 extra=${3:-}
  log=$LOGDIR/$name.log
  case $kind in
    lint) tools/lint.sh >"$log" 2>&1 ;;
    host) tools/host_test.sh "tests/host/${name#host_}.c" >"$log" 2>&1 ;;
    script)
      src=tests/scripts/${name#script_}.sh
      tmo=$(sed -n 's/^# time-limit: \([0-9]*\) s$/\1/p' "$src" | head -1)
      timeout "${tmo:-600}" bash "$src" >"$log" 2>&1 ;;
    kernel)
      test=${name%@*}
      mem=$(sed -n "s/.* ktest_mem_\([0-9]*\)_${test}\$/\1/p" "$LOGDIR/syms.txt" | head -1)
      tmo=$(sed -n "s/.* ktest_timeout_\([0-9]*\)_${test}\$/\1/p" "$LOGDIR/syms.txt" | head -1)
      rm -f "$log"
      swap=$(sed -n "s/.* ktest_swap_\([0-9]*\)_${test}\$/\1/p" "$LOGDIR/syms.txt" | head -1)
      img=
      if [ -n "$swap" ]; then # KTEST_SWAP: a fresh disk for this run only
        img=$LOGDIR/$name.swap.img
        tools/swap_image.sh "${swap}M" "$img" >>"$log" 2>&1 || img=/nonexistent
      fi
      SWAP_IMG=$img timeout "${tmo:-$KTEST_TIMEOUT}" tools/qemu.sh test "$KERNEL" "${mem:-32}M" \
        "test=$test $extra" "$log"
      ;;
    user)
      prog=${name%@*} && prog=${prog#user_}
      src=user/tests/$prog.c
      boot=$(sed -n 's#^// boot: ##p' "$src" | head -1)
      mem=$(sed -n 's#^// mem: ##p' "$src" | head -1)
      swap=$(sed -n 's#^// swap: ##p' "$src" | head -1)
      rm -f "$log"
      img=
      if [ -n "$swap" ]; then # `// swap: SIZE`: a fresh disk for this run only
        img=$LOGDIR/$name.swap.img
        tools/swap_image.sh "$swap" "$img" >>"$log" 2>&1 || img=/nonexistent
      fi
      SWAP_IMG=$img timeout "$KTEST_TIMEOUT" tools/qemu.sh test "$KERNEL" "${mem:-32M}" \
        "cowcheck pincheck init=$prog $boot $extra" "$log"
      ;;
  esac
  rc=$?
  [ -z "${img:-}" ] || rm -f "$img"
  counts=
  if [ "$kind" = user ]; then
    counts=$(sed -n 's/^init: free frames before \([0-9]*\), after \([0-9]*\).*/ (free frames \1 -> \2)/p' "$log" 2>/dev/null)
  fi
  if [ $rc -eq 0 ]; then status=PASS; else status=FAIL; fi
  case $rc in 124) why="timed out" ;; 1) why="failed" ;; 2) why="panicked" ;; 3) why="machine reset" ;; *) why="exit $rc" ;; esac
  if [ $status = PASS ]; then echo "PASS $name$counts"; else echo "FAIL $name ($why, log: $log)$counts"; fi
  echo "$status" >"$LOGDIR/$name.result"
}
export -f run_one
export LOGDIR KERNEL BUILD

total=$(wc -l <"$jobs_file")
if [ "$total" -eq 0 ]; then
  echo "no test matches '$filter'"
  echo "0 passed, 1 failed"
  exit 1
fi
xargs -P "$JOBS" -L 1 bash -c 'run_one "$@"' _ <"$jobs_file"

passed=$(cat "$LOGDIR"/*.result 2>/dev/null | grep -c PASS)
failed=$((total - passed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
