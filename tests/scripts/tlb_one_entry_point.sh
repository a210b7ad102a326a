#!/usr/bin/env bash
# tlb_one_entry_point.sh - every TLB flush goes through lib/tlb.h: the
# invlpg instruction appears there and nowhere else in the sources
# (C, headers, assembly; pet_invlpg, the system call, is a name, not the
# instruction), and no file but tlb.h reloads CR3 with its own value to
# flush.  CR3 is written only by x86.h's write_cr3, which tlb.h (the
# flush) and page_table.c (loading an address space) call.  MP4's C++
# layer (mp4/cxx, mp4/include, and the course kernels in tests/mp4) is
# left out of the CR3 rules: its write_cr3 is the handout's paging_low.H,
# which a student's kernel.C calls to load or flush as it likes.
#
# A self-check first: a throw-away copy of the sources with one invlpg
# planted in mm/cow.c and one CR3 reload in proc/uvm.c must fail with
# both named, so a checker that finds nothing cannot pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}

# The source files under $1, one path a line, relative to it.
sources() {
  (cd "$1" && find . -type f \( -name '*.c' -o -name '*.h' -o -name '*.C' -o -name '*.H' \
    -o -name '*.cpp' -o -name '*.asm' -o -name '*.S' -o -name '*.s' \) \
    -not -path './build*' -not -path './.git/*' | sed 's|^\./||' | sort)
}

# Print each violation under root $1; exit status 1 when there is one.
check() {
  local root=$1 found=0 f
  while IFS= read -r f; do
    # The instruction: a call invlpg(...), or the mnemonic with its operand
    # (AT&T "invlpg (%0)", NASM "invlpg [eax]").  pet_invlpg is left out.
    if [ "$f" != lib/tlb.h ] &&
      grep -nE '(^|[^A-Za-z0-9_])invlpg([[:space:]]*\(|[[:space:]]+[[%(])' "$root/$f" >"$BUILD/tlb_hits"; then
      sed "s|^|tlb_one_entry_point: invlpg outside lib/tlb.h: $f:|" "$BUILD/tlb_hits"
      found=1
    fi
    case $f in lib/tlb.h | mp4/cxx/* | mp4/include/* | tests/mp4/*) continue ;; esac
    # A CR3 reload to flush: write_cr3(read_cr3()).
    if grep -nE 'write_cr3[[:space:]]*\([[:space:]]*read_cr3' "$root/$f" >"$BUILD/tlb_hits"; then
      sed "s|^|tlb_one_entry_point: CR3 reload outside lib/tlb.h: $f:|" "$BUILD/tlb_hits"
      found=1
    fi
    # Any other write of CR3: only x86.h defines it, page_table.c loads a space.
    case $f in lib/x86.h | page_table.c) continue ;; esac
    if grep -nE 'write_cr3[[:space:]]*\(|mov[^;"]*%%cr3"|mov[[:space:]]+cr3[[:space:]]*,' "$root/$f" >"$BUILD/tlb_hits"; then
      sed "s|^|tlb_one_entry_point: CR3 written outside x86.h, tlb.h, page_table.c: $f:|" "$BUILD/tlb_hits"
      found=1
    fi
  done < <(sources "$root")
  return $found
}

mkdir -p "$BUILD"
tmp=$BUILD/tlb_one_entry_point_selfcheck
rm -rf "$tmp" && mkdir -p "$tmp"
sources . | xargs cp --parents -t "$tmp"
if ! grep -q 'tlb_flush_page(TLB_LOADED, va);' "$tmp/mm/cow.c" ||
  ! grep -q 'tlb_flush_space(TLB_LOADED);' "$tmp/proc/uvm.c"; then
  echo "tlb_one_entry_point: FAIL: the self-check found no flush to plant beside"
  exit 1
fi
sed -i 's|tlb_flush_page(TLB_LOADED, va);|__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");|' "$tmp/mm/cow.c"
sed -i 's|tlb_flush_space(TLB_LOADED);|write_cr3(read_cr3());|' "$tmp/proc/uvm.c"
echo "tlb_one_entry_point: a copy with an invlpg in mm/cow.c and a CR3 reload in proc/uvm.c (must fail)"
out=$(check "$tmp")
echo "$out"
case $out in *"invlpg outside lib/tlb.h: mm/cow.c:"*) ;; *)
  echo "tlb_one_entry_point: FAIL: the checker missed the planted invlpg"; exit 1 ;;
esac
case $out in *"CR3 reload outside lib/tlb.h: proc/uvm.c:"*) ;; *)
  echo "tlb_one_entry_point: FAIL: the checker missed the planted CR3 reload"; exit 1 ;;
esac
rm -rf "$tmp"

echo "tlb_one_entry_point: the tree"
check . || { echo "tlb_one_entry_point: FAIL"; exit 1; }
echo "tlb_one_entry_point: PASS: invlpg only in lib/tlb.h, CR3 reloaded to flush only there"
