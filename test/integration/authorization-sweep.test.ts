// Every command, tried by people who have no say over branch B, in branch B's group chat:
// each is refused with a Chinese reason and changes nothing. A command without a line in
// SWEEP fails this file, so a new command cannot skip the check.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/bot/commands/index.js';
import type { Command, Level } from '../../src/bot/command.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { Reply } from '../../src/bot/types.js';
import type { Db } from '../../src/db/client.js';
import { shanghai } from '../support/branch-fixture.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';
import { createTestChat, transcript } from '../support/chat.js';
import { addActivity, seedBranch, seedOtherBranch } from '../support/seed.js';
import { createTestDatabase, emptyTables, rowCounts, testProviders, type TestDatabase } from '../support/test-database.js';

interface SweepLine {
  /**
   * A line that would work in branch B's group from someone allowed. `{activity}`,
   * `{checkIn}` (吴十's pending leave) and `{dues}` (吴十's reported dues) name B's records;
   * @吴十 and @孙八 are on B's roster.
   */
  line: string;
  /** Extra fields when the line comes as a button click (`action.command` is the line). */
  action?: Record<string, string>;
  /** The admin of another tree takes data out: an AuditLog row is the one write expected of them. */
  auditsElsewhere?: boolean;
  /**
   * For tree commands (`isTreeCommand`), which check the organisation they change rather
   * than the chat's branch: the refusal an admin of another tree gets from the command (for a
   * tree-wide view, what it shows them of their own tree).
   */
  adminElsewhere?: string | RegExp;
}

/**
 * One line per command, keyed by its name. Adding a command? Add its line here, in any order.
 * Commands anyone may use (level 'anyone') are run too: they must write nothing.
 */
const SWEEP: Record<string, SweepLine> = {
  'checkin': { line: '签到' },
  'leave': { line: '请假 出差' },
  'paid': { line: '/paid 50' },
  'me': { line: '/me' },
  'activity list': { line: '/activity list' },
  'help': { line: '/help' },
  'whoami': { line: '/whoami' },
  'welcome': { line: '/welcome' },
  'attendance': { line: '/attendance {activity}' },
  // 吴十 is the recorder named for B's party day: a member-level command for them.
  'record': { line: '/record {activity} topic=学习党章' },
  'leave approve': { line: '/leave approve', action: { checkInId: '{checkIn}' } },
  'leave reject': { line: '/leave reject @吴十 本次为重要学习' },
  'activity new': { line: '/activity new kind=party_day at=2026-12-18 15:00' },
  'activity card': { line: '/activity card {activity}' },
  'activity move': { line: '/activity move {activity} at=2026-12-11 15:00' },
  'activity theme': { line: '/activity theme {activity} 学习党章' },
  'activity cancel': { line: '/activity cancel {activity} confirm=yes' },
  'member add': { line: '/member add @路人' },
  'member set': { line: '/member set @吴十 exempt=yes' },
  'member list': { line: '/member list' },
  'member remove': { line: '/member remove @吴十 confirm=yes' },
  'dues set': { line: '/dues set @吴十 amount=50' },
  'dues assess': { line: '/dues assess @吴十 base=8200 category=in_service' },
  'dues confirm': { line: '/dues confirm', action: { duesRecordIds: '{dues}' } },
  'dues report': { line: '/dues report' },
  'remind preview': { line: '/remind preview 2026-12-04' },
  'bind': { line: '/bind 第二党支部' },
  'unbind': { line: '/unbind' },
  'branch new': { line: '/branch new 第三党支部 parent=机关工委', adminElsewhere: '你不是「机关工委」的管理员。' },
  'org rename': { line: '/org rename 第二党支部 to=综合党支部', adminElsewhere: '你不是「第二党支部」上级组织的管理员。' },
  'org move': { line: '/org move 第二党支部 parent=区委党校党委 confirm=yes', adminElsewhere: '你不是「第二党支部」上级组织的管理员。' },
  'org merge': { line: '/org merge 第二党支部 into=第一党支部 confirm=yes', adminElsewhere: '你不是「第二党支部」上级组织的管理员。' },
  'org dissolve': { line: '/org dissolve 第二党支部 confirm=yes', adminElsewhere: '你不是「第二党支部」上级组织的管理员。' },
  'org term': { line: '/org term 第二党支部 started=2025-03-01', adminElsewhere: '你不是「第二党支部」的管理员。' },
  // A tree-wide view: an admin of another tree sees their own tree, nothing of B's.
  'org terms': { line: '/org terms', adminElsewhere: '【换届一览（2026年）】\n已超期 0 个，2026年届满 0 个，未登记任期 2 个。\n\n党校支部（党支部，上级：区委党校党委）：未登记本届任期\n区委党校党委（党委）：未登记本届任期\n\n登记任期：/org term <组织名称> started=本届开始日期 [years=任期年数]' },
  'branch set': { line: '/branch set duesday=5' },
  'holidays': { line: '/holidays' },
  'role grant': { line: '/role grant @吴十 organization_officer' },
  'role revoke': { line: '/role revoke @孙八 secretary' },
  'digest': { line: '/digest' },
  // Its figures follow the wall clock (dues tracked from the branches' creation): only whose lines it shows.
  'digest tree': { line: '/digest tree', adminElsewhere: /^\[chat\] 【[^】]*下辖支部月度工作一览（[^】]*）】\n共 1 个支部，[^]*党校支部/u },
  'export': { line: '/export month=2026-11' },
  // An admin of another tree gets the pack of their own tree (no branch of B in it); taking
  // personal data out writes its audit row, and nothing else.
  'export tree': { line: '/export tree year=2026', adminElsewhere: /^\[chat\] 【2026年度台账（下辖 1 个支部）】\n[^\n]*名册共 1 人。/u, auditsElsewhere: true },
  'import members': { line: '/import members' },
  // Without a file it only says how; with one, each row's parent is checked (org-import.test.ts).
  'org import': { line: '/org import', adminElsewhere: '请在私聊中把组织架构表（.xlsx 或 .csv）直接发给我。第一行为表头：组织名称、类型（必填），上级组织、书记、任期开始、任期结束（可选）。' },
};

/** People with no say over branch B, by what they are. */
const OUTSIDERS = {
  '第一党支部的普通党员': '李四',
  '第一党支部书记': '张三',
  '第一党支部组织委员': '王五',
  '另一系统（区委党校党委）的管理员': '周九',
  '不在任何名册的人': '路人',
} as const;

const ADMIN = '管理员';
/** Who may use a command of each level in branch B. */
const ALLOWED: Record<Level, string> = { anyone: '路人', member: '吴十', secretary: '孙八', admin: ADMIN };
const B_CHAT = 'group-2';
const NOW = shanghai('14:40'); // B's party day starts at 15:00: check-in is open

const A_CHAT = CONSOLE_GROUP_CHAT;

/** [speaker, line, button fields, answer] in branch A's group, naming branch B's records. */
const FOREIGN_RECORDS: [string, string, Record<string, string> | undefined, string][] = [
  ['张三', '/attendance {activity}', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。用 /activity list 查看编号。'],
  ['张三', '/record {activity} topic=学习党章', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。用 /activity list 查看编号。'],
  ['张三', '/activity card {activity}', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。'],
  ['张三', '/activity move {activity} at=2026-12-11 15:00', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。用 /activity list 查看编号。'],
  ['张三', '/activity cancel {activity} confirm=yes', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。用 /activity list 查看编号。'],
  ['张三', '/checkin @孙八 activity={activity}', undefined, '[chat] 孙八不在「第一党支部」的名册中。'],
  ['张三', '/member set @吴十 exempt=yes', undefined, '[chat] 吴十不在「第一党支部」的名册中。'],
  ['张三', '/member remove @吴十 confirm=yes', undefined, '[chat] 吴十不在「第一党支部」的名册中。'],
  ['张三', '/dues set @吴十 amount=50', undefined, '[chat] 未办理，原因已私信发给你。\n[@张三] 吴十不在「第一党支部」的名册中。'],
  ['王五', '/leave approve', { checkInId: '{checkIn}' }, '[chat] 这条请假申请属于其他支部，不能在「第一党支部」处理。'],
  ['王五', '/dues confirm', { duesRecordIds: '{dues}' }, '[chat] 未办理，原因已私信发给你。\n[@王五] 这些党费登记属于其他支部，不能在「第一党支部」确认。'],
  ['李四', '签到', { activityId: '{activity}' }, '[chat] 这个签到按钮属于其他支部的活动，不能在「第一党支部」签到。'],
  ['李四', '请假 出差 activity={activity}', undefined, '[chat] 「第一党支部」没有编号为 {activity} 的活动。用 /activity list 查看编号。'],
  // Reading a branch by name is for the levels above it, not for a neighbour's officers.
  ['张三', '/digest branch=第二党支部', undefined, '[chat] 未办理，原因已私信发给你。\n[@张三] 你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
  ['王五', '/attendance {activity} branch=第二党支部', undefined, '[chat] 你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
  ['周九', '/attendance branch=第二党支部', undefined, '[chat] 你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
];

interface Seeded {
  branchB: number;
  activity: number;
  checkIn: number;
  dues: number;
}

/** Branch A (第一党支部) and B (第二党支部) under 机关工委, and a separate tree whose admin is 周九. */
async function seedSweep(db: Db): Promise<Seeded> {
  const a = await seedBranch(db);
  await db.roleGrant.create({ data: { memberId: a.members['王五'] ?? 0, role: 'organization_officer', organizationId: a.branchId } });
  const b = await seedOtherBranch(db, a.committeeId, { isSecretary: true });
  const wu = await db.member.create({ data: { name: '吴十', branchId: b.branchId, joinedAt: '2016-07-01' } });
  await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: '吴十', memberId: wu.id } });
  const school = await db.organization.create({ data: { name: '区委党校党委', kind: 'committee' } });
  const schoolBranch = await db.organization.create({ data: { name: '党校支部', kind: 'branch', parentId: school.id } });
  const zhou = await db.member.create({ data: { name: '周九', branchId: schoolBranch.id } });
  await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: '周九', memberId: zhou.id } });
  await db.roleGrant.create({ data: { memberId: zhou.id, role: 'admin', organizationId: school.id } });
  const activity = await addActivity(db, b.branchId, '2026-12-04T07:00:00.000Z');
  const leave = await db.checkIn.create({ data: { activityId: activity.id, memberId: wu.id, status: 'leave', leaveReason: '出差', leaveDecision: 'pending' } });
  await db.meetingRecord.create({ data: { activityId: activity.id, recorderMemberId: wu.id, createdBy: 'console:local:孙八', createdAt: new Date('2026-12-01T02:00:00Z') } });
  const dues = await db.duesRecord.create({ data: { memberId: wu.id, month: '2026-11', amountDueFen: 5000, amountPaidFen: 5000, status: 'reported' } });
  return { branchB: b.branchId, activity: activity.id, checkIn: leave.id, dues: dues.id };
}

function fill(text: string, seeded: Seeded): string {
  return text.replace('{activity}', String(seeded.activity)).replace('{checkIn}', String(seeded.checkIn)).replace('{dues}', String(seeded.dues));
}

async function sayIn(db: Db, speaker: string, chatId: string, example: SweepLine, seeded: Seeded): Promise<Reply[]> {
  const chat = createTestChat(db, { now: NOW, admins: [`console:${ADMIN}`] });
  const line = fill(example.line, seeded);
  if (!example.action) return chat.say(speaker, line, { chatId });
  const action = Object.fromEntries(Object.entries(example.action).map(([k, v]) => [k, fill(v, seeded)]));
  return chat.say(speaker, '', { chatId, action: { command: line, ...action } });
}

async function pressInPrivate(db: Db, speaker: string, example: SweepLine, seeded: Seeded): Promise<Reply[]> {
  const chat = createTestChat(db, { now: NOW, admins: [`console:${ADMIN}`] });
  const extra = Object.fromEntries(Object.entries(example.action ?? {}).map(([k, v]) => [k, fill(v, seeded)]));
  return chat.say(speaker, '', { chat: 'p2p', action: { command: fill(example.line, seeded), ...extra, branchId: String(seeded.branchB) } });
}

/** What handle-message answers someone below the command's level. */
function levelRefusal(command: Command): string | undefined {
  const name = command.bare?.[0] ?? `/${command.name}`;
  if (command.level === 'admin') return `只有管理员可以使用 ${name}。`;
  if (command.level === 'secretary') return `只有本支部书记、组织委员或管理员可以使用 ${name}。`;
  if (command.level === 'member') return '你还不在「第二党支部」的党员名册中。请联系支部书记用 /member add 添加你。';
  return undefined;
}

function exampleOf(command: Command): SweepLine {
  const example = SWEEP[command.name];
  if (!example) throw new Error(`No line for "/${command.name}" in SWEEP (test/integration/authorization-sweep.test.ts): add one that would work in branch B's group.`);
  return example;
}

describe('the authorization sweep', () => {
  it('has a line for every command, and none for commands that do not exist', () => {
    const names = allCommands.map((c) => c.name);
    const missing = names.filter((name) => !(name in SWEEP));
    expect(missing, `Add these commands to SWEEP in test/integration/authorization-sweep.test.ts: ${missing.map((n) => `/${n}`).join(', ')}`).toEqual([]);
    expect(Object.keys(SWEEP).filter((name) => !names.includes(name)), 'SWEEP names commands that no longer exist').toEqual([]);
  });

  it('every command people type has a Chinese name and Chinese help', () => {
    const CJK = /[\u4e00-\u9fff]/u;
    const lacking = allCommands
      .filter((c) => !c.isHidden)
      .filter((c) => ![...(c.aliases ?? []), ...(c.bare ?? [])].some((n) => CJK.test(n)) || !CJK.test(c.summary) || c.usage.trim() === '')
      .map((c) => `/${c.name}`);
    expect(lacking, 'give these commands a Chinese alias (aliases: [...]), a Chinese summary and a usage line').toEqual([]);
  });

  it('each line reaches its own command', () => {
    const registry = createRegistry(allCommands);
    const wrong = Object.entries(SWEEP)
      .map(([name, example]) => ({ name, resolved: registry.resolve(example.line, [], true)?.command.name }))
      .filter((r) => r.resolved !== r.name);
    expect(wrong).toEqual([]);
  });
});

describe.each(testProviders())('authorization sweep on %s', (provider) => {
  describe('in branch B\'s group, people with no say over B', () => {
    let t: TestDatabase | undefined;
    let seeded: Seeded;
    const db = () => t?.db as Db;
    // Nothing here may write, so one seeding serves every command; each test compares its own before and after.
    beforeAll(async () => {
      t = await createTestDatabase(provider);
      seeded = await seedSweep(t.db);
    });
    afterAll(async () => {
      await t?.close();
    });

    it.each(allCommands.map((c) => [c.name, c] as const))('/%s is refused, or writes nothing when anyone may use it', async (_name, command) => {
      const example = exampleOf(command);
      const refusal = levelRefusal(command);
      const ways = Object.entries(OUTSIDERS).flatMap(([who, speaker]) => [
        { who, speaker, say: () => sayIn(db(), speaker, B_CHAT, example, seeded) },
        // The same line as a confirmation button naming branch B, pressed in private.
        { who: `${who}（私信按钮）`, speaker, say: () => pressInPrivate(db(), speaker, example, seeded) },
      ]);
      for (const { who, speaker, say } of ways) {
        const before = await rowCounts(db());
        const replies = await say();
        const said = transcript(replies);
        if (refusal) {
          const isAdminElsewhere = command.isTreeCommand === true && speaker === OUTSIDERS['另一系统（区委党校党委）的管理员'];
          // Asked in the group, a private answer comes with a note to the group: compare what they read.
          const read = isAdminElsewhere ? said.replace(/^\[chat\] [^\n]*已私信发给你。\n\[@[^\]]+\] /u, '[chat] ') : said;
          const expected = isAdminElsewhere ? example.adminElsewhere : refusal;
          if (expected instanceof RegExp) expect(read, `${who}（${speaker}）: ${example.line}`).toMatch(expected);
          else expect(read, `${who}（${speaker}）: ${example.line}`).toBe(`[chat] ${expected ?? ''}`);
        } else {
          expect(replies.length, `${who}: ${example.line}`).toBeGreaterThan(0);
          expect(said).not.toMatch(/抱歉，处理时出错了|用法：/);
        }
        expect(said).not.toMatch(/at .*\.ts|Error/);
        const after = await rowCounts(db());
        if (example.auditsElsewhere && command.isTreeCommand === true && speaker === OUTSIDERS['另一系统（区委党校党委）的管理员']) after.auditLog = (after.auditLog ?? 0) - 1;
        expect(after, `${who}（${speaker}）wrote something with ${example.line}`).toEqual(before);
      }
    });
  });

  describe('in branch A, its officers and members naming branch B\'s records', () => {
    let t: TestDatabase | undefined;
    let seeded: Seeded;
    beforeAll(async () => {
      t = await createTestDatabase(provider);
      seeded = await seedSweep(t.db);
    });
    afterAll(async () => {
      await t?.close();
    });

    // Ids travel in lines and buttons; a record of another branch is never found from here.
    it.each(FOREIGN_RECORDS)('%s: %s', async (speaker, line, action, expected) => {
      const db = (t as TestDatabase).db;
      const before = await rowCounts(db);
      const said = transcript(await sayIn(db, speaker, A_CHAT, { line, ...(action ? { action } : {}) }, seeded));
      expect(said).toBe(fill(expected, seeded));
      expect(await rowCounts(db)).toEqual(before);
    });
  });

  describe('the same lines from someone allowed in branch B', () => {
    let t: TestDatabase | undefined;
    let seeded: Seeded;
    beforeAll(async () => {
      t = await createTestDatabase(provider);
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      if (!t) return;
      await emptyTables(t.db);
      seeded = await seedSweep(t.db);
    });

    // Shows the sweep's refusals come from who asks, not from a line the command would refuse anyway.
    it.each(allCommands.map((c) => [c.name, c] as const))('/%s is not refused for its level and reads its arguments', async (_name, command) => {
      const example = exampleOf(command);
      const said = transcript(await sayIn((t as TestDatabase).db, ALLOWED[command.level], B_CHAT, example, seeded));
      const refusal = levelRefusal(command);
      if (refusal) expect(said).not.toContain(refusal);
      expect(said).not.toMatch(/抱歉，处理时出错了|用法：|没看懂|只有/);
    });
  });
});
