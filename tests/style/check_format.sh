#!/usr/bin/env bash
# check_format.sh SOURCE_DIR: every C++ file of the repository is formatted as .clang-format says
# (clang-format --dry-run --Werror); lists the files that are not and how to fix them.
set -euo pipefail
cd "$1"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.h' '*.cpp')
else
  mapfile -t files < <(find app core gui plugins tests -name '*.h' -o -name '*.cpp')
fi
# One clang-format for all files; its diagnostics start with the file name.
mapfile -t unformatted < <(clang-format --dry-run "${files[@]}" 2>&1 |
                           sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*clang-format-violations.*/\1/p' |
                           sort -u)
if [ ${#unformatted[@]} -ne 0 ]; then
  echo "FAIL: ${#unformatted[@]} of ${#files[@]} files are not clang-formatted:"
  printf '  %s\n' "${unformatted[@]}"
  echo "fix: clang-format -i ${unformatted[*]}"
  exit 1
fi
echo "OK: ${#files[@]} files clang-formatted"
