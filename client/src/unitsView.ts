import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

const UNITS_REQUEST = 'systemdUnits/units';
const DEPENDENCIES_REQUEST = 'systemdUnits/dependencies';
export const UNITS_VIEW_ID = 'systemdUnits.units';

interface UnitSummary {
  readonly name: string;
  readonly uri: string;
  readonly type: string;
}

interface DependencyLevel {
  readonly unit: string;
  readonly uri: string | undefined;
  readonly children: readonly { name: string; relations: string[]; cycle: boolean; uri: string | undefined }[];
}

/** The groups of the view, in the order systemd's documentation presents the unit types. */
const GROUPS: readonly { type: string; label: string }[] = [
  { type: 'service', label: 'Services' },
  { type: 'socket', label: 'Sockets' },
  { type: 'timer', label: 'Timers' },
  { type: 'path', label: 'Paths' },
  { type: 'target', label: 'Targets' },
  { type: 'mount', label: 'Mounts' },
  { type: 'automount', label: 'Automounts' },
  { type: 'swap', label: 'Swaps' },
  { type: 'slice', label: 'Slices' },
  { type: 'scope', label: 'Scopes' },
  { type: 'device', label: 'Devices' },
];

type Node =
  | { readonly kind: 'group'; readonly type: string; readonly label: string; readonly units: readonly UnitSummary[] }
  | {
      readonly kind: 'unit';
      readonly name: string;
      readonly uri: string | undefined;
      /** The units above it in the tree, to mark a dependency that leads back to one of them. */
      readonly ancestors: readonly string[];
      readonly relations: readonly string[];
      readonly cycle: boolean;
    };

/**
 * "systemd Units" in the Explorer: the units of the workspace grouped by type; each unit expands into its dependency
 * tree as `systemctl list-dependencies` shows it (Requires=, Wants=, BindsTo=… and the units linked in `.wants/`),
 * or with the reverse toggle the units that depend on it. A dependency that leads back up the tree is marked as a
 * cycle and not expanded. Everything comes from the language server's index.
 */
class UnitsTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  reverse = false;

  constructor(private readonly currentClient: () => BaseLanguageClient | undefined) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const client = this.currentClient();
    if (!client || !client.isRunning()) return [];
    try {
      if (!node) {
        const answer = await client.sendRequest<{ ready: boolean; units: UnitSummary[] }>(UNITS_REQUEST);
        void vscode.commands.executeCommand('setContext', 'systemdUnits.hasUnits', answer.units.length > 0);
        return GROUPS.map((group) => ({
          kind: 'group' as const,
          ...group,
          units: answer.units.filter((unit) => unit.type === group.type),
        })).filter((group) => group.units.length > 0);
      }
      if (node.kind === 'group') {
        return node.units.map((unit) => ({
          kind: 'unit' as const,
          name: unit.name,
          uri: unit.uri,
          ancestors: [],
          relations: [],
          cycle: false,
        }));
      }
      if (node.cycle) return [];
      const level = await client.sendRequest<DependencyLevel | null>(DEPENDENCIES_REQUEST, {
        unit: node.name,
        reverse: this.reverse,
        ancestors: node.ancestors,
      });
      return (level?.children ?? []).map((child) => ({
        kind: 'unit' as const,
        name: child.name,
        uri: child.uri,
        ancestors: [...node.ancestors, node.name],
        relations: child.relations,
        cycle: child.cycle,
      }));
    } catch {
      return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.units.length);
      item.contextValue = 'unitGroup';
      return item;
    }
    const item = new vscode.TreeItem(
      node.name,
      node.cycle ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = [...node.ancestors, node.name].join('>') + (this.reverse ? ' reverse' : '');
    const how = node.relations.join(', ');
    item.description = node.cycle ? `${how} · cycle` : how || undefined;
    item.tooltip = node.cycle
      ? `${node.name} is already above in this tree: following it would go round in a cycle.`
      : node.uri
        ? vscode.Uri.parse(node.uri).fsPath || node.uri
        : `${node.name}: no unit file in the index (systemd's own unit, or not installed)`;
    item.iconPath = new vscode.ThemeIcon(node.cycle ? 'sync' : node.uri ? 'symbol-class' : 'circle-outline');
    item.contextValue = node.uri ? 'unitWithFile' : 'unit';
    if (node.uri) {
      item.resourceUri = vscode.Uri.parse(node.uri);
      item.command = { command: 'vscode.open', title: 'Open Unit', arguments: [vscode.Uri.parse(node.uri)] };
    }
    return item;
  }
}

/** What the extension exports of the view, for tests: the tree as the view sees it, and the reverse switch. */
export interface UnitsTree {
  /** The children of a node (the groups for none), with the label, description and tooltip the view shows. */
  children(node?: unknown): Promise<{ node: unknown; label: string; description: string | undefined }[]>;
}

export function registerUnitsView(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): { refresh(): void; tree: UnitsTree } {
  const provider = new UnitsTreeProvider(currentClient);
  const view = vscode.window.createTreeView(UNITS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const setReverse = (reverse: boolean) => {
    provider.reverse = reverse;
    void vscode.commands.executeCommand('setContext', 'systemdUnits.reverseDependencies', reverse);
    view.description = reverse ? 'reverse dependencies' : undefined;
    provider.refresh();
  };
  context.subscriptions.push(
    view,
    vscode.commands.registerCommand('systemdUnits.refreshUnits', () => provider.refresh()),
    vscode.commands.registerCommand('systemdUnits.showReverseDependencies', () => setReverse(true)),
    vscode.commands.registerCommand('systemdUnits.showDependencies', () => setReverse(false)),
  );
  // The view shows only in a workspace with units; the server says so whenever its index changes.
  const updateContext = async () => {
    const client = currentClient();
    if (!client?.isRunning()) return;
    const answer = await client.sendRequest<{ units: UnitSummary[] }>(UNITS_REQUEST).catch(() => undefined);
    if (answer) void vscode.commands.executeCommand('setContext', 'systemdUnits.hasUnits', answer.units.length > 0);
  };
  return {
    refresh: () => {
      void updateContext();
      provider.refresh();
    },
    tree: {
      async children(node) {
        const nodes = await provider.getChildren(node as Node | undefined);
        return nodes.map((child) => {
          const item = provider.getTreeItem(child);
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          const description = typeof item.description === 'string' ? item.description : undefined;
          return { node: child, label, description };
        });
      },
    },
  };
}
