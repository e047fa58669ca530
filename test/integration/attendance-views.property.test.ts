import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildActivityCard } from '../../src/bot/activity-card.js';
import { recordCheckIn } from '../../src/bot/check-in-record.js';
import { loadActivityAttendance } from '../../src/attendance/load-attendance.js';
import type { CheckInVia } from '../../src/db/client.js';
import type { ActivityAttendance } from '../../src/domain/attendance.js';
import { checkInWindow } from '../../src/domain/check-in-window.js';
import { buildLedgerWorkbook } from '../../src/ledger/build-ledger-workbook.js';
import { loadLedger } from '../../src/ledger/load-ledger.js';
import { eraseMemberData } from '../../src/ops/member-data.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { createTestChat, privateText } from '../support/chat.js';
import { rawCells } from '../support/ledger-workbook.js';
import { seedBranch } from '../support/seed.js';
import { emptyTables, testProviders, useTestDatabase } from '../support/test-database.js';

// The 'done when' of issue 15: random branch histories (members joining, leaving and erased;
// activities past, open and to come; check-ins by every way, leave in every state, 补签 by the
// secretary), and every view agrees with the attendance model on every number of every activity.

const ZONE = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
/** The moment the views are read: Thursday 2026-12-10, 16:00 (an activity that day is open). */
const NOW = sh('2026-12-10T16:00');
const DAYS = ['2026-11-05', '2026-11-20', '2026-12-01', '2026-12-04', '2026-12-10', '2026-12-18'];
const NAMES = ['甲一', '乙二', '丙三', '丁四', '戊五', '己六'];

type Deed = 'none' | 'text' | 'card' | 'link' | 'late' | 'proxy_afterwards' | 'leave_pending' | 'leave_approved' | 'leave_rejected' | 'leave_then_checkin';

const memberArb = fc.record({
  status: fc.constantFrom('full', 'full', 'probationary', 'activist', 'candidate'),
  isExempt: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  joinedAt: fc.option(fc.constantFrom('2000-01-01', '2026-11-15', '2026-12-05'), { nil: null }),
  joinedBranchOn: fc.option(fc.constantFrom('2026-11-10', '2026-12-03'), { nil: null }),
  fate: fc.constantFrom('stays', 'stays', 'removed', 'erased'),
  fateDay: fc.constantFrom(...DAYS),
  fateTime: fc.constantFrom('09:00', '15:30', '23:00'),
});
const activityArb = fc.record({ day: fc.constantFrom(...DAYS), kind: fc.constantFrom<'party_day' | 'committee_meeting'>('party_day', 'committee_meeting') });
const deedArb: fc.Arbitrary<Deed> = fc.constantFrom('none', 'none', 'text', 'card', 'link', 'late', 'proxy_afterwards', 'leave_pending', 'leave_approved', 'leave_rejected', 'leave_then_checkin');
const historyArb = fc.record({
  members: fc.array(memberArb, { minLength: 1, maxLength: NAMES.length }),
  activities: fc.uniqueArray(activityArb, { minLength: 1, maxLength: 4, selector: (a) => a.day }),
  deeds: fc.array(fc.array(deedArb, { minLength: 10, maxLength: 10 }), { minLength: 4, maxLength: 4 }),
});
type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

describe.each(testProviders())('every view agrees with the attendance model on %s (property)', (provider) => {
  const t = useTestDatabase(provider);

  it('the card, /attendance, /me, the digest, the tree scoreboard and the ledger give the model\'s numbers for every activity', async () => {
    await fc.assert(fc.asyncProperty(historyArb, async (history: History) => {
      const { db } = t();
      await emptyTables(db);
      const seeded = await seedBranch(db);
      const secretary = { id: seeded.members['张三'] ?? 0 };

      const members = [];
      for (const [i, m] of history.members.entries()) {
        const name = NAMES[i] ?? `人${i}`;
        const row = await db.member.create({ data: { name, branchId: seeded.branchId, status: m.status as 'full', exempt: m.isExempt, joinedAt: m.joinedAt, joinedBranchOn: m.joinedBranchOn } });
        await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: name, memberId: row.id } });
        members.push({ row, spec: m });
      }
      const activities = [];
      for (const a of history.activities) {
        const startsAt = sh(`${a.day}T15:00`);
        const w = checkInWindow(startsAt, ZONE);
        activities.push(await db.activity.create({ data: { branchId: seeded.branchId, kind: a.kind, title: `${a.day} ${a.kind}`, startsAt, checkInOpensAt: w.opensAt, checkInClosesAt: w.closesAt, lateAfter: w.lateAfter } }));
      }
      const everyone = [...Object.values(seeded.members), ...members.map((m) => m.row.id)];
      for (const [i, activity] of activities.entries()) {
        for (const [j, memberId] of everyone.entries()) {
          const deed = history.deeds[i]?.[j] ?? 'none';
          await act(db, activity, memberId, deed, secretary.id);
        }
      }
      for (const { row, spec } of members) {
        const at = sh(`${spec.fateDay}T${spec.fateTime}`);
        if (at > NOW || spec.fate === 'stays') continue;
        if (spec.fate === 'removed') await db.member.update({ where: { id: row.id }, data: { leftAt: at } });
        else await eraseMemberData(db, row, 'cli', at);
      }

      const chat = createTestChat(db, { now: NOW });
      const models = new Map<number, ActivityAttendance>();
      for (const activity of activities) models.set(activity.id, await loadActivityAttendance(db, activity, NOW, ZONE));

      // The check-in card and /attendance, activity by activity.
      for (const activity of activities) {
        const model = models.get(activity.id);
        if (!model) throw new Error('no model');
        const card = renderText(await buildActivityCard(db, activity, ZONE, NOW));
        expect(countsOfCard(card)).toEqual({ attended: model.attended, expected: model.expected, excused: model.excused.length, pending: model.leavePending.length });
        const attendance = privateText(await chat.say('张三', `/attendance ${activity.id}`), '张三');
        expect(countsOfAttendance(attendance)).toEqual(countsOfModel(model));
      }

      // /me of every member still on the roster: their own counts are their states in the model.
      const opened = activities.filter((a) => a.checkInOpensAt <= NOW);
      const current = await db.member.findMany({ where: { branchId: seeded.branchId, leftAt: null }, include: { identities: true } });
      for (const member of current) {
        const account = member.identities[0]?.platformUserId;
        if (!account) continue;
        const inModel = (pick: (m: ActivityAttendance) => { id: number }[]) => opened.filter((a) => pick(models.get(a.id) as ActivityAttendance).some((p) => p.id === member.id)).length;
        const me = privateText(await chat.say(account, '/me'), account);
        expect(countsOfMe(me)).toEqual({
          present: inModel((m) => m.present), late: inModel((m) => m.late), excused: inModel((m) => m.excused), absent: inModel((m) => m.absent),
          pending: inModel((m) => m.leavePending), notYet: inModel((m) => m.notYet), exempt: inModel((m) => m.exemptAbsent),
        });
      }

      // The digest's last activity; the upper level's scoreboard sums December's 主题党日 so far.
      const last = activities.filter((a) => a.startsAt <= NOW).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).at(-1);
      const digest = privateText(await chat.say('张三', '/digest'), '张三');
      if (last) expect(countsOfDigest(digest)).toEqual(countsOfModel(models.get(last.id) as ActivityAttendance));
      const tree = privateText(await chat.say('张三', '/digest tree'), '张三');
      const decemberPartyDays = await db.activity.findMany({ where: { branchId: seeded.branchId, kind: 'party_day', status: 'scheduled', startsAt: { gte: sh('2026-12-01T00:00'), lte: NOW } } });
      const sums = { expected: 0, attended: 0 };
      for (const a of decemberPartyDays) {
        const model = models.get(a.id) ?? await loadActivityAttendance(db, a, NOW, ZONE);
        sums.expected += model.expected;
        sums.attended += model.attended;
      }
      const partyDayLine = /主题党日：\d+ 个支部已开展，应到 (\d+) 人，实到 (\d+) 人/u.exec(tree);
      expect({ expected: Number(partyDayLine?.[1]), attended: Number(partyDayLine?.[2]) }).toEqual(sums);

      // The ledger, read from the file's XML: one row per activity of the year, in time order.
      const ledger = await buildLedgerWorkbook(await loadLedger(db, seeded.branchId, { kind: 'year', year: 2026 }, NOW, ZONE));
      const sheet = (await rawCells(ledger.content)).get('组织生活记录');
      const inOrder = [...activities].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      for (const [i, activity] of inOrder.entries()) {
        const model = models.get(activity.id) as ActivityAttendance;
        const cell = (col: string) => Number(sheet?.get(`${col}${i + 2}`)?.value);
        expect({ expected: cell('F'), attended: cell('G'), late: cell('H'), excused: cell('I'), pending: cell('J'), absent: cell('K'), notYet: cell('L') })
          .toEqual({ expected: model.expected, attended: model.attended, late: model.late.length, excused: model.excused.length, pending: model.leavePending.length, absent: model.absent.length, notYet: model.notYet.length });
      }
    }), { numRuns: Number(process.env.ZHIBU_PROPERTY_RUNS ?? 12), endOnFailure: true });
  }, 600_000);
});

/** Records one member's deed for one activity the way the bot does: at the time it happens. */
async function act(db: ReturnType<ReturnType<typeof useTestDatabase>>['db'], activity: { id: number; startsAt: Date; checkInOpensAt: Date; checkInClosesAt: Date; lateAfter: Date; branchId: number }, memberId: number, deed: Deed, secretaryId: number): Promise<void> {
  const full = await db.activity.findUniqueOrThrow({ where: { id: activity.id } });
  const checkIn = async (via: CheckInVia, at: Date) => {
    if (at > NOW) return;
    await recordCheckIn(db, { memberId, activity: full, via, now: at, recordedBy: 'test' });
  };
  const leave = async (decision: 'pending' | 'approved' | 'rejected') => {
    const asked = new Date(activity.startsAt.getTime() - 86_400_000);
    if (asked > NOW) return;
    await db.checkIn.create({ data: { activityId: activity.id, memberId, status: 'leave', leaveReason: '事假', leaveDecision: decision, ...(decision === 'pending' ? {} : { decidedById: secretaryId, decidedAt: asked }) } });
  };
  const minutes = (n: number) => new Date(activity.startsAt.getTime() + n * 60_000);
  switch (deed) {
    case 'none': return;
    case 'text': return checkIn('text', minutes(-10));
    case 'card': return checkIn('card', minutes(5));
    case 'link': return checkIn('link', minutes(0));
    case 'late': return checkIn('text', minutes(40));
    case 'proxy_afterwards': return checkIn('proxy', new Date(activity.checkInClosesAt.getTime() + 86_400_000));
    case 'leave_pending': return leave('pending');
    case 'leave_approved': return leave('approved');
    case 'leave_rejected': return leave('rejected');
    case 'leave_then_checkin':
      await leave('pending');
      return checkIn('text', minutes(1));
  }
}

function countsOfModel(m: ActivityAttendance) {
  return { expected: m.expected, attended: m.attended, present: m.present.length, late: m.late.length, excused: m.excused.length, pending: m.leavePending.length, absent: m.absent.length, notYet: m.notYet.length, exempt: m.exemptAbsent.length };
}

function countsOfCard(text: string) {
  const match = /已签到 (\d+) \/ 应到 (\d+)，请假 (\d+)(?:，请假待批 (\d+))?/.exec(text);
  if (!match) throw new Error(`no count on the card:\n${text}`);
  return { attended: Number(match[1]), expected: Number(match[2]), excused: Number(match[3]), pending: Number(match[4] ?? 0) };
}

/** The counts /attendance shows: its 应到/实到 line and the length of each name list. */
function countsOfAttendance(text: string) {
  const turnout = /应到 (\d+) 人，实到 (\d+) 人/.exec(text);
  const listed = (label: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${label}：`));
    const names = line?.slice(label.length + 1) ?? '无';
    return names === '无' ? 0 : names.split('、').length;
  };
  return {
    expected: Number(turnout?.[1]), attended: Number(turnout?.[2]), present: listed('出席'), late: listed('迟到'), excused: listed('请假（已批准）'), pending: listed('请假（待审批）'),
    absent: listed('缺席'), notYet: listed('尚未签到'), exempt: listed('免于督促（未到，不计应到）'),
  };
}

function countsOfDigest(text: string) {
  const turnout = /（#\d+）：应到 (\d+) 人，实到 (\d+) 人/.exec(text);
  const group = (label: string) => Number(new RegExp(`^${label}（(\\d+)）：`, 'm').exec(text)?.[1] ?? 0);
  return {
    expected: Number(turnout?.[1]), attended: Number(turnout?.[2]), present: group('出席'), late: group('迟到'), excused: group('请假'), pending: group('请假待批'),
    absent: group('缺席'), notYet: group('尚未签到'), exempt: group('免于督促未到'),
  };
}

function countsOfMe(text: string) {
  const line = /年活动：出席 (\d+) 次，迟到 (\d+) 次，请假 (\d+) 次，缺席 (\d+) 次/.exec(text);
  const extra = (label: string) => Number(new RegExp(`${label} (\\d+) 次`).exec(text)?.[1] ?? 0);
  return {
    present: Number(line?.[1]), late: Number(line?.[2]), excused: Number(line?.[3]), absent: Number(line?.[4]),
    pending: extra('请假待审批'), notYet: extra('进行中未签到'), exempt: extra('免于督促未到'),
  };
}
