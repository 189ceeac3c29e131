// UI smoke test: drives code-server's web workbench (a real VS Code) with playwright-core and Debian's chromium,
// with the VSIX installed. Checks the status bar language mode, grammar colours, a squiggle, the hover, the quick
// fix menu, the completion widget, the Problems panel and a snippet, and saves the README screenshots to
// $E2E_SCREENSHOTS (scripts/screenshots.sh: docs/images/; npm run test:e2e: its per-run folder), cropped to the
// editor (and the panel where it matters) to keep them small.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { serverCapabilities } from '../harness/capabilities';
import { launchChromium, required } from '../harness/browser';

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
async function screenshot(page: Page, name: string, panel = false): Promise<void> {
  const [editor] = await boxes(page, '.part.editor');
  if (!editor) throw new Error('no editor part to crop to');
  const widgets = await boxes(
    page,
    '.monaco-hover:visible, .suggest-widget:visible, .suggest-details:visible, .action-widget:visible',
  );
  const lines = await boxes(page, `${EDITOR}:visible .view-line`);
  const parts = [...widgets, ...lines.slice(-1)].map((b) => ({ ...b, height: b.height + 24 }));
  if (panel) parts.push(...(await boxes(page, '.part.panel')));
  const right = Math.max(editor.x + (panel ? 900 : 720), ...widgets.map((b) => b.x + b.width + 24));
  const bottom = Math.max(editor.y + 200, ...parts.map((b) => b.y + b.height));
  const clip = {
    x: Math.max(0, editor.x),
    y: Math.max(0, editor.y),
    width: Math.min(editor.x + editor.width, right) - Math.max(0, editor.x),
    height: Math.min(panel ? 800 : editor.y + editor.height, bottom) - Math.max(0, editor.y),
  };
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, clip });
  log(`screenshot ${path}: ${Math.round(clip.width)}x${Math.round(clip.height)}, ${statSync(path).size} bytes`);
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
