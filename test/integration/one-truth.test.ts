import { describe, expect, it } from 'vitest';
import { eraseMemberData } from '../../src/ops/member-data.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText, transcript } from '../support/chat.js';
import { fileOf, openWorkbook, rawCells } from '../support/ledger-workbook.js';
import { rowCounts, testProviders } from '../support/test-database.js';

// Issue 15: the eight cases in which the views disagreed with each other and with what
// happened. Each one as it was reported, on both databases. The seeded branch: 张三 its
// secretary, 李四, 王五 and 赵六 members; a party day on Friday 2026-12-04 at 15:00.

describe.each(testProviders())('one truth for attendance on %s', (provider) => {
  const f = useBranchFixture(provider);
  const chatAt = (time: string, day = '2026-12-04') => createTestChat(f.db, { now: shanghai(time, day) });

  it('1. adding by mention links the account-less member of the same name; a zero-width space adds nobody; ambiguity asks', async () => {
    const chat = chatAt('10:00', '2026-12-06');
    expect(chatText(await chat.say('张三', '/member add 周七 joined=2008-07-01'))).toContain('周七（暂无账号）');
    const linked = chatText(await chat.say('张三', '/member add @周七'));
    expect(linked).toContain('已关联账号（名册中原有的同名成员，记录保留）：周七');
    const rows = await f.db.member.findMany({ where: { name: '周七' }, include: { identities: true } });
    expect(rows.map((r) => [r.joinedAt, r.identities.map((i) => i.platformUserId)])).toEqual([['2008-07-01', ['周七']]]);
    expect(chatText(await chat.say('周七', '/me'))).toBe('你的记录已私信发给你。');

    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('张三', '/member add 周\u200b七'))).toContain('名册中已有「周七」');
    expect(chatText(await chat.say('张三', '/member add 周七­'))).toContain('名册中已有「周七」');
    expect(await rowCounts(f.db)).toEqual(before);

    const twins = [await f.db.member.create({ data: { name: '吴九', branchId: f.seeded.branchId } }), await f.db.member.create({ data: { name: '吴九', branchId: f.seeded.branchId } })];
    const withTwins = await rowCounts(f.db);
    const asked = chatText(await chat.say('张三', '/member add @吴九'));
    expect(asked).toContain(`名册中有 2 位未关联账号的「吴九」（#${twins[0]?.id}、#${twins[1]?.id}），请指明是哪一位：/member add @吴九 link=编号`);
    expect(await rowCounts(f.db)).toEqual(withTwins);
    expect(chatText(await chat.say('张三', `/member add @吴九 link=${twins[1]?.id}`))).toContain('已关联账号');
    expect((await f.db.identity.findFirst({ where: { platformUserId: '吴九' } }))?.memberId).toBe(twins[1]?.id);
  });

  it('2. a meeting recorded after the fact counts the members of that time, whenever their rows were made; 补签 shows everywhere', async () => {
    const chat = chatAt('10:00', '2026-12-06');
    await chat.say('张三', '/member add 钱七');
    const before = await rowCounts(f.db);
    const preview = privateText(await chat.say('张三', '/activity new kind=committee at=2026-12-01 15:00'), '张三');
    expect(preview).toContain('12月1日（周二）15:00 已经过去：这次登记是事后补录（补录）');
    expect(await rowCounts(f.db)).toEqual(before);
    expect(chatText(await chat.say('张三', '/activity new kind=committee at=2026-12-01 15:00 confirm=yes'))).toContain('已补录活动');
    const activity = await f.db.activity.findFirstOrThrow({ where: { kind: 'committee_meeting' } });
    expect(chatText(await chat.say('张三', `/checkin @李四 activity=${activity.id}`))).toContain('已为李四补签');
    const attendance = privateText(await chat.say('张三', `/attendance ${activity.id}`), '张三');
    expect(attendance).toContain('应到 5 人，实到 1 人，出席率 20%');
    expect(attendance).toContain('缺席：张三、王五、赵六、钱七');

    const workbook = await openWorkbook(fileOf(await chat.say('张三', '/export month=2026-12')));
    const sheet = workbook.getWorksheet('组织生活记录');
    const row = [2, 3].map((r) => sheet?.getRow(r)).find((r) => r?.getCell(2).value !== '主题党日');
    expect([6, 7, 11].map((c) => row?.getCell(c).value)).toEqual([5, 1, 4]);
  });

  it('3. the card counts what /attendance counts: 应到 as denominator, pending and rejected leave apart', async () => {
    const chat = chatAt('14:40');
    await chat.say('李四', '请假 出差');
    await chat.say('王五', '请假 家中有事');
    await chat.say('张三', '/leave reject @王五 重要学习');
    const card = chatText(await chat.say('张三', `/activity card ${f.activityId}`));
    expect(card).toContain('已签到 0 / 应到 4，请假 0，请假待批 1');
    const attendance = privateText(await chat.say('张三', `/attendance ${f.activityId}`), '张三');
    expect(attendance).toContain('应到 4 人，实到 0 人，出席率 0%');
    expect(attendance).toContain('请假（待审批）：李四');
    expect(attendance).toContain('尚未签到：张三、王五、赵六');
    await chat.say('张三', '/leave approve @李四');
    expect(chatText(await chat.say('张三', `/activity card ${f.activityId}`))).toContain('已签到 0 / 应到 3，请假 1');
  });

  it('4. a member removed or erased during the activity is not in its attendance, digest or roster count', async () => {
    const chat = chatAt('15:10');
    await chat.say('张三', '/member remove 赵六 confirm=yes');
    const attendance = privateText(await chat.say('张三', `/attendance ${f.activityId}`), '张三');
    expect(attendance).toContain('应到 3 人');
    expect(attendance).not.toContain('赵六');
    const digest = privateText(await chat.say('张三', '/digest'), '张三');
    expect(digest).toContain('尚未签到（3）：张三、李四、王五');
    expect(digest).not.toContain('赵六');

    await eraseMemberData(f.db, await f.db.member.findUniqueOrThrow({ where: { id: f.seeded.members['王五'] } }), 'cli', shanghai('15:20'));
    const after = privateText(await chat.say('张三', `/attendance ${f.activityId}`), '张三');
    expect(after).toContain('应到 2 人');
    expect(after).not.toContain('已删除成员');
    expect(chatText(await chat.say('张三', `/activity card ${f.activityId}`))).toContain('/ 应到 2');
  });

  it('5. activists and candidates are not expected; an open activity has no absences; nobody expected is said in words', async () => {
    const chat = chatAt('15:30');
    await chat.say('张三', '/member add 钱七 status=activist');
    await chat.say('张三', '/member add 孙九 status=candidate');
    const attendance = privateText(await chat.say('张三', `/attendance ${f.activityId}`), '张三');
    expect(attendance).toContain('应到 4 人');
    expect(attendance).not.toMatch(/钱七|孙九/);
    const sheet = (await openWorkbook(fileOf(await chat.say('张三', '/export month=2026-12')))).getWorksheet('组织生活记录');
    expect([6, 11, 12].map((c) => sheet?.getRow(2).getCell(c).value)).toEqual([4, 0, 4]);

    await f.db.member.updateMany({ where: { branchId: f.seeded.branchId }, data: { status: 'activist' } });
    const empty = privateText(await chat.say('张三', `/attendance ${f.activityId}`), '张三');
    expect(empty).toContain('应到 0 人，实到 0 人，无应到人员，不计出席率');
    expect(empty).not.toContain('100%');
  });

  it('6. a past activity asks first and shows its year; an identical one at the same time asks before a second', async () => {
    const chat = chatAt('10:00', '2026-12-06');
    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('张三', '/activity new kind=party_day at=2020-01-01 15:00'))).toContain('只能补录 2025 年以来的活动');
    const preview = privateText(await chat.say('张三', '/activity new kind=party_day at=2025-11-07 15:00'), '张三');
    expect(preview).toContain('2025年11月7日（周五）15:00 已经过去');
    expect(await rowCounts(f.db)).toEqual(before);
    await chat.say('张三', '/activity new kind=party_day at=2025-11-07 15:00 confirm=yes');
    expect(chatText(await chat.say('张三', '/activity list'))).toContain('2025年11月7日（周五）15:00 主题党日');

    await chat.say('张三', '/activity new kind=assembly at=2026-12-18 14:30');
    const twice = await rowCounts(f.db);
    const asked = privateText(await chat.say('张三', '/activity new kind=assembly at=2026-12-18 14:30'), '张三');
    expect(asked).toContain('同一时间已有一次支部党员大会');
    expect(await rowCounts(f.db)).toEqual(twice);
    await chat.say('张三', '/activity new kind=assembly at=2026-12-18 14:30 confirm=yes');
    expect(await f.db.activity.count({ where: { kind: 'branch_assembly' } })).toBe(2);
  });

  it('7. every formula cell of the workbook carries its computed value, as a viewer that does not recalculate reads it', async () => {
    const m = f.seeded.members;
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-11' } } });
    await f.db.member.updateMany({ where: { id: { in: [m['李四'] ?? 0, m['王五'] ?? 0] } }, data: { duesMonthlyFen: 5000 } });
    await f.db.duesRecord.createMany({
      data: [
        { memberId: m['李四'] ?? 0, month: '2026-11', amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed' },
        { memberId: m['李四'] ?? 0, month: '2026-12', amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed' },
        { memberId: m['王五'] ?? 0, month: '2026-11', amountDueFen: 5000, amountPaidFen: 7550, status: 'confirmed' },
      ],
    });
    const content = fileOf(await chatAt('18:00', '2026-12-10').say('张三', '/export year=2026'));
    const dues = (await rawCells(content)).get('党费收缴台账');
    const formulas = [...(dues?.entries() ?? [])].filter(([, c]) => c.formula !== null);
    expect(formulas.length).toBeGreaterThan(10);
    for (const [ref, cell] of formulas) expect({ ref, hasValue: cell.value !== null }).toEqual({ ref, hasValue: true });
    const value = (ref: string) => Number(dues?.get(ref)?.value);
    // Rows: 张三, 李四, 王五, 赵六 (all due from 2026-11), then 合计. Columns D..O are the months, P the total.
    expect([value('P3'), value('P4'), value('O6'), value('N6'), value('P6')]).toEqual([100, 75.5, 50, 125.5, 175.5]);
  });

  it('8. an officer\'s own leave and dues go to another officer; with none, the decision is marked self-decided', async () => {
    const chat = chatAt('10:00', '2026-12-03');
    await f.db.roleGrant.create({ data: { memberId: f.seeded.members['李四'] ?? 0, role: 'organization_officer', organizationId: f.seeded.branchId } });
    const asked = await chat.say('张三', '请假 出差');
    expect(privateText(asked, '李四')).toContain('张三申请请假');
    expect(privateText(asked, '张三')).not.toContain('张三申请请假');
    const before = await rowCounts(f.db);
    expect(transcript(await chat.say('张三', '/leave approve @张三'))).toContain('这是你本人的请假，需由本支部其他支委处理（李四）');
    expect(await rowCounts(f.db)).toEqual(before);
    expect(transcript(await chat.say('张三', '/dues confirm 张三 month=2026-12 amount=50'))).toContain('这是你本人的党费，需由本支部其他支委处理（李四）');
    expect(await rowCounts(f.db)).toEqual(before);

    await f.db.roleGrant.deleteMany({ where: { role: 'organization_officer' } });
    expect(transcript(await chat.say('张三', '/leave approve @张三'))).toContain('按本人审批记录');
    expect(transcript(await chat.say('张三', '/dues confirm 张三 month=2026-12 amount=50'))).toContain('按本人确认记录');
    const audit = await f.db.auditLog.findMany({ where: { action: { in: ['leave.approve', 'dues.record'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, (a.detail as { selfDecided?: boolean }).selfDecided])).toEqual([['leave.approve', true], ['dues.record', true]]);
    const workbook = await openWorkbook(fileOf(await chatAt('18:00', '2026-12-10').say('张三', '/export month=2026-12')));
    expect(workbook.getWorksheet('组织生活记录')?.getRow(2).getCell(16).value).toBe('张三（本人审批）');
    const dues = workbook.getWorksheet('党费收缴台账');
    const own = [2, 3, 4, 5].map((r) => dues?.getRow(r)).find((r) => r?.getCell(2).value === '张三');
    expect(own?.getCell(8).value).toBe('12月');
  });
});
