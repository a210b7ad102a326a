#!/usr/bin/env bash
# capture_docs.sh - bring docs/ and README.md up to date with the code.
#
#   tools/capture_docs.sh           refresh everything, in place (one command:
#                                   run it after any change, and after a merge)
#   tools/capture_docs.sh --check   change nothing; exit 1 when a page or a
#                                   diagram is not what a refresh would make
#                                   it (tests/scripts/docs_fresh.sh, in make test;
#                                   a listing is compared without the kernel
#                                   addresses and source line numbers that move
#                                   when code is added elsewhere)
#
# What it refreshes:
#   - every listing of kernel output in docs/ (below);
#   - every relative link whose file moved, and every line anchor
#     [`name`](../file.c#L12), moved to where `name` is defined now;
#   - README.md's map of files must link every file it covers (in a git
#     checkout, every file git tracks);
#   - every diagram, docs/*.svg (tools/gen_diagrams.py), including the
#     layer diagram computed from the includes (tools/include_graph.py).
# Broken links, names no longer defined, and listings whose lines are gone
# are reported and fail it, in both modes.
#
# Why: every listing in docs/ is real output of the current kernel, never
# typed by hand, so a page cannot drift from the code without this script
# saying so.  A page marks each block it wants like this:
#
#   <!-- capture RUN /FIRST/ .. /LAST/ -->
#   ```text
#   (replaced: the lines of RUN's output from the first line matching the
#    regular expression FIRST through the first line, from that one on,
#    matching LAST)
#   ```
#   <!-- end capture -->
#
# Figures in prose use value markers, <!-- value RUN /REGEX/ -->N<!-- /value -->
# (or a FILE instead of RUN, or FILE: EXPR over its #defines): see
# tools/capture_docs.py, step 5.
#
# RUN names one of the boots below (a kernel command line, or a gdb session
# on the fixture of tests/scripts/gdb_commands.sh or gdb_backtrace.sh).
# Boots without test= use
# build/kernel.bin, so a page shows what `make run ARGS=...` prints; test=
# boots use build/kernel-test.bin.  Every boot is deterministic (no seed, no
# timer output, no random address is captured: two runs give the same bytes;
# docs_fresh.sh checks that, too), so --check compares exactly.
# The page editing is tools/capture_docs.py; the boots' output stays in
# $BUILD/capture_docs/ for it.
#
# Environment: BUILD (default build); both kernels are built first with make.
# Needs QEMU, gdb and python3 (tools/bootstrap.sh installs them).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD
mode=${1:-}
case "$mode" in ""|--check) ;; *) echo "usage: $0 [--check]" >&2; exit 2 ;; esac
make -s BUILD="$BUILD" "$BUILD/kernel.bin" "$BUILD/kernel-test.bin" >/dev/null ||
  { echo "capture_docs: the build failed" >&2; exit 2; }

tmp=$BUILD/capture_docs
rm -rf "$tmp" && mkdir -p "$tmp" || exit 2

# boot NAME ARGS: the serial output of one boot with ARGS, in $tmp/NAME.out.
boot() {
  local kernel=$BUILD/kernel.bin
  case " $2" in *" test="*) kernel=$BUILD/kernel-test.bin ;; esac
  timeout 120 tools/qemu.sh test "$kernel" 32M "$2" "$tmp/$1.raw"
  rc=$?
  # 0 passed; 1 failed and 2 panicked still print what a page may show.
  [ $rc -le 2 ] || { echo "capture_docs: boot '$2' ended with status $rc" >&2; exit 1; }
  tr -d '\r' <"$tmp/$1.raw" | sed "s|$BUILD/|build/|g" >"$tmp/$1.out"
}

# gdb_session NAME BREAK TEST COMMAND...: make debug's gdb stopped at BREAK
# in test=TEST, running each COMMAND echoed as "(gdb) COMMAND" so the page
# shows a transcript.
gdb_session() {
  local name=$1 stop=$2 test=$3 script=$tmp/$1.gdb cmd
  shift 3
  : >"$script"
  for cmd in "$@"; do
    printf 'echo (gdb) %s\\n\n%s\n' "$cmd" "$cmd" >>"$script"
  done
  echo kill >>"$script"
  GDB_PORT=any GDB_BREAK=$stop timeout 120 tools/debug.sh "$BUILD/kernel-test.bin" 32M \
    "test=$test" -batch -x "$script" </dev/null 2>&1 |
    tr -d '\r' | sed -n '/^(gdb) /,$p' >"$tmp/$name.out"
  [ -s "$tmp/$name.out" ] || { echo "capture_docs: the gdb session $name printed nothing" >&2; exit 1; }
  if grep -E "^Python Exception|Error (in|occurred)" "$tmp/$name.out" >&2; then
    echo "capture_docs: a gdb command failed in the session $name (tools/gdb/*.py)" >&2
    exit 1
  fi
}

boot boot "dump walk=0x20000000"
boot page_table "page_table dump walk=0x00400123"
boot regions "test=dumps_agree_on_a_backed_page"
boot pool_regions "test=dump_vm_lists_each_live_region_with_backed_pages"
boot buddy "frames=buddy dump"
boot buddy_regions "frames=buddy test=dumps_agree_on_a_backed_page"
boot shm "shm dump"
boot shm_fixture "test=dump_vm_lists_shared_memory_mappings"
boot fault "test=fault_past_region_end_names_region_and_pool"
boot walk_window "walk=0xFFFFF000,0xFFC80000"
boot fill27 "test=page_table_27_mb_fill_runs_out_after_6870_pages"
gdb_session gdb dump_checkpoint dumps_agree_on_a_backed_page \
  "vmmap" "pagewalk dump_test_walked_va" "frames process_mem_pool"
gdb_session gdb_fault fault_fixture_caller fault_in_a_called_function_returns_into_it \
  "break page_table_handle_fault" "continue" "bt" "frame 2"

status=0
if [ "$mode" = --check ]; then
  tools/gen_diagrams.py --check || status=1
else
  tools/gen_diagrams.py || status=1
fi
tools/capture_docs.py "$tmp" $mode || status=1
exit $status
