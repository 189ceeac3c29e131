import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DidOpenTextDocumentNotification, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { allDirectives } from '../../server/src/service/catalog';
import { sectionsOf, UNIT_TYPES } from '../../server/src/service/catalog/unitTypes';
import { withServer } from './lsp';

test('over LSP, hover answers for every one of the 1,468 section/directive pairs', () =>
  withServer(async ({ connection }, init) => {
    assert.equal(init.capabilities.hoverProvider, true);

    const bySection = new Map<string, string[]>();
    for (const directive of allDirectives()) {
      for (const section of directive.sections)
        bySection.set(section, [...(bySection.get(section) ?? []), directive.name]);
    }
    let answered = 0;
    for (const [section, names] of bySection) {
      const type = UNIT_TYPES.find((t) => sectionsOf(t).includes(section) && t !== 'target' && t !== 'device');
      const uri = `file:///units/all.${type}`;
      const text = `[${section}]\n${names.map((name) => `${name}=`).join('\n')}\n`;
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
      });
      const hovers = await Promise.all(
        names.map((_, i) =>
          connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: i + 1, character: 1 } }),
        ),
      );
      hovers.forEach((hover, i) => {
        const markdown = (hover?.contents as MarkupContent | undefined)?.value ?? '';
        assert.ok(markdown.startsWith(`**${names[i]}=** · [${section}]`), `${section}/${names[i]}: ${markdown}`);
        answered++;
      });
    }
    assert.equal(answered, 1468);
  }));
