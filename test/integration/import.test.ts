import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importMemberFile } from '../../src/ledger/import-member-file.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { createTestChat, transcript } from '../support/chat.js';
import { seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const NOW = shanghai('10:00', '2026-12-10');
const csv = (text: string) => Buffer.from(`\uFEFF${text.trim()}\n`, 'utf8');

describe.each(testProviders())('importing a roster on %s', (provider) => {
  const f = useBranchFixture(provider);
  const run = (fileName: string, content: Buffer, extra: { isDryRun?: boolean; chat?: { platform: string; tenant: string } } = {}) =>
    importMemberFile(f.db, { branchId: f.seeded.branchId, fileName, content, isDryRun: extra.isDryRun ?? false, actor: 'cli:test', now: NOW, zone: 'Asia/Shanghai', ...(extra.chat ? { chat: extra.chat } : {}) });
  const roster = async () => (await f.db.member.findMany({ where: { branchId: f.seeded.branchId }, orderBy: { id: 'asc' } }))
    .map((m) => [m.name, m.status, m.joinedAt, m.probationStartedAt, m.duesMonthlyFen]);

  const GOOD = `
姓名,飞书ID,状态,入党日期,预备期开始,月党费
李四,,正式党员,2015-06-28,,75.00
钱七,,预备党员,2026-05-04,,50
周八,,入党积极分子,,,
`;

  it('a good CSV adds new people, updates those on the roster by name, and leaves one audit row', async () => {
    const outcome = await run('名册.csv', csv(GOOD));
    expect(outcome).toMatchObject({ ok: true, lines: ['新增 2 人：钱七、周八', '更新 1 人：李四', '无变化 0 人'] });
    expect(await roster()).toEqual([
      ['张三', 'full', '2008-07-01', null, null],
      ['李四', 'full', '2015-06-28', null, 7500],
      ['王五', 'full', '2020-03-12', null, null],
      ['赵六', 'full', '1996-11-27', null, null],
      ['钱七', 'probationary', '2026-05-04', '2026-05-04', 5000],
      ['周八', 'activist', null, null, null],
    ]);
    const audit = await f.db.auditLog.findMany();
    expect(audit.map((a) => [a.actor, a.action, a.organizationId, a.detail])).toEqual([
      ['cli:test', 'member.import', f.seeded.branchId, { source: '名册.csv', created: ['钱七', '周八'], updated: ['李四'], unchanged: 0 }],
    ]);
    // The same file again changes nothing.
    expect((await run('名册.csv', csv(GOOD))).lines).toEqual(['新增 0 人', '更新 0 人', '无变化 3 人']);
    expect(await f.db.auditLog.count()).toBe(1);
  });

  it('an .xlsx with English headers, typed dates and numbers imports the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('roster');
    sheet.addRow(['name', 'status', 'joined', 'dues']);
    sheet.addRow(['钱七', 'probationary', new Date('2026-05-04T00:00:00Z'), 50]);
    sheet.addRow(['王五', '预备党员', '2026-03-12', 12.5]);
    const outcome = await run('roster.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(outcome.lines).toEqual(['新增 1 人：钱七', '更新 1 人：王五', '无变化 0 人']);
    expect((await roster()).slice(2)).toEqual([
      ['王五', 'probationary', '2026-03-12', '2026-03-12', 1250],
      ['赵六', 'full', '1996-11-27', null, null],
      ['钱七', 'probationary', '2026-05-04', '2026-05-04', 5000],
    ]);
  });

  it('one bad row: nothing is written, and each bad row is named with what is wrong', async () => {
    const before = await rowCounts(f.db);
    const outcome = await run('名册.csv', csv(`
姓名,状态,入党日期,月党费,手机号
钱七,预备党员,2026-05-04,50,13800138000
周八,正式党员,2026-02-30,,
吴九,党员,,abc,12345
,正式党员,,,
钱七,,,,
`));
    expect(outcome.ok).toBe(false);
    expect(outcome.lines).toEqual([
      '「名册.csv」没有导入，名册未作任何改动。请改正后重新发送：',
      '第 3 行：入党日期 2026-02-30 不是有效日期（应写成 YYYY-MM-DD）',
      '第 4 行：手机号 12345 不是 11 位手机号；状态「党员」不认识（可写：入党申请人、入党积极分子、发展对象、预备党员、正式党员）；月党费 abc 不是 0.20 到 1000.00 元之间的金额',
      '第 5 行：姓名不能为空',
      '第 6 行：姓名 钱七 与第 2 行重复',
    ]);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('a dry run says what would change and writes nothing', async () => {
    const before = await rowCounts(f.db);
    const outcome = await run('名册.csv', csv(GOOD), { isDryRun: true });
    expect(outcome.lines).toEqual(['将新增 2 人：钱七、周八', '将更新 1 人：李四', '无变化 0 人']);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('accounts: matched by Feishu id in the chat tenant; an account on another branch stops the whole file', async () => {
    const tenant = 'tenant-1';
    const other = await seedOtherBranch(f.db, f.seeded.committeeId);
    await f.db.identity.create({ data: { platform: 'feishu', tenant, platformUserId: 'ou_sunba', memberId: other.memberId } });
    await f.db.identity.create({ data: { platform: 'feishu', tenant, platformUserId: 'ou_lisi', memberId: f.seeded.members['李四'] ?? 0 } });
    const before = await rowCounts(f.db);
    const refused = await run('名册.csv', csv('姓名,飞书ID\n李四同志,ou_lisi\n孙八,ou_sunba\n'), { chat: { platform: 'feishu', tenant } });
    expect(refused.lines).toEqual(['「名册.csv」没有导入，名册未作任何改动。请改正后重新发送：', '第 3 行：孙八的账号已在「第二党支部」名册中，请先从原支部移出']);
    expect(await rowCounts(f.db)).toEqual(before);

    const renamed = await run('名册.csv', csv('姓名,飞书ID,钉钉ID\n李四同志,ou_lisi,\n郑十,ou_zhengshi,\n'), { chat: { platform: 'feishu', tenant } });
    expect(renamed.lines).toEqual(['新增 1 人：郑十', '更新 1 人：李四同志', '无变化 0 人']);
    const zheng = await f.db.identity.findUniqueOrThrow({ where: { platform_tenant_platformUserId: { platform: 'feishu', tenant, platformUserId: 'ou_zhengshi' } }, include: { member: true } });
    expect(zheng.member).toMatchObject({ name: '郑十', branchId: f.seeded.branchId });

    const noGroup = await run('名册.csv', csv('姓名,钉钉ID\n冯十一,staff11\n'), { chat: { platform: 'feishu', tenant } });
    expect(noGroup.lines[1]).toBe('第 2 行：本支部还没有绑定钉钉群，无法登记钉钉ID');
  });

  it.each([
    ['名册.txt', Buffer.from('姓名\n张三\n'), '只能导入 .xlsx 或 .csv 文件，「名册.txt」不是。'],
    ['名册.xlsx', Buffer.from('not a zip'), '无法读取「名册.xlsx」：文件已损坏或不是 Excel 文件。'],
    ['名册.csv', Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]), 'CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”，或直接发送 .xlsx 文件。'],
    ['名册.csv', csv('名字,状态\n张三,正式党员'), '第 1 行应是表头，至少要有「姓名」一列'],
    ['名册.csv', csv('姓名'), '文件里除了表头没有人员。'],
  ])('%s that cannot be read is refused: %s', async (name, content, expected) => {
    const before = await rowCounts(f.db);
    const outcome = await run(name, content);
    expect(outcome.ok).toBe(false);
    expect(outcome.lines.join('\n')).toContain(expected);
    expect(await rowCounts(f.db)).toEqual(before);
  });
});

describe.each(testProviders())('a roster file sent in private chat on %s', (provider) => {
  const f = useBranchFixture(provider);
  /** Files "on the platform", by key: what fetchAttachment hands back. */
  const files = new Map<string, Buffer>();
  const fetchAttachment = async (_from: unknown, attachment: { key: string }) => {
    const content = files.get(attachment.key);
    if (!content) throw new Error('no such file');
    return content;
  };
  const send = (chat: ReturnType<typeof createTestChat>, who: string, key: string, name = '名册.csv') =>
    chat.say(who, '[file]', { chat: 'p2p', attachment: { key, name, messageId: `om_${key}`, canImport: true } });

  it('previews, then imports on 确认导入; nothing is written before', async () => {
    files.set('k1', csv('姓名,状态,入党日期\n钱七,预备党员,2026-05-04\n李四,正式党员,2015-06-28\n'));
    const chat = createTestChat(f.db, { now: NOW, fetchAttachment });
    const before = await rowCounts(f.db);
    const preview = await send(chat, '张三', 'k1');
    expect(transcript(preview)).toBe('[chat] 【导入「第一党支部」名册：预览】\n将新增 1 人：钱七\n将更新 0 人\n无变化 1 人\n\n以上是预览，尚未写入。确认请点「确认导入」；如需修改，改好后重新发送文件即可。\n[确认导入]');
    expect(await rowCounts(f.db)).toEqual(before);

    const button = preview[0]?.message.buttons?.[0]?.action ?? {};
    expect(button).toMatchObject({ command: '/import members confirm=yes', fileKey: 'k1', fileMessageId: 'om_k1', fileName: '名册.csv' });
    const done = await chat.say('张三', button.command ?? '', { chat: 'p2p', action: button });
    expect(transcript(done)).toBe('[chat] 【已导入「第一党支部」名册】\n新增 1 人：钱七\n更新 0 人\n无变化 1 人');
    expect(await f.db.member.findFirst({ where: { name: '钱七' } })).toMatchObject({ status: 'probationary', branchId: f.seeded.branchId });
    expect((await f.db.auditLog.findMany()).map((a) => [a.actor, a.action])).toEqual([['console:local:张三', 'member.import']]);
    // The file's bytes (read once for its header) are not kept with the stored message: its reference is.
    const stored = await f.db.inboundEvent.findMany({ select: { payload: true } });
    expect(stored.some((e) => JSON.stringify(e.payload).includes('"key":"k1"'))).toBe(true);
    expect(stored.every((e) => !JSON.stringify(e.payload).includes('"content"'))).toBe(true);
  });

  it('a file changed between preview and confirmation is not imported', async () => {
    files.set('k2', csv('姓名\n钱七\n'));
    const chat = createTestChat(f.db, { now: NOW, fetchAttachment });
    const button = (await send(chat, '张三', 'k2'))[0]?.message.buttons?.[0]?.action ?? {};
    files.set('k2', csv('姓名\n钱七\n周八\n'));
    const before = await rowCounts(f.db);
    expect(transcript(await chat.say('张三', button.command ?? '', { chat: 'p2p', action: button }))).toBe('[chat] 文件「名册.csv」与预览时不同，没有导入。请重新发送文件。');
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('a bad file gets the row report and no button; a member sending a file is refused', async () => {
    files.set('k3', csv('姓名,入党日期\n钱七,2026-02-30\n'));
    const chat = createTestChat(f.db, { now: NOW, fetchAttachment });
    const before = await rowCounts(f.db);
    const bad = await send(chat, '张三', 'k3');
    expect(transcript(bad)).toBe('[chat] 【名册未导入】\n「名册.csv」没有导入，名册未作任何改动。请改正后重新发送：\n第 2 行：入党日期 2026-02-30 不是有效日期（应写成 YYYY-MM-DD）');
    expect(transcript(await send(chat, '李四', 'k3'))).toBe('[chat] 只有本支部书记、组织委员或管理员可以使用 /import members。');
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('typed without a file, it says how', async () => {
    const chat = createTestChat(f.db, { now: NOW, fetchAttachment });
    expect(transcript(await chat.say('张三', '/导入名册', { chat: 'p2p' }))).toContain('请在私聊中把名册文件（.xlsx 或 .csv）直接发给我。');
  });
});
