#!/usr/bin/env bash
# Signs a request to the secuconnect ERP bridge and verifies the bridge's callbacks (bash and openssl only).
#
#   X-Signature-Timestamp: <unix seconds>
#   X-Signature: v1=<lower-case hex HMAC-SHA256(signing secret, timestamp + "." + raw body bytes)>
#
# As a command:
#   erp-signature.sh sign   SECRET TIMESTAMP BODY_FILE              prints the X-Signature value (v1=<hex>)
#   erp-signature.sh verify SECRET TIMESTAMP SIGNATURE BODY_FILE    exit 0: valid; 1: no match; 2: malformed; 3: stale
# or source it and call erp_sign / erp_verify. BODY_FILE holds the exact bytes sent (an empty file for a body-less
# POST such as /cancel; - for standard input). The secret is an argument here, so it shows in the process list:
# on a shared machine read it from a protected file into the variable first, never type it on the command line.

ERP_SIGNATURE_TOLERANCE=300

# Scheme v1: hex HMAC-SHA256 of "<timestamp>.<body>", keyed with the secret's bytes.
erp_signature_v1() { # SECRET TIMESTAMP BODY_FILE
  { printf '%s.' "$2"; cat -- "$3"; } | openssl dgst -sha256 -hmac "$1" -r | cut -d' ' -f1
}

erp_sign() { # SECRET TIMESTAMP BODY_FILE
  printf 'v1=%s\n' "$(erp_signature_v1 "$1" "$2" "$3")"
}

erp_verify() { # SECRET TIMESTAMP SIGNATURE BODY_FILE [NOW]
  local secret=$1 timestamp=$2 header=$3 body=$4 now=${5:-$(date +%s)}
  [[ $timestamp =~ ^[0-9]+$ ]] || return 2
  local expected value found=0 match=1
  expected=$(printf '%s' "$(erp_signature_v1 "$secret" "$timestamp" "$body")" | sha256sum)
  local IFS=,
  for value in $header; do
    value=${value//[[:space:]]/}
    [[ $value == *=* && ${value%%=*} != "" ]] || return 2
    [[ ${value%%=*} == [vV]1 ]] || continue
    value=${value#*=}
    [[ $value =~ ^[0-9a-fA-F]{64}$ ]] || return 2
    found=1
    # compare digests of both, so the time taken says nothing about the expected value
    [[ $(printf '%s' "${value,,}" | sha256sum) == "$expected" ]] && match=0
  done
  ((found)) || return 2
  ((now - timestamp <= ERP_SIGNATURE_TOLERANCE && timestamp - now <= ERP_SIGNATURE_TOLERANCE)) || return 3
  return $match
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    sign) [[ $# -eq 4 ]] && erp_sign "$2" "$3" "$4" && exit 0 ;;
    verify) [[ $# -eq 5 ]] && { erp_verify "$2" "$3" "$4" "$5" && exit 0 || exit $?; } ;;
  esac
  sed -n '7,9p' "$0" >&2
  exit 64
fi
