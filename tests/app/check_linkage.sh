#!/usr/bin/env bash
# check_linkage.sh BINARY [--require NAME]... [--forbid NAME]...
# Fails when a required library is missing from `ldd BINARY` or a forbidden one is present.
# Requiring libraries too keeps the check from passing on an ldd that printed nothing.
set -euo pipefail
binary=$1
shift
libraries=$(ldd "$binary")
status=0
while [ $# -gt 0 ]; do
  case "$1" in
    --require)
      if ! grep -q "$2" <<<"$libraries"; then echo "FAIL: $binary does not link $2"; status=1; fi ;;
    --forbid)
      count=$(grep -c "$2" <<<"$libraries" || true)
      if [ "$count" -ne 0 ]; then echo "FAIL: $binary links $2:"; grep "$2" <<<"$libraries"; status=1; fi ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
  shift 2
done
[ $status -eq 0 ] && echo "OK: $binary linkage as required"
exit $status
