// The organ's party tree managed through chat and the CLI: create under a parent of a kind
// that may hold it, rename with the old name kept for old ledgers, move, dissolve when empty;
// and the upper level reading a branch below it with branch=<名称>.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { exportLedger } from '../../src/ledger/export-ledger.js';
import { silentLogger } from '../../src/logger.js';
import { runOrgCli, type OrgCliInput } from '../../src/org-tree/run-org-cli.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { chatText, createTestChat, privateText, transcript } from '../support/chat.js';
import { rawCells } from '../support/ledger-workbook.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { addActivity, ON_ZHIBU_SINCE, seedBranch, seedOtherBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';
import { TREE_LINES } from '../support/tree-month.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const ADMIN = '管理员';

/** A member of `branchId` with a console account named after them. */
async function addPerson(db: Db, name: string, branchId: number): Promise<number> {
  const member = await db.member.create({ data: { name, branchId, joinedAt: '2012-07-01', createdAt: ON_ZHIBU_SINCE } });
  await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: name, memberId: member.id } });
  return member.id;
}

async function kindAndParent(db: Db, name: string) {
  const org = await db.organization.findUniqueOrThrow({ where: { name }, include: { parent: true } });
  return { kind: org.kind, parent: org.parent?.name ?? null };
}

/** The ledger of a month as a viewer reads it: every stored cell of every sheet, and the file's name. */
async function ledgerOf(db: Db, branchId: number, month: string, now: Date) {
  const file = await exportLedger(db, { branchId, period: { kind: 'month', month }, now, defaultZone: 'Asia/Shanghai', actor: 'cli:test', via: 'cli' });
  return { name: file.name, cells: await rawCells(file.content) };
}

describe.each(testProviders())('the organisation tree on %s', (provider) => {
  const t = useTestDatabase(provider);
  const chatAt = (local: string) => createTestChat(t().db, { now: sh(local), admins: [`console:${ADMIN}`] });

  describe('creating organisations', () => {
    it('builds 工委 -> 党委 -> 总支 -> 支部 through commands, with Chinese kinds and the /org alias, each audited', async () => {
      const chat = chatAt('2026-11-20T10:00');
      const say = async (line: string) => chatText(await chat.say(ADMIN, line, { chat: 'p2p' }));
      expect(await say('/org new 区直机关工委 kind=工委')).toBe('已新建工委「区直机关工委」。用 /branch new <名称> parent=区直机关工委 在其下设组织，/role grant @x admin org=区直机关工委 指定管理员。');
      expect(await say('/branch new 机关党委 kind=committee parent=区直机关工委')).toContain('已新建党委「机关党委」（上级：区直机关工委）。');
      expect(await say('/org new 财政局党总支 类型=总支 上级=机关党委')).toContain('已新建党总支「财政局党总支」（上级：机关党委）。');
      expect(await say('/新建组织 预算科党支部 parent=财政局党总支')).toBe('已新建「预算科党支部」（上级：财政局党总支）。在该支部的群里发送 /bind 预算科党支部 绑定群聊，再用 /branch set 设置固定党日和党费日。');
      expect(await say('/org new 直属党支部 kind=支部 parent=区直机关工委')).toContain('已新建「直属党支部」');
      const db = t().db;
      expect(await kindAndParent(db, '区直机关工委')).toEqual({ kind: 'working_committee', parent: null });
      expect(await kindAndParent(db, '机关党委')).toEqual({ kind: 'committee', parent: '区直机关工委' });
      expect(await kindAndParent(db, '财政局党总支')).toEqual({ kind: 'general_branch', parent: '机关党委' });
      expect(await kindAndParent(db, '预算科党支部')).toEqual({ kind: 'branch', parent: '财政局党总支' });
      const audits = await db.auditLog.findMany({ where: { action: 'organization.create' }, orderBy: { id: 'asc' } });
      expect(audits.map((a) => a.detail)).toEqual([
        { name: '区直机关工委', kind: 'working_committee', parent: null },
        { name: '机关党委', kind: 'committee', parent: '区直机关工委' },
        { name: '财政局党总支', kind: 'general_branch', parent: '机关党委' },
        { name: '预算科党支部', kind: 'branch', parent: '财政局党总支' },
        { name: '直属党支部', kind: 'branch', parent: '区直机关工委' },
      ]);
      expect(audits.every((a) => a.actor === `console:local:${ADMIN}`)).toBe(true);
    });

    it.each([
      ['/org new 第二工委 kind=工委 parent=机关工委', '工委是最上级组织，不能设在其他组织之下。'],
      ['/org new 某党委 kind=党委 parent=某总支', '党总支下面只能设党支部，不能设党委。'],
      ['/org new 某党委 kind=乡镇党委 parent=机关工委', '不认识组织类型「乡镇党委」。可选：working_committee 工委、committee 党委、general_branch 党总支、branch 党支部。'],
      ['/org new 某支部 parent=第一党支部', '「第一党支部」是支部，不能作为上级组织。'],
      ['/org new 某党委 kind=党委', '只有全局管理员可以新建没有上级的组织'],
    ])('%s is refused in Chinese and writes nothing', async (line, expected) => {
      const seeded = await seedBranch(t().db);
      await t().db.organization.create({ data: { name: '某总支', kind: 'general_branch', parentId: seeded.committeeId } });
      // Someone who administers 机关工委 but is no global admin: the last line needs a global one.
      await addPerson(t().db, '钱七', seeded.branchId);
      await t().db.roleGrant.create({ data: { memberId: (await t().db.member.findFirstOrThrow({ where: { name: '钱七' } })).id, role: 'admin', organizationId: seeded.committeeId } });
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-20T10:00').say('钱七', line, { chat: 'p2p' }))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  it('a 工委 with 2 党委, a 总支 and 12 branches, built entirely through commands: each level sees its own part of the tree', async () => {
    const chat = chatAt('2026-12-10T10:00');
    const say = async (who: string, line: string) => transcript(await chat.say(who, line, { chat: 'p2p' }));
    for (const line of TREE_LINES) expect(await say(ADMIN, line)).toContain('已新建');
    expect(await t().db.organization.count({ where: { kind: 'branch' } })).toBe(12);
    // The 工委's admin is given the post through the chat, on someone of a branch of its tree.
    await addPerson(t().db, '钱七', (await t().db.organization.findUniqueOrThrow({ where: { name: '统计局党支部' } })).id);
    await t().db.roleGrant.create({ data: { memberId: (await t().db.member.findFirstOrThrow({ where: { name: '钱七' } })).id, role: 'admin', organizationId: (await t().db.organization.findUniqueOrThrow({ where: { name: '教育局机关党委' } })).id } });

    expect(await say(ADMIN, '/digest tree')).toContain('共 12 个支部');
    const education = await say('钱七', '/digest tree');
    expect(education).toContain('共 3 个支部');
    expect(education).not.toMatch(/财政|统计局/);
    expect(await say('钱七', '/org new 教育教研室党支部 parent=教育局机关党委')).toContain('已新建');
    expect(await say('钱七', '/org new 财政某党支部 parent=财政局机关党总支')).toBe('[chat] 你不是「财政局机关党总支」的管理员。');
    expect(await say(ADMIN, '/org terms')).toContain('已超期 0 个，2026年届满 0 个，未登记任期 16 个。');
  });

  describe('only the level above changes an organisation', () => {
    let seeded: SeededBranch;
    beforeEach(async () => {
      seeded = await seedBranch(t().db);
      const committee = await t().db.organization.create({ data: { name: '机关党委', kind: 'committee', parentId: seeded.committeeId } });
      await t().db.organization.create({ data: { name: '办公室党支部', kind: 'branch', parentId: committee.id } });
      // 钱七 administers 机关党委 only.
      const qian = await addPerson(t().db, '钱七', seeded.branchId);
      await t().db.roleGrant.create({ data: { memberId: qian, role: 'admin', organizationId: committee.id } });
    });

    it.each([
      ['/org new 新支部 parent=机关党委', '已新建「新支部」（上级：机关党委）'],
      ['/org rename 办公室党支部 to=综合党支部', '已将「办公室党支部」改名为「综合党支部」'],
      ['/org new 新支部 parent=机关工委', '你不是「机关工委」的管理员。'],
      ['/org rename 机关党委 to=机关党委员会', '你不是「机关党委」上级组织的管理员。'],
      ['/org rename 机关工委 to=新工委', '「机关工委」没有上级组织，须由全局管理员办理。'],
      ['/org move 第一党支部 parent=机关党委 confirm=yes', '你不是「第一党支部」上级组织的管理员。'],
      ['/org move 办公室党支部 parent=机关工委 confirm=yes', '你不是「机关工委」的管理员。'],
      ['/org dissolve 办公室党支部', '撤销组织（预览）'],
      ['/org dissolve 第一党支部 confirm=yes', '你不是「第一党支部」上级组织的管理员。'],
    ])('钱七, an admin of 机关党委, says "%s"', async (line, expected) => {
      const before = await rowCounts(t().db);
      const said = transcript(await chatAt('2026-11-20T10:00').say('钱七', line, { chat: 'p2p' }));
      expect(said).toContain(expected);
      if (!expected.startsWith('已')) expect(await rowCounts(t().db)).toEqual(before);
    });

    it('a member of the branch (张三, its secretary) may not manage the tree at all', async () => {
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-20T10:00').say('张三', '/org rename 第一党支部 to=综合党支部'))).toBe('只有管理员可以使用 /org rename。');
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('rename', () => {
    it('keeps the old name for the ledgers of before, and the old ledger reads the same', async () => {
      const db = t().db;
      const seeded = await seedBranch(db);
      const activity = await addActivity(db, seeded.branchId, '2026-11-06T07:00:00.000Z');
      await db.checkIn.create({ data: { activityId: activity.id, memberId: seeded.members['李四'] ?? 0, status: 'present', checkedInAt: sh('2026-11-06T14:55') } });
      const november = await ledgerOf(db, seeded.branchId, '2026-11', sh('2026-12-01T09:00'));
      expect(november.name).toBe('第一党支部-台账-2026-11.xlsx');

      const chat = chatAt('2026-12-10T10:00');
      expect(chatText(await chat.say(ADMIN, '/org rename 第一党支部 to=综合科党支部'))).toBe('已将「第一党支部」改名为「综合科党支部」。改名前的台账仍显示「第一党支部」。');
      expect(await db.organizationName.findMany({ select: { name: true, usedUntil: true } })).toEqual([{ name: '第一党支部', usedUntil: sh('2026-12-10T10:00') }]);
      expect((await db.auditLog.findFirstOrThrow({ where: { action: 'organization.rename' } })).detail).toEqual({ from: '第一党支部', to: '综合科党支部' });

      const again = await ledgerOf(db, seeded.branchId, '2026-11', sh('2026-12-11T09:00'));
      expect(again).toEqual(november);
      expect((await ledgerOf(db, seeded.branchId, '2026-12', sh('2026-12-11T09:00'))).name).toBe('综合科党支部-台账-2026-12.xlsx');
      // A second rename: November still shows the name it had then.
      await chatAt('2027-01-10T10:00').say(ADMIN, '/org rename 综合科党支部 to=综合处党支部');
      expect((await ledgerOf(db, seeded.branchId, '2026-11', sh('2027-01-11T09:00'))).name).toBe('第一党支部-台账-2026-11.xlsx');
      expect((await ledgerOf(db, seeded.branchId, '2026-12', sh('2027-01-11T09:00'))).name).toBe('综合科党支部-台账-2026-12.xlsx');
      // The group chat keeps working under the new name.
      expect(privateText(await chatAt('2027-01-11T10:00').say('张三', '/member list'), '张三')).toContain('综合处党支部');
    });

    it.each([
      ['/org rename 第一党支部 to=机关工委', '「机关工委」已经存在。'],
      ['/org rename 第一党支部', '请写上新名称'],
      ['/org rename 不存在的支部 to=新支部', '没有找到组织「不存在的支部」。'],
    ])('%s is refused and writes nothing', async (line, expected) => {
      await seedBranch(t().db);
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-12-10T10:00').say(ADMIN, line))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('move', () => {
    it('previews in private, moves on confirmation with everything below, and the admins follow the tree', async () => {
      const db = t().db;
      const seeded = await seedBranch(db);
      const committee = await db.organization.create({ data: { name: '机关党委', kind: 'committee', parentId: seeded.committeeId } });
      const qian = await addPerson(db, '钱七', seeded.branchId);
      await db.roleGrant.create({ data: { memberId: qian, role: 'admin', organizationId: committee.id } });
      const chat = chatAt('2026-12-10T10:00');

      const before = await rowCounts(db);
      const preview = transcript(await chat.say(ADMIN, '/org move 第一党支部 parent=机关党委'));
      expect(preview).toContain('「第一党支部」将从「机关工委」调整到「机关党委」之下');
      expect(preview).toContain('/org move 第一党支部 parent=机关党委 confirm=yes');
      expect(await rowCounts(db)).toEqual(before);
      // 钱七 cannot read 第一党支部 before the move, and can after it.
      expect(transcript(await chat.say('钱七', '/digest branch=第一党支部', { chat: 'p2p' }))).toContain('你不是「第一党支部」上级组织的管理员或委员');

      expect(chatText(await chat.say(ADMIN, '/org move 第一党支部 parent=机关党委 confirm=yes'))).toBe('已将「第一党支部」从「机关工委」调整到「机关党委」之下。');
      expect(await kindAndParent(db, '第一党支部')).toEqual({ kind: 'branch', parent: '机关党委' });
      expect((await db.auditLog.findFirstOrThrow({ where: { action: 'organization.move' } })).detail).toEqual({ name: '第一党支部', from: '机关工委', to: '机关党委' });
      expect(transcript(await chat.say('钱七', '/digest branch=第一党支部', { chat: 'p2p' }))).toContain('「第一党支部」工作汇总');
    });

    it.each([
      ['/org move 第一党支部 parent=第一党支部', '「第一党支部」是支部，不能作为上级组织。'],
      ['/org move 第一党支部 parent=机关工委', '「第一党支部」已经在「机关工委」之下。'],
      ['/org move 机关工委 parent=机关党委 confirm=yes', '工委是最上级组织'],
      ['/org move 机关党委 parent=某总支 confirm=yes', '党总支下面只能设党支部，不能设党委。'],
      ['/org move 第一党支部', '请写上新的上级组织'],
    ])('%s is refused and writes nothing', async (line, expected) => {
      const seeded = await seedBranch(t().db);
      await t().db.organization.create({ data: { name: '机关党委', kind: 'committee', parentId: seeded.committeeId } });
      await t().db.organization.create({ data: { name: '某总支', kind: 'general_branch', parentId: seeded.committeeId } });
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-12-10T10:00').say(ADMIN, line))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('dissolve', () => {
    it('only when empty; then unbinds, ends posts, cancels what is ahead, and the old ledger reads the same', async () => {
      const db = t().db;
      const seeded = await seedBranch(db);
      const held = await addActivity(db, seeded.branchId, '2026-11-06T07:00:00.000Z');
      await db.checkIn.create({ data: { activityId: held.id, memberId: seeded.members['李四'] ?? 0, status: 'present', checkedInAt: sh('2026-11-06T14:55') } });
      const ahead = await addActivity(db, seeded.branchId, '2027-01-08T07:00:00.000Z');
      const chat = chatAt('2026-12-10T10:00');

      expect(chatText(await chat.say(ADMIN, '/org dissolve 第一党支部 confirm=yes'))).toBe('「第一党支部」的名册上还有 4 人，不能撤销。请先把成员转到其他支部或移出名册。');
      await db.member.updateMany({ where: { branchId: seeded.branchId }, data: { leftAt: sh('2026-12-09T10:00') } });
      const november = await ledgerOf(db, seeded.branchId, '2026-11', sh('2026-12-09T12:00'));
      await db.roleGrant.deleteMany({ where: { role: 'secretary' } });
      const officer = await addPerson(db, '钱七', (await db.organization.create({ data: { name: '第二党支部', kind: 'branch', parentId: seeded.committeeId } })).id);
      await db.roleGrant.create({ data: { memberId: officer, role: 'admin', organizationId: seeded.branchId } });

      const preview = transcript(await chat.say(ADMIN, '/org dissolve 第一党支部', { chat: 'p2p' }));
      expect(preview).toContain('将撤销「第一党支部」。同时解除 1 个群聊的绑定，结束 1 项在该组织的职务或管理员授权，取消 1 个尚未开始的活动。');
      expect(chatText(await chat.say(ADMIN, '/org dissolve 第一党支部 confirm=yes', { chat: 'p2p' }))).toBe('已撤销「第一党支部」。以往记录保留，仍可用 zhibu export --branch 第一党支部 导出台账。');

      const org = await db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } });
      expect(org.dissolvedAt).toEqual(sh('2026-12-10T10:00'));
      expect(await db.chatBinding.count({ where: { branchId: seeded.branchId } })).toBe(0);
      expect(await db.roleGrant.count({ where: { organizationId: seeded.branchId } })).toBe(0);
      expect((await db.activity.findUniqueOrThrow({ where: { id: ahead.id } })).status).toBe('cancelled');
      expect((await db.activity.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('scheduled');
      expect(await db.checkIn.count({ where: { activityId: held.id } })).toBe(1);
      expect((await db.auditLog.findFirstOrThrow({ where: { action: 'organization.dissolve' } })).detail).toEqual({ name: '第一党支部', chatBindings: 1, roleGrants: 1, cancelledActivities: 1 });
      expect(await ledgerOf(db, seeded.branchId, '2026-11', sh('2026-12-11T09:00'))).toEqual(november);

      // Gone from the tree: no binding to it, no second dissolution, not in the tree digest.
      const before = await rowCounts(db);
      expect(chatText(await chat.say(ADMIN, '/bind 第一党支部', { chatId: 'group-9' }))).toBe('「第一党支部」已撤销，不能再绑定群聊。');
      expect(chatText(await chat.say(ADMIN, '/org dissolve 第一党支部 confirm=yes'))).toBe('「第一党支部」已撤销。');
      expect(chatText(await chat.say(ADMIN, '/org new 新支部 parent=第一党支部'))).toBe('没有找到上级组织「第一党支部」。');
      expect(await rowCounts(db)).toEqual(before);
      const tree = transcript(await chat.say(ADMIN, '/digest tree', { chat: 'p2p' }));
      expect(tree).toContain('第二党支部');
      expect(tree).not.toContain('第一党支部');
    });

    it('refuses an organisation with a live organisation below it', async () => {
      const seeded = await seedBranch(t().db);
      await t().db.member.updateMany({ where: { branchId: seeded.branchId }, data: { leftAt: sh('2026-12-09T10:00') } });
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-12-10T10:00').say(ADMIN, '/org dissolve 机关工委 confirm=yes'))).toBe('「机关工委」下面还有 1 个组织，不能撤销。请先把它们移到其他上级组织下或撤销。');
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('the upper level reads a branch below it', () => {
    let seeded: SeededBranch;
    beforeEach(async () => {
      const db = t().db;
      seeded = await seedBranch(db);
      const other = await seedOtherBranch(db, seeded.committeeId, { isSecretary: true });
      await addActivity(db, other.branchId, '2026-12-04T07:00:00.000Z');
      // 钱七 administers 机关工委; 吴十 is 机关工委's organization officer (a post above the branches).
      const qian = await addPerson(db, '钱七', seeded.branchId);
      await db.roleGrant.create({ data: { memberId: qian, role: 'admin', organizationId: seeded.committeeId } });
      const wu = await addPerson(db, '吴十', seeded.branchId);
      await db.roleGrant.create({ data: { memberId: wu, role: 'organization_officer', organizationId: seeded.committeeId } });
    });

    it.each(['钱七', '吴十'])('%s runs /attendance and /digest with branch=, in private, each read audited', async (who) => {
      const db = t().db;
      const chat = chatAt('2026-12-04T18:00');
      const attendance = transcript(await chat.say(who, '/attendance branch=第二党支部', { chat: 'p2p' }));
      expect(attendance).toContain('考勤 #');
      expect(attendance).toContain('尚未签到：孙八');
      // Asked in the asker's own branch group: the answer still goes in private.
      const digest = await chat.say(who, '/汇总 支部=第二党支部');
      expect(chatText(digest)).toBe('工作汇总已私信发给你。');
      expect(privateText(digest, who)).toContain('「第二党支部」工作汇总');
      const reads = await db.auditLog.findMany({ where: { action: 'branch.read' }, orderBy: { id: 'asc' } });
      const second = await db.organization.findUniqueOrThrow({ where: { name: '第二党支部' } });
      expect(reads.map((r) => [r.actor, r.organizationId, r.detail])).toEqual([
        [`console:local:${who}`, second.id, { command: 'attendance' }],
        [`console:local:${who}`, second.id, { command: 'digest' }],
      ]);
    });

    it('吴十 exports 第二党支部\'s ledger with branch=: the file, and both the export and the read audited', async () => {
      const replies = await chatAt('2026-12-10T18:00').say('吴十', '/export month=2026-12 branch=第二党支部', { chat: 'p2p' });
      expect(replies.find((r) => r.message.file)?.message.file?.name).toBe('第二党支部-台账-2026-12.xlsx');
      const second = await t().db.organization.findUniqueOrThrow({ where: { name: '第二党支部' } });
      const audits = await t().db.auditLog.findMany({ where: { organizationId: second.id }, orderBy: { id: 'asc' }, select: { action: true, actor: true } });
      expect(audits).toEqual([{ action: 'ledger.export', actor: 'console:local:吴十' }, { action: 'branch.read', actor: 'console:local:吴十' }]);
    });

    it.each([
      ['王五', '/export branch=第二党支部', '你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
      ['张三', '/digest branch=第二党支部', '你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
      ['李四', '/attendance branch=第二党支部', '你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
      ['路人', '/attendance branch=第二党支部', '你不是「第二党支部」上级组织的管理员或委员，不能查看它的情况。'],
      ['钱七', '/attendance branch=机关工委', '没有找到支部「机关工委」。'],
      ['钱七', '/digest branch=', '请写上支部名称，例如 branch=第二党支部。'],
    ])('%s: %s is refused in Chinese and nothing is written', async (who, line, expected) => {
      const before = await rowCounts(t().db);
      expect(transcript(await chatAt('2026-12-04T18:00').say(who, line, { chat: 'p2p' }))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('terms (换届) for every kind', () => {
    beforeEach(async () => {
      const db = t().db;
      const seeded = await seedBranch(db);
      const chat = chatAt('2027-01-10T10:00');
      for (const line of ['/org new 机关党委 kind=党委 parent=机关工委', '/org new 财政局党总支 kind=总支 parent=机关党委', '/org new 预算科党支部 parent=财政局党总支', '/org new 直属党支部 parent=机关工委']) {
        expect(chatText(await chat.say(ADMIN, line, { chat: 'p2p' }))).toContain('已新建');
      }
      const qian = await addPerson(db, '钱七', seeded.branchId);
      await db.roleGrant.create({ data: { memberId: qian, role: 'admin', organizationId: (await db.organization.findUniqueOrThrow({ where: { name: '机关党委' } })).id } });
    });

    it('records terms with the kind\'s default length, and lists what is overdue, ends this year or is unrecorded', async () => {
      const chat = chatAt('2027-01-10T10:00');
      const say = async (who: string, line: string) => transcript(await chat.say(who, line, { chat: 'p2p' }));
      expect(await say('钱七', '/org term 机关党委 started=2022-03-01')).toBe('[chat] 已登记「机关党委」本届任期：2022年3月1日起，任期 5 年（党委的默认），2027年3月1日届满。');
      expect(await say('钱七', '/组织 任期 财政局党总支 开始=2023-06-01 任期=3')).toBe('[chat] 已登记「财政局党总支」本届任期：2023年6月1日起，任期 3 年，2026年6月1日届满。');
      expect(await say('钱七', '/org term 预算科党支部 started=2025-01-01')).toContain('任期 3 年（党支部的默认），2028年1月1日届满');
      // A branch's own setting is the same record.
      expect(chatText(await chat.say(ADMIN, '/branch set term_started=2024-12-01'))).toContain('2024');
      expect((await t().db.auditLog.findMany({ where: { action: 'organization.term' }, orderBy: { id: 'asc' } })).map((a) => a.detail)).toEqual([
        { name: '机关党委', from: { started: null, years: null }, to: { started: '2022-03-01', years: null } },
        { name: '财政局党总支', from: { started: null, years: null }, to: { started: '2023-06-01', years: 3 } },
        { name: '预算科党支部', from: { started: null, years: null }, to: { started: '2025-01-01', years: null } },
      ]);

      expect(await say(ADMIN, '/org terms')).toBe([
        '[chat] 【换届一览（2027年）】',
        '已超期 1 个，2027年届满 2 个，未登记任期 1 个。',
        '',
        '财政局党总支（党总支，上级：机关党委）：2026年6月1日届满（任期 3 年），已超期 223 天',
        '机关党委（党委，上级：机关工委）：2027年3月1日届满（任期 5 年），还有 50 天',
        '第一党支部（党支部，上级：机关工委）：2027年12月1日届满（任期 3 年），还有 325 天',
        '直属党支部（党支部，上级：机关工委）：未登记本届任期',
        '',
        '登记任期：/org term <组织名称> started=本届开始日期 [years=任期年数]',
      ].join('\n'));
      // 钱七 administers 机关党委: its own term and those below it only.
      const below = await say('钱七', '/换届一览 year=2028');
      expect(below).toContain('财政局党总支（党总支，上级：机关党委）：2026年6月1日届满（任期 3 年），已超期 223 天');
      expect(below).toContain('预算科党支部（党支部，上级：财政局党总支）：2028年1月1日届满（任期 3 年），还有 356 天');
      expect(below).not.toMatch(/第一党支部|直属党支部|机关党委（/);
    });

    it.each([
      ['钱七', '/org term 第一党支部 started=2024-12-01', '你不是「第一党支部」的管理员。'],
      ['钱七', '/org term 机关党委', '请写上本届任期的开始日期'],
      ['钱七', '/org term 机关党委 started=2022-02-30', '本届任期开始日期「2022-02-30」不是有效日期'],
      ['钱七', '/org term 机关党委 started=2022-03-01 years=12', '任期应是 1 到 10 之间的整数年'],
      ['钱七', '/org terms year=27', '年份「27」应是四位年份'],
      ['张三', '/org terms', '只有管理员可以使用 /org terms。'],
    ])('%s: %s is refused and writes nothing', async (who, line, expected) => {
      const before = await rowCounts(t().db);
      expect(transcript(await chatAt('2027-01-10T10:00').say(who, line, { chat: 'p2p' }))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('term notices for every kind', () => {
    it('tell a 党委\'s officers and the level above at 6, 3 and 1 months and when overdue, each once; a branch\'s level above too', async () => {
      const db = t().db;
      const seeded = await seedBranch(db);
      const chat = chatAt('2026-08-20T10:00');
      await chat.say(ADMIN, '/org new 机关党委 kind=党委 parent=机关工委', { chat: 'p2p' });
      await chat.say(ADMIN, '/org term 机关党委 started=2022-03-01', { chat: 'p2p' });
      await chat.say(ADMIN, '/branch set term_started=2024-09-01');
      const committee = await db.organization.findUniqueOrThrow({ where: { name: '机关党委' } });
      await db.roleGrant.create({ data: { memberId: await addPerson(db, '钱七', seeded.branchId), role: 'secretary', organizationId: committee.id } });
      await db.roleGrant.create({ data: { memberId: await addPerson(db, '吴十', seeded.branchId), role: 'admin', organizationId: seeded.committeeId } });

      const heard = async (local: string) => {
        const platform = new RecordingPlatform();
        await runReminderTick({ db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));
        // The dispatcher's order among rows due at the same instant is its own: compare them sorted.
        return platform.sent.filter((d) => d.message.title === '换届提醒').map((d) => `${d.to.label ?? d.to.id}: ${d.message.lines.join(' ')}`).sort();
      };
      expect(await heard('2026-09-01T08:55')).toEqual([]);
      expect(await heard('2026-09-01T09:05')).toEqual([
        '吴十: 「机关党委」（党委）本届任期将于 2027年3月1日 届满（2022年3月1日起，任期 5 年），还有约 6 个月。 你是上级组织「机关工委」的管理员，请督促其按期换届。 换届后发送 /org term 机关党委 started=新一届开始日期 登记。',
        '钱七: 「机关党委」（党委）本届任期将于 2027年3月1日 届满（2022年3月1日起，任期 5 年），还有约 6 个月。 请向上级党组织报告，着手换届准备。 换届后发送 /org term 机关党委 started=新一届开始日期 登记。',
      ]);
      expect(await heard('2026-09-02T09:05')).toEqual([]);
      // Three days late (the bot was down): still within the notice's week.
      expect((await heard('2026-12-03T09:05')).map((l) => `${l.slice(0, 3)}${l.includes('还有约 3 个月') ? '3m' : ''}`)).toEqual(['吴十:3m', '钱七:3m']);
      expect(await db.notification.count({ where: { kind: 'org_term' } })).toBe(4);
      const march = await heard('2027-03-02T09:05');
      expect(march).toContain('钱七: 「机关党委」（党委）本届任期已于 2027年3月1日 届满（2022年3月1日起，任期 5 年），尚未登记新一届任期。 请向上级党组织报告，着手换届准备。 换届后发送 /org term 机关党委 started=新一届开始日期 登记。');
      // 第一党支部's term ends 2027-09-01: the level above hears six months ahead; its own officers hear from the branch's slots.
      expect(march).toContain('吴十: 「第一党支部」（党支部）本届任期将于 2027年9月1日 届满（2024年9月1日起，任期 3 年），还有约 6 个月。 你是上级组织「机关工委」的管理员，请督促其按期换届。 换届后发送 /org term 第一党支部 started=新一届开始日期 登记。');
      expect(march.filter((l) => l.startsWith('张三'))).toEqual([]);
      // A new term recorded: no more notices about the old one.
      await chatAt('2027-03-05T10:00').say(ADMIN, '/org term 机关党委 started=2027-03-05', { chat: 'p2p' });
      expect((await heard('2027-03-06T09:05')).filter((l) => l.includes('机关党委'))).toEqual([]);
    });
  });

  describe('the CLI', () => {
    function cli(db: Db, positionals: string[], values: OrgCliInput['values'] = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const run = runOrgCli(db, {
        positionals, values, now: sh('2026-12-10T10:00'), defaultZone: 'Asia/Shanghai', who: { actor: 'cli:operator', actorMemberId: null },
        out: (l) => out.push(l), err: (l) => err.push(l), confirm: async () => values.yes === true,
      });
      return run.then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
    }

    it('creates, renames, moves and dissolves, audited as the operator; refusals exit 1 and write nothing', async () => {
      const db = t().db;
      const created = await cli(db, ['new', '区直机关工委'], { kind: '工委' });
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/^created 工委 区直机关工委 \(id \d+\)$/);
      expect((await cli(db, ['new', '机关党委'], { kind: 'committee', parent: '区直机关工委' })).code).toBe(0);
      expect((await cli(db, ['new', '第一党支部'], { parent: '区直机关工委' })).code).toBe(0);
      expect((await cli(db, ['rename', '第一党支部'], { to: '综合党支部' })).code).toBe(0);
      expect((await cli(db, ['move', '综合党支部'], { parent: '机关党委' })).code).toBe(1);
      expect(await kindAndParent(db, '综合党支部')).toEqual({ kind: 'branch', parent: '区直机关工委' });
      expect((await cli(db, ['move', '综合党支部'], { parent: '机关党委', yes: true })).code).toBe(0);
      expect(await kindAndParent(db, '综合党支部')).toEqual({ kind: 'branch', parent: '机关党委' });

      const before = await rowCounts(db);
      expect(await cli(db, ['new', '某工委'], { kind: '工委', parent: '机关党委' })).toEqual({ code: 1, out: '', err: 'zhibu org new: 工委是最上级组织，不能设在其他组织之下。' });
      expect((await cli(db, ['new', '某组织'], { kind: '乡镇' })).code).toBe(2);
      expect((await cli(db, ['dissolve', '机关党委'], { yes: true })).err).toBe('zhibu org dissolve: 「机关党委」下面还有 1 个组织，不能撤销。请先把它们移到其他上级组织下或撤销。');
      expect(await rowCounts(db)).toEqual(before);

      expect((await cli(db, ['term', '机关党委'], { started: '2022-03-01' })).out).toBe('recorded the term of 机关党委: from 2022-03-01');
      expect((await cli(db, ['term', '机关党委'], { started: '2022-02-30' })).code).toBe(2);
      expect((await cli(db, ['term', '机关党委'], { started: '2022-03-01', years: '11' })).code).toBe(2);
      const id = async (name: string) => (await db.organization.findUniqueOrThrow({ where: { name } })).id;
      expect((await cli(db, ['list'])).out).toBe([
        `区直机关工委 (工委, id ${await id('区直机关工委')})`,
        `  机关党委 (党委, id ${await id('机关党委')})`,
        `    综合党支部 (党支部, id ${await id('综合党支部')}, 0 members)`,
      ].join('\n'));
      expect((await cli(db, ['dissolve', '综合党支部'], { yes: true })).code).toBe(0);
      const actions = await db.auditLog.findMany({ where: { actor: 'cli:operator' }, orderBy: { id: 'asc' }, select: { action: true } });
      expect(actions.map((a) => a.action)).toEqual(['organization.create', 'organization.create', 'organization.create', 'organization.rename', 'organization.move', 'organization.term', 'organization.dissolve']);
    });
  });
});
