#!/bin/sh
# Install the Debian packages listed in mk/host-deps.txt that are missing.
# As root it runs apt-get itself; otherwise it prints the exact command.
set -eu
deps_file=$(dirname "$0")/host-deps.txt
missing=
# One package a line; # starts a comment.
while read -r pkg _; do
	case $pkg in
	'' | '#'*) continue ;;
	esac
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done <"$deps_file"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "host-setup: missing Debian packages; run as root:" >&2
	echo "  apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "host-setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have stale or empty package lists: update once, retry.
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing ||
	{ apt-get update && apt-get install -y --no-install-recommends $missing; }
