// prestart: makes dist/ what `npm start` runs (docs/PERFORMANCE.md, "Start-up and memory").
// When dist/ is missing or older than src/, the sources are compiled file by file with esbuild
// (about a second; no type check: that is `npm run build`, which uses tsc, and `npm test`).
// When dist/ is up to date this costs a walk of src/.
import { join } from 'node:path';
import { distIsFresh, walkSources } from './dist-freshness.mjs';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const { files, newest } = walkSources(src);
if (!distIsFresh(root, newest)) {
  const started = performance.now();
  const { build } = await import('esbuild');
  await build({
    entryPoints: files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outdir: join(root, 'dist'), outbase: src,
    format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning',
    tsconfig: join(root, 'tsconfig.build.json'),
  });
  process.stderr.write(`zhibu: compiled src/ to dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
