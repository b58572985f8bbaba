#!/usr/bin/env bash
# Signs a request to the secuconnect ERP bridge and verifies the bridge's callbacks (bash and openssl only).
#
#   X-Signature-Timestamp: <unix seconds>
#   X-Signature: v2=<lower-case hex HMAC-SHA256(signing secret, timestamp \n METHOD \n path-with-query \n raw body)>
#
# As a command:
#   erp-signature.sh sign   SECRET TIMESTAMP METHOD PATH BODY_FILE              prints the X-Signature value (v2=<hex>)
#   erp-signature.sh verify SECRET TIMESTAMP SIGNATURE METHOD PATH BODY_FILE    exit 0 valid, 1 no match, 2 malformed, 3 stale
# or source it and call erp_sign / erp_verify. PATH is the request target as sent, with its query and without scheme
# or host (/api/v1/merchants/shop1/cash-payments); for a callback, the path of your callback URL. BODY_FILE holds the
# exact bytes sent (an empty file for a body-less POST such as /cancel; - for standard input). The secret is an
# argument here, so it shows in the process list: on a shared machine read it from a protected file into the
# variable first, never type it on the command line.

ERP_SIGNATURE_TOLERANCE=300

# Scheme v2: hex HMAC-SHA256 of "<timestamp>\n<METHOD>\n<path-with-query>\n<body>", keyed with the secret's bytes.
erp_signature_v2() { # SECRET TIMESTAMP METHOD PATH BODY_FILE
  { printf '%s\n%s\n%s\n' "$2" "${3^^}" "$4"; cat -- "$5"; } | openssl dgst -sha256 -hmac "$1" -r | cut -d' ' -f1
}

erp_sign() { # SECRET TIMESTAMP METHOD PATH BODY_FILE
  printf 'v2=%s\n' "$(erp_signature_v2 "$1" "$2" "$3" "$4" "$5")"
}

erp_verify() { # SECRET TIMESTAMP SIGNATURE METHOD PATH BODY_FILE [NOW]
  local secret=$1 timestamp=$2 header=$3 method=$4 path=$5 body=$6 now=${7:-$(date +%s)}
  [[ $timestamp =~ ^[0-9]+$ ]] || return 2
  local expected value found=0 match=1
  expected=$(printf '%s' "$(erp_signature_v2 "$secret" "$timestamp" "$method" "$path" "$body")" | sha256sum)
  local IFS=,
  for value in $header; do
    value=${value//[[:space:]]/}
    [[ $value == *=* && ${value%%=*} != "" ]] || return 2
    [[ ${value%%=*} == [vV]2 ]] || continue
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
    sign) [[ $# -eq 6 ]] && erp_sign "$2" "$3" "$4" "$5" "$6" && exit 0 ;;
    verify) [[ $# -eq 7 ]] && { erp_verify "$2" "$3" "$4" "$5" "$6" "$7" && exit 0 || exit $?; } ;;
  esac
  sed -n '7,9p' "$0" >&2
  exit 64
fi
