#!/usr/bin/env bash
# include_graph.sh - the kernel's include graph has no cycle and no arrow
# up the layers (tools/include_graph.py says what the layers are), and no
# kernel file includes anything under tests/ or bench/.
#
# A self-check first: a throw-away copy of the tree with one include that
# closes a cycle must fail the check, so a checker that finds nothing
# cannot pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}

echo "include_graph: the tree"
tools/include_graph.py check || { echo "include_graph: FAIL"; exit 1; }

tmp=$BUILD/include_graph_selfcheck
rm -rf "$tmp" && mkdir -p "$tmp"
tools/tree_files.sh -z | xargs -0 cp --parents -t "$tmp"
[ -x "$tmp/tools/include_graph.py" ] || { echo "include_graph: FAIL: the copy of the tree is incomplete"; exit 1; }
# lib/utils.h including console.h closes console -> utils -> console.
sed -i 's|#include "errors.h"|#include "errors.h"\n#include "console.h"|' "$tmp/lib/utils.h"
echo "include_graph: a copy with lib/utils.h including console.h (must fail)"
if "$tmp/tools/include_graph.py" check; then
  echo "include_graph: FAIL: the checker missed a planted cycle"
  exit 1
fi
rm -rf "$tmp"
echo "include_graph: PASS"
