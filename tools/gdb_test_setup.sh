# gdb_test_setup.sh - the set-up every gdb test script shares; sourced by
# tests/scripts/gdb_*.sh and make_debug_batch.sh, never run on its own.
#
#   . tools/gdb_test_setup.sh
#   gdb_test_setup NAME KERNEL...
#   gdb_test_session KERNEL ARGS      (after writing $tmp/session.gdb)
#
# Defines fail() (prints "NAME: FAIL: ..." and exits 1), fails unless gdb
# is installed and every KERNEL exists, makes a private $tmp with
# $pidfile in it (tools/debug.sh writes QEMU's pid there), and on any exit
# kills a QEMU still running under that pid and removes $tmp.

fail() { echo "$gdb_test_name: FAIL: $*" >&2; exit 1; }

gdb_test_cleanup() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || pid=
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "$gdb_test_name: killing leftover QEMU $pid"
    kill "$pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}

gdb_test_setup() {
  gdb_test_name=$1
  shift
  command -v gdb >/dev/null 2>&1 || fail "gdb is not installed (tools/bootstrap.sh installs it)"
  for k in "$@"; do
    [ -f "$k" ] || fail "no kernel at $k (make BUILD=$BUILD first)"
  done
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-$gdb_test_name.XXXXXX") || exit 2
  pidfile=$tmp/qemu.pid
  trap gdb_test_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# gdb_test_session KERNEL ARGS: boot KERNEL with the kernel command line
# ARGS under tools/debug.sh, run $tmp/session.gdb in batch mode within
# $limit seconds (GDB_PORT, GDB_BREAK and the like pass through from the
# caller's environment), print the session and the serial output, and
# leave them in $out; fails when the session runs out of time.
gdb_test_session() {
  local rc
  echo "$gdb_test_name: tools/debug.sh $1 32M '$2' (limit ${limit}s)"
  GDB_PORT=any QEMU_PIDFILE=$pidfile timeout "$limit" \
    tools/debug.sh "$1" 32M "$2" -batch -x "$tmp/session.gdb" </dev/null >"$tmp/out" 2>&1
  rc=$?
  echo "---- gdb session and serial output ----"
  cat "$tmp/out"
  echo "---- end (debug.sh exit status $rc) ----"
  [ $rc -eq 124 ] && fail "the session did not finish within ${limit}s"
  out=$tmp/out
}
