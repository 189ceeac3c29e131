// Bundles the client, the node and browser servers and the CLI with esbuild. `--production` minifies; `--outdir DIR`
// writes somewhere other than dist/ (the benchmark builds the shipped form there).
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';
if (!outdir) throw new Error('--outdir needs a directory');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// JSON (the catalog and the docs, a few hundred kilobytes) is emitted as a JSON.parse() of a string literal rather than
// an object literal: V8 reads it several times faster, which shortens the start of the server and of the CLI.
const jsonAsString = {
  name: 'json-as-string',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

// `systemd-units lsp` loads the server from a bundle of its own (dist/lsp.js), so `lint` does not load the LSP code.
const lspBeside = {
  name: 'lsp-beside',
  setup(build) {
    build.onResolve({ filter: /^\.\/lsp$/ }, () => ({ path: './lsp.js', external: true }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  target: 'es2022',
  logLevel: 'warning',
  define: { 'process.env.SYSTEMD_UNITS_VERSION': JSON.stringify(version) },
  plugins: [jsonAsString],
};

rmSync(outdirAt > 0 ? outdir : new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { 'client/extension': 'client/src/extension.ts', 'server/node': 'server/src/node/main.ts' },
    outdir,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'client/browser': 'client/src/browser.ts' },
    outdir,
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'server/browser': 'server/src/browser/main.ts' },
    outdir,
    platform: 'browser',
    format: 'iife',
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir,
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [jsonAsString, lspBeside],
  }),
  esbuild.build({
    ...common,
    entryPoints: { lsp: 'server/src/cli/lsp.ts' },
    outdir,
    platform: 'node',
    format: 'cjs',
  }),
]);
