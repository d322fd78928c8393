#!/usr/bin/env bash
# npm run test:contract: the built actions against moto's standalone server, an AWS stand-in
# nobody here wrote. Creates .venv (gitignored) with moto on first use, starts moto on a free
# 127.0.0.1 port, points the AWS SDK at it with fake credentials, runs the contract jest
# config, and always stops moto. Works unattended (CI=true, no stdin); exits non-zero on any
# failure, including moto failing to install or start.
set -euo pipefail

MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
venv="$root/.venv"
exec </dev/null

log() { printf '[contract] %s\n' "$*" >&2; }

installed_version() {
  "$venv/bin/python" -c 'from importlib.metadata import version; print(version("moto"))' 2>/dev/null || true
}

if [ ! -x "$venv/bin/python" ]; then
  command -v python3 >/dev/null || { log "python3 is needed to run moto"; exit 1; }
  log "creating $venv"
  if ! python3 -m venv "$venv"; then
    rm -rf "$venv"
    log "python3 -m venv failed: install the venv module (e.g. apt-get install python3-venv)"
    exit 1
  fi
fi
if [ "$(installed_version)" != "$MOTO_VERSION" ] || [ ! -x "$venv/bin/moto_server" ]; then
  log "installing moto[server]==$MOTO_VERSION into .venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q \
    "moto[server]==$MOTO_VERSION"
fi

moto_pid=""
moto_log="$(mktemp "${TMPDIR:-/tmp}/safe-deploy-moto.XXXXXX")"
stop_moto() {
  if [ -n "$moto_pid" ] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -f "$moto_log"
}
trap stop_moto EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Answers once moto serves its own API; fails fast if the process died (e.g. port taken).
wait_for_moto() {
  local url="$1" deadline=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$moto_pid" 2>/dev/null || return 1
    if "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2).read()' \
      "$url/moto-api/data.json" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.3
  done
  return 1
}

# Picking a free port and binding it are two steps; another process can win the race, so retry.
endpoint=""
for attempt in 1 2 3; do
  port="$(free_port)"
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$moto_log" 2>&1 &
  moto_pid=$!
  if wait_for_moto "http://127.0.0.1:$port"; then
    endpoint="http://127.0.0.1:$port"
    break
  fi
  log "moto did not start on port $port (attempt $attempt):"
  tail -n 20 "$moto_log" >&2 || true
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
  moto_pid=""
done
if [ -z "$endpoint" ]; then
  log "moto_server never answered; giving up"
  exit 1
fi
log "moto $MOTO_VERSION at $endpoint"

# Nothing from the developer's shell may send these tests to a real account.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE \
  AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_DEFAULT_REGION
export AWS_ENDPOINT_URL="$endpoint"
export AWS_ENDPOINT_URL_LAMBDA="$endpoint"
export AWS_ENDPOINT_URL_CLOUDWATCH="$endpoint"
export AWS_ENDPOINT_URL_IAM="$endpoint"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_EC2_METADATA_DISABLED=true
export SAFE_DEPLOY_CONTRACT_MOTO="$MOTO_VERSION"
export CI="${CI:-true}"

status=0
node --experimental-vm-modules node_modules/jest/bin/jest.js -c test/contract/jest.config.js \
  --ci --verbose "$@" || status=$?
if [ "$status" -ne 0 ]; then
  log "tests failed ($status); the end of moto's log:"
  tail -n 30 "$moto_log" >&2 || true
fi
exit "$status"
