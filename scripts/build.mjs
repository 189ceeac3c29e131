// Bundles the client, the node and browser servers and the CLI with esbuild. `--production` minifies.
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  target: 'es2022',
  logLevel: 'warning',
  define: { 'process.env.SYSTEMD_UNITS_VERSION': JSON.stringify(version) },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { 'client/extension': 'client/src/extension.ts', 'server/node': 'server/src/node/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'client/browser': 'client/src/browser.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'server/browser': 'server/src/browser/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
