#!/usr/bin/env bash
# lint.sh - static checks that make test runs: cppcheck must find
# nothing, and every C and C++ file must already be formatted by .clang-format.
set -u
cd "$(dirname "$0")/.." || exit 2
. tools/layers.sh
mapfile -t srcs < <(tools/tree_files.sh | grep -E '\.[ch]$')
[ ${#srcs[@]} -gt 0 ] || { echo "lint: no sources found"; exit 1; }
status=0

echo "== cppcheck"
cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,style,performance,portability \
  --inline-suppr --suppress=missingIncludeSystem --suppress=unusedFunction \
  $LAYER_INCLUDES -I tests -I tests/host -D__i386__ "${srcs[@]}" || status=1

echo "== clang-format"
# MP4's C++ layer (mp4/, tests/mp4/) is formatted too; cppcheck is for C.
mapfile -t cxx_srcs < <(tools/tree_files.sh | grep -E '\.cpp$|^mp4/.*\.H$|^tests/mp4/.*\.C$')
bad=()
for f in "${srcs[@]}" "${cxx_srcs[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "not formatted (run make format): ${bad[*]}"
  status=1
fi
[ $status -eq 0 ] && echo "lint: clean (${#srcs[@]} files)"
exit $status
