#!/usr/bin/env bash
# fresh_machine.sh - run .ci/run the way CI does on a brand-new machine:
# debootstrap a minimal Debian 12 into a scratch directory, clone this
# repository's HEAD into it, and run .ci/run there as root, so every
# tool must come from tools/bootstrap.sh.  Needs root, debootstrap and
# Debian's package archive; takes a few minutes and about 2 GB.
#
#   tools/fresh_machine.sh [DIR]      (default: a new directory in /var/tmp)
set -eu
[ "$(id -u)" = 0 ] || { echo "fresh_machine: run as root" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-$(mktemp -d /var/tmp/selfmap-fresh.XXXXXX)}
cleanup() { umount -lR "$root/proc" "$root/dev" "$root/sys" 2>/dev/null || true; }
trap cleanup EXIT

echo "fresh_machine: debootstrap bookworm into $root"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.debootstrap.log"
git clone -q "$repo" "$root/repo"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --rbind /sys "$root/sys"
echo "fresh_machine: .ci/run in the chroot"
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root CI=true /bin/bash -c "cd /repo && bash .ci/run" </dev/null
echo "fresh_machine: passed (scratch directory $root can be removed)"
