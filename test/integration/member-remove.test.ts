import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { addActivity, seedBranch, seedOtherBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

const ADMIN = '管理员';
const NOW = '2026-12-04T07:10:00.000Z'; // 15:10 on the party day in Shanghai

describe.each(testProviders())('/member remove on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  let activityId: number;
  const chat = () => createTestChat(t().db, { now: NOW, admins: [`console:${ADMIN}`] });
  const id = (name: string) => seeded.members[name] ?? 0;

  beforeEach(async () => {
    const { db } = t();
    seeded = await seedBranch(db);
    activityId = (await addActivity(db, seeded.branchId, '2026-12-04T07:00:00.000Z')).id;
    await db.checkIn.create({ data: { activityId, memberId: id('王五'), status: 'present', via: 'text', checkedInAt: new Date(NOW) } });
    await db.duesRecord.create({ data: { memberId: id('王五'), month: '2026-11', amountDueFen: 5000, status: 'confirmed' } });
    await db.notification.create({
      data: { idempotencyKey: `dues_reminder:member-${id('王五')}:2026-12`, kind: 'dues_reminder', branchId: seeded.branchId, memberId: id('王五'), platform: 'console', tenant: 'local', targetKind: 'user', targetId: '王五', payload: { lines: ['交党费'] }, dueAt: new Date('2026-12-05T01:00:00Z') },
    });
  });

  it('previews in private what it will do and writes nothing', async () => {
    const before = await rowCounts(t().db);
    const replies = await chat().say('张三', '/member remove @王五');
    expect(chatText(replies)).toBe('请在私信中确认。');
    const preview = privateText(replies, '张三');
    expect(preview).toContain('【移除党员：王五】');
    expect(preview).toContain('将把王五移出「第一党支部」名册');
    expect(preview).toContain('签到和请假 1 条、党费 1 条');
    expect(preview).toContain('还没发出的提醒 1 条不再发送');
    expect(preview).toContain('不能再签到');
    expect(preview).toContain('确认请点「确认执行」，或在原群里发送：/member remove @王五 confirm=yes');
    expect(preview).toContain('[确认执行]');
    // Asked in private, the preview comes in private and the line is typed there.
    const inPrivate = chatText(await chat().say('张三', '/member remove @王五', { chat: 'p2p' }));
    expect(inPrivate).toContain('确认请点「确认执行」，或发送：/member remove @王五 confirm=yes');
    expect(await rowCounts(t().db)).toEqual(before);
    expect((await t().db.member.findUniqueOrThrow({ where: { id: id('王五') } })).leftAt).toBeNull();
  });

  it('confirmed, keeps the history, skips their reminders, and they no longer count or check in', async () => {
    const { db } = t();
    const c = chat();
    const reply = chatText(await c.say('张三', '/成员 移除 @王五 确认=是'));
    expect(reply).toBe('已将王五移出「第一党支部」名册。王五的签到和党费记录保留在台账中。');

    const member = await db.member.findUniqueOrThrow({ where: { id: id('王五') } });
    expect(member.leftAt).toEqual(new Date(NOW));
    expect(await db.checkIn.count({ where: { memberId: member.id } })).toBe(1);
    expect(await db.duesRecord.count({ where: { memberId: member.id } })).toBe(1);
    expect(await db.identity.count({ where: { memberId: member.id } })).toBe(1);
    expect(await db.notification.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({ status: 'skipped', lastError: 'the member left the roster' });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.remove' } });
    expect(audit).toMatchObject({ actor: 'console:local:张三', actorMemberId: id('张三'), entity: 'Member', entityId: String(member.id), organizationId: seeded.branchId, detail: { name: '王五', skippedNotifications: 1 } });

    const roster = privateText(await c.say('张三', '/member list'), '张三');
    expect(roster).toContain('（3 人）');
    expect(roster).not.toContain('王五');
    const before = await rowCounts(db);
    expect(chatText(await c.say('王五', '签到'))).toContain('你还不在「第一党支部」的党员名册中');
    expect(chatText(await c.say('张三', '/checkin @王五'))).toBe('王五不在「第一党支部」的名册中。');
    expect(await rowCounts(db)).toEqual(before);
    // The attendance of the activity they attended still lists them: it happened before they left.
    expect(privateText(await c.say('张三', `/attendance ${activityId}`), '张三')).toContain('王五');
    expect(chatText(await c.say('张三', '/member remove @王五'))).toBe('王五不在「第一党支部」的名册中。');
  });

  it('the button of the preview removes, with the mentions it carries', async () => {
    const c = chat();
    const replies = await c.say('张三', '/member remove @王五', { mentions: [{ userId: '王五', name: '王五' }] });
    const action = replies.find((r) => r.to.kind === 'user')?.message.buttons?.[0]?.action;
    expect(action).toEqual({ command: '/member remove @王五 confirm=yes', mentions: JSON.stringify([{ userId: '王五', name: '王五' }]), branchId: String(seeded.branchId) });
    const reply = await c.say('张三', '', { chat: 'p2p', action: action ?? {} });
    expect(chatText(reply)).toContain('已将王五移出「第一党支部」名册');
    expect((await t().db.member.findUniqueOrThrow({ where: { id: id('王五') } })).leftAt).not.toBeNull();
    expect(await t().db.auditLog.count({ where: { action: 'member.remove' } })).toBe(1);
  });

  it('an admin of no branch confirms in private what they asked in the group: the button names the branch', async () => {
    const c = chat();
    const replies = await c.say(ADMIN, '/移除党员 @王五');
    expect(chatText(replies)).toBe('请在私信中确认。');
    const action = replies.find((r) => r.to.kind === 'user')?.message.buttons?.[0]?.action ?? {};
    const done = await c.say(ADMIN, '', { chat: 'p2p', action });
    expect(done.map((r) => [r.to.id, r.message.lines[0]])).toEqual([[`p2p:${ADMIN}`, '已将王五移出「第一党支部」名册。王五的签到和党费记录保留在台账中。']]);
    expect(await t().db.auditLog.findFirstOrThrow({ where: { action: 'member.remove' } })).toMatchObject({ actor: `console:local:${ADMIN}`, actorMemberId: null, organizationId: seeded.branchId });
  });

  it('a button naming another branch is judged in that branch: its secretary may not use it elsewhere', async () => {
    const { db } = t();
    const other = await seedOtherBranch(db, seeded.committeeId, { isSecretary: true });
    const before = await rowCounts(db);
    const forged = { command: '/member remove @王五 confirm=yes', branchId: String(seeded.branchId) };
    expect(chatText(await chat().say('孙八', '', { chat: 'p2p', action: forged }))).toBe('只有本支部书记、组织委员或管理员可以使用 /member remove。');
    const own = { command: '/member remove @王五 confirm=yes', branchId: String(other.branchId) };
    expect(chatText(await chat().say('孙八', '', { chat: 'p2p', action: own }))).toBe('王五不在「第二党支部」的名册中。');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('removing an officer ends their post, and their refusals change nothing', async () => {
    const { db } = t();
    const c = chat();
    const preview = privateText(await c.say(ADMIN, '/member remove @张三'), ADMIN);
    expect(preview).toContain('同时解除职务：书记');
    expect(chatText(await c.say(ADMIN, '/member remove @张三 confirm=yes'))).toBe('已将张三移出「第一党支部」名册。张三的签到和党费记录保留在台账中；职务（书记）已解除。');
    expect(await db.roleGrant.count({ where: { memberId: id('张三') } })).toBe(0);
    const before = await rowCounts(db);
    expect(chatText(await c.say('张三', '/member remove @李四 confirm=yes'))).toBe('只有本支部书记、组织委员或管理员可以使用 /member remove。');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('refuses members, bad input, the asker themselves and admins, writing nothing', async () => {
    const { db } = t();
    await db.roleGrant.create({ data: { memberId: id('赵六'), role: 'admin', organizationId: seeded.committeeId } });
    await seedOtherBranch(db, seeded.committeeId);
    const c = chat();
    const before = await rowCounts(db);
    const cases: [string, string, string][] = [
      ['李四', '/member remove @王五 confirm=yes', '只有本支部书记、组织委员或管理员可以使用 /member remove。'],
      ['孙八', '/member remove @王五 confirm=yes', '只有本支部书记、组织委员或管理员可以使用 /member remove。'],
      ['张三', '/member remove', '请 @ 要移除的成员。\n用法：/member remove @成员'],
      ['张三', '/member remove @王五 @李四', '一次只能移除一人。\n用法：/member remove @成员'],
      ['张三', '/member remove @孙八 confirm=yes', '孙八不在「第一党支部」的名册中。'],
      ['张三', '/member remove @王五 when=now', '不认识参数「when=」。可用的参数：confirm=\n用法：/member remove @成员'],
      ['张三', '/member remove @张三 confirm=yes', '不能把自己移出名册。请由其他支委或管理员操作。'],
      ['张三', '/member remove @赵六 confirm=yes', '赵六是「机关工委」的管理员。请管理员先发送 /role revoke @赵六 admin 撤销，再移除。'],
    ];
    for (const [who, line, expected] of cases) {
      expect(chatText(await c.say(who, line)), line).toBe(expected);
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it('a member who comes back keeps their row; one who joins another branch starts a new one', async () => {
    const { db } = t();
    const c = chat();
    await c.say('张三', '/member remove @王五 confirm=yes');
    expect(chatText(await c.say('张三', '/member add @王五'))).toContain('已将 1 人加入「第一党支部」名册');
    const back = await db.member.findUniqueOrThrow({ where: { id: id('王五') } });
    expect(back.leftAt).toBeNull();
    expect(await db.checkIn.count({ where: { memberId: back.id } })).toBe(1);

    await c.say('张三', '/member remove @王五 confirm=yes');
    const other = await seedOtherBranch(db, seeded.committeeId, { isSecretary: true });
    expect(chatText(await c.say('孙八', '/member add @王五', { chatId: 'group-2' }))).toContain('已将 1 人加入「第二党支部」名册');
    const old = await db.member.findUniqueOrThrow({ where: { id: id('王五') } });
    expect(old).toMatchObject({ branchId: seeded.branchId });
    expect(old.leftAt).not.toBeNull();
    const identity = await db.identity.findFirstOrThrow({ where: { platformUserId: '王五' }, include: { member: true } });
    expect(identity.member).toMatchObject({ name: '王五', branchId: other.branchId, leftAt: null });
    expect(identity.memberId).not.toBe(old.id);
  });
  it('is listed for officers, explained by /help, and suggested for a typo', async () => {
    const c = chat();
    expect(chatText(await c.say('张三', '/help'))).toContain('/成员 移除（/移除成员、/移除党员、/member remove） — 把成员移出本支部名册（先预览，确认后执行；签到、党费等记录保留）');
    expect(chatText(await c.say('李四', '/help'))).not.toContain('/member remove');
    expect(chatText(await c.say('张三', '/help member remove'))).toContain('谁可以用：支部书记、组织委员或管理员');
    const before = await rowCounts(t().db);
    expect(chatText(await c.say('张三', '/member remov @王五'))).toContain('你是不是想用：/member remove？');
    expect(chatText(await c.say('张三', '/成员 移出 @王五'))).toContain('/成员 移除');
    expect(await rowCounts(t().db)).toEqual(before);
  });
  it('after removal they are left out of the next activity: its reminders, its card and its attendance', async () => {
    const { db } = t();
    await chat().say('张三', '/member remove @王五 confirm=yes');
    const next = await addActivity(db, seeded.branchId, '2026-12-11T07:00:00.000Z');
    const at = new Date('2026-12-11T07:00:00.000Z');
    await runReminderTick({ db, platforms: new Map([['console', new RecordingPlatform()] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, at);
    const planned = await db.notification.findMany({ where: { idempotencyKey: { contains: `activity-${next.id}@` } } });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.map((n) => n.targetId)).toContain('李四');
    expect(planned.filter((n) => n.targetId === '王五')).toEqual([]);
    const c = createTestChat(db, { now: at, admins: [`console:${ADMIN}`] });
    expect(chatText(await c.say('张三', `/activity card ${next.id}`))).toContain('已签到 0 / 应到 3');
    const attendance = privateText(await c.say('张三', `/attendance ${next.id}`), '张三');
    expect(attendance).toContain('应到 3 人');
    expect(attendance).not.toContain('王五');
    expect(privateText(await c.say('张三', '/dues report month=2026-11'), '张三')).not.toContain('王五');
  });
});
