# Nexus: top-level build. See README.md.
#   make          build the default image: build/nexus.iso (= make iso)
#   make packages every recipe in npk-recipes/ into build/repo (cached)
#   make rootfs   the base system, installed by nip into build/rootfs
#   make iso      the hybrid live ISO (BIOS and UEFI, CD and disk) of the
#                 image profile $(PROFILE)
#   make disk-image  the installed system as a raw and a qcow2 disk image
#   make check    build what the tests need and run every test under prove
#   make check-host  the tests that need no package, kernel or QEMU
#   make fuzz     run every libFuzzer harness for FUZZ_SECONDS (600)
#   make fuzz-kernel  tests/kstress.c at ION and the pledge LSM for
#                 KSTRESS_SECONDS (600) on the virt-debug kernel
#   make check-repro  rebuild every recipe and compare (make check's
#                 repro.t: a sample and what the last commit changed)
#   make check-kernel-upgrade  upgrade an installed disk to the
#                 virt-debug kernel and reboot: uname -r changes (about
#                 40 minutes cold for that kernel, so not in make check)
#   make lint     cppcheck and clang-tidy over our C, import cycles in nip,
#                 mandoc over our man pages, shellcheck over our shell
#                 scripts, checkpatch over our kernel code
#   make bench    benchmarks (not tests): nip against pacman, apk-tools
#                 (APK_SRC=its checkout) and a floor (bench-nip), boot
#                 time against Debian's kernel (bench-boot),
#                 ION rings against Linux IPC (bench-ion), the pledge
#                 LSM against none (bench-pledge), the desktop on
#                 jemalloc against musl's malloc (bench-desktop)
#   make profile-pledge  ftrace's function profile of open, close and stat
#                 with the LSM off and on (virt-debug kernel)
#   make run      boot the ISO in QEMU on this terminal (run-uefi: OVMF;
#                 run-disk: the disk image under OVMF; run-desktop: the
#                 ISO in a window, with a virtio GPU, USB keyboard and tablet)
export NEXUS_CACHE ?= $(HOME)/.cache/nexus
PROVE ?= prove
BENCH_RUNS ?= 5
NIP := build/nip/nip
NIP_SAN := build/nip-san/nip
KEYS := $(NEXUS_CACHE)/keys
KEY := $(KEYS)/nexus-local.key
TOOLCHAIN := build/toolchain
# The kernel profile the linux package is built for: virt or workstation.
KERNEL_PROFILE ?= virt
REPO := build/repo
# The image profile make iso builds (a folder: see rootfs/README.md).
PROFILE ?= rootfs/live
ISO := build/nexus.iso
# make disk-image: the installed system for VMs and CI (raw and qcow2).
DISK_IMAGE := build/nexus-disk.img
# nexus-install's configuration for it (host name, users); none: root
# without a password, as on the live ISO.
DISK_CONFIG ?=
# Times recorded in images (nip's history) are the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

all: iso

host-setup:
	@sh mk/host-setup.sh

nip: host-setup
	$(MAKE) -C nip

nip-san: host-setup
	$(MAKE) -C nip SAN=1

# libion's data path on the host: its tests under ASan+UBSan and TSan.
ion-san: host-setup
	$(MAKE) -C ion-kmod SAN=1

ion-tsan: host-setup
	$(MAKE) -C ion-kmod TSAN=1

# capd (the seat broker), libseat and libudev on the host, for their tests.
capd-san: host-setup
	$(MAKE) -C capd SAN=1 all tests

# The desktop's programs on the host (Debian's wlroots, same version)
# under ASan/UBSan, for their unit and headless tests. The wlr-*
# protocol XMLs come from the wlroots source its recipe pins.
WLR_PROTOCOLS := $(CURDIR)/build/wlr-protocols
build/wlr-protocols: npk-recipes/wlroots/wlroots.npk.yaml | nip
	$(NIP) fetch $<
	rm -rf $@.tmp && mkdir -p $@.tmp
	tar -xf $(NEXUS_CACHE)/sources/$$(sed -n 's/^ *sha256: //p' $< | head -1)/$$(sed -n 's/^ *file: \(wlroots_.*\)/\1/p' $< | head -1) \
		-C $@.tmp --strip-components=2 --wildcards '*/protocol/*.xml'
	rm -rf $@ && mv $@.tmp $@

desktop-san: host-setup build/wlr-protocols
	$(MAKE) -C desktop/surface SAN=1 WLR_PROTOCOLS=$(WLR_PROTOCOLS)
	$(MAKE) -C desktop/term SAN=1
	$(MAKE) -C desktop/shot SAN=1 WLR_PROTOCOLS=$(WLR_PROTOCOLS)

# The libFuzzer harnesses (nip/fuzz, base/fuzz): make fuzz runs each for
# FUZZ_SECONDS from a corpus kept in $(NEXUS_CACHE)/fuzz; make check
# replays the seeds and every input that once crashed one.
FUZZ_SECONDS ?= 600
fuzzers: host-setup
	$(MAKE) -C nip FUZZ=1 fuzzers
	$(MAKE) -C base FUZZ=1 fuzzers

fuzz: fuzzers
	sh mk/fuzz.sh build/nip-fuzz/fuzz nip/fuzz $(FUZZ_SECONDS)
	sh mk/fuzz.sh build/base-fuzz/fuzz base/fuzz $(FUZZ_SECONDS)

# The kernel code of ours under tests/kstress.c for KSTRESS_SECONDS
# (600) in QEMU, on the virt-debug kernel (KASAN, lockdep).
KSTRESS_SECONDS ?= 600
fuzz-kernel: nip-san packages-virt-debug
	$(TEST_ENV) REPO_BUILT=$(CURDIR)/$(DEBUG_REPO) \
		KSTRESS_SECONDS=$(KSTRESS_SECONDS) \
		$(PROVE) --exec '' --timer -v tests/fuzz-kernel.sh

# PID 1, built on the host with sanitizers for its host tests.
init-san: host-setup
	$(MAKE) -C base SAN=1

# The build machine's signing key, kept with the cache (never committed).
key: nip
	@test -f $(KEY) || { mkdir -p $(KEYS) && cd $(KEYS) && \
		$(CURDIR)/$(NIP) -q key generate nexus-local; }

toolchain: host-setup
	sh npk-recipes/toolchain/assemble.sh $(TOOLCHAIN)

# Every package an image profile names must have a recipe: checked
# before any build starts.
profile-check: nip
	sh rootfs/check-profile.sh $(NIP) npk-recipes rootfs/base.list \
		$(PROFILE)/packages.list $(PROFILE)/boot.list rootfs/disk/packages.list

# Independent recipes build at once, each with make -j$(NIP_JOBS).
NIP_JOBS ?= $(shell nproc)
packages: nip profile-check key toolchain
	$(NIP) build -k $(KEY) -o $(REPO) --toolchain $(TOOLCHAIN) \
		-j $(NIP_JOBS) --make-jobs $(NIP_JOBS) \
		--set KERNEL_PROFILE=$(KERNEL_PROFILE) --all npk-recipes

# The repository again for the virt-debug kernel (KASAN, lockdep): only
# linux and what builds against it differ, the rest comes from the
# cache. About 40 minutes cold, so make check does not build it.
DEBUG_REPO := build/repo-virt-debug
packages-virt-debug: nip profile-check key toolchain
	$(NIP) build -k $(KEY) -o $(DEBUG_REPO) --toolchain $(TOOLCHAIN) \
		-j $(NIP_JOBS) --make-jobs $(NIP_JOBS) \
		--set KERNEL_PROFILE=virt-debug --all npk-recipes

rootfs: packages
	sh rootfs/make-rootfs.sh $(NIP) $(REPO) $(KEYS) rootfs/base.list \
		build/rootfs

iso: packages
	sh rootfs/make-iso.sh $(NIP) $(REPO) $(KEYS) $(KEY) $(PROFILE) $(ISO)
	@echo "$(ISO): $$(stat -c %s $(ISO)) bytes"

disk-image: packages
	sh installer/make-disk-image.sh $(NIP) $(REPO) $(KEYS) rootfs/disk \
		$(DISK_IMAGE) $(DISK_CONFIG)
	@echo "$(DISK_IMAGE): $$(stat -c %s $(DISK_IMAGE)) bytes, $$(du -k $(DISK_IMAGE) | cut -f1) KiB used"

# Tests run against the sanitizer build; unit tests are its binaries.
# HOST_TESTS need no package, kernel or QEMU (make check-host); the
# rest read what make check builds. Expanded when a recipe runs, after
# the builds that make the unit tests.
HOST_TESTS = $(sort $(wildcard build/nip-san/unit/*.t)) \
	$(sort $(wildcard build/ion-san/tests/*.t build/ion-tsan/tests/*.t)) \
	$(sort $(wildcard build/capd-san/tests/*.t)) \
	$(sort $(wildcard build/desktop/*-san/tests/*.t)) \
	$(sort $(wildcard nip/tests/*.t base/tests/*.t capd/tests/*.t)) \
	$(sort $(wildcard desktop/*/tests/*.t)) \
	tests/commit-msg.t tests/repro-set.t tests/fuzz-replay.t \
	installer/tests/config-fuzz.t
TEST_ENV = NIP=$(CURDIR)/$(NIP_SAN) INIT=$(CURDIR)/build/base-san/init \
	NEXUS_KEY=$(KEY) SURFACE=$(CURDIR)/build/desktop/surface-san/surface \
	SURFACE_PROBE=$(CURDIR)/build/desktop/surface-san/surface-probe \
	SURFACE_CONF=$(CURDIR)/desktop/surface/surface.conf

# A kernel upgrade that changes uname -r: an installed disk upgraded to
# the virt-debug build of linux, linux-modules and ion, then rebooted
# (tests/kernel-upgrade.t; make check runs it with the same kernel).
check-kernel-upgrade: nip-san disk-image packages-virt-debug
	$(TEST_ENV) NEXUS_UPGRADE_REPO=$(CURDIR)/$(DEBUG_REPO) \
		$(PROVE) --exec '' --timer -v tests/kernel-upgrade.t

check: nip nip-san fuzzers init-san ion-san ion-tsan capd-san desktop-san rootfs iso disk-image
	$(TEST_ENV) $(PROVE) --exec '' --timer $(HOST_TESTS) \
		$(filter-out $(HOST_TESTS), \
		$(sort $(wildcard installer/tests/*.t tests/*.t)))

# The fast check: unit tests under ASan/UBSan and TSan, and the host
# tests; a few minutes from a clean clone.
check-host: nip nip-san fuzzers init-san ion-san ion-tsan capd-san desktop-san
	$(TEST_ENV) $(PROVE) --exec '' --timer $(HOST_TESTS)

# Every recipe rebuilt from scratch and compared with build/repo; make
# check's repro.t rebuilds a sample and what the last commit changed.
check-repro: nip-san rootfs iso
	NIP=$(CURDIR)/$(NIP_SAN) NEXUS_KEY=$(KEY) REPRO_ALL=1 \
		$(PROVE) --exec '' --timer tests/repro.t

# Each component lints its C with its own build's flags (mk/cflags.mk).
lint: host-setup lint-man lint-shell lint-kernel build/wlr-protocols
	$(MAKE) -C nip lint
	$(MAKE) -C ion-kmod lint
	$(MAKE) -C capd lint
	$(MAKE) -C base lint
	$(MAKE) -C desktop/surface lint WLR_PROTOCOLS=$(WLR_PROTOCOLS)
	$(MAKE) -C desktop/term lint
	$(MAKE) -C desktop/shot lint

# Every man page of ours (mdoc): a mandoc warning fails.
lint-man: host-setup
	mandoc -T lint -W warning $$(find . -path ./build -prune -o \
		-path ./.git -prune -o -type f -name '*.[1-9]' -print | LC_ALL=C sort)

# Every shell script of ours, found by name and by shebang; .shellcheckrc
# says how sourced files are found.
# The toolchain's cc splits its flag lists on purpose (SC2086); said
# here, since a line in the wrapper would change every package's key.
lint-shell: host-setup
	shellcheck $$(sh mk/shell-scripts.sh | grep -vx npk-recipes/toolchain/cc)
	shellcheck -e SC2086 npk-recipes/toolchain/cc

# Our kernel code by the kernel's rules (mk/checkpatch.sh), with the
# checkpatch.pl of the kernel source the linux recipe pins: fetched and
# unpacked once into $NEXUS_CACHE, no kernel built.
lint-kernel: nip
	cp=$$(sh mk/get-checkpatch.sh $(NIP)) && sh mk/checkpatch.sh "$$cp"

.PHONY: lint-man lint-shell lint-kernel

bench: bench-nip bench-boot bench-ion bench-pledge bench-desktop

# The nip people get: the repository's, installed into a scratch root.
bench-nip: nip packages
	rm -rf build/bench-nip && mkdir -p build/bench-nip
	$(NIP) -q --no-triggers --root build/bench-nip --keys-dir $(KEYS) \
		--repo $(REPO) install nip
	$(MAKE) -C nip bench BENCH_NIP=$(abspath build/bench-nip/usr/bin/nip) \
		$(if $(APK_SRC),APK_SRC=$(abspath $(APK_SRC)))

# ION rings against pipe, Unix socket and eventfd + shm: on the host
# (memfd backend), then inside QEMU with ion.ko.
bench-ion: host-setup packages
	$(MAKE) -C ion-kmod
	build/ion/ion-bench -r $(BENCH_RUNS)
	bash ion-kmod/bench/bench-qemu.sh $(REPO) $(KEYS)

# The pledge LSM's cost on open, stat and exec, inside QEMU: the same
# kernel with the LSM off and on, unpledged and pledged.
bench-pledge: packages
	bash capd/bench/bench-qemu.sh $(REPO) $(KEYS)

# Where the time of open, close and stat goes with the LSM on and off:
# ftrace's function profiler, which only the virt-debug kernel has.
profile-pledge: packages-virt-debug
	bash capd/bench/profile-qemu.sh $(DEBUG_REPO) $(KEYS)

# The desktop in QEMU: first frame, terminal output, key to frame, idle
# wakeups and memory, jemalloc against musl's malloc; writes
# desktop/desktop.png, the README's picture.
bench-desktop: packages
	bash desktop/bench/bench-qemu.sh $(REPO) $(KEYS)

# Boot time to the login prompt: our kernel against Debian's, one
# initramfs (build/rootfs), alternating runs.
bench-boot: rootfs
	mkdir -p build/bench
	sh rootfs/make-initramfs.sh build/rootfs build/bench/initramfs.zst
	bash kernel-config/bench-boot.sh $(REPO) build/bench/initramfs.zst \
		$(BENCH_RUNS)

# The ISO on this terminal: the serial console, root without a password.
# Quit QEMU with ctrl-a x, or poweroff. run-uefi boots it under OVMF.
OVMF_CODE := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS := /usr/share/OVMF/OVMF_VARS_4M.fd
# QEMU's user-mode network on a virtio card (its default e1000 has no
# driver in the Nexus kernel): DHCP, DNS and the host's outside.
NET_DEVICES := -nic user,model=virtio-net-pci
run: iso
	qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot $(NET_DEVICES) \
		-cdrom $(ISO)

run-uefi: iso
	cp $(OVMF_VARS) build/ovmf-vars.fd
	qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot $(NET_DEVICES) \
		-cdrom $(ISO) \
		-drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
		-drive if=pflash,format=raw,file=build/ovmf-vars.fd

# The ISO in a QEMU window, for the desktop: log in on the window's
# console and type surface. The serial console stays on this terminal.
DESKTOP_DEVICES := -vga none -device virtio-gpu-pci -device qemu-xhci,id=xhci \
	-device usb-kbd,bus=xhci.0 -device usb-tablet,bus=xhci.0
run-desktop: iso
	qemu-system-x86_64 -m 1024 -smp 2 -no-reboot -serial stdio \
		$(DESKTOP_DEVICES) $(NET_DEVICES) -cdrom $(ISO)

# The disk image under OVMF on this terminal, as a VM would boot it
# (the removable-media path). Changes last until the next disk-image.
run-disk: disk-image
	cp $(OVMF_VARS) build/ovmf-vars-disk.fd
	qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot $(NET_DEVICES) \
		-drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
		-drive if=pflash,format=raw,file=build/ovmf-vars-disk.fd \
		-drive file=build/nexus-disk.qcow2,format=qcow2,if=virtio

clean:
	rm -rf build

.PHONY: fuzz fuzz-kernel profile-pledge fuzzers check-kernel-upgrade packages-virt-debug run-desktop desktop-san all host-setup nip nip-san ion-san ion-tsan capd-san bench-ion bench-pledge bench-desktop init-san key toolchain packages rootfs \
	profile-check iso disk-image check check-host check-repro lint bench bench-nip bench-boot run run-uefi run-disk clean
