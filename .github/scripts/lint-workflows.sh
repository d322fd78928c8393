#!/usr/bin/env bash
# npm run lint:workflows: actionlint (workflow syntax, expressions, contexts) and zizmor
# (workflow security: pinning, credentials, permissions, injection), both pinned.
# actionlint is built from the Go module proxy into .tools/ (gitignored), zizmor installed
# from PyPI into .venv (the one the contract tests use); each is fetched once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
exec </dev/null

ACTIONLINT_VERSION=1.7.12
ZIZMOR_VERSION=1.32.0
tools="$root/.tools"
venv="$root/.venv"
log() { printf '[lint-workflows] %s\n' "$*" >&2; }

if ! "$tools/bin/actionlint" -version 2>/dev/null | head -1 | grep -qx "v$ACTIONLINT_VERSION"; then
  command -v go >/dev/null || { log "go is needed to build actionlint $ACTIONLINT_VERSION"; exit 1; }
  log "building actionlint $ACTIONLINT_VERSION into $tools/bin"
  GOBIN="$tools/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi

if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv"
  python3 -m venv "$venv"
fi
if [ "$("$venv/bin/zizmor" --version 2>/dev/null)" != "zizmor $ZIZMOR_VERSION" ]; then
  log "installing zizmor==$ZIZMOR_VERSION into .venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q "zizmor==$ZIZMOR_VERSION"
fi

log "actionlint $ACTIONLINT_VERSION"
"$tools/bin/actionlint"
log "zizmor $ZIZMOR_VERSION (offline, pedantic)"
"$venv/bin/zizmor" --offline --persona pedantic --config .github/zizmor.yml .github/workflows
