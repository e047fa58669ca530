import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../../src/reminders/planner.js';
import { previewDay } from '../../src/reminders/preview.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { createTestChat, privateText } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const CONTENT = '/record {id} topic=学习党章 host=@张三\n一、学习党章。\n二、讨论发展计划。\n三、决定：月底前谈心谈话。';

describe.each(testProviders())('meeting-record reminders on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  let meetingId: number;
  let platform: RecordingPlatform;
  const tick = (local: string) => runReminderTick({ db: t().db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));
  const say = (speaker: string, line: string, local: string) => createTestChat(t().db, { now: sh(local) }).say(speaker, line.replace('{id}', String(meetingId)));

  beforeEach(async () => {
    seeded = await seedBranch(t().db);
    // Only the record reminders speak here; the branch has no party-day rule.
    await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { digest: 'off', reminders: { dues: false, birthday: false, probation: false, term: false } } } });
    const meeting = await addActivity(t().db, seeded.branchId, '2026-12-04T07:00:00.000Z', 'Asia/Shanghai', '12月支委会');
    meetingId = (await t().db.activity.update({ where: { id: meeting.id }, data: { kind: 'committee_meeting' } })).id;
    platform = new RecordingPlatform();
  });

  it('the named recorder is asked once the next day and once on the third, in private', async () => {
    await say('张三', '/record {id} recorder=@李四', '2026-12-04T09:00');
    await tick('2026-12-04T20:00');
    await tick('2026-12-05T08:59');
    expect(platform.log()).toEqual([]);
    await tick('2026-12-05T09:00');
    await tick('2026-12-05T09:01');
    expect(platform.log()).toEqual(['[李四] 会议记录提醒']);
    expect(platform.textTo('李四')).toBe([
      '【会议记录提醒】',
      `活动 #${meetingId}「12月支委会」（12月4日周五 15:00）还没有会议记录，你是这次活动的记录人。`,
      `请发送：/record ${meetingId} topic=议题 host=@主持人 recorder=@记录人，换行后写会议内容；出席情况按签到自动填写。`,
    ].join('\n'));
    platform.clear();
    await tick('2026-12-06T09:00');
    expect(platform.log()).toEqual([]);
    await tick('2026-12-07T09:00');
    await tick('2026-12-07T09:30');
    await tick('2026-12-08T09:00');
    expect(platform.log()).toEqual(['[李四] 会议记录提醒']);
  });

  it('without a recorder the secretary is asked; once the record exists, nobody is asked again', async () => {
    await tick('2026-12-05T09:00');
    expect(platform.log()).toEqual(['[张三] 会议记录提醒']);
    expect(platform.textTo('张三')).toContain('还没有会议记录。');
    platform.clear();
    await say('张三', CONTENT, '2026-12-05T10:00');
    await tick('2026-12-07T09:00');
    await tick('2026-12-08T09:00');
    expect(platform.log()).toEqual([]);
    expect(await t().db.notification.count({ where: { kind: 'record_missing' } })).toBe(1);
  });

  it('an ask already planned but not yet sent is dropped when the record is written', async () => {
    const deps = { db: t().db, calendar: await loadHolidayCalendar(t().db), defaultZone: 'Asia/Shanghai', log: silentLogger };
    await planReminders(deps, sh('2026-12-07T09:00'));
    expect(await t().db.notification.findMany({ where: { kind: 'record_missing' }, select: { status: true, idempotencyKey: true } })).toEqual([
      { status: 'pending', idempotencyKey: `record_missing:member-${seeded.members['张三']}:activity-${meetingId}@2026-12-04T15:00:d3` },
    ]);
    await say('张三', CONTENT, '2026-12-07T09:00');
    await tick('2026-12-07T09:01');
    expect(platform.log()).toEqual([]);
    expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'record_missing' } })).toMatchObject({ status: 'skipped', lastError: 'the meeting record was written' });
  });

  it('volunteer service and cancelled activities are not asked for a record', async () => {
    await t().db.activity.update({ where: { id: meetingId }, data: { kind: 'volunteer_service' } });
    const other = await addActivity(t().db, seeded.branchId, '2026-12-04T01:00:00.000Z');
    await t().db.activity.update({ where: { id: other.id }, data: { status: 'cancelled' } });
    await tick('2026-12-05T09:00');
    await tick('2026-12-07T09:00');
    expect(platform.log()).toEqual([]);
  });

  it('the weekly digest lists the activities owing a record by the reminders\' rule, with the recorder', async () => {
    const party = await addActivity(t().db, seeded.branchId, '2026-12-05T07:00:00.000Z', 'Asia/Shanghai', '12月主题党日');
    const service = await addActivity(t().db, seeded.branchId, '2026-12-03T07:00:00.000Z', 'Asia/Shanghai', '社区志愿服务');
    await t().db.activity.update({ where: { id: service.id }, data: { kind: 'volunteer_service' } });
    const cancelled = await addActivity(t().db, seeded.branchId, '2026-12-02T07:00:00.000Z', 'Asia/Shanghai', '党课');
    await t().db.activity.update({ where: { id: cancelled.id }, data: { kind: 'party_lecture', status: 'cancelled' } });
    await say('张三', '/record {id} recorder=@李四', '2026-12-04T09:00');
    const digest = async (local: string) => privateText(await say('张三', '/digest', local), '张三');

    // Before 09:00 the day after, the committee meeting is not owed yet: neither asked nor listed.
    expect(await digest('2026-12-05T08:59')).not.toContain('会议记录未填写');
    const owed = await digest('2026-12-07T09:00');
    expect(owed).toContain('会议记录未填写（2）');
    expect(owed).toContain(`12月4日（周五）15:00 支委会（#${meetingId}），记录人：李四`);
    expect(owed).toContain(`12月5日（周六）15:00 主题党日（#${party.id}），记录人：未指定（由书记填写）`);
    expect(owed).not.toContain('社区志愿服务');
    expect(owed).not.toContain(`#${cancelled.id}`);

    await say('李四', CONTENT, '2026-12-07T10:00');
    const after = await digest('2026-12-07T10:01');
    expect(after).toContain('会议记录未填写（1）');
    expect(after).not.toContain(`（#${meetingId}），记录人`);
  });

  it('/remind preview shows the record asks of a day, the same ones the planner plans', async () => {
    await say('张三', '/record {id} recorder=@李四', '2026-12-04T09:00');
    const preview = async (date: string, local: string) => privateText(await say('张三', `/remind preview ${date}`, local), '张三');
    expect(await preview('2026-12-05', '2026-12-04T10:00')).toContain(`09:00 私信 李四：会议记录提醒（活动 #${meetingId}）`);
    expect(await preview('2026-12-06', '2026-12-04T10:00')).not.toContain('会议记录提醒');
    expect(await preview('2026-12-07', '2026-12-04T10:00')).toContain(`09:00 私信 李四：会议记录提醒（活动 #${meetingId}）`);

    // What the preview lists for a day is what the planner writes for it, key for key.
    const branch = await t().db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } });
    const calendar = await loadHolidayCalendar(t().db);
    const previewed = (await previewDay(t().db, calendar, branch, 'Asia/Shanghai', '2026-12-05', sh('2026-12-04T10:00'))).entries.map((e) => e.key);
    const plan = (local: string) => planReminders({ db: t().db, calendar, defaultZone: 'Asia/Shanghai', log: silentLogger }, sh(local));
    await plan('2026-12-04T10:00');
    await plan('2026-12-05T09:00');
    const planned = await t().db.notification.findMany({ select: { idempotencyKey: true } });
    expect(previewed).toEqual([`record_missing:member-${seeded.members['李四']}:activity-${meetingId}@2026-12-04T15:00:d1`]);
    expect(planned.map((n) => n.idempotencyKey)).toEqual(previewed);

    // Once the content is written, the third day's ask is neither previewed nor sent.
    await say('李四', CONTENT, '2026-12-06T10:00');
    expect(await preview('2026-12-07', '2026-12-06T10:01')).not.toContain('会议记录提醒');
  });
});
