import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dependencyChildren,
  dependencyGraph,
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
  // A file that comes or goes: built again.
  service.index.setFile({
    uri: 'file:///ws/c.service',
    text: '[Unit]\nAfter=b.service\n',
    origin: 'workspace',
    rank: 0,
    user: false,
  });
  const rebuilt = dependencyGraph(service.index);
  assert.notEqual(rebuilt, graph);
  assert.deepEqual([...rebuilt.orderedAfter('c.service')], ['b.service']);
});
