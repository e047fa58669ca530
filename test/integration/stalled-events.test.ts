import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../src/bot/handle-message.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { IncomingMessage } from '../../src/bot/types.js';
import { silentLogger } from '../../src/logger.js';
import { ConsolePlatform } from '../../src/platforms/console/console-platform.js';
import { claimInboundEvent, MAX_EVENT_ATTEMPTS } from '../../src/bot/inbound-dedup.js';
import { GAVE_UP_REPLY, recoverStalledEvents } from '../../src/platforms/recover-stalled-events.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

describe.each(testProviders())('a message acknowledged but never finished, on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const seeded = await seedBranch(t.db);
    await addActivity(t.db, seeded.branchId, '2026-12-04T07:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('is handled again after the stale-claim delay, once, and its reply is sent', async () => {
    const crashedAt = new Date('2026-12-04T06:50:00Z');
    const msg: IncomingMessage = { platform: 'console', tenant: 'local', chatId: 'console-group', chatType: 'group', senderId: '李四', text: '签到', mentionedBot: true, mentions: [], eventId: 'om_crashed' };
    // What a process leaves behind when it dies after claiming the event: a claim, no check-in.
    await t.db.inboundEvent.create({ data: { platform: 'console', eventId: 'om_crashed', receivedAt: crashedAt, payload: JSON.parse(JSON.stringify(msg)) as object } });

    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const consolePlatform = new ConsolePlatform({ input: new PassThrough(), output, speaker: '张三', isInteractive: false });
    const handle = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger });

    expect(await recoverStalledEvents(t.db, handle, [consolePlatform], silentLogger, new Date('2026-12-04T06:52:00Z'))).toBe(0);
    const later = new Date('2026-12-04T06:56:00Z');
    expect(await recoverStalledEvents(t.db, handle, [consolePlatform], silentLogger, later)).toBe(1);
    expect(await recoverStalledEvents(t.db, handle, [consolePlatform], silentLogger, new Date('2026-12-04T07:10:00Z'))).toBe(0);

    expect(printed).toBe('[群聊] zhibu：李四签到成功：主题党日。\n');
    expect(await t.db.checkIn.count()).toBe(1);
    expect(await t.db.inboundEvent.findFirstOrThrow()).toMatchObject({ status: 'done' });
  });

  it('gives up on a message whose handling never finishes after the bound, marks it failed and tells the sender once', async () => {
    const firstAt = new Date('2026-12-05T02:00:00Z');
    const msg: IncomingMessage = { platform: 'console', tenant: 'local', chatId: 'console-group', chatType: 'group', senderId: '王五', text: '/remind preview 2026-12-31', mentionedBot: true, mentions: [], eventId: 'om_poison' };
    await t.db.inboundEvent.create({ data: { platform: 'console', eventId: 'om_poison', receivedAt: firstAt, payload: JSON.parse(JSON.stringify(msg)) as object } });

    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const consolePlatform = new ConsolePlatform({ input: new PassThrough(), output, speaker: '张三', isInteractive: false });
    // Stands in for a message that kills the process each time: the claim is taken (as the
    // conversation core takes it), and nothing after it happens.
    let handled = 0;
    let sweptAt = firstAt;
    const dying = async (m: IncomingMessage) => {
      expect(await claimInboundEvent(t.db, m, sweptAt)).toBe(true);
      handled += 1;
      throw new Error('the process died here');
    };
    const sweepAt = (minutes: number) => {
      sweptAt = new Date(firstAt.getTime() + minutes * 60_000);
      return recoverStalledEvents(t.db, dying, [consolePlatform], silentLogger, sweptAt);
    };

    for (const minutes of [6, 12, 18, 24, 30]) await sweepAt(minutes);
    expect(handled).toBe(MAX_EVENT_ATTEMPTS - 1);
    expect(await t.db.inboundEvent.findFirstOrThrow({ where: { eventId: 'om_poison' } })).toMatchObject({ status: 'failed', attempts: MAX_EVENT_ATTEMPTS });
    expect(printed).toBe(`[群聊] zhibu：${GAVE_UP_REPLY}\n`);
    // A redelivery of the same event by the platform is not handled again either.
    const handle = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger, clock: () => new Date(firstAt.getTime() + 40 * 60_000) });
    expect(await handle(msg)).toEqual([]);
  });

  it('a burst a killed process acknowledged is handled whole by the sweep at restart, not 50 a sweep', async () => {
    const receivedAt = new Date('2026-12-05T03:00:00Z');
    const burst = Array.from({ length: 120 }, (_, i): IncomingMessage => ({
      platform: 'console', tenant: 'local', chatId: 'console-group', chatType: 'group', senderId: '赵六', text: '/whoami', mentionedBot: true, mentions: [], eventId: `om_burst_${i}`,
    }));
    await t.db.inboundEvent.createMany({ data: burst.map((msg, i) => ({ platform: 'console', status: 'received' as const, eventId: msg.eventId ?? '', receivedAt: new Date(receivedAt.getTime() + i), payload: JSON.parse(JSON.stringify(msg)) as object })) });
    const output = new PassThrough();
    let printed = 0;
    output.on('data', (chunk: Buffer) => { printed += chunk.toString().split('\n').length - 1; });
    const consolePlatform = new ConsolePlatform({ input: new PassThrough(), output, speaker: '张三', isInteractive: false });
    const restartedAt = new Date(receivedAt.getTime() + 5_000);
    const handle = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger, clock: () => restartedAt });

    expect(await recoverStalledEvents(t.db, handle, [consolePlatform], silentLogger, restartedAt, restartedAt)).toBe(120);
    expect(await t.db.inboundEvent.count({ where: { eventId: { startsWith: 'om_burst_' }, status: 'done' } })).toBe(120);
    expect(printed).toBeGreaterThanOrEqual(120);
    // Nothing is left for the next sweep, and nothing is handled twice.
    expect(await recoverStalledEvents(t.db, handle, [consolePlatform], silentLogger, new Date(restartedAt.getTime() + 60_000))).toBe(0);
  });
});
