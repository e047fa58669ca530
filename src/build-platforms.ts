import type { Router } from 'express';
import type { HandleMessage } from './bot/handle-message.js';
import type { Inbox } from './bot/inbox.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { ChatPlatform } from './platforms/chat-platform.js';
import type { FileStore } from './storage/file-store.js';

/**
 * The chat platforms whose credentials are set, the routes they serve, and the check-in link
 * route. Each platform's module (and its SDK) is imported only when it is configured: the
 * Feishu SDK alone is ~50 MiB and half a second of start-up (docs/PERFORMANCE.md).
 */
export async function buildPlatforms(config: Config, db: Db, log: Logger, clock: Clock, metrics: Metrics | undefined, handleMessage: HandleMessage, inbox?: Inbox, files?: FileStore): Promise<{ platforms: ChatPlatform[]; routers: Router[] }> {
  const platforms: ChatPlatform[] = [];
  const routers: Router[] = [];
  // Signed one-tap check-in links, where members' phones can reach zhibu (ZHIBU_PUBLIC_URL).
  const linkSettings = config.ZHIBU_PUBLIC_URL && config.ZHIBU_LINK_SECRET ? { publicUrl: config.ZHIBU_PUBLIC_URL, secret: config.ZHIBU_LINK_SECRET } : undefined;
  const links = linkSettings ? await loadLinks() : undefined;
  const checkInLinks = linkSettings && links ? links.createCheckInLinks({ db, ...linkSettings, clock }) : undefined;
  // Ledger download links, for platforms whose robots cannot send files (DingTalk).
  const exportLinks = linkSettings && links ? links.createExportLinks({ ...linkSettings, clock }) : undefined;
  if (linkSettings && links) {
    routers.push(links.exportRouter({ db, secret: linkSettings.secret, defaultZone: config.ZHIBU_TIMEZONE, admins: config.ZHIBU_ADMINS, clock, files, log: log.child({ route: 'export-link' }) }));
    routers.push(links.checkInLinkRouter({ db, secret: linkSettings.secret, handleMessage, clock, deliver: (replies, eventId) => links.deliverToPlatforms(platforms, replies, eventId), log: log.child({ route: 'check-in-link' }) }));
  }
  if (config.hasFeishu) {
    const [{ FeishuPlatform }, { createLiveMessageStore }] = await Promise.all([import('./platforms/feishu/feishu-platform.js'), import('./bot/live-messages.js')]);
    const feishu = new FeishuPlatform({
      appId: config.FEISHU_APP_ID ?? '', appSecret: config.FEISHU_APP_SECRET ?? '', verificationToken: config.FEISHU_VERIFICATION_TOKEN,
      encryptKey: config.FEISHU_ENCRYPT_KEY, mode: config.FEISHU_MODE, domain: config.FEISHU_DOMAIN, log: log.child({ platform: 'feishu' }),
      liveMessages: createLiveMessageStore(db), metrics, clock, inbox, connectionGraceMs: config.ZHIBU_CONNECTION_GRACE_SECONDS * 1000,
    });
    platforms.push(feishu);
    if (config.FEISHU_MODE === 'webhook') routers.push(feishu.router());
  }
  if (config.hasDingtalk) {
    const [{ DingtalkPlatform }, { createCallbackSignatureStore }, { createLiveMessageStore }] = await Promise.all([
      import('./platforms/dingtalk/dingtalk-platform.js'), import('./platforms/dingtalk/callback-replay.js'), import('./bot/live-messages.js'),
    ]);
    const dingtalk = new DingtalkPlatform({
      clientId: config.DINGTALK_CLIENT_ID ?? '', clientSecret: config.DINGTALK_CLIENT_SECRET ?? '', robotCode: config.DINGTALK_ROBOT_CODE,
      mode: config.DINGTALK_MODE, apiBase: config.DINGTALK_API_BASE, log: log.child({ platform: 'dingtalk' }), checkInLinks, exportLinks, metrics, clock, inbox,
      callbackSignatures: createCallbackSignatureStore(db),
      cardTemplateId: config.DINGTALK_CARD_TEMPLATE_ID || undefined, liveMessages: createLiveMessageStore(db),
      connectionGraceMs: config.ZHIBU_CONNECTION_GRACE_SECONDS * 1000,
    });
    platforms.push(dingtalk);
    if (config.DINGTALK_MODE === 'webhook') routers.push(dingtalk.router());
  }
  return { platforms, routers };
}

/** The modules of the signed links, loaded only when ZHIBU_PUBLIC_URL and ZHIBU_LINK_SECRET are set. */
async function loadLinks() {
  const [{ createCheckInLinks }, { createExportLinks }, { exportRouter }, { checkInLinkRouter }, { deliverToPlatforms }] = await Promise.all([
    import('./http/check-in-links.js'), import('./http/export-links.js'), import('./http/export-router.js'), import('./http/check-in-link-router.js'), import('./platforms/chat-platform.js'),
  ]);
  return { createCheckInLinks, createExportLinks, exportRouter, checkInLinkRouter, deliverToPlatforms };
}
