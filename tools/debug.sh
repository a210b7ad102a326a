#!/usr/bin/env bash
# debug.sh - debug selfmap with gdb (make debug): start QEMU halted at the
# first instruction with its gdbstub listening, then gdb with the
# kernel's symbols and tools/gdbinit, connected, stopped at kernel_main.
# QEMU is killed when gdb exits.
#
#   tools/debug.sh KERNEL [MEM] [ARGS] [GDB_OPTION...]
#
#   KERNEL      the multiboot ELF kernel (build/kernel.bin)
#   MEM         QEMU's memory size (default 32M)
#   ARGS        the kernel command line (e.g. "test=frame_pool_basic")
#   GDB_OPTION  more options for gdb, after the defaults: e.g.
#               -batch -x cmds.gdb  (tests/scripts/gdb_batch.sh does this;
#               make debug GDB_ARGS="..." passes them)
#
# Without a terminal on stdin and without GDB_OPTIONs, gdb would read
# end-of-file at once, detach and stop QEMU, so the script prints how to
# pass a gdb script instead and exits 2, starting nothing.
#
# Environment: GDB_PORT (a port number, or "any" for a random free one;
# default: 1234 when it is free, as with QEMU's -s, else a random one),
# GDB (default gdb), GDB_BREAK (default kernel_main; empty: stay at the
# first instruction), QEMU_PIDFILE (QEMU writes its pid there), SWAP_IMG
# (a raw image attached as the swap disk; make debug SWAP=16M).  The
# kernel's serial output goes to this terminal; with DISPLAY set a QEMU
# window shows the screen too.
set -u
cd "$(dirname "$0")/.." || exit 2
[ $# -ge 1 ] || { echo "usage: $0 KERNEL [MEM] [ARGS] [GDB_OPTION...]" >&2; exit 2; }
kernel=$1 mem=${2:-32M} args=${3:-}
shift $(($# < 3 ? $# : 3))
gdb_cmd=${GDB:-gdb}
break_at=${GDB_BREAK-kernel_main}

# no_terminal_usage: what to do without a terminal (stderr).
no_terminal_usage() {
  cat >&2 <<'EOF'
debug.sh: stdin is not a terminal, so an interactive gdb would read end-of-file,
detach and stop QEMU at once.  Run make debug from a terminal, or give gdb
its commands, e.g. in a file cmds.gdb:
    make debug GDB_ARGS="-batch -x cmds.gdb"
    make debug ARGS="test=NAME" GDB_ARGS="-batch -x cmds.gdb"   (an in-kernel test)
gdb is then stopped at kernel_main (GDB_BREAK=FUNCTION for another place), and
cmds.gdb can hold, for instance:
    break page_table_handle_fault
    continue
    bt
EOF
}

[ -t 0 ] || [ $# -gt 0 ] || { no_terminal_usage; exit 2; }
[ -f "$kernel" ] || { echo "debug.sh: no kernel at $kernel (run make first)" >&2; exit 2; }
command -v "$gdb_cmd" >/dev/null 2>&1 || { echo "debug.sh: $gdb_cmd is not installed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-debug.XXXXXX") || exit 2
qemu_pid=
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null
    wait "$qemu_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# port_is_taken PORT: something accepts connections on localhost:PORT.
port_is_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# listens PID PORT: process PID has a listening TCP socket on PORT (from
# /proc, so a QEMU of a parallel run on the same port is never mistaken
# for ours).  Without /proc (macOS): PID is alive and the port accepts.
listens() {
  local pid=$1 hex inode fd
  if [ ! -r /proc/net/tcp ]; then
    kill -0 "$pid" 2>/dev/null && port_is_taken "$2"
    return
  fi
  hex=$(printf ':%04X' "$2")
  for inode in $(awk -v p="$hex" '$2 ~ p"$" && $4 == "0A" { print $10 }' \
      /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    for fd in "/proc/$pid/fd"/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "socket:[$inode]" ] && return 0
    done
  done
  return 1
}

# shellcheck disable=SC2054  # the commas belong to QEMU's -device option
opts=(-m "$mem" -no-reboot -cpu qemu32,+umip -device isa-debug-exit,iobase=0xf4,iosize=0x04
      -kernel "$kernel" -append "$args" -serial stdio -S)
# init=NAME (make debug PROG=NAME): the user programs as modules, and
# NAME's symbols for gdb, so a breakpoint in user code works.
prog=
case " $args" in
  *" init="*)
    prog=${args##*init=} && prog=${prog%% *}
    initrd=${BUILD:-build}/user/initrd
    [ -f "$initrd" ] || { echo "debug.sh: no $initrd (make user)" >&2; exit 2; }
    opts+=(-initrd "$(cat "$initrd")") ;;
esac
[ -n "${QEMU_PIDFILE:-}" ] && opts+=(-pidfile "$QEMU_PIDFILE")
# SWAP_IMG: a swap disk on the ATA primary master, as tools/qemu.sh does
[ -n "${SWAP_IMG:-}" ] && opts+=(-drive "file=$SWAP_IMG,format=raw,if=ide,index=0")
if [ -n "${DISPLAY:-}" ] || [ "$(uname)" = Darwin ]; then
  :                                 # a window with the VGA screen
else
  opts+=(-display none -monitor none)
fi
# Interactively, QEMU gets its own session so Ctrl-C in gdb (which
# interrupts the kernel) does not also reach QEMU and end it.
launcher=()
if [ -t 0 ] && command -v setsid >/dev/null 2>&1; then launcher=(setsid); fi

# Start QEMU on GDB_PORT, or on 1234 or a random free port; another run
# may grab a port between our check and QEMU's bind, so try a few.
port=
fixed=${GDB_PORT:-}
[ "$fixed" = any ] && fixed=
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if [ -n "$fixed" ]; then try=$fixed
  elif [ "$attempt" = 1 ] && [ -z "${GDB_PORT:-}" ]; then try=1234
  else try=$((20000 + RANDOM % 30000)); fi
  if port_is_taken "$try"; then
    [ -n "$fixed" ] && { echo "debug.sh: port $try is in use" >&2; exit 2; }
    continue
  fi
  ${launcher[@]+"${launcher[@]}"} qemu-system-i386 "${opts[@]}" -gdb "tcp:127.0.0.1:$try" \
    </dev/null 2>"$tmp/qemu.err" &
  qemu_pid=$!
  for _ in $(seq 300); do           # up to 30 s for QEMU to listen
    listens "$qemu_pid" "$try" && { port=$try; break 2; }
    kill -0 "$qemu_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null; qemu_pid=
  if ! grep -qi "in use\|available port" "$tmp/qemu.err"; then
    cat "$tmp/qemu.err" >&2
    echo "debug.sh: QEMU did not start its gdbstub" >&2
    exit 2
  fi
  [ -n "$fixed" ] && { cat "$tmp/qemu.err" >&2; exit 2; }
done
[ -n "$port" ] || { echo "debug.sh: found no free port for the gdbstub" >&2; exit 2; }
echo "debug.sh: QEMU (pid $qemu_pid) is halted, gdbstub on localhost:$port" >&2

gdb_opts=(-q -x tools/gdbinit -ex "selfmap-connect 127.0.0.1:$port")
user_elf=${BUILD:-build}/user/bin/$prog
[ -n "$prog" ] && [ -f "$user_elf" ] && gdb_opts+=(-ex "add-symbol-file $user_elf")
[ -n "$break_at" ] && gdb_opts+=(-ex "break $break_at" -ex continue)
# Interactively, gdb runs as its own job (set -m) so that Ctrl-C reaches
# only gdb, not make and this script, which would otherwise end with
# "Interrupt" after gdb quits.
[ -t 0 ] && set -m
"$gdb_cmd" "${gdb_opts[@]}" "$@" "$kernel"
