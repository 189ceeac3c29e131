#!/usr/bin/env bash
# npm run test:e2e: end-to-end tests of the PACKAGED extension in a real VS Code (code-server 4.100.3 = VS Code
# 1.100.3, from the npm registry), driven by Debian's chromium through playwright-core.
#
#   1. set-up (cached in ${XDG_CACHE_HOME:-$HOME/.cache}/systemd-units/e2e): apt packages, code-server
#   2. npm run package -> systemd-units.vsix, installed with code-server --install-extension into a per-run dir
#   3. the mocha suite (test/e2e/suite) inside code-server's node extension host
#   4. the same suite inside the browser's web worker extension host (VS Code for the Web: the extension's "browser"
#      entry and its web worker server), forced by "remote.extensionKind": ["web"]
#   5. the UI smoke test (test/e2e/ui), which also writes screenshots to $E2E_SCREENSHOTS (default: the per-run
#      folder; scripts/screenshots.sh writes docs/images/)
#
# The last line of output is "N passed, N failed"; the exit status is non-zero on any failure.
# Environment: E2E_VSIX=path tests that VSIX instead of building one; E2E_SKIP_PACKAGE=1 reuses systemd-units.vsix;
# E2E_GREP=pattern runs only matching mocha tests; E2E_ONLY=suite|web|ui|electron runs one part;
# KEEP_E2E=1 keeps the per-run folder (it is always kept when something fails).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

CS_VERSION="${CS_VERSION:-4.100.3}"
export E2E_CACHE="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/systemd-units/e2e}"
CODE_SERVER="$E2E_CACHE/code-server-$CS_VERSION/node_modules/.bin/code-server"
mkdir -p "$E2E_CACHE"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/systemd-units-e2e.XXXXXX")"
START=$SECONDS
passed=0
failed=0
skipped=0
pids=()

say() { printf '[e2e %4ss] %s\n' "$((SECONDS - START))" "$*"; }

stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    # Each code-server was started with setsid: its process group holds the extension host and the language server.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

cleanup() {
  stop_all
  if [ "$failed" -eq 0 ] && [ -z "${KEEP_E2E:-}" ]; then
    rm -rf "$WORK"
  else
    echo "e2e logs kept in $WORK"
  fi
}
trap cleanup EXIT
trap 'say "interrupted"; failed=$((failed + 1)); exit 130' INT TERM

finish() {
  say "done: $skipped skipped"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

abort() {
  say "ERROR: $*"
  failed=$((failed + 1))
  finish
}

# 1. Set-up (apt packages need root; CI runs as root).
say "set-up"
timeout 1800 bash "$ROOT/test/e2e/setup.sh" </dev/null || abort "set-up failed"
[ -x "$CODE_SERVER" ] || abort "no code-server at $CODE_SERVER"

# The test tools: devDependencies once package.json lists them; until then installed here without saving.
if ! node -e "for (const m of ['mocha', 'playwright-core', '@types/mocha/package.json']) require.resolve(m)" 2>/dev/null; then
  say "installing mocha, @types/mocha and playwright-core into node_modules (--no-save)"
  timeout 600 npm install --no-save --no-audit --no-fund --loglevel=error \
    mocha@^11.8.0 @types/mocha@^10.0.10 playwright-core@^1.65.1 </dev/null || abort "npm install of the test tools failed"
fi

# 2. The VSIX, and the suite compiled to out/e2e.
VSIX="${E2E_VSIX:-$ROOT/systemd-units.vsix}"
if [ -z "${E2E_SKIP_PACKAGE:-}" ] && [ -z "${E2E_VSIX:-}" ]; then
  say "npm run package"
  timeout 600 npm run --silent package </dev/null >"$WORK/package.log" 2>&1 ||
    {
      tail -30 "$WORK/package.log"
      abort "npm run package failed"
    }
fi
[ -f "$VSIX" ] || abort "no VSIX at $VSIX"
cp "$VSIX" "$WORK/systemd-units.vsix" # others may rebuild it while the tests run
say "compiling test/e2e"
rm -rf "$ROOT/out/e2e"
timeout 300 "$ROOT/node_modules/.bin/tsc" -p "$ROOT/test/e2e/tsconfig.json" || abort "test/e2e does not compile"

# Everything code-server and chromium write goes into the per-run folder, not $HOME.
export XDG_DATA_HOME="$WORK/xdg-data" XDG_CONFIG_HOME="$WORK/xdg-config" XDG_CACHE_HOME="$WORK/xdg-cache"
export XDG_RUNTIME_DIR="$WORK/xdg-runtime" TMPDIR="$WORK/tmp"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"

CS_ARGS=(--auth none --disable-telemetry --disable-update-check --disable-workspace-trust
  --disable-getting-started-override --ignore-last-opened)
say "installing the VSIX into $WORK/ext"
timeout 300 "$CODE_SERVER" "${CS_ARGS[@]}" --extensions-dir "$WORK/ext" --user-data-dir "$WORK/install-udd" \
  --install-extension "$WORK/systemd-units.vsix" </dev/null >"$WORK/install.log" 2>&1 ||
  {
    cat "$WORK/install.log"
    abort "code-server --install-extension failed"
  }
EXT_DIR="$(find "$WORK/ext" -mindepth 1 -maxdepth 1 -type d -name 'systemd-units.systemd-units-*' | head -1)"
[ -n "$EXT_DIR" ] || abort "the VSIX did not install: $(cat "$WORK/install.log")"
export EXT_DIR

free_port() { node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }

# Starts code-server on a free port with a fresh user-data dir and a copy of a fixture folder as the workspace; a
# third argument adds lines to the user settings; a fourth is the extensions folder (default: the one with the VSIX).
# Sets CS_URL and WS_FOLDER; the process group id is in pids.
start_code_server() {
  local name="$1" fixture="$2" extra="${3:-}" extensions="${4:-$WORK/ext}" dir="$WORK/$1" port
  mkdir -p "$dir/udd/User"
  cp -r "$fixture" "$dir/ws"
  { echo "{$extra"; cat; } >"$dir/udd/User/settings.json" <<'JSON'
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "git.enabled": false,
  "editor.hover.delay": 300,
  "files.autoSave": "off",
  "workbench.colorTheme": "Default Dark Modern"
}
JSON
  printf 'auth: none\ncert: false\n' >"$dir/config.yaml"
  port="$(free_port)"
  setsid timeout 1200 "$CODE_SERVER" "${CS_ARGS[@]}" --extensions-dir "$extensions" --bind-addr "127.0.0.1:$port" --user-data-dir "$dir/udd" \
    --config "$dir/config.yaml" "$dir/ws" </dev/null >"$dir/code-server.log" 2>&1 &
  pids+=("$!")
  CS_URL="http://127.0.0.1:$port"
  WS_FOLDER="$dir/ws"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$CS_URL/healthz" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$dir/code-server.log"
  return 1
}

# Adds the counts of a results file {passed, failed, skipped}; a missing file counts as one failure.
add_results() {
  local file="$1" counts
  if counts="$(node -e "const r = require(process.argv[1]); console.log(r.passed, r.failed, r.skipped)" "$file" 2>/dev/null)"; then
    read -r p f s <<<"$counts"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
  else
    say "no results in $file"
    failed=$((failed + 1))
  fi
}

want() { [ -z "${E2E_ONLY:-}" ] || [ "$E2E_ONLY" = "$1" ]; }

# 3. The mocha suite in code-server's node extension host (the remote extension host).
if want suite; then
  say "mocha suite in code-server's node extension host"
  # The systemctl commands meet a stand-in first on PATH that logs their arguments (test/e2e/fake-bin/systemctl).
  # VSCODE_CLI=1 keeps the server from replacing that PATH with a login shell's (it then skips resolving one).
  if PATH="$ROOT/test/e2e/fake-bin:$PATH" E2E_SYSTEMCTL_LOG="$WORK/suite/systemctl.log" VSCODE_CLI=1 \
    start_code_server suite "$ROOT/test/e2e/fixtures/workspace"; then
    # E2E_RESULTS is written by the harness (and by the suite, which inherits code-server's environment).
    E2E_RESULTS="$WORK/suite/results.json" CS_URL="$CS_URL" WS_FOLDER="$WS_FOLDER" \
      EXT_DEV_PATH="$ROOT/test/e2e/runner" EXT_TESTS_PATH="$ROOT/out/e2e/suite/index.js" \
      timeout 600 node "$ROOT/out/e2e/harness/integration.js" </dev/null
    add_results "$WORK/suite/results.json"
  else
    say "code-server did not start"
    failed=$((failed + 1))
  fi
  stop_all
fi

# 4. The same suite in the browser's web worker extension host (VS Code for the Web). VS Code runs extension tests
# in the host of the development extension that contains them, so the suite is bundled for the browser (esbuild,
# platform browser: a node built-in in the suite fails the build) into a generated web-only runner extension. The
# extension under test is not installed in this code-server (an empty extensions folder): the harness serves the
# installed VSIX's folder over http and adds it as a web extension, as vscode.dev does with gallery extensions.
# The run fails if the extension ran anywhere else: the suite checks its own host (a worker without `process`) and
# that getExtension sees the extension there; the harness, that the browser fetched dist/client/browser.js and
# dist/server/browser.js and not extension.js; this script, that code-server's node extension host never activated it.
if want web; then
  say "mocha suite in the browser's web worker extension host"
  RUNNER="$WORK/web-runner"
  mkdir -p "$RUNNER"
  timeout 120 "$ROOT/node_modules/.bin/esbuild" "$ROOT/test/e2e/suite/web.ts" --bundle --platform=browser \
    --format=cjs --target=es2022 --external:vscode --log-level=warning --outfile="$RUNNER/suite.js" ||
    abort "the web suite does not bundle for the browser"
  echo 'exports.activate = () => {};' >"$RUNNER/extension.js"
  # The completion tests skip while the installed server does not advertise completion: asked here, in node.
  completion="$(node -e "require(process.argv[1]).serverCapabilities(process.argv[2]).then((c) => console.log(!!c.completionProvider), () => console.log(false))" \
    "$ROOT/out/e2e/harness/capabilities.js" "$EXT_DIR")"
  node -e '
    const [file, grep, repoRoot, completion] = process.argv.slice(1);
    require("fs").writeFileSync(file, JSON.stringify({
      name: "systemd-units-e2e-web-runner", publisher: "systemd-units-test", version: "0.0.0", private: true,
      description: "Generated by scripts/e2e.sh: the web-only development extension that holds the web e2e suite.",
      engines: { vscode: "^1.91.0" }, browser: "./extension.js",
      e2e: { grep, repoRoot, completionProvider: completion === "true" },
    }, null, 2));' "$RUNNER/package.json" "${E2E_GREP:-}" "$ROOT" "$completion"
  mkdir -p "$WORK/web-ext"
  if start_code_server web "$ROOT/test/e2e/fixtures/workspace" '
  "remote.extensionKind": { "systemd-units-test.systemd-units-e2e-web-runner": ["web"] },' "$WORK/web-ext"; then
    E2E_HOST=web E2E_RESULTS="$WORK/web/results.json" CS_URL="$CS_URL" WS_FOLDER="$WS_FOLDER" EXT_DIR="$EXT_DIR" \
      EXT_DEV_PATH="$RUNNER" EXT_TESTS_PATH="$RUNNER/suite.js" \
      timeout 600 node "$ROOT/out/e2e/harness/integration.js" </dev/null
    add_results "$WORK/web/results.json"
    # code-server's node extension host logs every activation; systemd-units must not be among them.
    if grep -rqs '_doActivateExtension systemd-units\.systemd-units' "$WORK/web/udd/logs" --include='remoteexthost.log'; then
      say "FAIL: code-server's node extension host activated systemd-units in the web run"
      grep -rhs '_doActivateExtension systemd-units\.systemd-units' "$WORK/web/udd/logs" --include='remoteexthost.log' | head -5
      failed=$((failed + 1))
    else
      say "PASS: code-server's node extension host did not activate systemd-units in the web run"
      passed=$((passed + 1))
    fi
  else
    say "code-server did not start"
    failed=$((failed + 1))
  fi
  stop_all
fi

# 5. The UI smoke test.
# "Install This Unit…" runs here for real, but can only reach this run's folder: the user manager's directory is
# $XDG_CONFIG_HOME/systemd/user (per run, above), HOME is a per-run folder too, test/e2e/fake-bin is first on PATH
# (systemctl and sudo that only log, an install that refuses any destination outside $E2E_SANDBOX), and the index
# reads a stand-in machine (test/e2e/fixtures/machine) instead of the real unit directories, for stable screenshots.
if want ui; then
  say "UI smoke test in chromium"
  cp -r "$ROOT/test/e2e/fixtures/machine" "$WORK/machine" # a system unit directory (short path: it is in a picture)
  mkdir -p "$WORK/ui-home"
  if PATH="$ROOT/test/e2e/fake-bin:$PATH" HOME="$WORK/ui-home" VSCODE_CLI=1 E2E_SANDBOX="$WORK" \
    E2E_SYSTEMCTL_LOG="$WORK/ui-systemctl.log" E2E_INSTALL_LOG="$WORK/ui-install.log" E2E_SUDO_LOG="$WORK/ui-sudo.log" \
    start_code_server ui "$ROOT/test/e2e/fixtures/ui" "
  \"systemdUnits.unitSearchPaths\": [\"$WORK/machine\"],
  \"problems.decorations.enabled\": false,"; then
    CS_URL="$CS_URL" WS_FOLDER="$WS_FOLDER" E2E_UI_RESULTS="$WORK/ui/results.json" E2E_FAILURE_DIR="$WORK/ui" \
      E2E_SANDBOX="$WORK" E2E_INSTALL_DIR="$XDG_CONFIG_HOME/systemd/user" E2E_SYSTEMCTL_LOG="$WORK/ui-systemctl.log" \
      E2E_INSTALL_LOG="$WORK/ui-install.log" E2E_SUDO_LOG="$WORK/ui-sudo.log" \
      E2E_SCREENSHOTS="${E2E_SCREENSHOTS:-$WORK/screenshots}" timeout 600 node "$ROOT/out/e2e/ui/ui.js" </dev/null
    add_results "$WORK/ui/results.json"
  else
    say "code-server did not start"
    failed=$((failed + 1))
  fi
  stop_all
fi

# 6. The same suite in desktop VS Code through @vscode/test-electron, where a desktop VS Code can be downloaded. It
# cannot on machines that reach only the npm and Debian registries: there the download fails within seconds and the
# step counts as skipped (E2E_ELECTRON=no leaves it out; E2E_ELECTRON=require makes a failed download a failure).
if want electron && [ "${E2E_ELECTRON:-auto}" != "no" ]; then
  say "mocha suite in desktop VS Code (@vscode/test-electron)"
  runner=(node "$ROOT/test/e2e/run-electron.js" "$WORK/systemd-units.vsix")
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then runner=(xvfb-run -a "${runner[@]}"); fi
  timeout 900 "${runner[@]}" </dev/null >"$WORK/electron.log" 2>&1
  status=$?
  counts="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/electron.log" | tail -1)"
  if [ "$status" -eq 2 ] && [ "${E2E_ELECTRON:-auto}" != "require" ]; then
    say "skipped: $(grep -m1 'run-electron:' "$WORK/electron.log" || echo 'no desktop VS Code could be downloaded')"
    skipped=$((skipped + 1))
  elif [ -n "$counts" ]; then
    electron_passed=${counts%% passed*}
    electron_failed=$(echo "$counts" | sed -E 's/.*, ([0-9]+) failed/\1/')
    passed=$((passed + electron_passed))
    failed=$((failed + electron_failed))
    # A non-zero exit with no failed test (a crash after the counts) still fails the run.
    if [ "$status" -ne 0 ] && [ "$electron_failed" -eq 0 ]; then failed=$((failed + 1)); fi
  else
    say "the electron run ended with status $status and no counts"
    failed=$((failed + 1))
  fi
fi

finish
