#!/usr/bin/env node
// The `zhibu` command. Runs the compiled code in dist/ when `npm run build` made it and it is
// up to date; otherwise the TypeScript sources through tsx, so a fresh clone needs no build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli.js');

/** The newest modification time under `dir` (the sources), 0 when there are none. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

let cli;
if (existsSync(compiled) && statSync(compiled).mtimeMs >= newest(join(root, 'src'))) {
  cli = await import(pathToFileURL(compiled).href);
} else {
  if (existsSync(compiled)) process.stderr.write('zhibu: dist/ is older than src/; running the sources (run `npm run build` to update dist/).\n');
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
// Everything is closed by now; a handle a library forgot must not keep a stopped bot alive.
setTimeout(() => process.exit(), 2000).unref();
