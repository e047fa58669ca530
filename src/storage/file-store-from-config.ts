import { dirname, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createFileStore, type FileStore } from './file-store.js';

/** Where files go by default: a `files` folder next to the SQLite file, else ./data/files. */
export function defaultFilesDir(databaseUrl: string): string {
  const sqlite = /^file:(.+)$/u.exec(databaseUrl)?.[1];
  return resolve(sqlite ? dirname(sqlite.replace(/\?.*$/u, '')) : './data', 'files');
}

/** The file store ZHIBU_FILES_STORE, ZHIBU_FILES_DIR and ZHIBU_FILE_MAX_MB describe. */
export function fileStoreFromConfig(db: Db, config: Pick<Config, 'DATABASE_URL' | 'ZHIBU_FILES_STORE' | 'ZHIBU_FILES_DIR' | 'ZHIBU_FILE_MAX_MB'>): FileStore {
  const maxBytes = config.ZHIBU_FILE_MAX_MB * 1024 * 1024;
  if (config.ZHIBU_FILES_STORE === 'database') return createFileStore(db, { kind: 'database', maxBytes });
  return createFileStore(db, { kind: 'disk', dir: resolve(config.ZHIBU_FILES_DIR ?? defaultFilesDir(config.DATABASE_URL)), maxBytes });
}
