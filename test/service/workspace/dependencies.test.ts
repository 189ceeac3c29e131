import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  dependencyChildren,
  dependencyGraph,
  orderingCyclesThrough,
  DependencyGraph,
  FORWARD_RELATIONS,
  renderDependencyTree,
  REVERSE_RELATIONS,
} from '../../../server/src/service/workspace/dependencies';
import { ETC, serviceOver, SYSTEM, WORKSPACE } from './memoryWorkspace';

test('both sides of every dependency, from files, drop-ins, [Install] of the workspace and .wants links', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/app.target`]: '[Unit]\nRequires=db.service\n',
    [`${WORKSPACE}/web.service`]: '[Unit]\nPartOf=app.target\n[Install]\nWantedBy=app.target\n',
    [`${WORKSPACE}/web.service.d/x.conf`]: '[Unit]\nUpholds=helper.service\n',
    [`${WORKSPACE}/worker@.service`]: '[Unit]\nBindsTo=queue@%i.socket\n',
    [`${SYSTEM}/db.service`]: '[Unit]\nWants=log.service\n[Install]\nWantedBy=multi-user.target\n',
    [`${ETC}/multi-user.target.wants/db.service`]: { link: `${SYSTEM}/db.service` },
    [`${ETC}/multi-user.target.wants/app.target`]: { link: `${WORKSPACE}/app.target` },
  });
  const graph = dependencyGraph(service.index);
  const children = (unit: string, reverse = false, ancestors: string[] = []) =>
    dependencyChildren(graph, unit, reverse ? REVERSE_RELATIONS : FORWARD_RELATIONS, ancestors).map(
      (child) => `${child.name} ${child.relations.join('+')}${child.cycle ? ' cycle' : ''}`,
    );
  assert.deepEqual(children('app.target'), ['db.service Requires', 'web.service Wants+ConsistsOf']);
  assert.deepEqual(children('web.service'), ['helper.service Upholds']);
  assert.deepEqual(children('web.service', true), ['app.target WantedBy+PartOf']);
  // The machine's [Install] counts only through its links; a workspace file's through WantedBy=.
  assert.deepEqual(children('multi-user.target'), ['db.service Wants', 'app.target Wants']);
  assert.deepEqual(children('db.service', true), ['app.target RequiredBy', 'multi-user.target WantedBy']);
  // An instance reads its template, specifiers resolved.
  assert.deepEqual(children('worker@7.service'), ['queue@7.socket BindsTo']);
  assert.deepEqual(children('app.target', false, ['db.service']), [
    'db.service Requires cycle',
    'web.service Wants+ConsistsOf',
  ]);
});

test('the tree keeps the vertical line beside a subtree when a cut loop follows it, as systemctl does', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/x.target`]: '[Unit]\nWants=a.target y.target\n',
    [`${WORKSPACE}/y.target`]: '[Unit]\nWants=x.target\n',
    [`${WORKSPACE}/a.target`]: '[Unit]\nWants=b.service x.target\n',
  });
  const graph = dependencyGraph(service.index);
  assert.equal(
    renderDependencyTree(graph, 'y.target', { relations: FORWARD_RELATIONS }),
    ['y.target', '  └─x.target', '    ├─a.target', '    │ ├─b.service', '    │ └─...', '    └─...', ''].join('\n'),
  );
  assert.equal(renderDependencyTree(graph, 'nothing.service', { relations: FORWARD_RELATIONS }), 'nothing.service\n');
});

test('an edit of one file updates the graph in place, the same as building it again', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/a.service`]: '[Unit]\nAfter=b.service\n',
    [`${WORKSPACE}/b.service`]: '[Unit]\nAfter=c.service\n',
    [`${WORKSPACE}/b.service.d/x.conf`]: '[Unit]\nWants=c.service\n',
  });
  const graph = dependencyGraph(service.index);
  assert.deepEqual([...graph.orderedAfter('b.service')], ['c.service']);
  service.index.setOverlay('file:///ws/b.service', '[Unit]\nAfter=d.service\n');
  service.index.setOverlay('file:///ws/b.service.d/x.conf', '[Unit]\nBefore=a.service\n');
  const updated = dependencyGraph(service.index);
  assert.equal(updated, graph, 'the same graph, caught up');
  assert.deepEqual([...updated.orderedAfter('b.service')], ['d.service']);
  assert.deepEqual([...updated.orderedAfter('a.service')].sort(), ['b.service']);
  assert.deepEqual(updated.related('b.service', FORWARD_RELATIONS), new Map());
  assert.deepEqual([...updated.orderedAfter('c.service')], []);
  // A unit file that comes: caught up too.
  service.index.setFile({
    uri: 'file:///ws/c.service',
    text: '[Unit]\nAfter=b.service\n',
    origin: 'workspace',
    rank: 0,
    user: false,
  });
  assert.equal(dependencyGraph(service.index), graph);
  assert.deepEqual([...graph.orderedAfter('c.service')], ['b.service']);
  // A drop-in that comes: built again.
  service.index.setFile({
    uri: 'file:///ws/c.service.d/y.conf',
    text: '[Unit]\nAfter=a.service\n',
    origin: 'workspace',
    rank: 0,
    user: false,
  });
  const rebuilt = dependencyGraph(service.index);
  assert.notEqual(rebuilt, graph);
  assert.deepEqual([...rebuilt.orderedAfter('c.service')], ['b.service', 'a.service']);
});

/** The search as it was written before components: breadth-first over the whole graph, for comparison. */
function cyclesByPlainSearch(graph: DependencyGraph, unit: string): string[][] {
  const cycles: string[][] = [];
  for (const first of [...graph.orderedAfter(unit)]) {
    if (first === unit) continue;
    const previous = new Map<string, string>([[first, '']]);
    const queue = [first];
    let found = false;
    while (queue.length > 0 && !found) {
      const current = queue.shift()!;
      for (const next of graph.orderedAfter(current)) {
        if (next === unit) {
          previous.set(unit, current);
          found = true;
          break;
        }
        if (!previous.has(next)) {
          previous.set(next, current);
          queue.push(next);
        }
      }
    }
    if (!found) continue;
    const chain: string[] = [unit];
    for (let at = previous.get(unit)!; at !== ''; at = previous.get(at)!) chain.unshift(at);
    cycles.push([unit, ...chain]);
  }
  return cycles;
}

test('ordering cycles: the search within strongly connected components finds what a search of the whole graph finds', async () => {
  const unitCount = 9;
  const name = (i: number) => `u${i}.service`;
  const edges = fc.array(
    fc.record({
      from: fc.nat(unitCount - 1),
      to: fc.nat(unitCount - 1),
      before: fc.boolean(),
    }),
    { maxLength: 24 },
  );
  await fc.assert(
    fc.asyncProperty(edges, async (list) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < unitCount; i++) {
        const own = list.filter((edge) => edge.from === i);
        const lines = own.map((edge) => `${edge.before ? 'Before' : 'After'}=${name(edge.to)}`);
        files[`${WORKSPACE}/${name(i)}`] = `[Unit]\n${lines.join('\n')}\n[Service]\nExecStart=/bin/true\n`;
      }
      const { service } = await serviceOver(files);
      const graph = dependencyGraph(service.index);
      // Units asked in a random-ish order, so components are completed from different starting points.
      for (const i of [4, 0, 8, 2, 6, 1, 7, 3, 5]) {
        const found = orderingCyclesThrough(graph, name(i)).map((cycle) => [...cycle.units]);
        assert.deepEqual(found, cyclesByPlainSearch(graph, name(i)), name(i));
      }
    }),
    { numRuns: 150 },
  );
});

test('a graph built in slices after indexing is the one validation uses, and holds what a graph built at once holds', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 600; i++) {
    files[`${WORKSPACE}/u${i}.service`] = `[Unit]\nWants=u${(i * 7) % 600}.service\nAfter=u${(i + 1) % 600}.service\n`;
  }
  const { service } = await serviceOver(files);
  // serviceOver indexes through indexWorkspace, which prepares the graph in slices of 250 units.
  const prepared = dependencyGraph(service.index);
  assert.equal(dependencyGraph(service.index), prepared, 'kept, not built again');
  const atOnce = new DependencyGraph(service.index, false);
  for (const unit of ['u0.service', 'u7.service', 'u599.service']) {
    assert.deepEqual([...prepared.related(unit, FORWARD_RELATIONS)], [...atOnce.related(unit, FORWARD_RELATIONS)]);
    assert.deepEqual([...prepared.orderedAfter(unit)], [...atOnce.orderedAfter(unit)]);
  }
  assert.equal(
    orderingCyclesThrough(prepared, 'u0.service')[0]?.units.length,
    601,
    'the ring of 600 orderings, back to its start',
  );
});

test('a unit file that comes or goes updates the graph in place, cycles through it included', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/a.service`]: '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/a\n',
    [`${WORKSPACE}/b.service`]: '[Unit]\nWants=c.service\n[Service]\nExecStart=/bin/b\n',
  });
  const graph = dependencyGraph(service.index);
  assert.deepEqual(orderingCyclesThrough(graph, 'a.service'), []);
  // A document opened from outside the roots joins the index as a file that came: with a's After=b, it closes a
  // cycle (b after c, c after a).
  service.index.setOverlay('file:///elsewhere/c.service', '[Unit]\nBefore=b.service\nAfter=a.service\n');
  assert.equal(dependencyGraph(service.index), graph, 'caught up, not built again');
  assert.deepEqual(
    orderingCyclesThrough(graph, 'a.service').map((cycle) => cycle.units.join(' → ')),
    ['a.service → b.service → c.service → a.service'],
  );
  service.index.setOverlay('file:///elsewhere/c.service', undefined);
  service.index.setOverlay('file:///elsewhere/b2.service', '[Unit]\n');
  service.index.setOverlay('file:///elsewhere/c.service', '[Unit]\nAfter=a.service\nBefore=a.service\n');
  assert.equal(dependencyGraph(service.index), graph);
  assert.deepEqual(
    orderingCyclesThrough(graph, 'c.service').map((cycle) => cycle.units.join(' → ')),
    ['c.service → a.service → c.service'],
  );
  assert.deepEqual(
    [...graph.related('b.service', FORWARD_RELATIONS)].map(([unit]) => unit),
    ['c.service'],
  );
  // Closed again: gone from the graph, and with it the cycle.
  service.index.setOverlay('file:///elsewhere/c.service', undefined);
  assert.equal(dependencyGraph(service.index), graph);
  assert.deepEqual(orderingCyclesThrough(graph, 'a.service'), []);
  // The same graph as one built from scratch.
  const fresh = new DependencyGraph(service.index, false);
  for (const unit of ['a.service', 'b.service', 'c.service', 'b2.service']) {
    assert.deepEqual([...graph.orderedAfter(unit)], [...fresh.orderedAfter(unit)], unit);
    assert.deepEqual([...graph.related(unit, REVERSE_RELATIONS)], [...fresh.related(unit, REVERSE_RELATIONS)], unit);
  }
});
