import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Provider } from './provider.js';

/** prisma/schema.prisma, the one schema text. */
export const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

/** prisma/migrations/<provider>, the committed migrations of one provider. */
export function migrationsDir(provider: Provider): string {
  return fileURLToPath(new URL(`../../prisma/migrations/${provider}`, import.meta.url));
}

/**
 * The schema text for one provider. A generated Prisma client is bound to its provider,
 * so the one source yields two schemas that differ only in the datasource provider and
 * the client's output folder (notes/prisma-offline.md, point 7).
 */
export function schemaFor(provider: Provider, source = readFileSync(schemaPath, 'utf8')): string {
  const withProvider = source.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[^"]*"/, `$1"${provider}"`);
  return withProvider.replace(/(output\s*=\s*)"[^"]*"/, `$1"./${provider}"`);
}
