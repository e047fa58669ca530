import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { checkInWindow } from '../../domain/check-in-window.js';
import { CONSOLE_HELP } from './console-line.js';
import { CONSOLE_GROUP_CHAT, CONSOLE_TENANT } from './console-platform.js';

export const DEMO_BRANCH = '第一党支部';
export const DEMO_COMMITTEE = '机关工委';

const DEMO_MEMBERS = [
  { name: '张三', status: 'full', joinedAt: '2008-07-01' },
  { name: '李四', status: 'full', joinedAt: '2015-06-28' },
  { name: '王五', status: 'probationary', joinedAt: '2026-03-12', probationStartedAt: '2026-03-12' },
  { name: '赵六', status: 'full', joinedAt: '1986-12-04' },
  { name: '陈七', status: 'full', joinedAt: '2001-07-01', duesCategory: 'retired' },
] as const;

/** The demo speaker: secretary of the demo branch and admin. */
export const DEMO_SECRETARY = '张三';

/**
 * Gives the console something to talk about: on an empty database, a demo branch with a
 * handful of members bound to the console group chat; and on every start, a party-day
 * activity open now unless one is open today already. Returns whether it wrote anything.
 */
export async function seedDemo(db: Db, now: Date, zone: string): Promise<boolean> {
  let wrote = false;
  if ((await db.organization.count()) === 0) {
    await createDemoBranch(db);
    wrote = true;
  }
  const branch = await db.organization.findUnique({ where: { name: DEMO_BRANCH } });
  if (!branch) return wrote;
  const today = DateTime.fromJSDate(now, { zone });
  const occurrenceKey = `demo:${today.toISODate() ?? ''}`;
  if (await db.activity.findUnique({ where: { branchId_occurrenceKey: { branchId: branch.id, occurrenceKey } } })) return wrote;
  const startsAt = today.startOf('minute').toJSDate();
  const window = checkInWindow(startsAt, zone);
  await db.activity.create({
    data: {
      branchId: branch.id, kind: 'party_day', title: '主题党日（演示）：重温入党誓词', place: '三楼会议室', startsAt,
      checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter, occurrenceKey, createdBy: 'demo',
    },
  });
  return true;
}

async function createDemoBranch(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    const committee = await tx.organization.create({ data: { name: DEMO_COMMITTEE, kind: 'working_committee' } });
    const branch = await tx.organization.create({ data: { name: DEMO_BRANCH, kind: 'branch', parentId: committee.id } });
    for (const person of DEMO_MEMBERS) {
      const member = await tx.member.create({ data: { ...person, branchId: branch.id } });
      await tx.identity.create({ data: { platform: 'console', tenant: CONSOLE_TENANT, platformUserId: person.name, displayName: person.name, memberId: member.id } });
      if (person.name === DEMO_SECRETARY) {
        await tx.roleGrant.createMany({
          data: [
            { memberId: member.id, role: 'secretary', organizationId: branch.id, grantedBy: 'demo' },
            { memberId: member.id, role: 'admin', organizationId: committee.id, grantedBy: 'demo' },
          ],
        });
      }
    }
    await tx.chatBinding.create({ data: { platform: 'console', tenant: CONSOLE_TENANT, chatId: CONSOLE_GROUP_CHAT, branchId: branch.id, boundBy: 'demo' } });
    await tx.auditLog.create({ data: { actor: 'system', action: 'demo.seed', entity: 'Organization', entityId: String(branch.id), organizationId: branch.id } });
  });
}

export const DEMO_BANNER = [
  'zhibu 支部助手 · 控制台演示',
  `演示支部「${DEMO_BRANCH}」：${DEMO_MEMBERS.map((m) => m.name).join('、')}。你现在是支部书记${DEMO_SECRETARY}。`,
  '试试：签到 ｜ 请假 出差 ｜ /help ｜ /考勤',
  CONSOLE_HELP,
];
