import { beforeEach, describe, expect, it } from 'vitest';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { seedBranch, seedOtherBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

const ADMIN = '管理员';

describe.each(testProviders())('/role grant and /role revoke on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  const chat = () => createTestChat(t().db, { now: '2026-12-01T02:00:00Z', admins: [`console:${ADMIN}`] });
  const id = (name: string) => seeded.members[name] ?? 0;
  const grantsOf = async (name: string) =>
    (await t().db.roleGrant.findMany({ where: { memberId: id(name) }, orderBy: { id: 'asc' } })).map((g) => [g.role, g.organizationId]);

  beforeEach(async () => {
    seeded = await seedBranch(t().db);
  });

  it('grants a branch post once, with an audit row; the grantee acts as an officer at once', async () => {
    const { db } = t();
    const c = chat();
    expect(chatText(await c.say('李四', '/member list'))).toBe('只有本支部书记、组织委员或管理员可以使用 /member list。');
    expect(chatText(await c.say(ADMIN, '/role grant @李四 organization_officer'))).toBe('已授予李四「第一党支部」的组织委员职务。');
    expect(await grantsOf('李四')).toEqual([['organization_officer', seeded.branchId]]);
    expect(await db.roleGrant.findFirstOrThrow({ where: { memberId: id('李四') } })).toMatchObject({ grantedBy: `console:local:${ADMIN}` });
    expect(await db.auditLog.findFirstOrThrow({ where: { action: 'role.grant' } })).toMatchObject({
      actor: `console:local:${ADMIN}`, entity: 'RoleGrant', entityId: String(id('李四')), organizationId: seeded.branchId,
      detail: { member: '李四', role: 'organization_officer', organization: '第一党支部' },
    });
    expect(privateText(await c.say('李四', '/member list'), '李四')).toContain('「第一党支部」名册（4 人）');

    const before = await rowCounts(db);
    expect(chatText(await c.say(ADMIN, '/角色 授予 @李四 组织委员'))).toBe('李四已经是「第一党支部」的组织委员，无需重复授予。');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('takes Chinese names, and says who else holds the post', async () => {
    const reply = chatText(await chat().say(ADMIN, '/角色 授予 @王五 书记'));
    expect(reply).toBe('已授予王五「第一党支部」的书记职务。\n提示：张三也是「第一党支部」的书记。如已换届，请用 /role revoke @张三 secretary 撤销。');
    expect(await grantsOf('王五')).toEqual([['secretary', seeded.branchId]]);
  });

  it('revokes a post with an audit row; the former secretary is refused; revoking again changes nothing', async () => {
    const { db } = t();
    const c = chat();
    expect(chatText(await c.say(ADMIN, '/角色 撤销 @张三 secretary'))).toBe('已撤销张三「第一党支部」的书记职务。');
    expect(await grantsOf('张三')).toEqual([]);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: 'role.revoke' } })).toMatchObject({ entityId: String(id('张三')), organizationId: seeded.branchId, detail: { role: 'secretary' } });
    expect(chatText(await c.say('张三', '/member list'))).toBe('只有本支部书记、组织委员或管理员可以使用 /member list。');
    const before = await rowCounts(db);
    expect(chatText(await c.say(ADMIN, '/role revoke @张三 secretary'))).toBe('张三不是「第一党支部」的书记，无需撤销。');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('grants the admin role over an ancestor, and refuses to revoke the last admin of the tree', async () => {
    const { db } = t();
    const c = chat();
    await seedOtherBranch(db, seeded.committeeId);
    expect(chatText(await c.say(ADMIN, '/role grant @李四 admin org=机关工委'))).toBe('已授予李四「机关工委」的管理员角色。');
    expect(await grantsOf('李四')).toEqual([['admin', seeded.committeeId]]);
    // An admin of the committee administers its other branches too.
    expect(chatText(await c.say('李四', '/role grant @孙八 secretary', { chatId: 'group-2' }))).toBe('已授予孙八「第二党支部」的书记职务。');

    const before = await rowCounts(db);
    expect(chatText(await c.say(ADMIN, '/role revoke @李四 admin org=机关工委'))).toBe('李四是「机关工委」唯一的管理员（上级组织也没有），不能撤销。请先用 /role grant 授予另一位管理员。');
    expect(chatText(await c.say('李四', '/role revoke @李四 管理员 组织=机关工委'))).toContain('唯一的管理员');
    expect(await rowCounts(db)).toEqual(before);

    expect(chatText(await c.say('李四', '/role grant @王五 admin'))).toBe('已授予王五「第一党支部」的管理员角色。');
    // A branch admin does not cover the committee: 李四 is still its only admin.
    expect(chatText(await c.say(ADMIN, '/role revoke @李四 admin org=机关工委'))).toContain('唯一的管理员');
    expect(chatText(await c.say('王五', '/role revoke @王五 admin'))).toBe('已撤销王五「第一党支部」的管理员角色。');
    expect(chatText(await c.say(ADMIN, '/role grant @赵六 admin org=机关工委'))).toBe('已授予赵六「机关工委」的管理员角色。');
    expect(chatText(await c.say('赵六', '/role revoke @李四 admin org=机关工委'))).toBe('已撤销李四「机关工委」的管理员角色。');
    expect(await grantsOf('李四')).toEqual([]);
    expect(await db.auditLog.count({ where: { action: { in: ['role.grant', 'role.revoke'] } } })).toBe(6);
  });

  it('refuses non-admins, bad input and organisations outside the branch, writing nothing', async () => {
    const { db } = t();
    const elsewhere = await db.organization.create({ data: { name: '区委党校党委', kind: 'committee' } });
    const outside = await db.organization.create({ data: { name: '党校支部', kind: 'branch', parentId: elsewhere.id } });
    const stranger = await db.member.create({ data: { name: '周九', branchId: outside.id } });
    await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: '周九', memberId: stranger.id } });
    await db.roleGrant.create({ data: { memberId: stranger.id, role: 'admin', organizationId: elsewhere.id } });
    await seedOtherBranch(db, seeded.committeeId);
    const c = chat();
    const before = await rowCounts(db);
    const cases: [string, string, string][] = [
      ['张三', '/role grant @李四 organization_officer', '只有管理员可以使用 /role grant。'],
      ['李四', '/role revoke @张三 secretary', '只有管理员可以使用 /role revoke。'],
      ['周九', '/role grant @周九 admin', '只有管理员可以使用 /role grant。'],
      ['孙八', '/role grant @孙八 secretary', '只有管理员可以使用 /role grant。'],
      [ADMIN, '/role grant @李四', '请写明一个角色，可选：secretary（书记）、deputy_secretary（副书记）、organization_officer（组织委员）、propaganda_officer（宣传委员）、discipline_officer（纪检委员）、admin（管理员）。\n用法：/role grant @成员 secretary|deputy_secretary|organization_officer|propaganda_officer|discipline_officer|admin [org=上级组织]'],
      [ADMIN, '/role grant', '请 @ 一位成员并写明角色，例如：/role grant @李四 organization_officer\n用法：/role grant @成员 secretary|deputy_secretary|organization_officer|propaganda_officer|discipline_officer|admin [org=上级组织]'],
      [ADMIN, '/role revoke @李四 boss', '不认识角色「boss」。可选：secretary（书记）、deputy_secretary（副书记）、organization_officer（组织委员）、propaganda_officer（宣传委员）、discipline_officer（纪检委员）、admin（管理员）。\n用法：/role revoke @成员 <角色> [org=上级组织]'],
      [ADMIN, '/role grant @孙八 secretary', '孙八不在「第一党支部」的名册中。'],
      [ADMIN, '/role grant @李四 secretary org=机关工委', '书记是支部职务，只能在本支部（「第一党支部」）授予或撤销，不需要 org=。'],
      [ADMIN, '/role grant @李四 admin org=区委党校党委', '「区委党校党委」不是「第一党支部」的上级组织。'],
      [ADMIN, '/role grant @李四 admin org=第二党支部', '「第二党支部」不是「第一党支部」的上级组织。'],
      [ADMIN, '/role grant @李四 admin level=2', '不认识参数「level=」。可用的参数：org=\n用法：/role grant @成员 secretary|deputy_secretary|organization_officer|propaganda_officer|discipline_officer|admin [org=上级组织]'],
    ];
    for (const [who, line, expected] of cases) {
      expect(chatText(await c.say(who, line)), `${who}: ${line}`).toBe(expected);
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it('a branch admin cannot grant the admin role over the committee above it', async () => {
    const { db } = t();
    await db.roleGrant.create({ data: { memberId: id('王五'), role: 'admin', organizationId: seeded.branchId } });
    const before = await rowCounts(db);
    expect(chatText(await chat().say('王五', '/role grant @李四 admin org=机关工委'))).toBe('你不是「机关工委」的管理员。');
    expect(await rowCounts(db)).toEqual(before);
  });
  it('is listed for admins only, explained by /help, and suggested for a typo', async () => {
    const c = chat();
    const forAdmin = chatText(await c.say(ADMIN, '/help'));
    expect(forAdmin).toContain('/角色 授予（/授予角色、/role grant） — 授予本支部成员职务（书记、组织委员等）或管理员角色');
    expect(forAdmin).toContain('/角色 撤销（/撤销角色、/role revoke） — 撤销本支部成员的职务或管理员角色（不能撤销最后一位管理员）');
    expect(chatText(await c.say('张三', '/help'))).not.toContain('/role');
    const detail = chatText(await c.say('张三', '/help 角色 授予'));
    expect(detail).toContain('谁可以用：管理员');
    expect(detail).toContain('/role grant @赵六 admin org=机关工委');
    const before = await rowCounts(t().db);
    expect(chatText(await c.say(ADMIN, '/role grnt @李四 secretary'))).toBe('没看懂「/role grnt @李四 secre…」。你是不是想用：/role grant？发送 /help 查看可用命令。');
    expect(chatText(await c.say(ADMIN, '/角色 撤消 @张三 书记'))).toContain('你是不是想用：/角色 撤销、/角色 授予？');
    expect(await rowCounts(t().db)).toEqual(before);
  });
});
