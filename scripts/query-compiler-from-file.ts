// Part of postinstall (generate-clients.ts). A generated Prisma client carries its query
// compiler as 2-4 MB of base64 in a JavaScript module, which V8 then holds twice for the life of
// the process (the module's source text and the string) beside the decoded bytes: ~6 MiB of
// every bot's heap. Written once as a .wasm file here, the compiler is read from disk when the
// first query needs it and nothing but the compiled module stays (docs/PERFORMANCE.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The loader Prisma generates: `const { wasm } = await import("…wasm-base64.mjs")`, then decoded. */
const BASE64_LOADER = /const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\s*\n\s*return await decodeBase64AsWasm\(wasm\)/;

/**
 * Rewrites the generated client in `src/db/generated/<provider>` to read its query compiler
 * from `internal/query_compiler.wasm`, written here from the base64 module it imported.
 */
export async function queryCompilerFromFile(generatedDir: string, provider: string): Promise<void> {
  const classFile = join(generatedDir, provider, 'internal', 'class.ts');
  const source = readFileSync(classFile, 'utf8');
  const specifier = BASE64_LOADER.exec(source)?.[1];
  if (!specifier) throw new Error(`${classFile}: Prisma's query-compiler loader is not the one scripts/query-compiler-from-file.ts rewrites; update it.`);
  const { wasm } = (await import(specifier)) as { wasm: string };
  writeFileSync(join(generatedDir, provider, 'internal', 'query_compiler.wasm'), Buffer.from(wasm, 'base64'));
  // The same path from src/db/generated/… and from its compiled copy in dist/db/generated/…
  // (tsc copies no .wasm): both lie five folders below the project's root.
  const wasmUrl = `../../../../../src/db/generated/${provider}/internal/query_compiler.wasm`;
  const fromFile = `const { readFile } = await import("node:fs/promises")\n    return new WebAssembly.Module(await readFile(new URL(${JSON.stringify(wasmUrl)}, import.meta.url)))`;
  writeFileSync(classFile, source.replace(BASE64_LOADER, fromFile));
}
