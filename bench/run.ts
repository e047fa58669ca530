// `npm run bench`: every benchmark in bench/, each reporting its figures and a ratio
// against a baseline measured in the same run, written to bench/results/latest.json.
// The suites arrive with the performance issue; until then this records an empty run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const results = { at: new Date().toISOString(), node: process.version, cores: cpus().length, benchmarks: [] as unknown[] };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('no benchmarks yet; wrote bench/results/latest.json');
