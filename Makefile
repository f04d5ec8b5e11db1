# Nexus: top-level build. See README.md.
#   make          build the default image (for now: the base rootfs)
#   make packages every recipe in npk-recipes/ into build/repo (cached)
#   make rootfs   the base system, installed by nip into build/rootfs
#   make check    build what the tests need and run every test under prove
#   make lint     cppcheck and clang-tidy over our C
#   make bench    benchmarks (not tests): nip against pacman and a floor
#   make run      boot the base system in QEMU (kernel + initramfs for now)
export NEXUS_CACHE ?= $(HOME)/.cache/nexus
PROVE ?= prove
NIP := build/nip/nip
NIP_SAN := build/nip-san/nip
KEYS := $(NEXUS_CACHE)/keys
KEY := $(KEYS)/nexus-local.key
TOOLCHAIN := build/toolchain
# The kernel profile the linux package is built for: virt or workstation.
KERNEL_PROFILE ?= virt
REPO := build/repo
# Times recorded in images (nip's history) are the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

all: rootfs

host-setup:
	@sh mk/host-setup.sh

nip: host-setup
	$(MAKE) -C nip

nip-san: host-setup
	$(MAKE) -C nip SAN=1

# PID 1, built on the host with sanitizers for its host tests.
init-san: host-setup
	$(MAKE) -C base SAN=1

# The build machine's signing key, kept with the cache (never committed).
key: nip
	@test -f $(KEY) || { mkdir -p $(KEYS) && cd $(KEYS) && \
		$(CURDIR)/$(NIP) -q key generate nexus-local; }

toolchain: host-setup
	sh npk-recipes/toolchain/assemble.sh $(TOOLCHAIN)

packages: nip key toolchain
	$(NIP) build -k $(KEY) -o $(REPO) --toolchain $(TOOLCHAIN) \
		--set KERNEL_PROFILE=$(KERNEL_PROFILE) --all npk-recipes

rootfs: packages
	sh rootfs/make-rootfs.sh $(NIP) $(REPO) $(KEYS) rootfs/base.list \
		build/rootfs

# Tests run against the sanitizer build; unit tests are its binaries.
check: nip nip-san init-san rootfs
	NIP=$(CURDIR)/$(NIP_SAN) INIT=$(CURDIR)/build/base-san/init \
	NEXUS_KEY=$(KEY) $(PROVE) --exec '' --timer \
		$(sort $(wildcard build/nip-san/unit/*.t)) \
		$(sort $(wildcard nip/tests/*.t base/tests/*.t tests/*.t))

lint: host-setup
	$(MAKE) -C nip lint
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--suppress=missingIncludeSystem base/init
	clang-tidy --quiet --config-file=nip/.clang-tidy base/init/*.c -- -std=c11

bench: nip
	$(MAKE) -C nip bench

# Until the ISO lands, make run boots the same system from the kernel
# package and an initramfs of build/rootfs: a login on the serial
# console (root, no password). Quit QEMU with ctrl-a x, or poweroff.
initramfs: rootfs
	sh rootfs/make-initramfs.sh build/rootfs build/initramfs.zst
	mkdir -p build/boot
	zstd -qdc $$(ls $(REPO)/linux-[0-9]*.npk | tail -1) | \
		tar -xOf - --wildcards 'boot/vmlinuz-*' >build/boot/vmlinuz

run: initramfs
	qemu-system-x86_64 -m 768 -smp 2 -nographic -no-reboot \
		-kernel build/boot/vmlinuz -initrd build/initramfs.zst \
		-append "console=ttyS0 panic=-1 quiet"

clean:
	rm -rf build

.PHONY: all host-setup nip nip-san init-san key toolchain packages rootfs \
	initramfs check lint \
	bench run clean
