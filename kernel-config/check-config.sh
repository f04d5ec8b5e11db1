#!/bin/sh
# check-config.sh CONFIG FRAGMENT...: every option a fragment sets (or
# unsets) must be so in CONFIG. Prints each one that is not, naming the
# fragment, and fails.
set -eu
config=$1
shift
bad=0
for frag; do
	name=$(basename "$frag")
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) opt=${line%%=*} want=$line ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} want=unset ;;
		*) continue ;;
		esac
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
