import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, unitSearchRoots } from '../node/workspaceHost';
import { getLanguageService } from '../service/languageService';
import { DEFAULT_UNIT_SEARCH_PATHS } from '../service/settings';
import {
  dependencyGraph,
  FORWARD_RELATIONS,
  renderDependencyTree,
  REVERSE_RELATIONS,
  type Relation,
} from '../service/workspace/dependencies';
import type { IndexRoot } from '../service/workspace/fileSystem';
import { fileUri } from '../service/workspace/uris';

export interface DepsOptions {
  readonly reverse: boolean;
  readonly after: boolean;
  readonly before: boolean;
  readonly all: boolean;
  readonly user: boolean;
}

/**
 * `systemd-units deps UNIT [PATH...]`: the dependency tree of a unit as `systemctl list-dependencies` prints it,
 * computed from the unit files under the paths (by default the machine's unit directories) rather than from a running
 * systemd. UNIT may be a unit file, whose directory is then indexed too.
 */
export async function dependencyTree(
  unitArgument: string,
  paths: readonly string[],
  options: DepsOptions,
): Promise<{ text: string; indexed: number; missing: string[] }> {
  const missing: string[] = [];
  const directories: string[] = [];
  let unit = unitArgument;
  if (unitArgument.includes('/')) {
    unit = path.basename(unitArgument);
    directories.push(path.dirname(path.resolve(unitArgument)));
  }
  for (const given of paths) {
    try {
      const absolute = path.resolve(given);
      directories.push(fs.statSync(absolute).isDirectory() ? absolute : path.dirname(absolute));
    } catch {
      missing.push(given);
    }
  }
  let roots: IndexRoot[];
  if (directories.length > 0) {
    roots = [...new Set(directories)].map((directory) => ({
      uri: fileUri(directory),
      origin: 'workspace' as const,
      user: options.user,
    }));
  } else {
    const machine = await unitSearchRoots(DEFAULT_UNIT_SEARCH_PATHS);
    roots = machine.filter((root) => (root.user ?? false) === options.user);
  }
  const service = getLanguageService({ fileSystem: nodeFileSystem });
  const outcome = await service.indexWorkspace(roots);
  const relations: readonly Relation[] = options.after
    ? ['After']
    : options.before
      ? ['Before']
      : options.reverse
        ? REVERSE_RELATIONS
        : FORWARD_RELATIONS;
  // Units of the paths count as the per-user manager's only with --user, whatever directory they are in.
  const user = directories.length > 0 ? undefined : options.user;
  const graph = dependencyGraph(service.index, user ?? isUserIndex(service.index.allFiles(), options.user));
  return {
    text: renderDependencyTree(graph, unit, { relations, all: options.all }),
    indexed: outcome?.files ?? 0,
    missing,
  };
}

/** Which manager's graph to read for units given by path: the user one when every file says so or --user. */
function isUserIndex(files: readonly { user: boolean }[], user: boolean): boolean {
  return user || (files.length > 0 && files.every((file) => file.user));
}
