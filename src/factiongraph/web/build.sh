#!/usr/bin/env bash
# Re-vendor the JavaScript the pages use (no CDN at run time): cytoscape from the npm registry.
# Usage: src/factiongraph/web/build.sh [VERSION]   (needs node and npm; writes static/vendor/)
set -euo pipefail
VERSION="${1:-3.34.4}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund "cytoscape@${VERSION}" >/dev/null
cp node_modules/cytoscape/dist/cytoscape.min.js "$HERE/static/vendor/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$HERE/static/vendor/cytoscape.LICENSE"
sha256sum "$HERE/static/vendor/cytoscape.min.js"
