#!/bin/sh
# make-certs.sh DIR: a test PKI for HTTPS repositories, made fresh for
# each run with openssl:
#   ca.pem                   the CA a test trusts
#   good.pem, good.key       its server certificate for 127.0.0.1,
#                            localhost and repo.test (QEMU guests map
#                            it to 10.0.2.2: Mbed TLS 2 checks names only)
#   wrongname.pem, .key      its certificate for another name only
#   rogue-ca.pem             a CA nobody trusts
#   untrusted.pem, .key      the rogue CA's certificate for the good names
set -eu
d=$1
mkdir -p "$d"
cd "$d"
ca() {	# ca NAME: a self-signed CA
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$1.key" -out "$1.pem" -days 2 \
		-subj "/CN=Nexus test $1" 2>/dev/null
}
leaf() {	# leaf NAME CA SAN: a server certificate CA signs for SAN
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		"$3" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" \
		-CAcreateserial -days 2 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
ca ca
ca rogue-ca
leaf good ca "IP:127.0.0.1,DNS:localhost,DNS:repo.test"
leaf wrongname ca "DNS:wrong.invalid"
leaf untrusted rogue-ca "IP:127.0.0.1,DNS:localhost,DNS:repo.test"
