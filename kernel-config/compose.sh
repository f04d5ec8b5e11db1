#!/bin/sh
# compose.sh KERNELTREE PROFILE: write KERNELTREE/.config from
# allnoconfig plus base, hardening and the profile's fragments (the way
# merge_config.sh -n does), then check that every option a fragment asks
# for survived: Kconfig drops what it cannot satisfy without a word.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tree=$1 profile=$2
case $profile in
virt) frags="base hardening virt" ;;
workstation) frags="base hardening virt workstation" ;;
virt-debug) frags="base hardening virt debug" ;;
*) echo "compose: unknown profile '$profile' (virt, workstation, virt-debug)" >&2; exit 2 ;;
esac
files=
for f in $frags; do files="$files $here/$f.config"; done
# shellcheck disable=SC2086 # one word per fragment
(cd "$tree" && scripts/kconfig/merge_config.sh -n -m $files >/dev/null &&
	make -s KCONFIG_ALLCONFIG=.config allnoconfig)
# shellcheck disable=SC2086
sh "$here/check-config.sh" "$tree/.config" $files
