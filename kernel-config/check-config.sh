#!/bin/sh
# check-config.sh CONFIG FRAGMENT...: every option a fragment sets (or
# unsets) must be so in CONFIG, unless a later fragment says otherwise
# (virt-debug's debugfs, which hardening turns off). Prints each one
# that is not, naming the fragment, and fails.
set -eu
config=$1
shift
bad=0
# option_of LINE: the option a fragment line sets or unsets, or nothing.
option_of() {
	case $1 in
	CONFIG_*=*) echo "${1%%=*}" ;;
	"# CONFIG_"*" is not set") set -- "${1#\# }"; echo "${1%% *}" ;;
	esac
}
i=0
for frag; do
	i=$((i + 1))
	name=$(basename "$frag")
	later=$(shift "$i" 2>/dev/null || exit 0; for f; do
		while IFS= read -r l; do option_of "$l"; done <"$f"; done)
	while IFS= read -r line; do
		opt=$(option_of "$line")
		[ -n "$opt" ] || continue
		case $line in CONFIG_*) want=$line ;; *) want="unset" ;; esac
		if printf '%s\n' "$later" | grep -qx "$opt"; then
			continue
		fi
		got=$(grep -E "^($opt=|# $opt is not set)" "$config" || true)
		if [ "$want" = unset ]; then
			case $got in "" | "# $opt is not set") continue ;; esac
		elif [ "$got" = "$want" ]; then
			continue
		fi
		[ "$want" = unset ] && want="# $opt is not set"
		echo "$name: '$want' did not survive (got: '${got:-nothing}')" >&2
		bad=1
	done <"$frag"
done
exit $bad
