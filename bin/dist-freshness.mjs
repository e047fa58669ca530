// Whether dist/ is up to date with src/: shared by the `zhibu` command (which runs dist/ only
// then) and `npm start`'s prestart (bin/build-if-stale.mjs, which compiles it otherwise).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` and the newest modification time among them (0 when none). */
export function walkSources(dir, found = { files: [], newest: 0 }) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walkSources(path, found);
    } else {
      found.files.push(path);
      found.newest = Math.max(found.newest, statSync(path).mtimeMs);
    }
  }
  return found;
}

/** dist/cli.js exists and is no older than anything under src/. */
export function distIsFresh(root, newest = walkSources(join(root, 'src')).newest) {
  const compiled = join(root, 'dist', 'cli.js');
  return existsSync(compiled) && statSync(compiled).mtimeMs >= newest;
}
