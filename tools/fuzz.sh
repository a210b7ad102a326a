#!/usr/bin/env bash
# fuzz.sh [SECONDS] - build every libFuzzer target in tests/fuzz/ and run
# each for SECONDS (default 60; make fuzz FUZZ_SECONDS=N).
#
# A target is tests/fuzz/NAME_fuzz.c; its "fuzz-sources:" line names the
# kernel sources it links (with tests/fuzz/fuzz_shim.c).  Built with
# clang -fsanitize=fuzzer,address,undefined into $BUILD/fuzz/.
#
# For each target:
#   1. replay tests/fuzz/corpus-regressions/NAME/* (inputs that once
#      crashed): each must now pass;
#   2. fuzz for SECONDS, starting from the working corpus in
#      $BUILD/fuzz/corpus/NAME (kept between runs, so coverage grows)
#      and the regression inputs;
#   3. if libFuzzer finds a crash, copy the input into
#      tests/fuzz/corpus-regressions/NAME/ (commit it: from then on every
#      run replays it) and fail, printing the command that reproduces it.
# Prints each target's execution count.  Exit status 0 when nothing crashed.
set -u
cd "$(dirname "$0")/.." || exit 2
. tools/layers.sh
secs=${1:-60}
BUILD=${BUILD:-build}
out=$BUILD/fuzz
cc=${FUZZ_CC:-clang}
flags=(-std=c11 -g -O1 -Wall -Wextra -Werror -DSELFMAP_HOST
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
       $LAYER_INCLUDES -Itests/fuzz)
status=0

build() { # build NAME SRC: compile the target, quietly unless it fails
  local name=$1 src=$2 srcs
  read -r -a srcs <<<"$(sed -n 's/.*fuzz-sources:\(.*\)/\1/p' "$src" | head -1)"
  "$cc" "${flags[@]}" -o "$out/$name" "$src" tests/fuzz/fuzz_shim.c tests/host/host_console.c "${srcs[@]}"
}

replay() { # replay NAME DIR: run every saved input once
  local name=$1 dir=$2
  compgen -G "$dir/*" >/dev/null || return 0
  if ! "$out/$name" "$dir"/* >"$out/$name.replay.log" 2>&1; then
    echo "fuzz: $name: a regression input crashes again (log: $out/$name.replay.log)"
    return 1
  fi
  echo "fuzz: $name: $(find "$dir" -type f | wc -l) regression input(s) pass"
}

keep_crashes() { # keep_crashes NAME DIR: save new crashing inputs as regressions
  local name=$1 dir=$2 f sum
  for f in "$out/artifacts/$name"/*; do
    [ -f "$f" ] || continue
    sum=$(cksum <"$f" | cut -d' ' -f1)
    cp "$f" "$dir/$(basename "$f" | cut -d- -f1)-$sum"
    echo "fuzz: $name: crashing input saved as $dir/$(basename "$f" | cut -d- -f1)-$sum"
    echo "      reproduce: $out/$name $dir/$(basename "$f" | cut -d- -f1)-$sum"
    rm -f "$f"
  done
}

fuzz() { # fuzz NAME: run libFuzzer for $secs seconds
  local name=$1 regress=tests/fuzz/corpus-regressions/$1 log=$out/$1.log execs
  mkdir -p "$out/corpus/$name" "$out/artifacts/$name" "$regress"
  replay "$name" "$regress" || return 1
  "$out/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$name/" "$out/corpus/$name" "$regress" >"$log" 2>&1
  local rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    echo "fuzz: $name: CRASH after ${execs:-?} executions (log: $log)"
    grep -m3 -E "FUZZ CHECK FAILED|unexpected PANIC|illegitimate access|ERROR: (AddressSanitizer|libFuzzer)|runtime error" "$log"
    keep_crashes "$name" "$regress"
    return 1
  fi
  echo "fuzz: $name: ${execs:-?} executions in ${secs} s, no crash" \
       "(corpus: $(find "$out/corpus/$name" -type f | wc -l) inputs)"
}

mkdir -p "$out"
for src in tests/fuzz/*_fuzz.c; do
  name=$(basename "$src" .c)
  if ! build "$name" "$src"; then
    echo "fuzz: $name: build failed"
    status=1
    continue
  fi
  fuzz "$name" || status=1
done
exit $status
