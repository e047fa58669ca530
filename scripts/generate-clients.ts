// postinstall: generate the Prisma client for each provider into src/db/generated/<provider>.
//
// `prisma generate` insists on finding a schema-engine binary, which cannot be downloaded
// here, but never runs it; any existing file satisfies the check (notes/prisma-offline.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFor } from '../src/db/schema-source.js';
import { queryCompilerFromFile } from './query-compiler-from-file.js';

const generatedDir = fileURLToPath(new URL('../src/db/generated', import.meta.url));
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

for (const provider of ['sqlite', 'postgresql'] as const) {
  mkdirSync(generatedDir, { recursive: true });
  const schemaFile = join(generatedDir, `schema.${provider}.prisma`);
  writeFileSync(schemaFile, schemaFor(provider));
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  await queryCompilerFromFile(generatedDir, provider);
  console.log(`zhibu: generated the ${provider} Prisma client`);
}
