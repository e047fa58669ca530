import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/db/group-commit.js';

/** A write the test finishes by hand, recording the batches it was given. */
function controlledWrite() {
  const batches: string[][] = [];
  const pending: { finish: () => void; fail: (error: Error) => void }[] = [];
  const write = (items: readonly string[]) => new Promise<string[]>((resolve, reject) => {
    batches.push([...items]);
    pending.push({ finish: () => resolve(items.map((i) => `stored ${i}`)), fail: reject });
  });
  return { write, batches, pending };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes the items of one turn together, queues those handed in meanwhile for the next write, and answers each only after its write', async () => {
    const { write, batches, pending } = controlledWrite();
    const store = groupCommit(write);
    const settled: string[] = [];
    const track = (p: Promise<string>) => p.then((r) => settled.push(r));
    const first = [track(store('a')), track(store('b'))];
    await turn();
    expect(batches).toEqual([['a', 'b']]);
    const second = [track(store('c')), track(store('d')), track(store('e'))];
    await turn();
    // Still one write under way: c, d and e wait for it, and nothing is answered yet.
    expect(batches).toEqual([['a', 'b']]);
    expect(settled).toEqual([]);
    pending[0]?.finish();
    await Promise.all(first);
    expect(settled).toEqual(['stored a', 'stored b']);
    await turn();
    expect(batches).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    pending[1]?.finish();
    await Promise.all(second);
    expect(settled).toEqual(['stored a', 'stored b', 'stored c', 'stored d', 'stored e']);
  });

  it('splits a burst into batches of at most the given size', async () => {
    const { write, batches, pending } = controlledWrite();
    const store = groupCommit(write, 2);
    const all = Promise.all(['a', 'b', 'c', 'd', 'e'].map((i) => store(i)));
    for (let i = 0; i < 3; i++) {
      await turn();
      pending[i]?.finish();
    }
    expect(await all).toEqual(['stored a', 'stored b', 'stored c', 'stored d', 'stored e']);
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('when a shared write fails, tries each item alone: only the bad one fails, and it fails with its own error', async () => {
    const batches: string[][] = [];
    const store = groupCommit(async (items: readonly string[]) => {
      batches.push([...items]);
      if (items.includes('bad')) throw new Error(`cannot store ${items.join(',')}`);
      return items.map((i) => `stored ${i}`);
    });
    const results = await Promise.allSettled([store('a'), store('bad'), store('c')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['stored a', 'cannot store bad', 'stored c']);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    // It goes on writing afterwards.
    expect(await store('d')).toBe('stored d');
  });
});
