import type { ConversationInfo } from './to-incoming.js';

/** The conversations remembered at most; the least recently heard from are forgotten first. */
const MAX_CONVERSATIONS = 10_000;
/** A session webhook is not used in its last minute, so a slow send does not meet its expiry. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The conversations zhibu heard from lately, in memory: whether each is private (and with
 * whom), and its session webhook, valid for about 90 minutes after the message. After a
 * restart nothing is known and sends go through the OpenAPI, which is always right for
 * groups; a private conversation's chat id names its person (`privateChatId`), who is then
 * reached by `oToMessages/batchSend`.
 */
export class Conversations {
  private readonly known = new Map<string, ConversationInfo>();

  /** `isTrustedWebhook` guards against a callback body naming any URL as its webhook. */
  constructor(private readonly isTrustedWebhook: (url: string) => boolean) {}

  /** Remembers a conversation; returns false when its session webhook was not trusted and is ignored. */
  remember(info: ConversationInfo): boolean {
    const isTrusted = info.sessionWebhook === undefined || this.isTrustedWebhook(info.sessionWebhook);
    this.known.delete(info.conversationId);
    this.known.set(info.conversationId, isTrusted ? info : { ...info, sessionWebhook: undefined });
    if (this.known.size > MAX_CONVERSATIONS) this.known.delete(this.known.keys().next().value ?? '');
    return isTrusted;
  }

  get(conversationId: string): ConversationInfo | undefined {
    return this.known.get(conversationId);
  }

  /** The conversation's session webhook while it is still valid at `now` (ms). */
  webhookFor(conversationId: string, now: number): string | undefined {
    const info = this.known.get(conversationId);
    if (!info?.sessionWebhook || !info.sessionWebhookExpiresAt) return undefined;
    return info.sessionWebhookExpiresAt - EXPIRY_MARGIN_MS > now ? info.sessionWebhook : undefined;
  }

  /** Stops using a webhook DingTalk refused. */
  dropWebhook(conversationId: string): void {
    const info = this.known.get(conversationId);
    if (info) this.known.set(conversationId, { ...info, sessionWebhook: undefined });
  }
}

/**
 * Which session webhooks zhibu posts to: DingTalk's own hosts over https (the webhook arrives
 * in the callback body, which DingTalk's signature does not cover), and the API base's origin
 * (a local stand-in in tests).
 */
export function trustedWebhooks(apiBase: string): (url: string) => boolean {
  const apiOrigin = new URL(apiBase).origin;
  return (url) => {
    try {
      const parsed = new URL(url);
      return parsed.origin === apiOrigin || (parsed.protocol === 'https:' && /(^|\.)dingtalk\.(com|io)$/.test(parsed.hostname));
    } catch {
      return false;
    }
  };
}
