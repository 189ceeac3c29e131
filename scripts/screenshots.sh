#!/usr/bin/env bash
# Regenerates the README pictures in docs/images/ (hover.png, diagnostics-quickfix.png, completion.png, snippet.png,
# exposure-lens.png, units-view.png, effective-unit.png) with the e2e UI smoke test: the packaged extension in code-server, driven by headless chromium (see
# test/e2e/README.md). `npm run test:e2e` alone never writes there (its screenshots go to its per-run folder).
# Same environment as scripts/e2e.sh, e.g. E2E_SKIP_PACKAGE=1 to reuse systemd-units.vsix.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$ROOT/docs/images"
E2E_ONLY=ui E2E_SCREENSHOTS="$ROOT/docs/images" exec bash "$ROOT/scripts/e2e.sh"
