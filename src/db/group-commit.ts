/**
 * Group commit: items handed in while a write is under way wait and go together in the next
 * write, so a burst shares statements and commits (one fsync on PostgreSQL) instead of one
 * each, and an item handed in alone is written at once, without waiting for company. Each
 * caller's promise settles only when the write that holds its item has: nothing is reported
 * stored before it is.
 *
 * `write` gets the items in order and returns one result per item. When a write of several
 * fails, each of its items is tried again alone, so one bad item fails only its own caller.
 *
 * @example
 * const store = groupCommit((rows: Row[]) => insertRows(db, rows));
 * const isNew = await store(row); // resolves after the statement that held `row` committed
 */
export function groupCommit<T, R>(write: (items: readonly T[]) => Promise<R[]>, maxBatch = 200): (item: T) => Promise<R> {
  interface Waiting {
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  let queue: Waiting[] = [];
  let isWriting = false;

  const writeBatch = async (batch: Waiting[]) => {
    try {
      const results = await write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as R));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const one of batch) await writeBatch([one]);
    }
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      await writeBatch(batch);
    }
    isWriting = false;
  };

  return (item) => new Promise<R>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    if (isWriting) return;
    isWriting = true;
    // The items of this turn of the event loop (requests parsed together) join the first write.
    setImmediate(() => void drain());
  });
}

/**
 * `groupCommit` per database client: items for the same client go together, items for
 * different clients (tests, two instances in one process) never do.
 *
 * @example
 * const markDone = groupCommitPerClient((db: Db, marks: readonly Mark[]) => markAll(db, marks));
 * await markDone(db, mark);
 */
export function groupCommitPerClient<C extends object, T, R>(write: (client: C, items: readonly T[]) => Promise<R[]>): (client: C, item: T) => Promise<R> {
  const writers = new WeakMap<C, (item: T) => Promise<R>>();
  return (client, item) => {
    let together = writers.get(client);
    if (!together) {
      together = groupCommit((items: readonly T[]) => write(client, items));
      writers.set(client, together);
    }
    return together(item);
  };
}
