import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../src/bot/handle-message.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { IncomingMessage } from '../../src/bot/types.js';
import { silentLogger } from '../../src/logger.js';
import { ConsolePlatform } from '../../src/platforms/console/console-platform.js';
import { recoverStalledEvents } from '../../src/platforms/recover-stalled-events.js';
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
});
