#!/usr/bin/env bash
# The workspace's front-end assets from the npm registry (package.json, pinned by package-lock.json): the NL Design
# System CSS and theme tokens, htmx, Swagger UI and ReDoc for /docs and /redoc, and axe-core for the browser tests.
# No build step and no CDN: `npm ci` fills node_modules/, then exactly the files the pages load are copied into
# api/static/vendor/ (gitignored), which the app serves under /static/vendor/. axe-core stays in node_modules/: it
# is a test tool and is never served.
# Idempotent: skips npm when node_modules/ was installed from this lockfile, and the copy when vendor/ is current.
set -euo pipefail
cd "$(dirname "$0")/.."

VENDOR=api/static/vendor
NM=node_modules
# source (under node_modules/) -> target (under api/static/vendor/)
FILES=(
  "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css nlds/theme.css"
  "@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md nlds/LICENSE-theme.md"
  "@utrecht/component-library-css/dist/index.css nlds/component-library.css"
  "@utrecht/component-library-css/dist/html.css nlds/html.css"
  "@utrecht/component-library-css/LICENSE.md nlds/LICENSE-component-library.md"
  "htmx.org/dist/htmx.min.js htmx.min.js"
  "htmx.org/LICENSE htmx-LICENSE.txt"
  "swagger-ui-dist/swagger-ui-bundle.js swagger-ui/swagger-ui-bundle.js"
  "swagger-ui-dist/swagger-ui.css swagger-ui/swagger-ui.css"
  "swagger-ui-dist/favicon-32x32.png swagger-ui/favicon-32x32.png"
  "swagger-ui-dist/LICENSE swagger-ui/LICENSE"
  "swagger-ui-dist/NOTICE swagger-ui/NOTICE"
  "redoc/bundles/redoc.standalone.js redoc/redoc.standalone.js"
  "redoc/LICENSE redoc/LICENSE"
)
# What the tests read from node_modules/ directly.
KEEP=("axe-core/axe.min.js")

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: installing Debian's nodejs and npm" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

lock_hash=$(hash_of package.json package-lock.json)
nm_stamp="$NM/.tegenspraak-installed"
missing_kept=0
for f in "${KEEP[@]}"; do [ -f "$NM/$f" ] || missing_kept=1; done
if [ "$(cat "$nm_stamp" 2>/dev/null)" != "$lock_hash" ] || [ "$missing_kept" -eq 1 ]; then
  echo "npm ci (front-end assets from package-lock.json)" >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$nm_stamp"
fi

vendor_hash=$(hash_of package.json package-lock.json scripts/install_frontend.sh)
vendor_stamp="$VENDOR/.installed"
current=1
[ "$(cat "$vendor_stamp" 2>/dev/null)" = "$vendor_hash" ] || current=0
for pair in "${FILES[@]}"; do
  [ -f "$VENDOR/${pair#* }" ] || current=0
done
if [ "$current" -eq 1 ]; then
  exit 0
fi
rm -rf "$VENDOR"
for pair in "${FILES[@]}"; do
  src="$NM/${pair%% *}"
  dst="$VENDOR/${pair#* }"
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
done
echo "$vendor_hash" > "$vendor_stamp"
echo "front-end assets copied to $VENDOR/" >&2
