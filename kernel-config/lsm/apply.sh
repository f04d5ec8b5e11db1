#!/bin/sh
# Add the pledge LSM to the kernel tree TREE: its sources, its UAPI
# header, the path-based hooks it needs for readlink, access, xattrs and
# Unix socket names, and 6.2's file_truncate (path-hooks.patch),
# commoncap's CAP_SETPCAP checks made through the security_capable()
# every module sees (commoncap.patch), and the patch that builds it and
# gives each process a /proc/PID/attr/pledge folder.
#   apply.sh TREE
set -eu
lsm=$(cd "$(dirname "$0")" && pwd)
tree=$1
cp -R "$lsm/security/pledge" "$tree/security/"
cp "$lsm/include/uapi/linux/pledge.h" "$tree/include/uapi/linux/"
patch -d "$tree" -p1 --forward --quiet <"$lsm/path-hooks.patch"
patch -d "$tree" -p1 --forward --quiet <"$lsm/commoncap.patch"
patch -d "$tree" -p1 --forward --quiet <"$lsm/pledge.patch"
