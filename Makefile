# Nexus: top-level build. See README.md.
#   make          build the default image (for now: nip, the package manager)
#   make check    build what the tests need and run every test under prove
#   make lint     cppcheck and clang-tidy over our C
#   make bench    benchmarks (not tests): nip against pacman and a floor
export NEXUS_CACHE ?= $(HOME)/.cache/nexus
PROVE ?= prove
NIP := build/nip/nip
NIP_SAN := build/nip-san/nip

all: nip

host-setup:
	@sh mk/host-setup.sh

nip: host-setup
	$(MAKE) -C nip

nip-san: host-setup
	$(MAKE) -C nip SAN=1

# Tests run against the sanitizer build; unit tests are its binaries.
check: nip nip-san
	NIP=$(CURDIR)/$(NIP_SAN) $(PROVE) --exec '' --timer \
		$(sort $(wildcard build/nip-san/unit/*.t)) \
		$(sort $(wildcard nip/tests/*.t tests/*.t))

lint: host-setup
	$(MAKE) -C nip lint

bench: nip
	$(MAKE) -C nip bench

# The ISO arrives with the kernel/ISO issue; until then say so plainly.
run:
	@echo "make run: there is no bootable image yet (it comes with the" \
		"kernel/ISO issue); 'make' builds nip for now." >&2
	@exit 1

clean:
	rm -rf build

.PHONY: all host-setup nip nip-san check lint bench run clean
