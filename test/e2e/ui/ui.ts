// UI smoke test: drives code-server's web workbench (a real VS Code) with playwright-core and Debian's chromium,
// with the VSIX installed. Checks the status bar language mode, grammar colours, a squiggle, the hover, the quick
// fix menu, the completion widget, the Problems panel, a snippet, the "systemd Units" view, "Install This Unit…"
// (against the fakes of test/e2e/fake-bin, into the per-run folder) and "Show Effective Unit". Saves the README
// screenshots to $E2E_SCREENSHOTS (scripts/screenshots.sh: docs/images/; npm run test:e2e: its per-run folder),
// cropped to the editor (or the view) and stored as 256-colour PNGs to keep the VSIX small.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { serverCapabilities } from '../harness/capabilities';
import { launchChromium, required } from '../harness/browser';
import { toPalettePng } from '../harness/png';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS || join(__dirname, '..', '..', '..', 'docs', 'images');
const FAILURE_DIR = process.env.E2E_FAILURE_DIR || SCREENSHOTS;
const EDITOR = '.part.editor .monaco-editor';

const results = { passed: 0, failed: 0, skipped: 0 };

function log(...parts: unknown[]): void {
  console.log(new Date().toISOString().slice(11, 23), ...parts);
}

function check(name: string, ok: boolean, detail = ''): void {
  log(ok ? 'PASS' : 'FAIL', name, detail);
  if (ok) results.passed++;
  else results.failed++;
}

function skip(name: string, why: string): void {
  log('SKIP', name, why);
  results.skipped++;
}

/** Polls `probe` until it returns something truthy or the deadline passes; returns the last value. */
async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined as T);
    if (accept(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function lineWith(page: Page, text: string): Locator {
  return page.locator(`${EDITOR} .view-line`).filter({ hasText: text }).first();
}

/** The token span holding exactly `word` on the editor line that contains it: its class and computed colour. */
async function tokenStyle(page: Page, word: string): Promise<{ className: string; color: string } | undefined> {
  const line = lineWith(page, `${word}=`);
  return line.evaluate((element, wanted) => {
    const span = Array.from(element.querySelectorAll('span span')).find((s) => s.textContent === wanted);
    return span ? { className: span.className, color: getComputedStyle(span).color } : undefined;
  }, word);
}

/** Moves the mouse over the start of `word` on the editor line that contains `word=`, a few pixels in. */
async function hoverWord(page: Page, word: string): Promise<void> {
  const box = await lineWith(page, `${word}=`).boundingBox();
  if (!box) throw new Error(`no editor line with ${word}=`);
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.move(box.x + 12, box.y + box.height / 2, { steps: 3 });
}

async function clickWord(page: Page, word: string): Promise<void> {
  const box = await lineWith(page, `${word}=`).boundingBox();
  if (!box) throw new Error(`no editor line with ${word}=`);
  await page.mouse.click(box.x + 12, box.y + box.height / 2);
}

async function texts(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n');
}

type Box = { x: number; y: number; width: number; height: number };

async function boxes(page: Page, selector: string): Promise<Box[]> {
  const found: Box[] = [];
  for (const element of await page.locator(selector).all()) {
    const box = await element.boundingBox().catch(() => null);
    if (box && box.width > 0 && box.height > 0) found.push(box);
  }
  return found;
}

/**
 * Saves `name` cropped to the editor: from its tabs down to the last text line or the lowest open widget (hover,
 * suggestions, quick fix menu), at least 720 px wide; with `panel`, down to the bottom of the panel, 900 px wide.
 */
async function screenshot(page: Page, name: string, panel = false, minWidth = 0): Promise<void> {
  const [editor] = await boxes(page, '.part.editor');
  if (!editor) throw new Error('no editor part to crop to');
  const widgets = await boxes(
    page,
    '.monaco-hover:visible, .suggest-widget:visible, .suggest-details:visible, .action-widget:visible',
  );
  const lines = await boxes(page, `${EDITOR}:visible .view-line`);
  const parts = [...widgets, ...lines.slice(-1)].map((b) => ({ ...b, height: b.height + 24 }));
  if (panel) parts.push(...(await boxes(page, '.part.panel')));
  const right = Math.max(
    editor.x + (panel ? 900 : 720),
    editor.x + minWidth,
    ...widgets.map((b) => b.x + b.width + 24),
  );
  const bottom = Math.max(editor.y + 200, ...parts.map((b) => b.y + b.height));
  const clip = {
    x: Math.max(0, editor.x),
    y: Math.max(0, editor.y),
    width: Math.min(editor.x + editor.width, right) - Math.max(0, editor.x),
    height: Math.min(panel ? 800 : editor.y + editor.height, bottom) - Math.max(0, editor.y),
  };
  const path = join(SCREENSHOTS, name);
  writeFileSync(path, toPalettePng(await page.screenshot({ clip })));
  log(`screenshot ${path}: ${Math.round(clip.width)}x${Math.round(clip.height)}, ${statSync(path).size} bytes`);
}

/** Saves `name` cropped to the union of `parts`, with a small margin, inside the viewport. */
async function screenshotOf(page: Page, name: string, parts: readonly Box[]): Promise<void> {
  const left = Math.max(0, Math.min(...parts.map((b) => b.x)));
  const top = Math.max(0, Math.min(...parts.map((b) => b.y)));
  const right = Math.min(page.viewportSize()!.width, Math.max(...parts.map((b) => b.x + b.width)));
  const bottom = Math.min(page.viewportSize()!.height, Math.max(...parts.map((b) => b.y + b.height + 8)));
  const clip = { x: left, y: top, width: right - left, height: bottom - top };
  const path = join(SCREENSHOTS, name);
  writeFileSync(path, toPalettePng(await page.screenshot({ clip })));
  log(`screenshot ${path}: ${Math.round(clip.width)}x${Math.round(clip.height)}, ${statSync(path).size} bytes`);
}

/** Runs a command from the command palette by (part of) its title, clicking its entry rather than trusting Enter. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget:visible input.input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-widget:visible .monaco-list-row', { hasText: title })
    .first()
    .click({ timeout: 10_000 });
}

/** Every run a fake program of test/e2e/fake-bin logged to `file`, as its argument list (without argv[0]). */
function loggedRuns(file: string): string[][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\x1f').slice(0, -1));
}

/** A row of the "systemd Units" view at a tree depth (1: the type groups), by its unit name. */
function unitRow(page: Page, level: number, name: string): Locator {
  return page
    .locator(`.part.sidebar .pane-body .monaco-list-row[aria-level="${level}"]`)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) })
    .first();
}

/** Expands a tree row with its twistie (a click on the label would open the unit instead) and waits for it. */
async function expand(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  await until(
    () => row.getAttribute('aria-expanded'),
    (value) => value === 'true',
    10_000,
  );
}

/**
 * "Install This Unit…" on worker.service for the user manager, through the real dialog: the quick pick, then the
 * modal that lists every command. Cancel first (nothing may run), then Install. Safe by construction (scripts/e2e.sh):
 * the destination is below the per-run $XDG_CONFIG_HOME, and fake-bin's systemctl and sudo only log, its install
 * refuses any destination outside the run's folder; this test also reads the dialog and cancels unless it names
 * that destination and no sudo.
 */
async function testInstall(page: Page): Promise<void> {
  const sandbox = process.env.E2E_SANDBOX;
  const installDir = process.env.E2E_INSTALL_DIR;
  const systemctlLog = process.env.E2E_SYSTEMCTL_LOG;
  const installLog = process.env.E2E_INSTALL_LOG;
  const sudoLog = process.env.E2E_SUDO_LOG;
  if (!sandbox || !installDir || !systemctlLog || !installLog || !sudoLog) {
    skip('Install This Unit…', 'scripts/e2e.sh sets E2E_SANDBOX, E2E_INSTALL_DIR and the fake program logs');
    return;
  }
  if (!installDir.startsWith(`${sandbox}/`)) {
    check('the install directory is inside the per-run folder', false, installDir);
    return;
  }
  const source = join(required('WS_FOLDER'), 'worker.service');
  const destination = `${installDir}/worker.service`;
  const expectedLines = [
    `install -D -m 0644 -- ${source} ${destination}`,
    'systemctl --user daemon-reload',
    'systemctl --user enable --now -- worker.service',
  ];
  const dialog = page.locator('.monaco-dialog-box:visible');

  /** Runs the command up to its confirmation; returns the dialog's text. */
  const openConfirmation = async (): Promise<string> => {
    await runCommand(page, 'Install This Unit');
    await page
      .locator('.quick-input-widget:visible .quick-input-title', { hasText: 'Install worker.service for' })
      .waitFor({ timeout: 10_000 });
    await page
      .locator('.quick-input-widget:visible .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^User$/ }) })
      .click({ timeout: 10_000 });
    await dialog.waitFor({ timeout: 10_000 });
    return (await dialog.innerText()).replace(/\u00a0/g, ' ');
  };
  const button = (name: string) => dialog.getByRole('button', { name, exact: true });

  const cancelled = await openConfirmation();
  const listsAll = expectedLines.every((line) => cancelled.includes(line)) && cancelled.includes(destination);
  check(
    'Install This Unit… asks in a modal dialog that lists each command, -- before the unit name',
    listsAll && !/sudo/.test(cancelled),
    JSON.stringify(cancelled.slice(0, 400)),
  );
  await button('Cancel').click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  check(
    'Cancel in the dialog runs nothing',
    !existsSync(destination) && [systemctlLog, installLog, sudoLog].every((file) => loggedRuns(file).length === 0),
    JSON.stringify({ systemctl: loggedRuns(systemctlLog), install: loggedRuns(installLog) }),
  );

  const confirmed = await openConfirmation();
  // The last guard before anything runs: the dialog must name the per-run destination and no sudo.
  if (!expectedLines.every((line) => confirmed.includes(line)) || /sudo|\/etc\/systemd/.test(confirmed)) {
    await button('Cancel').click();
    check('the second dialog lists the same commands', false, JSON.stringify(confirmed.slice(0, 400)));
    return;
  }
  await button('Install').click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  const runs = await until(
    async () => loggedRuns(systemctlLog),
    (value) => (value?.length ?? 0) >= 2,
    20_000,
  );
  // Exactly the runs of one confirmed install: had Cancel run anything, there would be more.
  check(
    'Install runs install, daemon-reload and enable --now for the user manager',
    JSON.stringify(runs) ===
      JSON.stringify([
        ['--user', 'daemon-reload'],
        ['--user', 'enable', '--now', '--', 'worker.service'],
      ]) &&
      JSON.stringify(loggedRuns(installLog)) === JSON.stringify([['-D', '-m', '0644', '--', source, destination]]) &&
      loggedRuns(sudoLog).length === 0,
    JSON.stringify({ systemctl: runs, install: loggedRuns(installLog), sudo: loggedRuns(sudoLog) }),
  );
  const copied = existsSync(destination) ? readFileSync(destination, 'utf8') : undefined;
  check(
    'the unit file was copied into the per-run user unit directory, mode 0644',
    copied === readFileSync(source, 'utf8') && (statSync(destination).mode & 0o777) === 0o644,
    destination,
  );
}

async function main(): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => log('[page error]', error.message.slice(0, 200)));
  try {
    await page.goto(`${required('CS_URL')}/?folder=${encodeURIComponent(required('WS_FOLDER'))}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    log('workbench loaded');
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'webapp.service' })
      .first()
      .click({ timeout: 60_000 });
    await page.waitForSelector(`${EDITOR} .view-lines`, { timeout: 30_000 });
    log('editor open');
    // Hide the side bar: the screenshots show the editor only.
    await page.keyboard.press('Control+KeyB');
    await page.waitForSelector('.part.sidebar', { state: 'hidden', timeout: 10_000 }).catch(() => {});

    const mode = await until(
      () => page.locator('#status\\.editor\\.mode').innerText(),
      (text) => /systemd Unit/.test(text ?? ''),
    );
    check('status bar language mode is "systemd Unit"', /systemd Unit/.test(mode ?? ''), JSON.stringify(mode));

    // Grammar: a known directive and a misspelt one get different scopes, hence different token classes and colours.
    const known = await until(
      () => tokenStyle(page, 'ExecStart'),
      (style) => !!style,
    );
    const unknown = await tokenStyle(page, 'ExecStrat');
    check(
      'grammar colours ExecStart and ExecStrat differently',
      !!known && !!unknown && known.className !== unknown.className && known.color !== unknown.color,
      JSON.stringify({ ExecStart: known, ExecStrat: unknown }),
    );

    // The language server's diagnostic for ExecStrat= is drawn as a squiggle.
    const squiggles = await until(
      () => page.locator(`${EDITOR} .squiggly-warning, ${EDITOR} .squiggly-error`).count(),
      (count) => count > 0,
    );
    check('a diagnostic squiggle is drawn', squiggles > 0, `${squiggles} squiggle(s)`);

    // Hover over Restart=. The exposure lens above [Service] moves the lines down when it appears: wait for it first,
    // so the mouse lands on the line it aims at.
    const lens = await until(
      () => texts(page.locator(`${EDITOR} .codelens-decoration`)),
      (text) => /Exposure \d+\.\d/.test(text ?? ''),
      20_000,
    );
    const lensOk = /Exposure \d+\.\d/.test(lens ?? '');
    check('the exposure lens shows above [Service]', lensOk, JSON.stringify(lens));
    if (lensOk) await screenshot(page, 'exposure-lens.png');
    await hoverWord(page, 'Restart');
    const hover = await until(
      () => texts(page.locator('.monaco-hover:visible')),
      (text) => /Restart=/.test(text ?? '') && /systemd\.service/.test(text ?? ''),
      20_000,
    );
    const hoverOk = /Restart=/.test(hover ?? '');
    check('the hover explains Restart=', hoverOk, JSON.stringify((hover ?? '').slice(0, 100)));
    if (hoverOk) await screenshot(page, 'hover.png');

    // Problems panel, left open for the next screenshot.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const problems = await until(
      () => page.locator('.markers-panel').innerText(),
      (text) => /ExecStrat/.test(text ?? '') && /unknown-directive/.test(text ?? ''),
      20_000,
    );
    check(
      'the Problems panel lists unknown-directive',
      /unknown-directive/.test(problems ?? ''),
      JSON.stringify((problems ?? '').slice(0, 160)),
    );

    // Quick fix: the code action menu (Ctrl+.) on ExecStrat, then apply it.
    await clickWord(page, 'ExecStrat');
    await page.keyboard.press('Control+Period');
    const actions = await until(
      () => texts(page.locator('.action-widget:visible')),
      (text) => /ExecStart/.test(text ?? ''),
      20_000,
    );
    const actionsOk = /ExecStart/.test(actions ?? '');
    check('the quick fix menu offers ExecStart', actionsOk, JSON.stringify(actions));
    if (actionsOk) await screenshot(page, 'diagnostics-quickfix.png', true);
    await page.keyboard.press('Enter');
    const after = await until(
      () => page.locator('.markers-panel').innerText(),
      (text) => !/unknown-directive/.test(text ?? ''),
      20_000,
    );
    const fixedLine = (await lineWith(page, '--check').innerText()).replace(/\u00a0/g, ' ');
    check(
      'applying the quick fix renames the line and unknown-directive goes',
      !/unknown-directive/.test(after ?? '') && /^ExecStart=/.test(fixedLine),
      JSON.stringify({ line: fixedLine, problems: (after ?? '').slice(0, 160) }),
    );
    await page.keyboard.press('Control+KeyJ'); // close the panel again

    // Completion: a new line in [Service], type the start of a directive and ask for suggestions.
    const capabilities = await serverCapabilities(required('EXT_DIR'));
    await clickWord(page, 'RestartSec');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Exec');
    await page.keyboard.press('Control+Space');
    const suggestions = await until(
      () => texts(page.locator('.suggest-widget:visible .monaco-list-row')),
      (text) => /ExecStartPre/.test(text ?? ''),
      capabilities.completionProvider ? 20_000 : 5_000,
    );
    if (capabilities.completionProvider) {
      const completionOk = /ExecStartPre/.test(suggestions ?? '');
      check(
        'the completion widget offers ExecStartPre',
        completionOk,
        JSON.stringify((suggestions ?? '').slice(0, 120)),
      );
      if (completionOk) await screenshot(page, 'completion.png');
    } else {
      skip('the completion widget', 'the installed server does not advertise completionProvider yet');
    }
    await page.keyboard.press('Escape');

    // A snippet: in the empty myapp.service, accept "service-simple" from the suggestions, then Tab to the Type=
    // choice, whose list is open for the screenshot.
    await page.keyboard.press('Control+KeyB'); // the side bar again, to open the file from the explorer
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'myapp.service' })
      .first()
      .click({ timeout: 20_000 });
    await until(
      () => page.locator('.tab.active').innerText(),
      (text) => /myapp\.service/.test(text ?? ''),
      10_000,
    );
    await page.keyboard.press('Control+KeyB');
    await page.locator(`${EDITOR}:visible .view-lines`).first().click();
    await page.keyboard.type('service-simple');
    await page.keyboard.press('Control+Space');
    const snippetItem = await until(
      () => texts(page.locator('.suggest-widget:visible .monaco-list-row.focused')),
      (text) => /service-simple/.test(text ?? ''),
      20_000,
    );
    if (/service-simple/.test(snippetItem ?? '')) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const inserted = await until(
        () => texts(page.locator(`${EDITOR}:visible .view-line`)),
        (text) => /Type=simple/.test(text ?? '') && /WantedBy=multi-user\.target/.test(text ?? ''),
        10_000,
      );
      const choices = await until(
        () => texts(page.locator('.suggest-widget:visible .monaco-list-row')),
        (text) => /exec/.test(text ?? ''),
        10_000,
      );
      const snippetOk = /Description=myapp/.test(inserted ?? '') && /Type=simple/.test(inserted ?? '');
      check(
        'the "service-simple" snippet inserts a service and offers the Type= choices',
        snippetOk && /exec/.test(choices ?? ''),
        JSON.stringify({ inserted: (inserted ?? '').replace(/\u00a0/g, ' ').slice(0, 120), choices }),
      );
      if (snippetOk) await screenshot(page, 'snippet.png');
      else await page.screenshot({ path: join(FAILURE_DIR, 'snippet-error.png') });
    } else {
      check('the suggestions offer the "service-simple" snippet', false, JSON.stringify(snippetItem));
    }
    await page.keyboard.press('Escape');

    // The "systemd Units" view in the Explorer: app.target's dependency tree, two levels open, beside its file.
    await page.keyboard.press('Control+KeyB');
    // The file tree folded, so the units view has the room.
    const folders = page.locator('.part.sidebar .pane:has(.explorer-folders-view) > .pane-header');
    if ((await folders.getAttribute('aria-expanded', { timeout: 10_000 }).catch(() => null)) === 'true') {
      await folders.click();
    }
    const unitsHeader = page.locator('.part.sidebar .pane-header', { hasText: 'systemd Units' }).first();
    await unitsHeader.waitFor({ timeout: 20_000 });
    if ((await unitsHeader.getAttribute('aria-expanded')) !== 'true') await unitsHeader.click();
    const appTarget = unitRow(page, 2, 'app.target');
    await appTarget.locator('.label-name').click({ timeout: 20_000 });
    await until(
      () => page.locator('.tab.active').innerText(),
      (text) => /app\.target/.test(text ?? ''),
      10_000,
    );
    await expand(appTarget);
    await expand(unitRow(page, 3, 'worker.service'));
    await expand(unitRow(page, 3, 'webapp.service'));
    const tree = await until(
      () => texts(page.locator('.part.sidebar .pane-body .monaco-list-row[aria-level="4"]')),
      (text) => /network-online\.target/.test(text ?? '') && /webapp\.service/.test(text ?? ''),
      10_000,
    );
    const treeOk = /network-online\.target/.test(tree ?? '') && /webapp\.service/.test(tree ?? '');
    check('the systemd Units view shows the dependency tree of app.target', treeOk, JSON.stringify(tree));
    if (treeOk) {
      await page.mouse.move(5, 5);
      const [pane] = await boxes(page, '.part.sidebar .pane:has(.pane-header:has-text("systemd Units"))');
      const rows = await boxes(page, '.part.sidebar .pane-body .monaco-list-row');
      if (pane) await screenshotOf(page, 'units-view.png', [{ ...pane, height: 1 }, ...rows.slice(-1)]);
    }

    // Install This Unit… on worker.service (opened from the view).
    await unitRow(page, 2, 'worker.service').locator('.label-name').click();
    await until(
      () => page.locator('.tab.active').innerText(),
      (text) => /worker\.service/.test(text ?? ''),
      10_000,
    );
    await testInstall(page);

    // Show Effective Unit: worker.service, its drop-in and the stand-in machine's type-level drop-in, in one column.
    if (await page.locator('.part.panel:visible').count()) await page.keyboard.press('Control+KeyJ');
    await page.keyboard.press('Control+KeyB');
    await page.waitForSelector('.part.sidebar', { state: 'hidden', timeout: 10_000 }).catch(() => {});
    await runCommand(page, 'Show Effective Unit');
    await page.locator(`${EDITOR} .view-line`, { hasText: 'as systemd reads it' }).first().waitFor({ timeout: 20_000 });
    await runCommand(page, 'Single Column Editor Layout');
    const effective = await until(
      () => texts(page.locator(`${EDITOR}:visible .view-line`)),
      (text) => /\(this\s+machine\)/.test(text ?? '') && /MemoryMax=512M/.test(text ?? ''),
      20_000,
    );
    const flat = (effective ?? '').replace(/\u00a0/g, ' ');
    const effectiveOk =
      /2 drop-ins merged/.test(flat) &&
      /TimeoutStopSec=20s/.test(flat) &&
      /50-stop-timeout\.conf \(this machine\)/.test(flat) &&
      /Restart=always/.test(flat) &&
      !/Restart=on-failure/.test(flat);
    check(
      'Show Effective Unit merges the drop-in and the machine drop-in, marked (this machine)',
      effectiveOk,
      JSON.stringify(flat.slice(0, 300)),
    );
    if (effectiveOk) {
      await page.mouse.move(5, 5);
      await page
        .locator('.workbench-hover-container:visible, .monaco-hover:visible')
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {});
      const textRight = await page
        .locator(`${EDITOR}:visible .view-line > span`)
        .evaluateAll((spans) => Math.max(...spans.map((span) => span.getBoundingClientRect().right)));
      const [editor] = await boxes(page, '.part.editor');
      // Down to the machine's line: the [Install] section below adds nothing to the picture.
      const [last] = await boxes(page, `${EDITOR}:visible .view-line:has-text("TimeoutStopSec")`);
      if (editor && last) {
        await screenshotOf(page, 'effective-unit.png', [
          { x: editor.x, y: editor.y, width: 1, height: 1 },
          { x: editor.x, y: last.y, width: textRight - editor.x + 24, height: last.height + 8 },
        ]);
      }
    }
  } catch (error) {
    results.failed++;
    log('ERROR', error instanceof Error ? error.message : String(error));
    await page.screenshot({ path: join(FAILURE_DIR, 'ui-error.png') }).catch(() => {});
  } finally {
    await browser.close();
  }
  log(`ui: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
  if (process.env.E2E_UI_RESULTS) writeFileSync(process.env.E2E_UI_RESULTS, JSON.stringify(results));
  process.exit(results.failed ? 1 : 0);
}

void main();
