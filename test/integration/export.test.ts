import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { addActivity, seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

/** The workbook a reply carries, opened back with exceljs. */
async function workbookOf(replies: Reply[]): Promise<ExcelJS.Workbook> {
  const file = replies.find((r) => r.message.file)?.message.file;
  if (!file) throw new Error('no file in the replies');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
  return workbook;
}

/** The cells of a row, as far as the header goes; null where empty. */
const values = (sheet: ExcelJS.Worksheet, row: number) => Array.from({ length: sheet.getRow(1).cellCount }, (_, i) => sheet.getRow(row).getCell(i + 1).value ?? null);

describe.each(testProviders())('/export on %s', (provider) => {
  const f = useBranchFixture(provider);
  beforeEach(async () => {
    const { db, seeded, activityId } = f;
    const m = seeded.members;
    await db.organization.update({ where: { id: seeded.branchId }, data: { settings: { duesTrackingSince: '2026-11' } } });
    await db.member.update({ where: { id: m['李四'] }, data: { duesMonthlyFen: 7500 } });
    await db.member.update({ where: { id: m['王五'] }, data: { duesMonthlyFen: 5000, status: 'probationary', probationStartedAt: '2026-03-12', joinedAt: '2026-03-12' } });
    await db.checkIn.createMany({
      data: [
        { activityId, memberId: m['李四'] ?? 0, status: 'present', checkedInAt: shanghai('14:55') },
        { activityId, memberId: m['王五'] ?? 0, status: 'late', checkedInAt: shanghai('15:20') },
        { activityId, memberId: m['赵六'] ?? 0, status: 'leave', leaveReason: '出差', leaveDecision: 'approved' },
      ],
    });
    await db.duesRecord.createMany({
      data: [
        { memberId: m['李四'] ?? 0, month: '2026-11', amountDueFen: 7500, amountPaidFen: 7500, status: 'confirmed' },
        { memberId: m['李四'] ?? 0, month: '2026-12', amountDueFen: 7500, amountPaidFen: 7500, status: 'confirmed' },
        { memberId: m['王五'] ?? 0, month: '2026-11', amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed' },
        { memberId: m['王五'] ?? 0, month: '2026-12', amountDueFen: 5000, amountPaidFen: 5000, status: 'reported' },
      ],
    });
  });

  it('sends the five sheets to the secretary in private, with dates, counts, names and SUM totals, and audits it', async () => {
    const chat = createTestChat(f.db, { now: shanghai('18:00', '2026-12-10') });
    const replies = await chat.say('张三', '/export month=2026-12');
    expect(chatText(replies)).toBe('台账已私信发给你。');
    expect(privateText(replies, '张三')).toBe('【「第一党支部」2026年12月台账】\n名册 4 人，组织生活 1 次；含党员名册、组织生活记录、会议记录、党费收缴台账、政治生日五张表。\n文件含党员个人信息，请妥善保管，勿转发到群聊。');
    const file = replies.find((r) => r.message.file)?.message.file;
    expect(file?.name).toBe('第一党支部-台账-2026-12.xlsx');
    expect(replies.find((r) => r.message.file)?.to).toMatchObject({ kind: 'user', id: '张三' });

    const workbook = await workbookOf(replies);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['党员名册', '组织生活记录', '会议记录', '党费收缴台账', '政治生日']);

    const roster = workbook.getWorksheet('党员名册')!;
    expect(values(roster, 1)).toEqual(['序号', '姓名', '身份', '入党日期', '预备期开始', '转正日期', '党费类别', '月党费（元）', '备注']);
    expect(roster.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(roster.getColumn(2).width).toBe(12);
    expect(roster.getCell('B2').value).toBe('张三');
    expect(roster.getCell('D2').value).toEqual(new Date('2008-07-01T00:00:00Z'));
    expect(roster.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(values(roster, 4)).toEqual([3, '王五', '预备党员', new Date('2026-03-12T00:00:00Z'), new Date('2026-03-12T00:00:00Z'), null, '在职', 50, null]);

    const activities = workbook.getWorksheet('组织生活记录')!;
    expect(values(activities, 2)).toEqual([1, '主题党日', '主题党日', new Date('2026-12-04T15:00:00Z'), null, 3, 2, 1, 1, 0, 1, 0, 2 / 3, '李四', '王五', '赵六', null, '张三', null]);
    expect(activities.getCell('D2').numFmt).toBe('yyyy-mm-dd hh:mm');

    const dues = workbook.getWorksheet('党费收缴台账')!;
    expect(values(dues, 1)).toEqual(['序号', '姓名', '月党费（元）', '12月', '合计（元）', '待确认月份', '未缴月份', '本人确认月份']);
    expect(values(dues, 3)).toEqual([2, '李四', 75, 75, { formula: 'SUM(D3:D3)', result: 75 }, null, null, null]);
    expect(values(dues, 4)).toEqual([3, '王五', 50, null, { formula: 'SUM(D4:D4)' }, '12月', null, null]); // exceljs reads a result of 0 back as none (the file holds <v>0</v>)
    expect(dues.getCell('G2').value).toBe('12月');
    const total = dues.getRow(dues.rowCount);
    expect(total.getCell(2).value).toBe('合计');
    expect(total.getCell(4).value).toEqual({ formula: 'SUM(D2:D5)', result: 75 });
    expect(total.getCell(5).value).toEqual({ formula: 'SUM(E2:E5)', result: 75 });

    const birthdays = workbook.getWorksheet('政治生日')!;
    expect([2, 3, 4].map((r) => [birthdays.getCell(r, 2).value, birthdays.getCell(r, 4).value, birthdays.getCell(r, 5).value])).toEqual([
      ['李四', new Date('2015-06-28T00:00:00Z'), 11],
      ['张三', new Date('2008-07-01T00:00:00Z'), 18],
      ['赵六', new Date('1996-11-27T00:00:00Z'), 30],
    ].map(([name, joined, years]) => [name, new Date(`2026${(joined as Date).toISOString().slice(4, 10)}T00:00:00Z`), years]));
    expect(birthdays.getCell('F4').value).toBe('入党 30 周年');

    const audit = await f.db.auditLog.findMany();
    expect(audit.map((a) => [a.actor, a.action, a.organizationId, a.detail])).toEqual([
      ['console:local:张三', 'ledger.export', f.seeded.branchId, { period: '2026-12', via: 'chat', file: '第一党支部-台账-2026-12.xlsx', members: 4, activities: 1 }],
    ]);
  });

  it('the 会议记录 sheet has one row per activity: record fields, attendance from the model, the edited mark', async () => {
    const chat = createTestChat(f.db, { now: shanghai('17:00') });
    await chat.say('张三', `/record ${f.activityId} topic=学习党章 host=@张三 recorder=@李四\n一、学习党章。\n二、讨论发展计划。\n三、决定：月底前谈心谈话。`);
    chat.setNow(shanghai('09:00', '2026-12-07'));
    await chat.say('李四', `/record ${f.activityId}\n一、学习党章。\n二、讨论发展计划。\n三、决定：12月20日前谈心谈话。`);
    const committee = await addActivity(f.db, f.seeded.branchId, '2026-12-08T02:00:00.000Z', 'Asia/Shanghai', '12月支委会');
    await f.db.activity.update({ where: { id: committee.id }, data: { kind: 'committee_meeting', place: '三楼会议室' } });
    chat.setNow(shanghai('18:00', '2026-12-10'));
    const workbook = await workbookOf(await chat.say('张三', '/export month=2026-12'));
    const records = workbook.getWorksheet('会议记录')!;
    expect(values(records, 1)).toEqual([
      '序号', '时间', '类型', '活动名称', '主题', '地点', '主持人', '记录人', '应到', '实到', '迟到', '请假', '缺席',
      '实到人员', '迟到人员', '请假人员', '缺席人员', '议题', '会议内容', '照片和文件', '记录后修改',
    ]);
    expect(values(records, 2)).toEqual([
      1, new Date('2026-12-04T15:00:00Z'), '主题党日', '主题党日', null, null, '张三', '李四', 3, 2, 1, 1, 1,
      '李四、王五', '王五', '赵六', '张三', '学习党章', '一、学习党章。\n二、讨论发展计划。\n三、决定：12月20日前谈心谈话。', 0, '是（2026-12-07 09:00 最后修改，共 2 版）',
    ]);
    expect(values(records, 3)).toEqual([
      2, new Date('2026-12-08T10:00:00Z'), '支委会', '12月支委会', null, '三楼会议室', null, null, 4, 0, 0, 0, 4,
      null, null, null, '张三、李四、王五、赵六', null, '未记录', 0, null,
    ]);
  });

  it('a year export has a column per month and the year total', async () => {
    const chat = createTestChat(f.db, { now: shanghai('18:00', '2026-12-10') });
    const workbook = await workbookOf(await chat.say('张三', '/导出 年份=2026', { chat: 'p2p' }));
    const dues = workbook.getWorksheet('党费收缴台账')!;
    expect(values(dues, 1).slice(3, 16)).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '合计（元）']);
    expect(dues.getCell('P3').value).toEqual({ formula: 'SUM(D3:O3)', result: 150 });
    expect(dues.getRow(dues.rowCount).getCell('P').value).toEqual({ formula: 'SUM(P2:P5)', result: 200 });
  });

  it.each([
    ['李四', '/export', '只有本支部书记、组织委员或管理员可以使用 /export。'],
    ['张三', '/export month=2027-01', '2027年1月还没到，没有可导出的台账。'],
    ['张三', '/export month=2026-13', '月份「2026-13」不是有效月份'],
    ['张三', '/export month=2026-11 year=2026', '月份和年份只写一个'],
  ])('%s: %s is refused and nothing is written', async (who, text, expected) => {
    const before = await rowCounts(f.db);
    const chat = createTestChat(f.db, { now: shanghai('18:00', '2026-12-10') });
    const replies = await chat.say(who, text);
    expect(replies.map((r) => r.message.lines.join('\n')).join('\n')).toContain(expected);
    expect(replies.some((r) => r.message.file)).toBe(false);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('a secretary of another branch exports only their own', async () => {
    await seedOtherBranch(f.db, f.seeded.committeeId, { isSecretary: true });
    const chat = createTestChat(f.db, { now: shanghai('18:00', '2026-12-10') });
    const replies = await chat.say('孙八', '/export month=2026-12', { chat: 'p2p' });
    const roster = (await workbookOf(replies)).getWorksheet('党员名册')!;
    expect(roster.rowCount).toBe(2);
    expect(roster.getCell('B2').value).toBe('孙八');
    expect(await chat.say('孙八', '/export')).toSatisfy((r: Reply[]) => chatText(r).includes('只有本支部书记'));
  });
});
