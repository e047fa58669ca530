#!/usr/bin/env node
// The `zhibu` command. Runs the compiled code in dist/ when `npm run build` or `npm start`'s
// prestart (build-if-stale.mjs) made it and it is up to date; otherwise the TypeScript sources
// through tsx, so `npx zhibu` on a fresh clone needs no build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsFresh } from './dist-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli.js');

let cli;
// ZHIBU_RUN=sources: the sources whatever dist/ holds (the test suite sets it: it tests the
// sources, also after a developer's `npm start` built dist/ and src/ changed since).
if (process.env.ZHIBU_RUN !== 'sources' && distIsFresh(root)) {
  cli = await import(pathToFileURL(compiled).href);
} else {
  if (existsSync(compiled) && process.env.ZHIBU_RUN !== 'sources') process.stderr.write('zhibu: dist/ is older than src/; running the sources (run `npm run build` to update dist/).\n');
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
// Everything is closed by now; a handle a library forgot must not keep a stopped bot alive.
setTimeout(() => process.exit(), 2000).unref();
