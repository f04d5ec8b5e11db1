# shellcheck shell=sh
# shellcheck disable=SC2034 # the cfg_* settings are for those who source it
# setup.sh: what makes an installed Nexus root and its EFI system
# partition, shared by nexus-install (a disk, from the live system) and
# make-disk-image.sh (an image file, on the build host), so that both
# make the same system. POSIX sh, sourced; functions only. The caller
# defines die MESSAGE.

# The settings both read (config_read fills them; these are defaults).
cfg_hostname=nexus
cfg_user=
cfg_user_hash=
cfg_root_hash=
cfg_disk=
cfg_repo=
cfg_esp_mib=128

# config_read FILE: "key value" lines, # comments. An unknown key, a
# missing value or a bad one is named with FILE and its line.
config_read() {
	_cfg=$1 _n=0
	while IFS= read -r _line || [ -n "$_line" ]; do
		_n=$((_n + 1))
		_at="$_cfg:$_n"
		_line=${_line%%#*}
		set -f
		# shellcheck disable=SC2086 # split into key and value
		set -- $_line
		set +f
		[ $# -eq 0 ] && continue
		[ $# -eq 2 ] || die "$_at: expected \"key value\", got: $_line"
		case $1 in
		hostname) valid_hostname "$2" ||
				die "$_at: hostname: $2 is not a host name (letters, digits, -; up to 63)"
			cfg_hostname=$2 ;;
		user) valid_user "$2" ||
				die "$_at: user: $2 is not a user name (a-z, digits, _, -; up to 32; not root)"
			cfg_user=$2 ;;
		user-password-hash) valid_hash "$2" ||
				die "$_at: user-password-hash: not a crypt(3) hash (mkpasswd -m sha512) or !"
			cfg_user_hash=$2 ;;
		root-password-hash) valid_hash "$2" ||
				die "$_at: root-password-hash: not a crypt(3) hash (mkpasswd -m sha512) or !"
			cfg_root_hash=$2 ;;
		disk) cfg_disk=$2 ;;
		repo) cfg_repo=$2 ;;
		esp-size-mib)
			case $2 in
			*[!0-9]*) die "$_at: esp-size-mib: $2 is not a number of MiB" ;;
			esac
			{ [ "$2" -ge 64 ] && [ "$2" -le 4096 ]; } ||
				die "$_at: esp-size-mib: $2 is outside 64-4096"
			cfg_esp_mib=$2 ;;
		*) die "$_at: unknown key: $1" ;;
		esac
	done <"$_cfg"
	[ -z "$cfg_user_hash" ] || [ -n "$cfg_user" ] ||
		die "$_cfg: user-password-hash without a user"
}

valid_hostname() {
	case $1 in
	"" | -* | *- | *[!A-Za-z0-9-]*) return 1 ;;
	esac
	[ ${#1} -le 63 ]
}

valid_user() {
	case $1 in
	"" | [!a-z_]* | *[!a-z0-9_-]*) return 1 ;;
	esac
	[ ${#1} -le 32 ] && [ "$1" != root ] && [ "$1" != nobody ]
}

# A crypt(3) hash ($id$salt$hash: [a-zA-Z0-9./$]) or ! for a locked
# account: never a character sed or the shadow file would read.
valid_hash() {
	case $1 in
	"!") return 0 ;;
	\$*) ;;
	*) return 1 ;;
	esac
	case $1 in
	*[!A-Za-z0-9./\$]*) return 1 ;;
	esac
}

# setup_root ROOT ROOT_PARTUUID ESP_PARTUUID: fstab, host name and the
# accounts of an installed root (the files base-files made).
setup_root() {
	_r=$1
	cat >"$_r/etc/fstab" <<EOF
# /etc/fstab: written by nexus-install. PARTUUID= is the GPT partition
# GUID (sfdisk --part-uuid); init mounts these at boot, in this order.
PARTUUID=$2	/		ext4	rw,relatime			0 1
PARTUUID=$3	/boot/efi	vfat	rw,nosuid,nodev,noexec,umask=0077	0 2
EOF
	mkdir -p "$_r/boot/efi"
	chmod 0700 "$_r/boot/efi"
	printf '%s\n' "$cfg_hostname" >"$_r/etc/hostname"
	[ -z "$cfg_root_hash" ] || set_hash "$_r" root "$cfg_root_hash"
	[ -z "$cfg_user" ] || add_user "$_r" "$cfg_user" "${cfg_user_hash:-!}"
	doas_conf "$_r"
}

# doas_conf ROOT: the wheel group (the administrator) may run anything
# as root with doas, after its password, remembered a while per terminal.
doas_conf() {
	cat >"$1/etc/doas.conf" <<EOF
# doas.conf(5): written by nexus-install. Members of wheel run commands
# as root after their own password, asked again after 5 idle minutes.
permit persist :wheel
EOF
	chmod 0600 "$1/etc/doas.conf"
}

# set_hash ROOT NAME HASH: NAME's password in ROOT/etc/shadow.
set_hash() {
	grep -q "^$2:" "$1/etc/shadow" || die "$1/etc/shadow has no $2"
	sed "s|^$2:[^:]*:|$2:$3:|" "$1/etc/shadow" >"$1/etc/shadow.new"
	chmod 0600 "$1/etc/shadow.new"
	mv "$1/etc/shadow.new" "$1/etc/shadow"
}

# add_user ROOT NAME HASH: the administrator: uid 1000, in wheel, with
# a home of their own.
add_user() {
	! grep -q "^$2:" "$1/etc/passwd" || die "user $2 is already in $1/etc/passwd"
	printf '%s:x:1000:1000::/home/%s:/bin/sh\n' "$2" "$2" >>"$1/etc/passwd"
	printf '%s:x:1000:\n' "$2" >>"$1/etc/group"
	sed "s|^\(wheel:[^:]*:[^:]*:\)\(.*\)|\1\2,$2|; s|^\(wheel:[^:]*:[^:]*:\),|\1|" \
		"$1/etc/group" >"$1/etc/group.new"
	mv "$1/etc/group.new" "$1/etc/group"
	printf '%s:%s:19000:0:99999:7:::\n' "$2" "$3" >>"$1/etc/shadow"
	mkdir -p "$1/home/$2"
	chown 1000:1000 "$1/home/$2"
	chmod 0700 "$1/home/$2"
}

# fill_esp ROOT ESP OPTIONS: the loader (its own path and the
# removable-media one), the kernel, and the loader's settings with the
# kernel's OPTIONS, last, so that an ESP without them boots nothing.
fill_esp() {
	set -- "$1" "$2" "$3" "$1/usr/lib/nexus-boot/BOOTX64.EFI"
	[ -f "$4" ] || die "$1 has no UEFI loader ($4): the profile lacks nexus-boot"
	_k=$(ls "$1"/boot/vmlinuz-* 2>/dev/null)
	{ [ -n "$_k" ] && [ -f "$_k" ]; } ||
		die "$1 needs exactly one /boot/vmlinuz-* (the linux package)"
	mkdir -p "$2/EFI/nexus" "$2/EFI/BOOT" "$2/boot"
	# Each file whole or not at all: a copy, then a rename.
	for _f in "$4:EFI/nexus/BOOTX64.EFI" "$4:EFI/BOOT/BOOTX64.EFI" \
		"$_k:EFI/nexus/vmlinuz"; do
		cp "${_f%%:*}" "$2/${_f#*:}.new"
		mv "$2/${_f#*:}.new" "$2/${_f#*:}"
	done
	cat >"$2/boot/nexus-boot.conf.new" <<EOF
# nexus-boot's settings (written by nexus-install)
label nexus
kernel \\EFI\\nexus\\vmlinuz
options $3
timeout 3
EOF
	mv "$2/boot/nexus-boot.conf.new" "$2/boot/nexus-boot.conf"
}

# profile_words FILE: a profile list's words, comments dropped.
profile_words() {
	sed 's/#.*//' "$1" | tr -s ' \t\n' '  ' | sed 's/^ //; s/ $//'
}

# root_options ROOT_PARTUUID CMDLINE: the kernel options of an installed
# system: its root, then the profile's.
root_options() {
	echo "root=PARTUUID=$1 ro rootwait${2:+ $2}"
}
