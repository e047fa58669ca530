import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mention, Reply } from '../../src/bot/types.js';
import type { Db } from '../../src/db/client.js';
import { Prisma } from '../../src/db/generated/sqlite/client.js';
import { silentLogger } from '../../src/logger.js';
import { eraseMemberData, exportMemberData, findMember, personOf } from '../../src/ops/member-data.js';
import { PERSONAL_DATA, personScrubber } from '../../src/ops/personal-data.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../../src/reminders/planner.js';
import { PARTY_DAY_START, shanghai } from '../support/branch-fixture.js';
import { createFileStore } from '../../src/storage/file-store.js';
import { jpegBytes } from '../support/sample-files.js';
import { createTestChat, type SayOptions } from '../support/chat.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

const TENANT = 'tenant_erase_7f3c';
const GROUP = 'oc_group_erase_01';
const OPEN_ID: Record<string, string> = { 张三: 'ou_zhangsan_3f9a01', 李四: 'ou_lisi_7c21e8b4', 王五: 'ou_wangwu_55d0c2', 赵六: 'ou_zhaoliu_66a1e9', 管理员: 'ou_admin_01b7f3' };
const REASON = '住院做手术';

/** Every row of every table, as text: what "the database holds" means for the scan. */
async function everyRow(db: Db): Promise<string> {
  const delegates = db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>;
  const tables = await Promise.all(Object.values(Prisma.ModelName).map(async (model) => {
    const delegate = delegates[model.charAt(0).toLowerCase() + model.slice(1)];
    if (!delegate) throw new Error(`no delegate for ${model}`);
    return `${model}: ${JSON.stringify(await delegate.findMany())}`;
  }));
  return tables.join('\n');
}

/** What the ledgers count: attendance marks per activity and dues per member and month. */
async function ledgerTotals(db: Db) {
  const checkIns = await db.checkIn.findMany({ orderBy: { id: 'asc' }, select: { activityId: true, memberId: true, status: true, leaveDecision: true, via: true } });
  const dues = await db.duesRecord.findMany({ orderBy: { id: 'asc' }, select: { memberId: true, month: true, amountDueFen: true, amountPaidFen: true, status: true } });
  const members = await db.member.count();
  return { checkIns, dues, members };
}

describe.each(testProviders())('personal-data erasure on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('erases a member who did everything: no table, column or database file holds their name, accounts or words; totals unchanged', async () => {
    const seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (name) => OPEN_ID[name] ?? name });
    const partyDay = await addActivity(t.db, seeded.branchId, PARTY_DAY_START);
    const photoBytes = jpegBytes();
    const files = createFileStore(t.db, { kind: 'database', maxBytes: 1024 * 1024 });
    const chat = createTestChat(t.db, { now: shanghai('10:00'), admins: [`feishu:${OPEN_ID['管理员']}`], files, fetchAttachment: () => Promise.resolve(photoBytes) });
    const at = (name: string): Mention => ({ userId: OPEN_ID[name] ?? name, name });
    const say = async (speaker: string, time: string, text: string, mentions: string[] = [], opts: SayOptions = {}): Promise<Reply[]> => {
      chat.setNow(shanghai(time));
      const msg = chat.message(speaker, text, opts);
      return chat.handle({ ...msg, platform: 'feishu', tenant: TENANT, chatId: msg.chatType === 'group' ? GROUP : `oc_p2p_${speaker}`, senderId: OPEN_ID[speaker] ?? speaker, mentions: mentions.map(at) });
    };
    const ok = (replies: Reply[]) => expect(replies.map((r) => r.message.tone)).not.toContain('error');

    ok(await say('管理员', '09:00', '/role grant @李四 organization_officer', ['李四']));
    ok(await say('张三', '09:05', '/dues set @李四 amount=75.00', ['李四']));
    ok(await say('李四', '09:10', '已缴 75'));
    ok(await say('张三', '09:15', '/dues confirm @李四', ['李四']));
    ok(await say('李四', '09:20', '/activity new kind=group at=2026-12-18 09:30 title=李四主讲党课 place=李四办公室'));
    const lecture = await t.db.activity.findFirstOrThrow({ where: { kind: 'group_meeting' } });
    ok(await say('李四', '09:25', `请假 ${REASON} activity=${lecture.id}`));
    ok(await say('张三', '09:30', '/leave reject @李四 本次为重要学习', ['李四']));
    ok(await say('李四', '15:05', '签到'));
    ok(await say('李四', '15:10', '/checkin @王五', ['王五']));
    ok(await say('赵六', '15:20', '请假 替李四值班'));
    ok(await say('张三', '15:25', '/attendance', [], { chat: 'p2p' }));
    ok(await say('张三', '15:26', `/record ${partyDay.id} recorder=@李四`, ['李四']));
    ok(await say('李四', '16:00', `/record ${partyDay.id} topic=李四谈体会 host=@李四\n李四传达了会议精神。\n讨论发展计划。\n决定月底谈心谈话。`, ['李四']));
    ok(await say('张三', '17:00', `/record ${partyDay.id}\n李四传达了会议精神，大家讨论。\n讨论发展计划。\n决定月底谈心谈话。`));
    // A photo the recorder sent in the dialogue (kept: a branch record), and a dialogue left open (dropped).
    ok(await say('李四', '17:10', `/record ${partyDay.id} 继续`));
    ok(await say('李四', '17:11', '[image]', [], { chat: 'p2p', attachment: { key: 'img_1', name: '李四拍的合影', messageId: 'om_photo', kind: 'image' } }));
    ok(await say('李四', '17:12', '完成', [], { chat: 'p2p' }));
    ok(await say('李四', '17:20', `/record ${partyDay.id} 继续`));
    ok(await say('李四', '17:21', '李四的草稿', [], { chat: 'p2p' }));
    expect(await t.db.recordDialogue.count({ where: { userId: OPEN_ID['李四'] ?? '' } })).toBe(1);
    await planReminders({ db: t.db, calendar: await loadHolidayCalendar(t.db), defaultZone: 'Asia/Shanghai', log: silentLogger }, shanghai('18:00'));

    // The person is everywhere the issue found them.
    const held = await everyRow(t.db);
    for (const trace of ['李四', OPEN_ID['李四'] ?? '', REASON]) expect(held).toContain(trace);
    expect(await t.db.notification.count({ where: { kind: 'party_day_digest' } })).toBe(2);
    const member = await findMember(t.db, '李四');
    const exported = JSON.stringify(await exportMemberData(t.db, member, shanghai('19:00')));
    for (const fact of [REASON, '李四主讲党课', '替李四值班', `feishu:${TENANT}:${OPEN_ID['李四']}`, '2015-06-28', '本次为重要学习']) expect(exported).toContain(fact);
    const before = await ledgerTotals(t.db);
    const file = t.url.replace(/^file:/, '');
    const rawFiles = () => [file, `${file}-wal`, `${file}-journal`].filter((path) => existsSync(path)).map((path) => ({ path, bytes: readFileSync(path) }));
    if (provider === 'sqlite') expect(rawFiles().some(({ bytes }) => bytes.includes(Buffer.from(REASON, 'utf8')))).toBe(true);

    const report = await eraseMemberData(t.db, member, 'cli', shanghai('19:00'));
    expect(report.label).toBe(`已删除成员${member.id}`);
    if (provider === 'sqlite') expect(report.reclaimed.isWalEmptied).toBe(true);

    const after = await everyRow(t.db);
    for (const trace of ['李四', OPEN_ID['李四'] ?? '', REASON, '2015-06-28']) expect(after).not.toContain(trace);
    expect(after).toContain(`已删除成员${member.id}主讲党课`);
    expect(after).toContain(`替已删除成员${member.id}值班`);
    // The meeting record and every version keep their text without the person; host and recorder are the labelled row.
    const record = await t.db.meetingRecord.findUniqueOrThrow({ where: { activityId: partyDay.id }, include: { revisions: { orderBy: { version: 'asc' } }, host: true } });
    expect(record).toMatchObject({ topic: `已删除成员${member.id}谈体会`, hostMemberId: member.id, recorderMemberId: member.id, version: 4 });
    expect(record.host?.name).toBe(`已删除成员${member.id}`);
    expect(record.revisions.map((r) => r.content.split('\n')[0])).toEqual(['', `已删除成员${member.id}传达了会议精神。`, `已删除成员${member.id}传达了会议精神，大家讨论。`, `已删除成员${member.id}传达了会议精神，大家讨论。`]);
    // The photo stays with the record (docs/DEPLOY.md), its uploader the labelled row; the open dialogue is gone.
    const photo = await t.db.meetingFile.findFirstOrThrow({ where: { recordId: record.id } });
    expect(photo).toMatchObject({ uploadedById: member.id, name: `已删除成员${member.id}拍的合影.jpg` });
    expect(Buffer.compare(Buffer.from((await files.get(photo.id))?.bytes ?? Buffer.alloc(0)), photoBytes)).toBe(0);
    expect(await t.db.recordDialogue.count({ where: { userId: OPEN_ID['李四'] ?? '' } })).toBe(0);
    expect(await ledgerTotals(t.db)).toEqual(before);
    expect(await t.db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ name: `已删除成员${member.id}`, joinedAt: null, duesMonthlyFen: null });
    // Other people are untouched.
    expect(after).toContain(OPEN_ID['张三']);
    expect(after).toContain('王五');

    if (provider === 'sqlite') {
      for (const { path, bytes } of rawFiles()) {
        for (const trace of ['李四', OPEN_ID['李四'] ?? '', REASON]) expect(bytes.includes(Buffer.from(trace, 'utf8')), `${trace} in ${path}`).toBe(false);
      }
    }
  });
});

describe('the personal-data registry', () => {
  it('classifies every column of every table the migrations create, and can find and erase wherever a person may be', async () => {
    const t = await createTestDatabase('sqlite');
    try {
      const sqlite = new Database(t.url.replace(/^file:/, ''), { readonly: true });
      const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as { name: string }[]).map((r) => r.name);
      const columns = Object.fromEntries(tables.map((table) => [table, (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name).sort()]));
      sqlite.close();
      const registry = Object.fromEntries(Object.entries(PERSONAL_DATA).map(([model, place]) => [model, Object.keys(place.columns).sort()]));
      expect(registry).toEqual(columns);
      for (const [model, place] of Object.entries(PERSONAL_DATA)) {
        const isPersonal = Object.values(place.columns).some((treatment) => treatment !== 'none');
        expect([model, Boolean(place.find), Boolean(place.erase)]).toEqual([model, isPersonal, isPersonal]);
      }
    } finally {
      await t.close();
    }
  });

  it('scrubs a name without breaking another person\'s longer name, and bare ids only when long', async () => {
    const scrub = personScrubber(['李四', 'feishu:t:ou_x'], ['住院做手术'], '已删除成员8', ['李四平', '王五']);
    expect(scrub('出席（3）：李四、李四平、王五；feishu:t:ou_x 请假：住院做手术')).toBe('出席（3）：已删除成员8、李四平、王五；已删除成员8 请假：（已删除）');
    const t = await createTestDatabase('sqlite');
    try {
      const seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: 'corp', accountOf: (name) => (name === '李四' ? '12' : `staff-${name}`) });
      const person = await personOf(t.db, await findMember(t.db, String(seeded.members['李四'])), new Date('2026-12-05T00:00:00Z'));
      expect(person.scrub('2026-12 李四 dingtalk:corp:12')).toBe(`2026-12 ${person.label} ${person.label}`);
    } finally {
      await t.close();
    }
  });
});
