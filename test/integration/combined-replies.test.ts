import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import { REPLY_KIND } from '../../src/outbox/reply-rows.js';
import { FeishuPlatform } from '../../src/platforms/feishu/feishu-platform.js';
import { dispatchDue } from '../../src/reminders/dispatcher.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

const GROUP = 'oc_combined_group';
const NOW = new Date('2027-03-05T07:10:00.000Z');

// Check-in answers waiting for a group's turn go as one message (the dispatcher combines
// replies of one combine key). Sent through the Feishu adapter to the OpenAPI stand-in, which
// shows a message once per uuid as Feishu does: a combination interrupted or refused goes again
// with exactly its companions under the same key, so nobody is named twice or dropped.
describe.each(testProviders())('combined check-in answers on %s', (provider) => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let feishu: FeishuPlatform;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startFeishuStandIn();
    feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's', mode: 'webhook', domain: standIn.url, log: silentLogger });
  });
  afterAll(async () => {
    await feishu.stop();
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    standIn.calls.length = 0;
    await t.db.notification.deleteMany();
  });

  const answers = (names: string[], extra: Partial<Prisma.NotificationCreateManyInput> = {}) => t.db.notification.createMany({
    data: names.map((name, i) => ({
      idempotencyKey: `${REPLY_KIND}:feishu:ev-${name}:0`, kind: REPLY_KIND, platform: 'feishu', tenant: 'tk', targetKind: 'chat', targetId: GROUP,
      payload: {
        message: { lines: [`${name}签到成功：主题党日。`], tone: 'success' }, inReplyTo: `om_${i}`,
        combine: { key: 'checkin:7', subject: name, predicate: '签到成功：主题党日。' },
      },
      dueAt: NOW, expiresAt: new Date(NOW.getTime() + 3600_000), status: 'pending' as const, ...extra,
    })),
  });
  const dispatch = (at = NOW) => dispatchDue({ db: t.db, platforms: new Map([['feishu', feishu]]), log: silentLogger, workerId: 'w', defaultZone: 'Asia/Shanghai', queue: 'replies' }, at);
  const shown = () => standIn.texts();

  it('five waiting answers go as one message naming each once; one waiting alone goes as it was written, threaded', async () => {
    await answers(['张三', '李四', '王五', '赵六', '钱七']);
    expect(await dispatch()).toMatchObject({ sent: 5 });
    expect(shown()).toEqual(['张三、李四、王五、赵六、钱七签到成功：主题党日。']);
    expect(standIn.calls[0]).toMatchObject({ kind: 'create', receiveId: GROUP });
    expect(await t.db.notification.count({ where: { status: 'sent', sendKey: { not: null } } })).toBe(5);

    await t.db.notification.deleteMany();
    standIn.calls.length = 0;
    await answers(['孙八']);
    await dispatch();
    expect(standIn.calls).toEqual([expect.objectContaining({ kind: 'reply', replyTo: 'om_0', content: { text: '孙八签到成功：主题党日。' } })]);
  });

  it('a combination a crash left unmarked goes again with the same key: shown once, every row sent, none named twice', async () => {
    const key = 'notification:combined:1+3';
    // What the dead process had sent before it could mark its rows.
    await feishu.send({ platform: 'feishu', tenant: 'tk', kind: 'chat', id: GROUP }, { lines: ['张三、李四、王五签到成功：主题党日。'] }, { idempotencyKey: key });
    await answers(['张三', '李四', '王五'], { status: 'sending', claimedBy: 'dead', claimedUntil: new Date(NOW.getTime() - 1000), sendKey: key });
    // One of them was due later (a different retry time): it still goes with its companions.
    const [late] = await t.db.notification.findMany({ orderBy: { id: 'desc' }, take: 1 });
    await t.db.notification.update({ where: { id: late?.id ?? 0 }, data: { dueAt: new Date(NOW.getTime() + 60_000) } });
    await answers(['赵六']);
    expect(await dispatch()).toMatchObject({ sent: 4 });
    const texts = shown();
    expect(texts).toEqual(['张三、李四、王五签到成功：主题党日。', '赵六签到成功：主题党日。']);
    expect(await t.db.notification.count({ where: { status: 'sent' } })).toBe(4);
  });

  it('a row of an interrupted combination is never taken into a new one: the new answers go without it', async () => {
    await answers(['张三', '李四']);
    const key = 'notification:combined:7+2';
    await answers(['王五', '赵六'], { status: 'sending', claimedBy: 'dead', claimedUntil: new Date(NOW.getTime() - 1000), sendKey: key });
    // 王五's companion went already (marked sent before the crash): 王五 goes again alone under the key.
    await t.db.notification.updateMany({ where: { idempotencyKey: { contains: '赵六' } }, data: { status: 'sent' } });
    await feishu.send({ platform: 'feishu', tenant: 'tk', kind: 'chat', id: GROUP }, { lines: ['王五、赵六签到成功：主题党日。'] }, { idempotencyKey: key });
    expect(await dispatch()).toMatchObject({ sent: 3 });
    expect(shown()).toEqual(['王五、赵六签到成功：主题党日。', '张三、李四签到成功：主题党日。']);
  });

  it('a combined send Feishu refuses waits and goes again as the same message', async () => {
    await answers(['张三', '李四', '王五']);
    standIn.startOutage('500');
    expect(await dispatch()).toMatchObject({ retrying: 3 });
    standIn.endOutage();
    expect(shown()).toEqual([]);
    const keys = await t.db.notification.findMany({ select: { sendKey: true, status: true } });
    expect(new Set(keys.map((k) => k.sendKey)).size).toBe(1);
    expect(keys.every((k) => k.status === 'pending')).toBe(true);
    expect(await dispatch(new Date(NOW.getTime() + 120_000))).toMatchObject({ sent: 3 });
    expect(shown()).toEqual(['张三、李四、王五签到成功：主题党日。']);
  });
});
