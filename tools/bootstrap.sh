#!/usr/bin/env bash
# bootstrap.sh - make sure the tools a make target needs are installed.
#
#   tools/bootstrap.sh [GROUP...]     groups: build run grub debug lint
#                                     fuzz bench test (none given: all)
#
# Quiet and fast when everything is there.  As root on Debian/Ubuntu it
# installs what is missing with apt-get; otherwise it prints the exact
# commands (apt, or Homebrew on macOS) and fails.  Each make target asks
# only for its own groups, so `make run` needs no test tools.
set -u

# command-to-check | Debian package(s) | Homebrew formula | groups
need=(
  "CROSS_GCC|gcc-i686-linux-gnu binutils-i686-linux-gnu|i686-elf-gcc|build test"
  "CROSS_GXX|g++-i686-linux-gnu|i686-elf-gcc|build test"
  "nasm|nasm|nasm|build test"
  "qemu-system-i386|qemu-system-x86|qemu|run debug bench test"
  "grub-mkrescue|grub-common grub-pc-bin|i686-elf-grub|grub test"
  "GRUB_I386_PC|grub-pc-bin|i686-elf-grub|grub test"
  "xorriso|xorriso|xorriso|grub test"
  "mformat|mtools|mtools|grub test"
  "gdb|gdb|gdb|debug test"
  "cppcheck|cppcheck|cppcheck|lint test"
  "clang-format|clang-format|clang-format|lint test"
  "gcc|gcc libc6-dev|gcc|test"
  "clang|clang|llvm|fuzz test"
  "LIBFUZZER|libclang-rt-14-dev|llvm|fuzz test"
  "gnuplot|gnuplot-nox|gnuplot|bench test"
  "python3|python3|python3|bench test"
)
wanted=" ${*:-build run grub debug lint fuzz bench test} "

have() {
  case "$1" in
    CROSS_GCC) command -v i686-elf-gcc >/dev/null 2>&1 || command -v i686-linux-gnu-gcc >/dev/null 2>&1 ;;
    CROSS_GXX) command -v i686-elf-g++ >/dev/null 2>&1 || command -v i686-linux-gnu-g++ >/dev/null 2>&1 ;; # make run-mp4
    GRUB_I386_PC) [ -d /usr/lib/grub/i386-pc ] || [ -d /usr/local/lib/grub/i386-pc ] ||
                  [ -d /opt/homebrew/lib/i686-elf/grub/i386-pc ] || command -v i686-elf-grub-mkrescue >/dev/null 2>&1 ;;
    LIBFUZZER) command -v clang >/dev/null 2>&1 &&  # clang's libFuzzer runtime (make fuzz)
               [ -n "$(find "$(clang -print-resource-dir)/lib" -name 'libclang_rt.fuzzer*' 2>/dev/null | head -1)" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing_apt=() missing_brew=()
for entry in "${need[@]}"; do
  IFS='|' read -r cmd apt brew groups <<<"$entry"
  needed=no
  for g in $groups; do case "$wanted" in *" $g "*) needed=yes ;; esac; done
  if [ $needed = yes ] && ! have "$cmd"; then
    # shellcheck disable=SC2206
    missing_apt+=($apt)
    missing_brew+=("$brew")
  fi
done
[ ${#missing_apt[@]} -eq 0 ] && exit 0

echo "bootstrap: missing tools; packages needed: ${missing_apt[*]}" >&2
if [ "$(uname)" = Darwin ]; then
  echo "bootstrap: install them with:  brew install $(printf '%s\n' "${missing_brew[@]}" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "bootstrap: install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing_apt[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "bootstrap: apt-get install -y ${missing_apt[*]}" >&2
apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >&2 || {
  echo "bootstrap: apt-get failed" >&2
  exit 1
}
