#!/usr/bin/env bash
# link_graph.sh - what the kernel's objects call agrees with its layers
# (tools/link_graph.py): no header declares another file's function, no
# call cycle between files, no call up the layers, except the findings
# tests/link_graph_known.txt still lists (which must all still be there,
# so the list only shrinks).
#
# A self-check first: a throw-away copy of the tree and its objects, with
# one planted violation of each kind, must be reported with each kind and
# fail the check, so a checker that finds nothing cannot pass:
#   lib/str.h declaring console_puts (console.c's)  -> foreign declaration
#   lib/planted_up.c calling kprintf (core)         -> call up a layer
#   mm/planted_a.c and mm/planted_b.c calling each
#   other                                           -> call cycle
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
CROSS_CC=${CROSS_CC:-$(command -v i686-elf-gcc || command -v i686-linux-gnu-gcc)}
export CROSS_CC

tmp=$BUILD/link_graph_selfcheck
rm -rf "$tmp" && mkdir -p "$tmp"
tools/tree_files.sh -z | xargs -0 cp --parents -t "$tmp"
[ -x "$tmp/tools/link_graph.py" ] || { echo "link_graph: FAIL: the copy of the tree is incomplete"; exit 1; }
tmp_abs=$(cd "$tmp" && pwd)
mkdir -p "$tmp_abs/build"
(cd "$BUILD" && find . -name '*.o' -print0 | xargs -0 cp --parents -t "$tmp_abs/build") ||
  { echo "link_graph: FAIL: cannot copy the objects of $BUILD"; exit 1; }
sed -i 's|^#endif|void console_puts(const char *s);\n#endif|' "$tmp/lib/str.h"
printf '#include "console.h"\nvoid planted_up(void) { kprintf("up\\n"); }\n' >"$tmp/lib/planted_up.c"
printf 'void planted_b(void);\nvoid planted_a(void) { planted_b(); }\n' >"$tmp/mm/planted_a.c"
printf 'void planted_a(void);\nvoid planted_b(void) { planted_a(); }\n' >"$tmp/mm/planted_b.c"
for f in lib/planted_up mm/planted_a mm/planted_b; do
  mkdir -p "$tmp/build/$(dirname $f)"
  "$CROSS_CC" -std=c11 -ffreestanding -m32 -O2 -I"$tmp/lib" -I"$tmp" -c "$tmp/$f.c" -o "$tmp/build/$f.o" ||
    { echo "link_graph: FAIL: cannot compile the planted $f.c"; exit 1; }
done
echo "link_graph: a copy with one planted violation of each kind (must fail, naming each)"
out=$(LINK_ROOT=$tmp_abs BUILD=$tmp_abs/build "$tmp/tools/link_graph.py" check "$tmp/tests/link_graph_known.txt" 2>&1)
rc=$?
echo "$out" | grep -v "(known)$"
problems=0
[ "$rc" -ne 0 ] || { echo "link_graph: FAIL: the check passed a tree with planted violations"; problems=1; }
for want in "foreign declaration: lib/str.h declares console_puts, which console defines" \
            "call up a layer: lib/planted_up (lib) calls console (core): kprintf" \
            "call cycle: mm/planted_a <-> mm/planted_b"; do
  grep -qF "link_graph: $want" <<<"$out" || { echo "link_graph: FAIL: the checker missed: $want"; problems=1; }
done
rm -rf "$tmp"
[ "$problems" -eq 0 ] || exit 1

echo "link_graph: the tree (known findings: tests/link_graph_known.txt)"
out=$(tools/link_graph.py check tests/link_graph_known.txt 2>&1)
rc=$?
echo "$out" | grep -v "(known)$"
[ "$rc" -eq 0 ] || { echo "link_graph: FAIL"; exit 1; }
echo "link_graph: PASS"
