# gdb_test_setup.sh - the set-up every gdb test script shares; sourced by
# tests/scripts/gdb_*.sh and make_debug_batch.sh, never run on its own.
#
#   . tools/gdb_test_setup.sh
#   gdb_test_setup NAME KERNEL...
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
