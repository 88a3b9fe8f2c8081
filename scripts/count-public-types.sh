#!/usr/bin/env bash
# Counts the public types of each library module, as an embedder sees them: public top-level types
# (and, separately, public nested types) in src/main/java, outside non-exported packages. A module
# with a module-info.java is counted over its exported packages; one without, over every package
# without an "internal" segment. Reads the sources, so no build is needed.
#   scripts/count-public-types.sh [module...]      (default: vault-client vault-server platform sdk)
set -euo pipefail
cd "$(dirname "$0")/.."
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(vault-client vault-server platform sdk)

top_level='^public +((final|abstract|sealed|non-sealed|static) +)*(class|interface|record|enum|@interface) '
nested='^ +public +((static|final|abstract|sealed|non-sealed) +)*(class|interface|record|enum|@interface) '

printf '%-14s %10s %10s %10s\n' module top-level nested all-files
for m in "${modules[@]}"; do
  src="$m/src/main/java"
  files=$(find "$src" -name '*.java' ! -name module-info.java ! -name package-info.java | sort)
  if [ -f "$src/module-info.java" ]; then
    exported=$(sed -n 's/^ *exports \([a-z0-9_.]*\);/\1/p' "$src/module-info.java" | tr '.' '/')
    keep=""
    for f in $files; do
      dir=$(dirname "${f#"$src"/}")
      if grep -qx "$dir" <<<"$exported"; then keep+="$f"$'\n'; fi
    done
  else
    keep=$(grep -v '/internal/' <<<"$files" || true)
  fi
  api=$(grep -v '^$' <<<"$keep" || true)
  t=0; n=0
  if [ -n "$api" ]; then
    t=$(xargs grep -hE "$top_level" <<<"$api" | wc -l)
    n=$(xargs grep -hE "$nested" <<<"$api" | wc -l)
  fi
  printf '%-14s %10d %10d %10d\n' "$m" "$t" "$n" "$(wc -l <<<"$files")"
done
