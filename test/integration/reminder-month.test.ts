import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { chatText, createTestChat } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

// A 30-member branch through December 2026, ticking as the scheduler would (a few times an
// hour-of-interest each day), with the bot down from 17 December 20:00 to 19 December 10:00,
// a restart on the 12th and every 09:00 tick run twice.

const sh = (local: string) => new Date(`${local}+08:00`);
const ON_ROSTER_SINCE = sh('2020-01-01T00:00');

interface Person {
  name: string;
  joinedAt: string;
  status?: 'full' | 'probationary';
  probationStartedAt?: string;
  duesFen?: number | null;
  exempt?: boolean;
  hasAccount?: boolean;
  /** Months of 2026 (June to November) without a payment. */
  unpaid?: string[];
}

const PEOPLE: Person[] = [
  { name: '张三', joinedAt: '2006-12-10' }, // secretary; 20 years on 10 December
  { name: '李四', joinedAt: '2015-06-28' }, // organization officer
  { name: '王芳', joinedAt: '2016-12-10' }, // 10 years on 10 December
  { name: '唐宁', joinedAt: '1996-12-10', hasAccount: false }, // 30 years, no chat account
  { name: '刘洋', joinedAt: '2004-12-18' }, // birthday while the bot is down
  { name: '陈静', joinedAt: '2011-12-23' },
  { name: '于洋', joinedAt: '2025-12-15', status: 'probationary', probationStartedAt: '2025-12-15' }, // probation ends 15 December
  { name: '冯雪', joinedAt: '2026-01-09', status: 'probationary', probationStartedAt: '2026-01-09' }, // ends 9 January: notice on 10 December
  { name: '董鹏', joinedAt: '1975-05-04', exempt: true },
  { name: '赵磊', joinedAt: '2001-07-01', unpaid: ['2026-11'] },
  { name: '黄敏', joinedAt: '2002-07-01', unpaid: ['2026-09', '2026-10', '2026-11'] },
  { name: '周杰', joinedAt: '2003-07-01', unpaid: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'] },
  { name: '吴刚', joinedAt: '2005-07-01', unpaid: ['2026-10', '2026-11'] },
  { name: '徐丽', joinedAt: '2007-07-01', unpaid: ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'] },
  { name: '孙涛', joinedAt: '2008-03-01' }, // pays December before the dues day
  { name: '胡军', joinedAt: '2009-03-01' }, // too
  { name: '朱琳', joinedAt: '2010-03-01', duesFen: 7500 }, // pays between the dues day and the follow-up
  { name: '高峰', joinedAt: '2012-03-01' }, // too
  { name: '林霞', joinedAt: '2013-03-01' }, // asks for leave from the party day (pending)
  { name: '何平', joinedAt: '2014-03-01' }, // leave approved
  { name: '郭强', joinedAt: '2016-03-01' }, // leave rejected
  { name: '马超', joinedAt: '2017-03-01', duesFen: null }, // amount not fixed yet
  { name: '罗兰', joinedAt: '2018-03-01' },
  { name: '梁晨', joinedAt: '2019-03-01' },
  { name: '宋佳', joinedAt: '2020-03-01' },
  { name: '郑斌', joinedAt: '2021-03-01' },
  { name: '谢婷', joinedAt: '2022-03-01' },
  { name: '韩冰', joinedAt: '2023-03-01' },
  { name: '杨帆', joinedAt: '2004-02-29' },
  { name: '周敏', joinedAt: '2024-03-01' },
];
const ABSENT_FROM_PARTY_DAY = ['林霞', '何平', '郭强', '马超', '罗兰', '梁晨', '唐宁', '董鹏'];
const PAID_DECEMBER_EARLY = ['孙涛', '胡军'];
const PAID_DECEMBER_LATE = ['朱琳', '高峰'];

async function seedBranch(db: Db): Promise<number> {
  const committee = await db.organization.create({ data: { name: '机关工委', kind: 'working_committee' } });
  const branch = await db.organization.create({ data: { name: '第一党支部', kind: 'branch', parentId: committee.id, createdAt: ON_ROSTER_SINCE } });
  await db.chatBinding.create({ data: { platform: 'console', tenant: 'local', chatId: CONSOLE_GROUP_CHAT, branchId: branch.id } });
  for (const p of PEOPLE) {
    const member = await db.member.create({
      data: {
        name: p.name, branchId: branch.id, joinedAt: p.joinedAt, status: p.status ?? 'full', probationStartedAt: p.probationStartedAt ?? null,
        exempt: p.exempt ?? false, duesMonthlyFen: p.duesFen === undefined ? 5000 : p.duesFen, duesYear: 2026,
        // On the roster long before the simulated month, whatever day the suite runs.
        createdAt: ON_ROSTER_SINCE,
      },
    });
    if (p.hasAccount !== false) await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: p.name, memberId: member.id } });
    if (p.name === '张三') await db.roleGrant.create({ data: { memberId: member.id, role: 'secretary', organizationId: branch.id } });
    if (p.name === '李四') await db.roleGrant.create({ data: { memberId: member.id, role: 'organization_officer', organizationId: branch.id } });
    const paid = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].filter((m) => !p.unpaid?.includes(m));
    if (PAID_DECEMBER_EARLY.includes(p.name)) paid.push('2026-12');
    await db.duesRecord.createMany({ data: paid.map((month) => ({ memberId: member.id, month, amountDueFen: 5000, amountPaidFen: 5000, status: month === '2026-12' ? 'reported' : 'confirmed' })) });
  }
  return branch.id;
}

/** The instants the bot ticks at in December, in Shanghai time, with the downtime left out. */
function tickTimes(): string[] {
  const times: string[] = [];
  for (let day = DateTime.fromISO('2026-12-01'); day.month === 12; day = day.plus({ days: 1 })) {
    for (const hhmm of ['00:00', '08:00', '08:30', '09:00', '09:00', '12:00', '15:00', '18:00', '22:00']) times.push(`${day.toISODate() ?? ''}T${hhmm}`);
  }
  const isDown = (t: string) => t > '2026-12-17T20:00' && t < '2026-12-19T10:00';
  return [...times.filter((t) => !isDown(t)), '2026-12-19T10:00'].sort();
}

describe.each(testProviders())('a month of reminders for a 30-member branch on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('sends exactly the expected messages, each once, on the right day and minute', async () => {
    const db = t().db;
    const branchId = await seedBranch(db);
    const chat = createTestChat(db, { now: sh('2026-11-30T17:00'), admins: ['console:管理员'] });
    const setUp = chatText(await chat.say('管理员', '/branch set partyday="first friday 15:00" duesday=5 term_started=2024-03-01 dues_since=2026-06'));
    expect(setUp).toContain('下次主题党日：12月4日（周五）15:00');

    const platform = new RecordingPlatform();
    const log: string[] = [];
    let workerId = 'process-1';
    for (const time of tickTimes()) {
      if (time === '2026-12-04T15:00') await partyDayAttendance(chat);
      if (time === '2026-12-08T12:00') await payDecember(db, PAID_DECEMBER_LATE);
      if (time >= '2026-12-12') workerId = 'process-2'; // a restart: nothing is kept in memory
      const before = platform.sent.length;
      await runReminderTick({ db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai', workerId }, sh(time));
      for (const d of platform.sent.slice(before)) log.push(`${time.slice(5).replace('T', ' ')} ${d.to.kind === 'chat' ? '群聊' : (d.to.label ?? d.to.id)} ${d.message.title ?? ''}`);
    }

    const everyone = PEOPLE.map((p) => p.name);
    const reachable = everyone.filter((n) => n !== '唐宁');
    const owing = reachable.filter((n) => n !== '董鹏' && !PAID_DECEMBER_EARLY.includes(n));
    const expected = [
      '12-01 09:00 张三 12月政治生日',
      '12-01 09:00 张三 换届提醒',
      '12-01 15:00 张三 主题党日已自动安排', // January 2027 is a month ahead, and no calendar covers 2027
      '12-03 18:00 群聊 明日主题党日',
      '12-04 08:30 群聊 今日主题党日',
      ...['郭强', '马超', '罗兰', '梁晨'].map((n) => `12-04 15:00 ${n} 签到提醒`),
      '12-04 18:00 张三 「第一党支部」工作汇总（主题党日后）',
      '12-04 18:00 李四 「第一党支部」工作汇总（主题党日后）',
      '12-05 09:00 张三 会议记录提醒', // nobody wrote the party day's record: the secretary, the next day…
      '12-07 09:00 张三 会议记录提醒', // …and on the third
      '12-07 09:00 张三 「第一党支部」工作汇总（每周）',
      '12-07 09:00 李四 「第一党支部」工作汇总（每周）', // the organization officer hears the digest too
      '12-07 09:00 群聊 党费缴纳提醒', // 5 December is a Saturday
      ...owing.map((n) => `12-07 09:00 ${n} 党费缴纳提醒`),
      '12-07 09:00 张三 党费缴纳情况（仅书记可见）',
      '12-10 09:00 张三 政治生日',
      '12-10 09:00 王芳 政治生日',
      '12-10 09:00 张三 今日政治生日',
      '12-10 09:00 冯雪 预备期提醒',
      '12-10 09:00 李四 预备党员转正提醒',
      ...owing.filter((n) => !PAID_DECEMBER_LATE.includes(n)).map((n) => `12-10 09:00 ${n} 党费提醒`),
      '12-14 09:00 张三 「第一党支部」工作汇总（每周）',
      '12-14 09:00 李四 「第一党支部」工作汇总（每周）', // the organization officer hears the digest too
      '12-15 09:00 于洋 政治生日',
      '12-15 09:00 张三 今日政治生日',
      '12-15 09:00 于洋 预备期提醒',
      '12-15 09:00 李四 预备党员转正提醒',
      '12-21 09:00 张三 「第一党支部」工作汇总（每周）',
      '12-21 09:00 李四 「第一党支部」工作汇总（每周）', // the organization officer hears the digest too
      '12-23 09:00 陈静 政治生日',
      '12-23 09:00 张三 今日政治生日',
      '12-28 09:00 张三 「第一党支部」工作汇总（每周）',
      '12-28 09:00 李四 「第一党支部」工作汇总（每周）', // the organization officer hears the digest too
      '12-31 18:00 群聊 明日主题党日', // 1 January 2027, by the plain rule
    ];
    expect([...log].sort()).toEqual([...expected].sort());
    expect(owing).toHaveLength(26);

    // What the messages say, and to whom only.
    const text = (who: string, title: string) => platform.sent.filter((d) => (d.to.kind === 'chat' ? '群聊' : d.to.label) === who && d.message.title === title).map((d) => renderText(d.message)).join('\n---\n');
    expect(text('张三', '党费缴纳情况（仅书记可见）')).toBe([
      '【党费缴纳情况（仅书记可见）】', '截至2026年11月，以下同志连续未登记缴纳党费：', '赵磊：1 个月（2026年11月起）', '黄敏：3 个月（2026年9月起）', '周杰：5 个月（2026年7月起）', '请了解情况，提醒按时缴纳或补缴。',
    ].join('\n'));
    expect(text('朱琳', '党费缴纳提醒')).toBe('【党费缴纳提醒】\n今天是党费缴纳日，你12月应缴党费 75.00 元。\n缴纳后请回复：已缴 75.00');
    expect(text('马超', '党费缴纳提醒')).toContain('应缴金额请向支部书记确认');
    expect(text('群聊', '党费缴纳提醒')).toBe('【党费缴纳提醒】\n今天是本支部党费缴纳日，请各位同志按时缴纳12月党费。本月党费日（12月5日周六）逢周末，调整到今天。\n缴纳后请私信我：已缴 金额。已核定金额的同志已收到私信，其他同志请向支部书记确认应缴金额。');
    expect(text('张三', '政治生日')).toContain('2006年12月10日你加入中国共产党，今天是你入党 20 周年。');
    expect(text('张三', '今日政治生日').split('\n---\n')[0]).toBe('【今日政治生日】\n今天（12月10日周四）是以下同志的政治生日：\n张三（入党 20 周年）、王芳（入党 10 周年）、唐宁（入党 30 周年，暂无账号，未能私信）');
    expect(text('张三', '12月政治生日')).toContain('12月18日（周五） 刘洋（入党 22 年）');
    expect(text('张三', '「第一党支部」工作汇总（每周）').split('\n---\n')[3]).toContain('注意：2027年的节假日安排尚未导入');
    const partyDayDigest = text('李四', '「第一党支部」工作汇总（主题党日后）');
    expect(partyDayDigest).toContain('应到 28 人，实到 22 人，出席率 79%');
    expect(partyDayDigest).toContain('尚未签到（5）：唐宁、郭强、马超、罗兰、梁晨');
    expect(partyDayDigest).toContain('请假（1）：何平');
    expect(partyDayDigest).toContain('请假待批（1）：林霞');
    expect(partyDayDigest).toContain('免于督促未到（1）：董鹏');
    const morning = platform.sent.find((d) => d.message.title === '今日主题党日');
    const activity = await db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });
    expect(morning?.message.buttons).toEqual([{ label: '签到', style: 'primary', action: { command: '签到', activityId: String(activity.id) } }]);
    const groupTexts = platform.sent.filter((d) => d.to.kind === 'chat').map((d) => renderText(d.message)).join('\n');
    for (const secret of [/\d+\.\d\d 元/, /赵磊|黄敏|周杰|徐丽/, /医院/]) expect(groupTexts).not.toMatch(secret);

    // The birthday during the downtime was not sent late: it is recorded as skipped.
    const unsent = await db.notification.findMany({ where: { status: { not: 'sent' } }, include: { member: true }, orderBy: { id: 'asc' } });
    expect(unsent.map((n) => [n.kind, n.member?.name, n.status])).toEqual([['birthday_greeting', '刘洋', 'skipped'], ['birthday_today', '张三', 'skipped']]);
    expect(await db.notification.count()).toBe(expected.length + 2);
    expect(await db.activity.count({ where: { branchId } })).toBe(2);
  });
});

async function partyDayAttendance(chat: ReturnType<typeof createTestChat>): Promise<void> {
  chat.setNow(sh('2026-12-04T10:00'));
  await chat.say('林霞', '请假 去医院复查');
  await chat.say('何平', '请假 出差');
  await chat.say('郭强', '请假 有事');
  await chat.say('张三', '/leave approve @何平');
  await chat.say('张三', '/leave reject @郭强');
  chat.setNow(sh('2026-12-04T14:40'));
  for (const p of PEOPLE) {
    if (!ABSENT_FROM_PARTY_DAY.includes(p.name)) expect(chatText(await chat.say(p.name, '签到'))).toContain('签到成功');
  }
}

async function payDecember(db: Db, names: string[]): Promise<void> {
  const members = await db.member.findMany({ where: { name: { in: names } } });
  await db.duesRecord.createMany({ data: members.map((m) => ({ memberId: m.id, month: '2026-12', amountDueFen: m.duesMonthlyFen ?? 0, amountPaidFen: m.duesMonthlyFen, status: 'reported' as const })) });
}
