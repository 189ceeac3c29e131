#!/usr/bin/env bash
# Installs what the end-to-end tests need, cached outside the clone; idempotent (a warm run does nothing).
#   E2E_CACHE   where to install (default ${XDG_CACHE_HOME:-$HOME/.cache}/systemd-units/e2e)
#   CS_VERSION  code-server version (4.100.3 = VS Code 1.100.3, the newest that runs on node 20)
# Prints nothing but progress; the code-server binary ends up in $E2E_CACHE/code-server-$CS_VERSION.
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"
E2E_CACHE="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/systemd-units/e2e}"
DEST="$E2E_CACHE/code-server-$CS_VERSION"
export npm_config_yes=true # node-pty's postinstall runs `npx node-gyp`
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm_config_loglevel=error
export DEBIAN_FRONTEND=noninteractive

# 1. Debian packages: chromium drives the web workbench; libkrb5-dev, pkg-config, g++ and make build code-server's
#    native modules; ripgrep replaces the binary @vscode/ripgrep would download from GitHub.
missing=()
for p in chromium libkrb5-dev ripgrep pkg-config g++ make python3 curl ca-certificates; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || { echo "e2e setup: missing Debian packages (${missing[*]}); run as root or install them" >&2; exit 1; }
  echo "e2e setup: apt-get install ${missing[*]}"
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$DEST/.installed" ]; then
  echo "e2e setup: code-server $CS_VERSION cached in $DEST"
  exit 0
fi
echo "e2e setup: installing code-server $CS_VERSION into $DEST (a few minutes, once)"
rm -rf "$DEST"
mkdir -p "$DEST"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/systemd-units-e2e-setup.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export TMPDIR="$TMP" # the seeded ripgrep cache (below) and the build's temporary files stay in here

# 2. Fetch the package once. If it uses @vscode/ripgrep (whose postinstall downloads from GitHub), seed that
#    package's download cache with Debian's rg.
(cd "$TMP" && timeout 600 npm pack --silent "code-server@$CS_VERSION" >/dev/null)
TGZ="$TMP/code-server-$CS_VERSION.tgz"
tar xzf "$TGZ" -C "$TMP" package/lib/vscode/npm-shrinkwrap.json
RG_VER="$(node -p "(require('$TMP/package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep']||{}).version||''")"
if [ -n "$RG_VER" ]; then
  (cd "$TMP" && timeout 300 npm pack --silent "@vscode/ripgrep@$RG_VER" >/dev/null &&
    tar xzf "vscode-ripgrep-$RG_VER.tgz" package/lib/postinstall.js)
  RG_TAG="$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$TMP/package/lib/postinstall.js")"
  CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_VER"
  mkdir -p "$CACHE"
  tar czf "$CACHE/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
fi

# 3. Install; code-server's postinstall runs `npm install` in lib/vscode and builds the native modules.
timeout 1500 npm install --prefix "$DEST" --unsafe-perm --no-save "$TGZ" >"$DEST/install.log" 2>&1 ||
  {
    tail -40 "$DEST/install.log"
    exit 1
  }
XDG_DATA_HOME="$TMP" XDG_CONFIG_HOME="$TMP" "$DEST/node_modules/.bin/code-server" --config /dev/null --version
touch "$DEST/.installed"
