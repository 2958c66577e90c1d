#!/usr/bin/env bash
# check_package.sh BUILD_DIR: builds the .deb and the .tar.gz with CPack and tests them as a user
# gets them — the .deb extracted with dpkg-deb into a temporary root, the .tar.gz unpacked into
# another folder — by running the installed programs there: --version, methods, a localize of
# the bundled example with the installed default model, and the GUI's --screenshot under the
# caller's X server. Also: no build path in any installed file, RUNPATHs relative to $ORIGIN,
# the desktop entry valid, the MIME types and icons in place, lintian without errors.
set -euo pipefail
build_dir=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build_dir" && cpack -G "DEB;TGZ" -B "$work/packages" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack could not build the packages"; }
deb=$(ls "$work"/packages/*.deb)
tgz=$(ls "$work"/packages/*.tar.gz)
echo "packages: $(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$tgz") ($(du -h "$tgz" | cut -f1))"

# Depends: what dpkg-shlibdeps found plus the run-time plugins, never a -dev package.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in libqt6widgets6 libtorch1.13 libdcmtk17 qt6-qpa-plugins libopenblas0-openmp mricron-data; do
  grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed"
done
! grep -q -- "-dev" <<<"$depends" || fail "Depends names a -dev package"

# Tests one installed tree: PREFIX holds bin/, lib/, share/.
check_tree() {
  local prefix=$1 name=$2
  local cli="$prefix/bin/anomadiff-cli" gui="$prefix/bin/anomadiff"
  [ -x "$cli" ] && [ -x "$gui" ] || fail "$name: the programs are not installed"
  # Nothing may point back into the build: no build path in any file, RUNPATHs from $ORIGIN.
  if grep -rl --binary-files=text -F "$build_dir" "$prefix" >"$work/leaks" 2>/dev/null; then
    fail "$name: installed files name the build tree: $(head -3 "$work/leaks" | tr '\n' ' ')"
  fi
  while IFS= read -r -d '' elf; do
    local runpath
    runpath=$(readelf -d "$elf" 2>/dev/null | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
    [ -z "$runpath" ] || [[ "$runpath" == '$ORIGIN'* ]] ||
      fail "$name: $elf has the RUNPATH $runpath"
  done < <(find "$prefix" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
  # The programs run from there, finding plugins, model and example next to themselves.
  env -u ANOMADIFF_PLUGIN_DIR "$cli" --version >/dev/null || fail "$name: --version"
  local methods
  methods=$(env -u ANOMADIFF_PLUGIN_DIR "$cli" methods) || fail "$name: methods"
  grep -q "^ddpm " <<<"$methods" || fail "$name: the installed CLI finds no ddpm plugin"
  local example="$prefix/share/anomadiff/examples/example.nii.gz"
  local model="$prefix/share/anomadiff/models/default"
  [ -f "$example" ] && [ -f "$model/model.json" ] && [ -f "$model/MODEL_CARD.md" ] ||
    fail "$name: example or default model missing"
  env -u ANOMADIFF_PLUGIN_DIR "$cli" localize "$example" -o "$work/$name-result" --model "$model" \
    -N 1 -K 2 >"$work/$name-localize.log" 2>&1 || { cat "$work/$name-localize.log"; fail "$name: localize"; }
  for file in anomaly_map.nii.gz boxes.json report.html; do
    [ -s "$work/$name-result/$file" ] || fail "$name: localize wrote no $file"
  done
  env -u ANOMADIFF_PLUGIN_DIR QT_QPA_PLATFORM=xcb "$gui" --screenshot "$work/$name.png" \
    --size 1000x700 >"$work/$name-gui.log" 2>&1 || { cat "$work/$name-gui.log"; fail "$name: GUI"; }
  [ "$(stat -c %s "$work/$name.png")" -gt 20000 ] || fail "$name: the GUI's frame is empty"
  for file in share/applications/anomadiff.desktop share/mime/packages/anomadiff.xml \
      share/icons/hicolor/scalable/apps/anomadiff.svg share/icons/hicolor/48x48/apps/anomadiff.png \
      share/man/man1/anomadiff.1.gz share/man/man1/anomadiff-cli.1.gz \
      share/doc/anomadiff/copyright share/doc/anomadiff/THIRD_PARTY_NOTICES.md; do
    [ -s "$prefix/$file" ] || fail "$name: $file is not installed"
  done
  echo "OK: $name runs from $prefix"
}

dpkg-deb -x "$deb" "$work/root"
check_tree "$work/root/usr" deb
mkdir -p "$work/elsewhere/some folder"
tar -xzf "$tgz" -C "$work/elsewhere/some folder"
check_tree "$(ls -d "$work/elsewhere/some folder"/anomadiff-*)" tgz

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$work/root/usr/share/applications/anomadiff.desktop" ||
    fail "desktop-file-validate"
else
  echo "SKIP: desktop-file-validate is not installed (tools/setup-deps installs it)"
fi
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
  sed 's/^/lintian: /' "$work/lintian.log"
  ! grep -q "^E:" "$work/lintian.log" || fail "lintian reports errors"
else
  echo "SKIP: lintian is not installed (tools/setup-deps installs it)"
fi
echo "OK: the .deb and the .tar.gz install and run"
