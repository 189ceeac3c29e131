import type { ClientCapabilities, CompletionItem, CompletionList, Range } from 'vscode-languageserver';

/** What the client lets the server leave out of a completion list. */
export interface CompletionCompaction {
  /** `textDocument.completion.completionList.itemDefaults`: fields a list may state once for all items. */
  readonly itemDefaults: ReadonlySet<string>;
  /** `textDocument.completion.completionItem.resolveSupport.properties`: fields the client asks for on resolve. */
  readonly resolvable: ReadonlySet<string>;
}

export function completionCompaction(capabilities: ClientCapabilities): CompletionCompaction {
  const completion = capabilities.textDocument?.completion;
  return {
    itemDefaults: new Set(completion?.completionList?.itemDefaults ?? []),
    resolvable: new Set(completion?.completionItem?.resolveSupport?.properties ?? []),
  };
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/**
 * Shrinks a completion list before it is sent: a list of every directive of a section runs to hundreds of items, and
 * its size, not the work behind it, is what the editor waits for. The edit range every item shares is stated once
 * (LSP 3.17 itemDefaults), a filter text equal to the label is dropped, and the one-line syntax of a directive
 * waits for `completionItem/resolve` where the client asks for it there. The items mean exactly the same.
 */
export function compactCompletionList(list: CompletionList, compaction: CompletionCompaction): CompletionList {
  const items = list.items;
  let shared: Range | undefined;
  if (compaction.itemDefaults.has('editRange') && items.length > 1) {
    const first = items[0]!.textEdit;
    if (first && 'range' in first) {
      shared = first.range;
      for (const item of items) {
        const edit = item.textEdit;
        if (!edit || !('range' in edit) || !sameRange(edit.range, first.range)) {
          shared = undefined;
          break;
        }
      }
    }
  }
  const lazyDetail = compaction.resolvable.has('detail');
  // Directive items carry the same `completes` and `section` and their name is their label: the client puts the
  // list's default data back on each item before it asks to resolve one.
  let sharedData: { completes: string; section: string } | undefined;
  if (compaction.itemDefaults.has('data')) {
    for (const item of items) {
      const data = item.data as { completes?: unknown; section?: unknown; name?: unknown } | undefined;
      if (data?.completes !== 'directive') continue;
      if (typeof data.section !== 'string' || data.name !== item.label) {
        sharedData = undefined;
        break;
      }
      sharedData ??= { completes: 'directive', section: data.section };
      if (sharedData.section !== data.section) {
        sharedData = undefined;
        break;
      }
    }
  }
  const compacted = items.map((item): CompletionItem => {
    const directive = (item.data as { completes?: unknown } | undefined)?.completes === 'directive';
    // A new object with only the fields that stay (rather than a copy with fields deleted, which V8 turns into a
    // slower and larger dictionary object): a list runs to hundreds of items on every request.
    const copy: Record<string, unknown> = {};
    for (const field in item) {
      const value = item[field as keyof CompletionItem];
      if (value === undefined) continue;
      if (field === 'filterText' && value === item.label) continue;
      if (field === 'textEdit' && shared) {
        const newText = (value as { newText: string }).newText;
        if (newText !== item.label) copy.textEditText = newText;
        continue;
      }
      if (field === 'detail' && lazyDetail && directive) continue;
      // Items with no data get the default back (a section item then resolves to itself); others keep their own.
      if (field === 'data' && sharedData && directive) continue;
      copy[field] = value;
    }
    return copy as unknown as CompletionItem;
  });
  if (!shared && !sharedData) return { ...list, items: compacted };
  return {
    ...list,
    items: compacted,
    itemDefaults: {
      ...list.itemDefaults,
      ...(shared ? { editRange: shared } : {}),
      ...(sharedData ? { data: sharedData } : {}),
    },
  };
}
