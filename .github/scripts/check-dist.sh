#!/usr/bin/env bash
# Fails when the committed dist/ is not what `npm run build` makes from the committed source:
# the runner executes dist/, so a stale or missing bundle ships code nobody reviewed or tested.
set -euo pipefail
cd "$(dirname "$0")/../.."

npm run build --silent

status=0
changes=$(git status --porcelain --untracked-files=all -- dist)
if [[ -n "$changes" ]]; then
  status=1
  echo "dist/ differs from a fresh build. Changed files:"
  echo "$changes"
  echo
  git --no-pager diff --stat -- dist || true
fi

# build.mjs only rebuilds actions that exist: a bundle whose action.yml is gone stays behind.
for dir in dist/*/; do
  [[ -d "$dir" ]] || continue
  name=$(basename "$dir")
  if [[ ! -f "actions/$name/action.yml" ]]; then
    status=1
    echo "dist/$name has no actions/$name/action.yml: remove it (git rm -r dist/$name)."
  fi
done

if [[ $status -ne 0 ]]; then
  message="dist/ is stale: run 'npm run build' and commit dist/."
  if [[ "${GITHUB_ACTIONS:-}" == "true" ]]; then echo "::error title=Stale dist::$message"; fi
  echo "$message" >&2
  exit 1
fi
echo "dist/ matches a fresh build."
