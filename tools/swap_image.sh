#!/usr/bin/env bash
# swap_image.sh SIZE PATH - create a fresh swap disk image for QEMU.
#
#   tools/swap_image.sh 16M build/swap.img
#
# SIZE is a number with an optional K, M or G suffix (powers of 1024,
# as `make run SWAP=16M` and KTEST_SWAP give it).  The image is raw,
# all zeroes (sparse, so a large one costs no disk space) and replaces
# any old file at PATH: swap holds nothing across boots.  It must be a
# whole number of 512-byte sectors and at most 128 GB, what a 28-bit
# LBA can address.  Exit 0, or 2 with a message on a bad SIZE.
set -u
size=${1:-} path=${2:-}
[ -n "$size" ] && [ -n "$path" ] || { echo "usage: swap_image.sh SIZE PATH" >&2; exit 2; }
case $size in
  *[0-9]K) bytes=$(( ${size%K} * 1024 )) ;;
  *[0-9]M) bytes=$(( ${size%M} * 1024 * 1024 )) ;;
  *[0-9]G) bytes=$(( ${size%G} * 1024 * 1024 * 1024 )) ;;
  *[0-9])  bytes=$size ;;
  *) bytes=bad ;;
esac
sector=512 lba28_limit=$(( (1 << 28) * 512 ))
if ! [[ $bytes =~ ^[0-9]+$ ]] || [ "$bytes" -eq 0 ] || [ $(( bytes % sector )) -ne 0 ] ||
   [ "$bytes" -gt "$lba28_limit" ]; then
  echo "swap_image.sh: SWAP=$size: expected a size like 16M (whole 512-byte sectors, at most 128G)" >&2
  exit 2
fi
mkdir -p "$(dirname "$path")"
rm -f "$path"
truncate -s "$bytes" "$path" || exit 2
