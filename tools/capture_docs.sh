#!/usr/bin/env bash
# capture_docs.sh - regenerate the kernel output the docs/ walkthrough shows.
#
#   tools/capture_docs.sh           rewrite docs/*.md in place
#   tools/capture_docs.sh --check   change nothing; exit 1 when a page is not
#                                   what a fresh capture would make it
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
# RUN names one of the boots below (a kernel command line, or the gdb session
# of tests/scripts/gdb_commands.sh's fixture).  The script also refreshes the
# line anchors of links to source, [`name`](../file.c#L12), to the line
# where `name` is defined now, and fails when it is no longer defined there.
#
# Environment: BUILD (default build); the kernel is built first with make.
# Needs QEMU, gdb and python3 (tools/bootstrap.sh installs them).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD
kernel=$BUILD/kernel-test.bin
make -s BUILD="$BUILD" >/dev/null || { echo "capture_docs: the build failed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-capture-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# boot NAME ARGS: the serial output of one boot with ARGS, in $tmp/NAME.out.
boot() {
  timeout 120 tools/qemu.sh test "$kernel" 32M "$2" "$tmp/$1.raw"
  rc=$?
  # 0 passed; 1 failed and 2 panicked still print what a page may show.
  [ $rc -le 2 ] || { echo "capture_docs: boot '$2' ended with status $rc" >&2; exit 1; }
  tr -d '\r' <"$tmp/$1.raw" | sed "s|$kernel|build/kernel-test.bin|" >"$tmp/$1.out"
}

# gdb_session NAME: make debug's gdb on the dump fixture, with each command
# echoed as "(gdb) COMMAND" so the page shows a transcript.
gdb_session() {
  local script=$tmp/$1.gdb cmd
  : >"$script"
  for cmd in "vmmap" "pagewalk dump_test_walked_va" "frames process_mem_pool"; do
    printf 'echo (gdb) %s\\n\n%s\n' "$cmd" "$cmd" >>"$script"
  done
  echo kill >>"$script"
  GDB_PORT=any GDB_BREAK=dump_checkpoint timeout 120 tools/debug.sh "$kernel" 32M \
    "test=dumps_agree_on_a_backed_page" -batch -x "$script" </dev/null 2>&1 |
    tr -d '\r' | sed -n '/^(gdb) /,$p' >"$tmp/$1.out"
  [ -s "$tmp/$1.out" ] || { echo "capture_docs: the gdb session printed nothing" >&2; exit 1; }
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
gdb_session gdb

python3 - "$tmp" "${1:-}" <<'EOF'
import glob
import os
import re
import sys

tmp, mode = sys.argv[1], sys.argv[2]
CAPTURE = re.compile(r"<!-- capture (\S+) /(.*?)/ \.\. /(.*?)/ -->\n```text\n.*?```\n<!-- end capture -->",
                     re.S)
LINK = re.compile(r"(?<!`)\[`([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`\]\((\.\./[^)#\s]+\.(?:c|h|asm|py|sh))(?:#L\d+)?\)")
SKIP = {"robustness.md"}  # another page's owner keeps its own text
problems = []


def excerpt(run, first, last):
    path = os.path.join(tmp, run + ".out")
    if not os.path.exists(path):
        problems.append("no run named %s" % run)
        return "(missing)\n"
    lines, out = open(path).read().splitlines(), []
    for line in lines:
        if not out and not re.search(first, line):
            continue
        out.append(line.rstrip())
        if re.search(last, line):  # the first line itself may end a one-line block
            break
    if not out:
        problems.append("%s has no line matching /%s/" % (run, first))
    return "\n".join(out) + "\n"


def definition_line(name, path):
    """The line where name is defined in path (1-based), or None."""
    src = open(path).read().splitlines()
    patterns = [
        r"^(?![\s#/*]).*\b%s\s*\((?!.*;\s*$)" % name,  # a C function definition
        r"^(?![\s#/*]).*\b%s\s*\(" % name,             # a prototype
        r"^\s*(struct|enum|union)\s+%s\b.*\{" % name,
        r"^#define\s+%s\b" % name,
        r"^%s:" % name, r"^\s*(def|class)\s+%s\b" % name, r"^%s\(\)\s*\{" % name,
        r"^[A-Z_]+\(%s\b" % name,                    # KTEST(name), KTEST_DEATH(name, ...)
        r"^(?![\s#/*]).*\b%s\b.*[;=]" % name,          # a global variable
    ]
    for pattern in patterns:
        for i, line in enumerate(src):
            if re.search(pattern, line):
                return i + 1
    return None


def relink(page, text):
    def fix(m):
        name, target = m.group(1), m.group(2)
        path = os.path.normpath(os.path.join("docs", target))
        line = definition_line(name, path) if os.path.exists(path) else None
        if line is None:
            problems.append("%s: %s is not defined in %s" % (page, name, target))
            return m.group(0)
        return m.group(0).split("](")[0] + "](%s#L%d)" % (target, line)
    return LINK.sub(fix, text)


stale = []
for page in sorted(glob.glob("docs/*.md")):
    if os.path.basename(page) in SKIP:
        continue
    old = open(page).read()
    new = CAPTURE.sub(lambda m: "<!-- capture %s /%s/ .. /%s/ -->\n```text\n%s```\n<!-- end capture -->"
                      % (m.group(1), m.group(2), m.group(3), excerpt(m.group(1), m.group(2), m.group(3))), old)
    new = relink(page, new)
    if new != old:
        stale.append(page)
        if mode != "--check":
            open(page, "w").write(new)
for p in problems:
    print("capture_docs: " + p)
if mode == "--check":
    print("capture_docs: " + ("out of date: " + ", ".join(stale) if stale else "docs/ is up to date"))
    sys.exit(1 if stale or problems else 0)
for page in stale:
    print("capture_docs: rewrote " + page)
sys.exit(1 if problems else 0)
EOF
