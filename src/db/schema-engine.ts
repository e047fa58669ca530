import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { schemaEngineAdapterFactoryFor } from './adapter-factory.js';

let isLoaded = false;

/**
 * Instantiates the schema engine's WebAssembly module once per process. The package's own
 * entry point imports the .wasm file as an ES module, which Node 20 only allows behind
 * --experimental-wasm-modules; instantiating it here keeps `node` and `tsx` flag-free.
 */
function loadSchemaEngineWasm(): void {
  if (isLoaded) return;
  const require = createRequire(import.meta.url);
  const wasmFile = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  isLoaded = true;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened. */
  close: () => Promise<void>;
}

/** Opens the WebAssembly schema engine on `databaseUrl` with `schema` as its datamodel. */
export async function openSchemaEngine(databaseUrl: string, schema: string): Promise<OpenSchemaEngine> {
  loadSchemaEngineWasm();
  const opened: SqlDriverAdapter[] = [];
  const track = async (connecting: Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connecting;
    // The engine sometimes disposes connections itself; a second dispose throws.
    const dispose = adapter.dispose.bind(adapter);
    let disposing: Promise<void> | undefined;
    adapter.dispose = () => (disposing ??= dispose());
    opened.push(adapter);
    return adapter;
  };
  const { factory: main, end } = await schemaEngineAdapterFactoryFor(databaseUrl);
  // The engine never disposes the connections it asks for: a later engine on the same
  // SQLite file would find it locked. Track them and close them ourselves.
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => track(main.connect()),
    connectToShadowDb: () => track(main.connectToShadowDb()),
  };
  const engine = await bindings.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((adapter) => adapter.dispose()));
      await end();
    },
  };
}

export const noFilter = { externalTables: [], externalEnums: [] };
