#!/usr/bin/env bash
# compile_commands.sh - print a compile_commands.json for clangd (and
# other tools that read the JSON compilation database), one entry per
# source file, so editors see the kernel's real flags and include paths.
#
#   tools/compile_commands.sh "CC" "CFLAGS" SRC... > compile_commands.json
#
# make compile_commands.json runs it with the Makefile's CC and CFLAGS.
# SRC paths are relative to the current directory (the repository root
# under make), which becomes each entry's absolute "directory".  Left
# out: flags that only write make dependency files (-MMD -MP -MD -MF FILE)
# and GCC-only flags that clang rejects (when clang is installed), since
# clangd would report those as errors.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 \"CC\" \"CFLAGS\" SRC..." >&2; exit 2; }
# CC and CFLAGS are split the way make's shell splits them in a recipe
# (quotes included: EXTRA_CFLAGS='-DNAME="a b"' stays one flag).
cc=() cflags=()
eval "cc=($1)"
eval "cflags=($2)"
shift 2
build=${BUILD:-build}
dir=$(pwd -P)

# json STRING: STRING as a JSON string literal.
json() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# clang_rejects FLAG: clangd (clang) would reject FLAG, a GCC-only flag
# such as -fno-tree-loop-distribute-patterns.  Unknown when there is no
# clang: then every flag is kept.
clang_rejects() {
  command -v clang >/dev/null 2>&1 || return 1
  ! clang --target=i686-linux-gnu -Werror=unknown-warning-option -fsyntax-only -x c \
    "$1" - </dev/null >/dev/null 2>&1
}

flags=() dropped=()
skip_next=0
for f in ${cflags[@]+"${cflags[@]}"}; do
  if [ "$skip_next" = 1 ]; then skip_next=0; continue; fi
  case "$f" in
    -MMD|-MD|-MP) ;;
    -MF|-MT|-MQ) skip_next=1 ;;
    -f*|-m*|-W*) if clang_rejects "$f"; then dropped+=("$f"); else flags+=("$f"); fi ;;
    *) flags+=("$f") ;;
  esac
done
[ ${#dropped[@]} -eq 0 ] ||
  echo "compile_commands.sh: left out GCC-only flags clangd rejects: ${dropped[*]}" >&2

echo "["
n=0
for src in "$@"; do
  [ $n -gt 0 ] && echo ","
  n=$((n + 1))
  case "$src" in /*) file=$src ;; *) file=$dir/$src ;; esac
  args=("${cc[@]}" ${flags[@]+"${flags[@]}"} -c "$src" -o "$build/${src%.c}.o")
  printf '  {\n    "directory": %s,\n    "file": %s,\n    "arguments": [' "$(json "$dir")" "$(json "$file")"
  sep=
  for a in "${args[@]}"; do
    printf '%s%s' "$sep" "$(json "$a")"
    sep=", "
  done
  printf ']\n  }'
done
[ $n -gt 0 ] && echo
echo "]"
