#!/usr/bin/env bash
# host_test.sh FILE - build one tests/host/*.c test with the kernel
# sources named on its "host-sources:" line, under ASan and UBSan, and
# run it.
set -eu
. "$(dirname "$0")/layers.sh"
cd "$(dirname "$0")/.."
test=$1
name=$(basename "$test" .c)
read -r -a srcs <<<"$(sed -n 's/.*host-sources:\(.*\)/\1/p' "$test" | head -1)"
mkdir -p ${BUILD:-build}/host
${HOSTCC:-gcc} -std=c11 -g -O1 -Wall -Wextra -Werror -DSELFMAP_HOST \
  -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  $LAYER_INCLUDES -Itests -Itests/host -o "${BUILD:-build}/host/$name" "$test" tests/host/host_shim.c tests/host/host_console.c "${srcs[@]}"
"${BUILD:-build}/host/$name"
