#!/usr/bin/env bash
# Debian's Chromium and the CJK fonts for the browser tests (no browser download: Playwright drives /usr/bin/chromium).
#
#   scripts/browser.sh ensure   install chromium and fonts-noto-cjk with apt-get if missing; print the browser's path
#
# Idempotent: a machine that has both installs nothing. Progress goes to stderr; stdout carries only the path, so
# `browser=$(scripts/browser.sh ensure)` works. Needs root or sudo the first time. See docs/operations.md.
set -euo pipefail

say() { printf 'browser.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

BROWSER=${ONETHING_CHROMIUM:-/usr/bin/chromium}

missing() {
  local packages=()
  [[ -x $BROWSER ]] || packages+=(chromium)
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || packages+=(fonts-noto-cjk)
  printf '%s\n' "${packages[@]}"
}

ensure() {
  mapfile -t packages < <(missing | sed '/^$/d')
  if ((${#packages[@]})); then
    local run=()
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || die "installing ${packages[*]} needs root or sudo"
      run=(sudo)
    fi
    say "installing ${packages[*]} with apt-get (first run only)"
    "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
      || die "apt-get update failed"
    "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2 \
      || die "apt-get install ${packages[*]} failed"
  fi
  [[ -x $BROWSER ]] || die "$BROWSER is missing after the install"
  printf '%s\n' "$BROWSER"
}

case "${1:-}" in
  ensure) ensure ;;
  *) echo "usage: scripts/browser.sh ensure" >&2; exit 2 ;;
esac
