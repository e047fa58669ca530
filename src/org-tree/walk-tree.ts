/**
 * The organisations under (and including) `rootIds`, parents before children, or under every
 * top-level organisation for 'all'. A cycle written by hand is walked once.
 */
export function walkTree<T extends { id: number; parentId: number | null }>(orgs: readonly T[], rootIds: readonly number[] | 'all'): T[] {
  const children = new Map<number | null, T[]>();
  for (const org of orgs) children.set(org.parentId, [...(children.get(org.parentId) ?? []), org]);
  const queue = rootIds === 'all' ? [...(children.get(null) ?? [])] : orgs.filter((o) => rootIds.includes(o.id));
  const seen = new Set<number>();
  const walked: T[] = [];
  for (let org = queue.shift(); org; org = queue.shift()) {
    if (seen.has(org.id)) continue;
    seen.add(org.id);
    walked.push(org);
    queue.push(...(children.get(org.id) ?? []));
  }
  return walked;
}
