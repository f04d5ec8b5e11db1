# The C build rules our components share: warnings, hardening, the
# sanitizer builds and the static checks. A component's Makefile sets
# O (its output folder) and whatever it wants otherwise (CFLAGS ?= -O2),
# then includes this file:
#
#   CFLAGS_MK ?= ../mk/cflags.mk
#   include $(CFLAGS_MK)
#
# A recipe builds in a sandbox holding only its declared sources, so a
# recipe that runs such a Makefile declares mk/cflags.mk as a source too
# and passes CFLAGS_MK=/build/files/cflags.mk.
#
#   SAN=1    AddressSanitizer + UBSan (what host tests use); O gets -san
#   TSAN=1   ThreadSanitizer; O gets -tsan
#   FUZZ=1   clang, libFuzzer's coverage, ASan + UBSan; O gets -fuzz
CC ?= cc
CFLAGS ?= -O2 -g
SAN ?= 0
TSAN ?= 0
FUZZ ?= 0

# All of our C compiles clean of these.
WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2
# The kselftest harness needs GNU C and is not -Wmissing-prototypes clean.
KSELFTEST_WARN := -std=gnu11 -Wall -Wextra -Werror

# Hardening, for a component that builds programs on the host with it
# (nip); recipe builds get it from the toolchain's cc wrapper.
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
	-fstack-clash-protection -fcf-protection -fPIE
LDHARDEN := -pie -Wl,-z,relro,-z,now

# Sanitizer builds are for tests: of the hardening only PIE stays.
ifeq ($(SAN),1)
O := $(O)-san
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
HARDEN := -fPIE
LDHARDEN := -pie
endif
# libFuzzer harnesses: clang's coverage on every object, ASan and UBSan;
# the fuzzer's main() only where a harness links.
ifeq ($(FUZZ),1)
O := $(O)-fuzz
CC := clang
CFLAGS := -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
HARDEN := -fPIE
LDHARDEN := -pie
endif
ifeq ($(TSAN),1)
O := $(O)-tsan
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
LDFLAGS += -fsanitize=thread
HARDEN := -fPIE
LDHARDEN := -pie
endif

# make lint: each component runs these over its C with the flags and
# include paths its build uses; clang-tidy's checks are in .clang-tidy.
CPPCHECK := cppcheck --quiet --error-exitcode=1 --std=c11 \
	--enable=warning,portability --inline-suppr \
	--suppress=missingIncludeSystem
CLANG_TIDY := clang-tidy --quiet
