#!/usr/bin/env bash
# Keys and signatures interoperate with Debian's minisign, both ways.
. "$(dirname "$0")/lib.sh"

run_ok "nip key generate writes a key pair" "$NIP" key generate k
is "$(stat -c %a k.key)" 600 "the secret key is private (0600)"
before=$(sha256sum k.key k.pub)
run_fails "an existing key is never overwritten" 1 "k.key: File exists" \
	"$NIP" key generate k
is "$(sha256sum k.key k.pub)" "$before" "and both files are unchanged"

echo "some payload" >data
run_ok "nip signs a file" "$NIP" sign -k k.key data
run_ok "minisign verifies nip's signature" minisign -Vm data -p k.pub
run_ok "nip verifies its own signature" "$NIP" verify -p k.pub data

run_ok "minisign makes an unencrypted key pair" \
	minisign -G -W -p m.pub -s m.key
echo "minisign payload" >mdata
run_ok "minisign signs (pre-hashed)" minisign -S -s m.key -m mdata -t "from minisign"
run_ok "nip verifies minisign's signature" "$NIP" verify -p m.pub mdata
grep -q "trusted comment: from minisign" out
ok $? "and reports minisign's trusted comment"
run_ok "minisign signs in legacy mode" minisign -S -l -s m.key -m mdata
run_ok "nip verifies a legacy signature" "$NIP" verify -p m.pub mdata

echo "other" >odata
run_ok "nip signs with a key minisign made" "$NIP" sign -k m.key odata
run_ok "minisign verifies that too" minisign -Vm odata -p m.pub

echo "tampered" >>data
run_fails "nip refuses a changed file" 3 "BAD signature" \
	"$NIP" verify -p k.pub data
minisign -Vm data -p k.pub >/dev/null 2>&1
ok $((! $?)) "minisign refuses it as well"
cp mdata.minisig odata.minisig
run_fails "a signature by an unknown key is named as such" 3 "unknown key" \
	"$NIP" verify -p k.pub odata
rm odata.minisig
run_fails "a missing signature is an error naming the file" 1 \
	"odata.minisig" "$NIP" verify -p m.pub odata
# Change one character inside the secret key's base64 (A to B, anything
# else to A): it must be noticed.
sed -e '2{s/^\(.\{80\}\)A/\1B/;t' -e 's/^\(.\{80\}\)./\1A/;}' k.key >bad.key
cmp -s k.key bad.key
ok $((! $?)) "the damaged key differs from the good one"
run_fails "a damaged secret key is refused" 3 "secret key is damaged" \
	"$NIP" sign -k bad.key odata
printf 'untrusted comment: x\nRWQgarbage\n' >bad.pub
run_fails "a malformed public key is refused" 3 "not a minisign public key" \
	"$NIP" verify -p bad.pub odata
done_testing
