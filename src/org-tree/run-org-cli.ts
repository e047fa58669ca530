import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../db/client.js';
import { isInWindow, parseIsoDate } from '../domain/dates.js';
import { ORGANIZATION_KIND_ZH, parseOrganizationKind } from '../domain/organization-kinds.js';
import { createOrganization } from './create-organization.js';
import { dissolveOrganization, planDissolution } from './dissolve-organization.js';
import type { TreeActor } from './find-organization.js';
import { importTree } from './import-tree.js';
import { mergeBranches, planMerge } from './merge-branches.js';
import { moveOrganization, planMove } from './move-organization.js';
import { OrgTreeError } from './org-tree-error.js';
import { renameOrganization } from './rename-organization.js';
import { setOrganizationTerm } from './set-organization-term.js';
import { walkTree } from './walk-tree.js';

/** What `zhibu org …` hands in: the words after `org`, its options, and where to write. */
export interface OrgCliInput {
  positionals: string[];
  values: { kind?: string | undefined; parent?: string | undefined; to?: string | undefined; into?: string | undefined; started?: string | undefined; years?: string | undefined; yes?: boolean | undefined };
  now: Date;
  /** The time zone of branches without their own (ZHIBU_TIMEZONE). */
  defaultZone: string;
  who: TreeActor;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Asks the operator; resolves true when confirmed. */
  confirm: (question: string) => Promise<boolean>;
}

/**
 * `zhibu org list|new|rename|move|dissolve|merge|import|term`: the same tree operations as the chat commands, for the
 * operator (trusted like every CLI command; each change is audited as `cli:<user>`).
 * Returns the exit code: 0 done, 1 refused, 2 usage.
 */
export async function runOrgCli(db: Db, input: OrgCliInput): Promise<number> {
  const [action, name, ...extra] = input.positionals;
  const { values, now, who, out } = input;
  if (action === 'list' && name === undefined) {
    for (const line of await describeTree(db)) out(line);
    return 0;
  }
  if (!action || !name || extra.length > 0) return 2;
  try {
    if (action === 'new') {
      const kind = parseOrganizationKind(values.kind ?? 'branch');
      if (!kind) {
        input.err(`zhibu org new: unknown --kind "${values.kind ?? ''}" (working_committee, committee, general_branch, branch, or 工委, 党委, 总支, 支部)`);
        return 2;
      }
      const { org, parent } = await createOrganization(db, { name, kind, parentName: values.parent }, who);
      out(`created ${ORGANIZATION_KIND_ZH[kind]} ${org.name} (id ${org.id})${parent ? ` under ${parent.name}` : ''}`);
      return 0;
    }
    if (action === 'rename') {
      if (!values.to) return 2;
      await renameOrganization(db, { name, newName: values.to, now }, who);
      out(`renamed ${name} to ${values.to}; ledgers of earlier periods keep the old name`);
      return 0;
    }
    if (action === 'move') {
      if (!values.parent) return 2;
      const move = await planMove(db, { name, parentName: values.parent });
      if (!(await input.confirm(`Move ${move.org.name} from ${move.from?.name ?? '(top)'} to ${move.to.name}? Type yes:`))) return 1;
      await moveOrganization(db, move, who);
      out(`moved ${move.org.name} from ${move.from?.name ?? '(top)'} to ${move.to.name}`);
      return 0;
    }
    if (action === 'dissolve') {
      const plan = await planDissolution(db, { name, now });
      const question = `Dissolve ${plan.org.name}? ${plan.chatBindings} chat bindings and ${plan.roleGrants} role grants end, ${plan.futureActivities} future activities are cancelled; records stay. Type yes:`;
      if (!(await input.confirm(question))) return 1;
      await dissolveOrganization(db, plan, now, who);
      out(`dissolved ${plan.org.name}; its records stay and its ledgers still export`);
      return 0;
    }
    if (action === 'import') {
      let content: Buffer;
      try {
        content = await readFile(name);
      } catch {
        input.err(`zhibu org import: cannot read ${name}`);
        return 1;
      }
      const outcome = await importTree(db, { fileName: basename(name), content, who });
      for (const line of outcome.lines) (outcome.ok ? out : input.err)(line);
      return outcome.ok ? 0 : 1;
    }
    if (action === 'merge') {
      if (!values.into) return 2;
      const plan = await planMerge(db, { fromName: name, toName: values.into, now });
      const question = `Merge ${plan.from.name} into ${plan.to.name}? ${plan.members} members move from today with their paid dues, ${plan.movingActivities} future activities move, ${plan.ruleActivities} rule-made party days are cancelled; past records stay with ${plan.from.name}, which is then dissolved. Type yes:`;
      if (!(await input.confirm(question))) return 1;
      const { moved } = await mergeBranches(db, plan, now, input.defaultZone, who);
      out(`merged ${plan.from.name} into ${plan.to.name}: ${moved} members moved; ${plan.from.name} is dissolved and its ledgers still export`);
      return 0;
    }
    if (action === 'term') {
      const startedOn = parseIsoDate(values.started ?? '');
      const years = values.years === undefined ? undefined : Number(values.years);
      if (!startedOn || !isInWindow(startedOn, 'schedule') || (years !== undefined && !(Number.isInteger(years) && years >= 1 && years <= 10))) return 2;
      await setOrganizationTerm(db, { name, startedOn, years }, who);
      out(`recorded the term of ${name}: from ${startedOn}${years === undefined ? '' : `, ${years} years`}`);
      return 0;
    }
    return 2;
  } catch (error) {
    if (!(error instanceof OrgTreeError)) throw error;
    input.err(`zhibu org ${action}: ${error.reason}`);
    return 1;
  }
}

/** The live tree, indented by level: "  机关党委 (党委, id 3, 2 members)". */
async function describeTree(db: Db): Promise<string[]> {
  const orgs = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true }, orderBy: { id: 'asc' } });
  const members = await db.member.groupBy({ by: ['branchId'], where: { leftAt: null }, _count: { _all: true } });
  const counts = new Map(members.map((m) => [m.branchId, m._count._all]));
  const depth = new Map<number, number>();
  return walkTree(orgs, 'all').map((org) => {
    const level = org.parentId === null ? 0 : (depth.get(org.parentId) ?? 0) + 1;
    depth.set(org.id, level);
    const roster = org.kind === 'branch' ? `, ${counts.get(org.id) ?? 0} members` : '';
    return `${'  '.repeat(level)}${org.name} (${ORGANIZATION_KIND_ZH[org.kind]}, id ${org.id}${roster})`;
  });
}
