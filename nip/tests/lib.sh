# shellcheck shell=bash
# Helpers for nip's shell tests: TAP and a temporary directory from
# tests/tap.sh, then packages, repositories and roots to try nip on.
NIP=${NIP:-$(cd "$(dirname "$0")/../.." && pwd)/build/nip-san/nip}
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/tap.sh"

# A fingerprint of everything under a root: type, mode, owner, size,
# content hash and link target of every entry. Times are left out, and
# so is the record of index serials seen, which every command that
# verified an index updates, even one that is then refused.
root_state() {
	(cd "$1" && find . ! -path ./var/lib/nip/serials \
		-printf '%y %m %U:%G %s %p -> %l\n' | LC_ALL=C sort &&
		find . -type f ! -path ./var/lib/nip/serials -print0 |
		LC_ALL=C sort -z | xargs -0r sha256sum)
}

# meta NAME VERSION [EXTRA-YAML-LINES]: write NAME.npk.yaml
meta() {
	printf 'name: %s\nversion: "%s"\nrelease: 1\nsummary: test package %s\nlicense: MIT\n%s' \
		"$1" "$2" "$1" "${3:-}" >"$1.npk.yaml"
}

# pkg NAME VERSION STAGEDIR [EXTRA-YAML]: pack into ./repo with key k
pkg() {
	meta "$1" "$2" "${4:-}"
	"$NIP" -q pack -k "$T/k.key" -o "$T/repo" "$1.npk.yaml" "$3"
}

# setup_repo: key k, empty repo, root trusting k
setup_repo() {
	"$NIP" -q key generate k
	mkdir -p repo root/etc/nip/keys
	cp k.pub root/etc/nip/keys/
}

nipr() {	# nip on ./root with ./repo (or $REPO)
	"$NIP" --root "$T/root" --repo "${REPO:-$T/repo}" "$@"
}

# craft SPEC-JSON: a hostile package in ./repo, signed so that only nip's
# install-time checks stand between it and the root.
craft() {
	local name
	name=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])' <<<"$1")
	printf '%s' "$1" >"$T/spec.json"
	python3 "$TESTS_DIR/craft-npk.py" "$T/spec.json" "$T/repo" || return 1
	local file id
	for file in "$T/repo/$name"-*.npk; do break; done
	id=$(sed -n 's/^identity //p' "$T/repo/$name.block")
	"$NIP" -q sign -k "$T/k.key" -t "nip-npk $(basename "$file") identity=$id" "$file"
}

# raw_index SERIAL: sign an index made of every crafted .block, bypassing
# the checks nip index makes, as a compromised build host could.
raw_index() {
	{
		printf 'nip-index 1\nserial %s\nexpires %s\n' "$1" $(($(date +%s) + 86400))
		cat "$T"/repo/*.block
	} >"$T/repo/NIPINDEX"
	"$NIP" -q sign -k "$T/k.key" -t "nip-index serial=$1" "$T/repo/NIPINDEX"
}
