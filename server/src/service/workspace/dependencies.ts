import type { TextSpan } from '../syntax';
import { mergeFiles, partAt, type MergedUnit } from './mergedUnit';
import { expandUnitSpecifiers, isTemplate, templateOf, valueWords } from './references';
import { isLinkDirectory, linkDirectoryRelation, type IndexedFile, type UnitIndex } from './unitIndex';

/** The dependency properties systemd keeps for a unit at run time (what `systemctl show` lists). */
export type Relation =
  | 'Requires'
  | 'Requisite'
  | 'Wants'
  | 'BindsTo'
  | 'Upholds'
  | 'PartOf'
  | 'ConsistsOf'
  | 'RequiredBy'
  | 'RequisiteOf'
  | 'WantedBy'
  | 'BoundBy'
  | 'UpheldBy'
  | 'After'
  | 'Before';

/** What `systemctl list-dependencies` follows, forward and with --reverse. */
export const FORWARD_RELATIONS: readonly Relation[] = [
  'Requires',
  'Requisite',
  'Wants',
  'ConsistsOf',
  'BindsTo',
  'Upholds',
];
export const REVERSE_RELATIONS: readonly Relation[] = [
  'RequiredBy',
  'RequisiteOf',
  'WantedBy',
  'PartOf',
  'BoundBy',
  'UpheldBy',
];

const INVERSE: Readonly<Record<Relation, Relation>> = {
  Requires: 'RequiredBy',
  Requisite: 'RequisiteOf',
  Wants: 'WantedBy',
  BindsTo: 'BoundBy',
  Upholds: 'UpheldBy',
  PartOf: 'ConsistsOf',
  ConsistsOf: 'PartOf',
  RequiredBy: 'Requires',
  RequisiteOf: 'Requisite',
  WantedBy: 'Wants',
  BoundBy: 'BindsTo',
  UpheldBy: 'Upholds',
  After: 'Before',
  Before: 'After',
};

/** [Unit] settings that add a dependency, by the relation they add. */
const UNIT_SETTINGS: Readonly<Record<string, Relation>> = {
  Requires: 'Requires',
  Requisite: 'Requisite',
  Wants: 'Wants',
  BindsTo: 'BindsTo',
  BindTo: 'BindsTo',
  Upholds: 'Upholds',
  PartOf: 'PartOf',
  After: 'After',
  Before: 'Before',
};

/**
 * [Install] settings, read as if the unit were enabled: `WantedBy=T` makes T want the unit. Only for units of the
 * workspace (a project's units are meant to be enabled); for the machine's units the `.wants/` links say which are.
 */
const INSTALL_SETTINGS: Readonly<Record<string, Relation>> = {
  WantedBy: 'WantedBy',
  RequiredBy: 'RequiredBy',
  UpheldBy: 'UpheldBy',
};

/** Where a dependency was written, when it was written in a file (not derived from a link). */
export interface EdgeOrigin {
  readonly uri: string;
  readonly span: TextSpan;
}

/**
 * One dependency as stored: `from` has `relation` to `to` (and `to` has the inverse relation to `from`). The same
 * object is listed on both sides, so it can be taken out again. Flat lists rather than maps of maps: a workspace of
 * tens of thousands of units has a few dependencies each, and a map costs more than the entries it would hold.
 */
interface Link {
  readonly from: string;
  readonly relation: Relation;
  readonly to: string;
  readonly origin: EdgeOrigin | undefined;
}

/** A unit's links: those it declares or that point from it (`out`), and those pointing to it (`in`). */
interface Side {
  readonly out: Link[];
  readonly in: Link[];
}

function removeLink(list: Link[] | undefined, link: Link): void {
  const at = list?.indexOf(link) ?? -1;
  if (at >= 0) list!.splice(at, 1);
}

interface Declaration {
  readonly relation: Relation;
  readonly unit: string;
  readonly origin: EdgeOrigin;
}

/**
 * What a unit file declares, kept while neither it nor its drop-ins change (the index makes a new file object for a
 * new text), so a keystroke in one file does not make every other unit be read again.
 */
const declarations = new WeakMap<
  IndexedFile,
  { name: string; dropIns: readonly IndexedFile[]; found: Declaration[] }
>();

/** The dependencies a unit's own files declare, its drop-ins included; instances read their template's. */
function declaredBy(
  index: UnitIndex,
  name: string,
  file: IndexedFile,
  dropIns: readonly IndexedFile[] = index.dropInsFor(name, index.lookupDirectoriesFor(file)),
): Declaration[] {
  const cached = declarations.get(file);
  if (
    cached &&
    cached.name === name &&
    cached.dropIns.length === dropIns.length &&
    cached.dropIns.every((dropIn, i) => dropIn === dropIns[i])
  ) {
    return cached.found;
  }
  const found = readDeclarations(index, name, file, dropIns);
  declarations.set(file, { name, dropIns, found });
  return found;
}

function readDeclarations(
  index: UnitIndex,
  name: string,
  file: IndexedFile,
  dropIns: readonly IndexedFile[],
): Declaration[] {
  const merged: MergedUnit | undefined = dropIns.length > 0 ? mergeFiles(index, name, file, dropIns) : undefined;
  const tree = merged ? merged.file : index.parse(file);
  const found: Declaration[] = [];
  for (const section of tree.sections) {
    const settings =
      section.header.name === 'Unit'
        ? UNIT_SETTINGS
        : section.header.name === 'Install' && file.origin === 'workspace'
          ? INSTALL_SETTINGS
          : undefined;
    if (!settings) continue;
    for (const entry of section.entries) {
      if (entry.kind !== 'assignment') continue;
      const relation = settings[entry.key];
      if (!relation) continue;
      for (const word of valueWords(tree.text, entry, section.header.name === 'Install')) {
        const unit = expandUnitSpecifiers(word.text, name);
        if (!unit || isTemplate(unit)) continue;
        let origin: EdgeOrigin = { uri: file.uri, span: word.span };
        if (merged) {
          const part = partAt(merged, word.span.offset);
          if (part) origin = { uri: part.file.uri, span: { ...word.span, offset: word.span.offset - part.start } };
        }
        found.push({ relation, unit, origin });
      }
    }
  }
  return found;
}

/**
 * The dependencies between the units of the index, both ways, as systemd keeps them once every unit is loaded:
 * `A Requires=B` gives A Requires B and B RequiredBy A; `Before=` is `After=` seen from the other side. Built once,
 * then kept up to date when only texts change (a keystroke re-reads one unit, not all of them).
 */
export class DependencyGraph {
  private readonly table = new Map<string, Side>();
  /** Per unit with a file: the file read, the drop-ins merged, the dependencies it declared. */
  private readonly declared = new Map<
    string,
    { file: IndexedFile; dropIns: readonly IndexedFile[]; links: readonly Link[] }
  >();
  /** Instances known only through their template: their own side, read from the template when first asked. */
  private onDemand = new Map<string, Side>();
  /**
   * The strongly connected component of "is ordered after" each unit met so far belongs to (the same Set object for
   * every member), filled lazily by `orderingComponent` and dropped when the graph changes.
   */
  private components = new Map<string, ReadonlySet<string>>();
  private version: number;

  /** Builds the graph at once; with `deferred`, only starts it, for `buildInSlices`. */
  constructor(
    private readonly index: UnitIndex,
    private readonly user: boolean,
    deferred = false,
  ) {
    this.version = index.version;
    if (deferred) return;
    for (const name of this.unitNames()) this.declare(name);
    this.linkDirectories();
  }

  /** The units with a file, each once, templates left out (their instances read them on demand). */
  private unitNames(): string[] {
    const names = new Set<string>();
    for (const file of this.index.allFiles()) {
      if (file.kind.dropIn || !file.kind.unitName || file.user !== this.user || isTemplate(file.fileName)) continue;
      names.add(file.fileName);
    }
    return [...names];
  }

  /** The dependencies `.wants/`, `.requires/` and `.upholds/` links add. */
  private linkDirectories(): void {
    for (const link of this.index.allLinks()) {
      if (link.user !== this.user || !isLinkDirectory(link.directory)) continue;
      const owner = linkDirectoryRelation(link.directory);
      if (!owner) continue;
      this.link({ from: owner.unit, relation: owner.relation, to: link.fileName, origin: undefined });
    }
  }

  /**
   * Declares the units a slice at a time, awaiting `pause` between slices; false (the graph left unfinished) when
   * `stop` says so or the index changed meanwhile.
   */
  async buildInSlices(pause: () => Promise<void>, stop: () => boolean): Promise<boolean> {
    const names = this.unitNames();
    for (let at = 0; at < names.length; at++) {
      this.declare(names[at]!);
      if (at % 250 === 249) {
        await pause();
        if (stop() || this.index.version !== this.version) return false;
      }
    }
    this.linkDirectories();
    return true;
  }

  /**
   * Brings the graph up to the index's version when only texts changed since it was built; false when it must be
   * built again.
   */
  catchUp(): boolean {
    if (this.version === this.index.version) return true;
    const changes = this.index.fileChangesSince(this.version);
    if (!changes) return false;
    const affected = new Set<string>();
    // Instances read their template and drop-ins on demand: a change to either may move any of their orderings.
    let orderingChanged = false;
    for (const { previous, next } of changes) {
      const file = (next ?? previous)!;
      if (file.kind.dropIn || (file.kind.unitName !== undefined && isTemplate(file.kind.unitName))) {
        orderingChanged = true;
      }
      if (!file.kind.dropIn) {
        // A unit file that came or went is read (or dropped) like one whose text changed: the first file of its
        // name in precedence order is the one declared.
        const cameOrWent = !previous || !next;
        if (file.kind.unitName && file.user === this.user && (cameOrWent || this.declared.has(file.fileName))) {
          if (!isTemplate(file.fileName)) affected.add(file.fileName);
        }
        continue;
      }
      for (const [unit, entry] of this.declared) {
        if (entry.dropIns.includes(previous!) || entry.dropIns.some((dropIn) => dropIn.key === file.key))
          affected.add(unit);
      }
    }
    for (const unit of affected) {
      const links = this.declared.get(unit)?.links ?? [];
      const before = orderingsOf(links);
      for (const link of links) {
        removeLink(this.table.get(link.from)?.out, link);
        removeLink(this.table.get(link.to)?.in, link);
      }
      this.declared.delete(unit);
      this.declare(unit);
      orderingChanged ||= orderingsOf(this.declared.get(unit)?.links) !== before;
    }
    this.onDemand = new Map();
    // A keystroke seldom changes an After= or Before=: the components stay as they were unless one did.
    if (orderingChanged) this.components = new Map();
    this.version = this.index.version;
    return true;
  }

  /** A unit's links; for an instance known only through its template, its own side read from the template. */
  private sideOf(name: string): Side {
    const known = this.table.get(name);
    if (this.declared.has(name)) return known ?? NO_LINKS;
    const cached = this.onDemand.get(name);
    if (cached) return cached;
    const side: Side = { out: [...(known?.out ?? [])], in: known?.in ?? [] };
    const template = templateOf(name);
    const file = template
      ? this.index.definitionsOf(template, this.user).find((candidate) => candidate.user === this.user)
      : undefined;
    if (file) {
      // Only the instance's own side is added; the other side matters only for units that name it.
      for (const { relation, unit, origin } of declaredBy(this.index, name, file)) {
        side.out.push({ from: name, relation, to: unit, origin });
      }
    }
    this.onDemand.set(name, side);
    return side;
  }

  /**
   * Calls `visit` with each unit `name` has one of the relations to, and the relation, in the order of `relations`;
   * a unit linked twice by the same relation is visited twice.
   */
  private eachRelated(
    name: string,
    relations: readonly Relation[],
    visit: (unit: string, relation: Relation, link: Link) => void,
  ): void {
    const side = this.sideOf(name);
    for (const relation of relations) {
      for (const link of side.out) if (link.relation === relation && link.from === name) visit(link.to, relation, link);
      const inverse = INVERSE[relation];
      for (const link of side.in) if (link.relation === inverse && link.to === name) visit(link.from, relation, link);
    }
  }

  /** The units related to `name` by any of the relations, each with the relations that connect them. */
  related(name: string, relations: readonly Relation[]): Map<string, Relation[]> {
    const found = new Map<string, Relation[]>();
    this.eachRelated(name, relations, (unit, relation) => {
      if (unit === name) return;
      const list = found.get(unit);
      if (!list) found.set(unit, [relation]);
      else if (list[list.length - 1] !== relation) list.push(relation);
    });
    return found;
  }

  /** The units `name` is ordered after, each once. */
  orderedAfter(name: string): Iterable<string> {
    const units = new Set<string>();
    this.eachRelated(name, AFTER, (unit) => units.add(unit));
    return units;
  }

  /** Where it is written that `name` is ordered after `other` (its After=, or the other's Before=). */
  orderingOrigins(name: string, other: string): EdgeOrigin[] {
    const origins: EdgeOrigin[] = [];
    this.eachRelated(name, AFTER, (unit, _relation, link) => {
      if (unit === other && link.origin) origins.push(link.origin);
    });
    return origins;
  }

  /**
   * The units that are ordered both before and after `name`, directly or through others, with `name` itself: its
   * strongly connected component in the "is ordered after" graph. A unit lies on an ordering cycle exactly when this
   * holds another unit or it orders itself. Found with Tarjan's algorithm, iteratively (a chain of orderings can be
   * longer than the stack is deep), from `name` over the units it reaches; every component completed on the way is
   * kept, so checking each unit of a project in turn costs one walk of the graph in all, not one per unit.
   */
  orderingComponent(name: string): ReadonlySet<string> {
    const known = this.components.get(name);
    if (known) return known;
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const frames: { unit: string; next: Iterator<string> }[] = [];
    const enter = (unit: string) => {
      order.set(unit, order.size);
      low.set(unit, order.size - 1);
      stack.push(unit);
      onStack.add(unit);
      frames.push({ unit, next: this.orderedAfter(unit)[Symbol.iterator]() });
    };
    enter(name);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const other = step.value;
        if (this.components.has(other)) continue;
        if (!order.has(other)) enter(other);
        else if (onStack.has(other)) low.set(frame.unit, Math.min(low.get(frame.unit)!, order.get(other)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.unit, Math.min(low.get(parent.unit)!, low.get(frame.unit)!));
      if (low.get(frame.unit) !== order.get(frame.unit)) continue;
      const members = new Set<string>();
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        onStack.delete(member);
        members.add(member);
        if (member === frame.unit) break;
      }
      for (const member of members) this.components.set(member, members);
    }
    return this.components.get(name)!;
  }

  private declare(name: string): void {
    // The first file of a name in precedence order is the one systemd loads.
    const file = this.index.filesNamed(name).find((candidate) => candidate.user === this.user);
    if (!file) return;
    const dropIns = this.index.dropInsFor(name, this.index.lookupDirectoriesFor(file));
    const links: Link[] = [];
    for (const { relation, unit, origin } of declaredBy(this.index, name, file, dropIns)) {
      const link: Link = { from: name, relation, to: unit, origin };
      this.link(link);
      links.push(link);
    }
    this.declared.set(name, { file, dropIns, links });
  }

  private link(link: Link): void {
    this.sideFor(link.from).out.push(link);
    this.sideFor(link.to).in.push(link);
  }

  private sideFor(name: string): Side {
    let side = this.table.get(name);
    if (!side) this.table.set(name, (side = { out: [], in: [] }));
    return side;
  }
}

const NO_LINKS: Side = { out: [], in: [] };
const AFTER: readonly Relation[] = ['After'];

/** The orderings among a unit's declared dependencies, as one comparable string. */
function orderingsOf(edges: readonly { relation: Relation; to: string }[] | undefined): string {
  const found: string[] = [];
  for (const { relation, to } of edges ?? [])
    if (relation === 'After' || relation === 'Before') found.push(`${relation} ${to}`);
  return found.sort().join('\n');
}

const graphs = new WeakMap<UnitIndex, Map<boolean, DependencyGraph>>();

/**
 * Builds the dependency graphs of the index (the system manager's, and the user manager's when it has units) a slice
 * at a time, giving the event loop back between slices, and keeps them for `dependencyGraph`. Called once an index is
 * built: the graph of tens of thousands of units takes about a second to read, and the first validation would
 * otherwise spend it at once, with the editor's requests waiting.
 */
export async function prepareDependencyGraphs(index: UnitIndex, stop: () => boolean = () => false): Promise<void> {
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const managers = new Set(index.allFiles().map((file) => file.user));
  for (const user of [false, true]) {
    if (!managers.has(user)) continue;
    // A validation may have built it already, at once.
    if (graphs.get(index)?.get(user)?.catchUp()) continue;
    const graph = new DependencyGraph(index, user, true);
    if (!(await graph.buildInSlices(pause, stop))) return;
    let byManager = graphs.get(index);
    if (!byManager) graphs.set(index, (byManager = new Map()));
    byManager.set(user, graph);
  }
}

/** The dependency graph of the index for one manager: built once, then updated as texts change. */
export function dependencyGraph(index: UnitIndex, user = false): DependencyGraph {
  let byManager = graphs.get(index);
  if (!byManager) graphs.set(index, (byManager = new Map()));
  const existing = byManager.get(user);
  if (existing?.catchUp()) return existing;
  const graph = new DependencyGraph(index, user);
  byManager.set(user, graph);
  return graph;
}

/** One ordering cycle through a unit: the units in order, the first repeated at the end. */
export interface OrderingCycle {
  readonly units: readonly string[];
  /** Where the first step of the cycle (the unit's own ordering on the next one) is written. */
  readonly origins: readonly EdgeOrigin[];
}

const MAX_CYCLE_SEARCH = 20_000;

/**
 * The ordering cycles that run through a unit: for each unit it is ordered after, a shortest chain of `After=`
 * (or reversed `Before=`) back to it. One cycle per first step.
 */
export function orderingCyclesThrough(graph: DependencyGraph, unit: string): OrderingCycle[] {
  const cycles: OrderingCycle[] = [];
  // Every unit of a cycle through `unit` is in its component; a unit alone in it is on none (self-orderings are left
  // out, as below), which is the answer for nearly every unit, found without a search.
  const component = graph.orderingComponent(unit);
  if (component.size < 2) return cycles;
  for (const first of [...graph.orderedAfter(unit)]) {
    if (first === unit || !component.has(first)) continue;
    const origins = graph.orderingOrigins(unit, first);
    // Breadth-first from `first` along "is ordered after" until `unit` comes back.
    const previous = new Map<string, string>([[first, '']]);
    const queue = [first];
    let visited = 0;
    let found = false;
    while (queue.length > 0 && visited < MAX_CYCLE_SEARCH && !found) {
      const current = queue.shift()!;
      visited++;
      for (const next of graph.orderedAfter(current)) {
        if (next === unit) {
          previous.set(unit, current);
          found = true;
          break;
        }
        if (!previous.has(next) && component.has(next)) {
          previous.set(next, current);
          queue.push(next);
        }
      }
    }
    if (!found) continue;
    const chain: string[] = [unit];
    for (let at = previous.get(unit)!; at !== ''; at = previous.get(at)!) chain.unshift(at);
    chain.unshift(unit);
    cycles.push({ units: chain, origins });
  }
  return cycles;
}

/** A node of a dependency tree, as the view and the CLI show it. */
export interface DependencyChild {
  readonly name: string;
  /** How it is related to its parent (`Wants`, `RequiredBy`, …). */
  readonly relations: readonly Relation[];
  /** Already on the path from the root: following it would loop. */
  readonly cycle: boolean;
}

/**
 * The units one level below `name` in `systemctl list-dependencies` order: targets last, then by name ignoring case.
 * `ancestors` are the units on the path above it, for marking cycles.
 */
export function dependencyChildren(
  graph: DependencyGraph,
  name: string,
  relations: readonly Relation[],
  ancestors: readonly string[] = [],
): DependencyChild[] {
  const path = new Set([...ancestors, name]);
  return [...graph.related(name, relations)]
    .map(([unit, via]) => ({ name: unit, relations: via, cycle: path.has(unit) }))
    .sort((a, b) => compareForListing(a.name, b.name));
}

function compareForListing(a: string, b: string): number {
  const aTarget = a.endsWith('.target');
  const bTarget = b.endsWith('.target');
  if (aTarget !== bTarget) return aTarget ? 1 : -1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface TreeOptions {
  readonly relations: readonly Relation[];
  /** Expand every unit, not only targets (`--all`). */
  readonly all?: boolean;
  /** Stop below this depth. */
  readonly maxDepth?: number;
}

/**
 * The tree as `systemctl list-dependencies` prints it without colours: the unit, then its dependencies with tree
 * lines, expanding targets only unless `all`; a unit already on the path is left out and the level ends with `...`.
 */
export function renderDependencyTree(graph: DependencyGraph, root: string, options: TreeOptions): string {
  const lines = [root];
  const path: string[] = [];
  const maxDepth = options.maxDepth ?? 64;
  const walk = (name: string, level: number, branches: number[]): void => {
    path.push(name);
    const children = dependencyChildren(graph, name, options.relations, path.slice(0, -1));
    const shown = children.filter((child) => !child.cycle);
    const circular = shown.length < children.length;
    shown.forEach((child, i) => {
      const last = i === shown.length - 1 && !circular;
      lines.push(treeLine(child.name, branches, last));
      if ((options.all || child.name.endsWith('.target')) && level + 1 < maxDepth) {
        // As systemctl does, the line beside the subtree stops only after the very last dependency, shown or not.
        walk(child.name, level + 1, [...branches, child === children[children.length - 1] ? 0 : 1]);
      }
    });
    if (circular) lines.push(treeLine('...', branches, true));
    path.pop();
  };
  walk(root, 0, []);
  return lines.join('\n') + '\n';
}

function treeLine(name: string, branches: readonly number[], last: boolean): string {
  const indent = branches.map((open) => (open ? '│ ' : '  ')).join('');
  return `  ${indent}${last ? '└─' : '├─'}${name}`;
}
