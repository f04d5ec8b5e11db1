#!/usr/bin/env bash
# make check's short storm: tests/fuzz-kernel.sh for 60 s on the kernel
# make check boots (virt: no KASAN, no lockdep, no kmemleak; make
# fuzz-kernel runs 10 minutes on virt-debug with them). What it still
# catches: an oops, a hang, a WARN or BUG, and a legal use that no
# longer answers right after the storm.
KSTRESS_SECONDS=${KSTRESS_SECONDS:-60} exec bash "$(dirname "$0")/fuzz-kernel.sh"
