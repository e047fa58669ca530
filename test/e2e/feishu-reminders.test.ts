import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/bot/commands/index.js';
import { createConversation } from '../../src/bot/handle-message.js';
import { createLiveMessageStore } from '../../src/bot/live-messages.js';
import { createRegistry } from '../../src/bot/registry.js';
import { silentLogger } from '../../src/logger.js';
import { FeishuPlatform } from '../../src/platforms/feishu/feishu-platform.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { cardActionEvent, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { seedBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'oc_group000000000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const IDS: Record<string, string> = { 张三: 'ou_zs', 李四: 'ou_ls', 王五: 'ou_ww', 赵六: 'ou_zl' };
const sh = (local: string) => new Date(`${local}+08:00`);

// The reminders meet Feishu: the party-day morning card goes to the group through the real
// adapter, is remembered, and counts check-ins as they come; the nudge at the start goes in
// private with its own 签到 button.
describe('party-day reminders on Feishu', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let feishu: FeishuPlatform;
  let seeded: SeededBranch;
  let now = sh('2026-11-20T10:00');

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
    seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (n) => IDS[n] ?? n });
    await t.db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00' }, createdAt: sh('2026-11-01T09:00') } });
    feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's', mode: 'webhook', domain: standIn.url, log: silentLogger, liveMessages: createLiveMessageStore(t.db) });
    await feishu.start(createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger, clock: () => now }));
  });
  afterAll(async () => {
    await feishu.stop();
    await standIn.close();
    await t.close();
  });

  const tick = (local: string) => runReminderTick({ db: t.db, platforms: new Map([['feishu', feishu]]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));

  it('sends the morning card to the group, then updates its count as members check in', async () => {
    await tick('2026-11-20T10:00');
    const activity = await t.db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });
    expect(activity.startsAt).toEqual(sh('2026-12-04T15:00'));

    standIn.calls.length = 0;
    await tick('2026-12-04T08:30');
    const card = standIn.calls.find((c) => c.kind === 'create' && c.receiveId === GROUP && c.msgType === 'interactive');
    expect(card).toBeDefined();
    expect(standIn.texts().join('\n')).toContain('请佩戴党员徽章');
    expect(await t.db.liveMessage.findMany({ select: { liveKey: true, chatId: true } })).toEqual([{ liveKey: `activity:${activity.id}`, chatId: GROUP }]);

    now = sh('2026-12-04T14:45');
    const clicked = await feishu.invoke(cardActionEvent({ value: { command: '签到', activityId: String(activity.id) }, operatorOpenId: 'ou_ls', token: 't', chatId: GROUP, messageId: card?.messageId ?? '' }));
    expect(JSON.stringify(clicked)).toContain('已签到 1 / 应到 4，请假 0');
    await feishu.invoke(messageEvent({ text: '@_user_1 签到', senderOpenId: 'ou_ww', mentions: [BOT], token: 't', chatId: GROUP }));
    await waitFor(() => standIn.calls.some((c) => c.kind === 'patch' && c.messageId === card?.messageId && JSON.stringify(c.content).includes('已签到 2 / 应到 4')), 'the card edit');
  });

  it('nudges in private, at the start, only those who have neither checked in nor asked for leave, with a 签到 button', async () => {
    standIn.calls.length = 0;
    await tick('2026-12-04T15:00');
    const nudges = standIn.calls.filter((c) => c.kind === 'create' && c.receiveIdType === 'open_id');
    expect(nudges.map((c) => c.receiveId).sort()).toEqual(['ou_zl', 'ou_zs']);
    expect(JSON.stringify(nudges[0]?.content)).toContain('"behaviors":[{"type":"callback","value":{"command":"签到"');
  });
});
