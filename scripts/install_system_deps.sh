#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Chromium for the browser tests of the family portal,
# LibreOffice (headless) for PDF/A, poppler for PDF to PNG pages, and Liberation Sans: metric-compatible with
# Arial (the documents' font), so LibreOffice breaks lines as Word does and embeds it in the PDF. PostgreSQL's
# server for the test suite's second pass (scripts/postgres.sh runs a cluster under var/): Debian puts its
# binaries in /usr/lib/postgresql/<version>/bin, not on PATH, so that is where to look for them.
# Idempotent: installs only what is missing. Needs root (or sudo) when something is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "dejavu" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "Liberation Sans" || missing+=(fonts-liberation2)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
