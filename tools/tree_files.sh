#!/usr/bin/env bash
# tree_files.sh - every source file of the tree, one path a line, relative
# to the top: what git tracks plus new files it does not ignore, or, where
# there is no git checkout (a handout tarball, a machine without git),
# every file outside build*/ and .git.  Used by the scripts that copy or
# scan the tree (lint, docs_fresh, include_graph, handout.py).
#
#   tools/tree_files.sh [-z]        -z: NUL-separated, for xargs -0
cd "$(dirname "$0")/.." || exit 2
sep='\n'
[ "${1:-}" = -z ] && sep='\0'
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard | while IFS= read -r f; do
    [ -f "$f" ] && printf "%s$sep" "$f"
  done
else
  find . -type f -not -path './.git/*' -not -path './build*' -not -name '*.pyc' \
    -not -name compile_commands.json | sed 's|^\./||' | sort | while IFS= read -r f; do
    printf "%s$sep" "$f"
  done
fi
