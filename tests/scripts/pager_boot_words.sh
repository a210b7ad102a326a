#!/usr/bin/env bash
# pager_boot_words.sh - test: the pager's command-line words.  A swap
# disk alone turns the pager on with clock and every frame; user_frames=
# and evict= set the budget and the policy; a budget alone (no disk)
# turns it on with no slots; neither leaves it off (no pager line); a
# bad word is reported and its default kept; a budget below the six
# frames one instruction may need is raised to six with one line, or
# kept with one line under user_frames_unsafe.  Each boot runs MP4's
# default scenario, which must still pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
dir=$BUILD/tests/pager_boot_words
mkdir -p "$dir"
img=$dir/swap.img
tools/swap_image.sh 4M "$img" >/dev/null || { echo "pager_boot_words: FAIL: no swap image"; exit 1; }
fail=0

# boot NAME DISK(yes|no) ARGS: boot kernel.bin; the log is $dir/NAME.log
boot() {
  local name=$1 disk=$2 args=$3
  if [ "$disk" = yes ]; then
    SWAP_IMG=$img timeout 60 tools/qemu.sh test "$BUILD/kernel.bin" 32M "$args" "$dir/$name.log"
  else
    timeout 60 tools/qemu.sh test "$BUILD/kernel.bin" 32M "$args" "$dir/$name.log"
  fi || { echo "pager_boot_words: FAIL: $name: the boot did not pass"; fail=1; }
}

# expect NAME REGEX: the log has a line matching REGEX.
expect() {
  tr -d '\r' <"$dir/$1.log" | grep -Eq "$2" || { echo "pager_boot_words: FAIL: $1: no line matching '$2'"; fail=1; }
}

boot disk_alone yes ""
expect disk_alone '^pager: evict=clock, no budget: every free frame is pageable \([0-9]+ free now\), 1024 swap slots$'
# Without a budget the line counts free frames, not the frame numbers the
# pool spans (which include the 15-16 MB hole): at most the boot's free count.
pool_free=$(tr -d '\r' <"$dir/disk_alone.log" | sed -n 's/^  process_mem_pool .*, \([0-9]*\) free,.*/\1/p')
pager_free=$(tr -d '\r' <"$dir/disk_alone.log" | sed -n 's/^pager: .*(\([0-9]*\) free now).*/\1/p')
if [ -z "$pool_free" ] || [ -z "$pager_free" ] || [ "$pager_free" -gt "$pool_free" ] || [ "$pager_free" -eq 0 ]; then
  echo "pager_boot_words: FAIL: disk_alone: the pager's free count '$pager_free' is not within the pool's '$pool_free'"; fail=1
fi
boot words yes "user_frames=40 evict=fifo"
expect words '^pager: evict=fifo, 40 pageable frames \(user_frames\), 1024 swap slots$'
boot budget_alone no "user_frames=8 evict=aging"
expect budget_alone '^pager: evict=aging, 8 pageable frames \(user_frames\), 0 swap slots$'
boot neither no ""
if tr -d '\r' <"$dir/neither.log" | grep -q '^pager:'; then
  echo "pager_boot_words: FAIL: neither: a pager line without a disk or a budget"; fail=1
fi
boot bad_words yes "user_frames=12x evict=lru"
expect bad_words '^boot: user_frames=12x is not a number from 1; ignored$'
expect bad_words '^boot: evict=lru is not fifo, clock or aging; using clock$'
expect bad_words '^pager: evict=clock, no budget: every free frame is pageable \([0-9]+ free now\), 1024 swap slots$'
boot below_minimum no "user_frames=2"
expect below_minimum '^pager: user_frames=2 is below the 6 frames one instruction may need; raised to 6$'
expect below_minimum '^pager: evict=clock, 6 pageable frames \(user_frames\), 0 swap slots$'
boot below_minimum_kept yes "user_frames=3 user_frames_unsafe"
expect below_minimum_kept '^pager: user_frames=3 kept below the 6 frames one instruction may need \(user_frames_unsafe\)$'
expect below_minimum_kept '^pager: evict=clock, 3 pageable frames \(user_frames\), 1024 swap slots$'
rm -f "$img"
[ $fail -eq 0 ] && echo "pager_boot_words: PASS"
exit $fail
