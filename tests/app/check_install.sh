#!/usr/bin/env bash
# check_install.sh BUILD_DIR: installs the build into a temporary prefix and runs the installed
# CLI there, so plugin discovery and data paths work from the install tree, not only the build.
set -euo pipefail
build_dir=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
cli="$prefix/bin/anomadiff-cli"
[ -x "$cli" ] || { echo "FAIL: $cli was not installed"; exit 1; }
"$cli" --version
methods=$(env -u ANOMADIFF_PLUGIN_DIR "$cli" methods)
grep -q "^intensity" <<<"$methods" || { echo "FAIL: installed CLI finds no intensity plugin:"; echo "$methods"; exit 1; }
[ -f "$prefix/share/anomadiff/examples/example.nii.gz" ] || { echo "FAIL: example not installed"; exit 1; }
[ -f "$prefix/share/applications/anomadiff.desktop" ] || { echo "FAIL: desktop entry not installed"; exit 1; }
echo "OK: installed tree at $prefix works"
