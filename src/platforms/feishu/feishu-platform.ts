import * as lark from '@larksuiteoapi/node-sdk';
import express, { type Router } from 'express';
import type { HandleMessage } from '../../bot/handle-message.js';
import type { Inbox } from '../../bot/inbox.js';
import type { LiveMessageStore } from '../../bot/live-messages.js';
import type { Attachment, IncomingMessage, OutgoingMessage, Recipient, Reply, SendOptions, SendResult } from '../../bot/types.js';
import { systemClock, type Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import { deliverReplies, type ChatPlatform } from '../chat-platform.js';
import { ConnectionSupervisor, type ConnectionReport, type ConnectionState, type SupervisorOptions } from '../connection-supervisor.js';
import { renderText } from '../console/render-text.js';
import { MessageWorker, sleep } from '../message-worker.js';
import { acceptCardFrames } from './card-frames.js';
import { FeishuSender, type SenderTiming } from './feishu-sender.js';
import { renderCard } from './render-message.js';
import { groupFromBotAdded, incomingFromCardAction, incomingFromMenu, incomingFromMessage, type BotIdentity } from './to-incoming.js';
import { verifyFeishuRequest } from './verify-request.js';

export interface FeishuOptions {
  appId: string;
  appSecret: string;
  verificationToken?: string | undefined;
  encryptKey?: string | undefined;
  mode: 'ws' | 'webhook';
  /** The OpenAPI base URL: https://open.feishu.cn, or a local stand-in in tests. */
  domain: string;
  log: Logger;
  /** How long an event may take before it is acknowledged anyway (Feishu retries after 3 s). */
  ackWithinMs?: number;
  /** How long a card click may take before it is answered with "processing" (Feishu allows 3 s). */
  cardWithinMs?: number;
  timing?: SenderTiming;
  /** Where events are stored on receipt, before Feishu hears "ok"; without it (tests), none is. */
  inbox?: Inbox;
  /** The wall clock: request timestamps are instants. */
  clock?: Clock;
  /** Where sent live messages (check-in cards) are remembered, so check-ins can update them. */
  liveMessages?: LiveMessageStore;
  metrics?: Metrics;
  /** The long connection counts as unhealthy after this long without a connection (default 2 min). */
  connectionGraceMs?: number;
  /** Supervisor timings (tests shorten them). */
  supervision?: Partial<Pick<SupervisorOptions, 'restartAfterMs' | 'backoff' | 'pollMs'>>;
}

/** Card edits are coalesced: a burst of check-ins becomes one edit per message at most this often. */
const EDIT_COALESCE_MS = 250;
const TOAST_MAX = 100;
const DEFAULT_GRACE_MS = 120_000;
/** Files people send are rosters: a few KB. Anything far larger is not read. */
const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024;

/**
 * Feishu (Lark) through the official SDK: events by long connection (`WSClient`) or by
 * webhook (`POST /feishu/events`, `POST /feishu/cards`); both meet in one `EventDispatcher`.
 * Webhook requests are verified here over the raw body before the dispatcher sees them.
 */
export class FeishuPlatform implements ChatPlatform {
  readonly name = 'feishu' as const;
  private readonly client: lark.Client;
  private readonly sender: FeishuSender;
  private readonly dispatcher: lark.EventDispatcher;
  private ws: lark.WSClient | undefined;
  private supervisor: ConnectionSupervisor | undefined;
  private readonly worker: MessageWorker;
  private bot: BotIdentity = {};
  private readonly chatTypes = new Map<string, 'group' | 'p2p'>();
  private readonly pendingEdits = new Map<string, { message: OutgoingMessage; done: Promise<SendResult> }>();

  constructor(private readonly options: FeishuOptions) {
    const sdkLogger = sdkLoggerFrom(options.log);
    this.client = new lark.Client({ appId: options.appId, appSecret: options.appSecret, domain: options.domain, logger: sdkLogger, cache: new lark.DefaultCache() });
    this.sender = new FeishuSender(this.client, options.timing, options.metrics);
    this.worker = new MessageWorker(this, options.log, options.inbox);
    // Handlers take `unknown` and validate the shape themselves (to-incoming.ts).
    this.dispatcher = new lark.EventDispatcher({ logger: sdkLogger }).register({
      'im.message.receive_v1': (data: unknown) => this.onChatMessage(data),
      'card.action.trigger': (data: unknown) => this.onCardAction(data),
      'application.bot.menu_v6': (data: unknown) => this.onMenu(data),
      'im.chat.member.bot.added_v1': (data: unknown) => this.onBotAdded(data),
    });
  }

  async start(onMessage: HandleMessage): Promise<void> {
    this.worker.start(onMessage);
    await this.loadBotIdentity();
    if (this.options.mode !== 'ws') return;
    const { log, metrics, connectionGraceMs, supervision } = this.options;
    this.supervisor = new ConnectionSupervisor(
      { state: () => this.wsState(), restart: () => this.restartWs() },
      { platform: 'feishu', log, metrics, graceMs: connectionGraceMs ?? DEFAULT_GRACE_MS, ...supervision },
    );
    this.supervisor.start();
    await this.startWs();
    this.supervisor.check();
  }

  /** A new long-connection client; card clicks arrive on it whichever frame type carries them. */
  private async startWs(): Promise<void> {
    const check = () => this.supervisor?.check();
    this.ws = new lark.WSClient({
      appId: this.options.appId, appSecret: this.options.appSecret, domain: this.options.domain, logger: sdkLoggerFrom(this.options.log),
      onReady: check, onReconnecting: check, onReconnected: check,
      onError: (error: Error) => {
        this.options.log.warn({ err: error }, 'feishu long connection stopped by the SDK');
        check();
      },
    });
    acceptCardFrames(this.ws);
    await this.ws.start({ eventDispatcher: this.dispatcher });
  }

  private async restartWs(): Promise<void> {
    this.ws?.close({ force: true });
    await this.startWs();
  }

  /** The SDK's state in the supervisor's words ("idle" is the moment between a drop and the retry). */
  private wsState(): ConnectionState {
    const state = this.ws?.getConnectionStatus().state;
    if (state === 'connected' || state === 'failed' || state === 'reconnecting') return state;
    return state === 'idle' ? 'reconnecting' : 'connecting';
  }

  async send(to: Recipient, message: OutgoingMessage, options?: SendOptions): Promise<SendResult> {
    const result = await this.sender.send(to, message, options);
    if (result.ok && result.messageId && message.liveKey) await this.options.liveMessages?.record(message.liveKey, to, result.messageId);
    if (!result.ok || !message.file) return result;
    // The file follows its message as a message of its own.
    const key = options?.idempotencyKey;
    return this.sender.sendFile(to, message.file, { ...options, ...(key ? { idempotencyKey: `${key}:file` } : {}) });
  }

  /** Edits are coalesced per message: callers in a burst share the one edit that carries the latest content. */
  update(_to: Recipient, messageId: string, message: OutgoingMessage): Promise<SendResult> {
    const pending = this.pendingEdits.get(messageId);
    if (pending) {
      pending.message = message;
      return pending.done;
    }
    const entry = { message, done: Promise.resolve<SendResult>({ ok: false }) };
    entry.done = new Promise<void>((resolve) => setTimeout(resolve, EDIT_COALESCE_MS)).then(() => {
      this.pendingEdits.delete(messageId);
      return this.sender.patch(messageId, entry.message);
    });
    this.pendingEdits.set(messageId, entry);
    return entry.done;
  }

  async stop(): Promise<void> {
    this.supervisor?.stop();
    this.ws?.close({ force: true });
    await Promise.allSettled([this.worker.drain(), ...[...this.pendingEdits.values()].map((e) => e.done)]);
  }

  /**
   * A file or image someone sent (im/v1/messages/:message_id/resources/:key?type=file|image;
   * the bot must be in the chat). With `maxBytes`, reading stops after `maxBytes + 1` bytes,
   * which the caller reads as "too large"; without, a file over `MAX_DOWNLOAD_BYTES` is refused.
   */
  async download(_tenant: string, attachment: Attachment, maxBytes?: number): Promise<Buffer> {
    const type = attachment.kind === 'image' ? 'image' : 'file';
    const response = await this.client.im.v1.messageResource.get({ params: { type }, path: { message_id: attachment.messageId, file_key: attachment.key } });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.getReadableStream()) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      chunks.push(buffer);
      if (maxBytes !== undefined && size > maxBytes) return Buffer.concat(chunks).subarray(0, maxBytes + 1);
      if (maxBytes === undefined && size > MAX_DOWNLOAD_BYTES) throw new Error(`feishu file ${attachment.key} is larger than ${MAX_DOWNLOAD_BYTES} bytes`);
    }
    return Buffer.concat(chunks);
  }

  health(): string {
    return this.supervisor?.currentState() ?? 'webhook';
  }

  connection(): ConnectionReport | undefined {
    return this.supervisor?.report();
  }

  /**
   * The webhook routes. Each request is verified (signature, age, decryption, token) before
   * the dispatcher parses it; a rejected one is logged once with its reason and changes nothing.
   */
  router(): Router {
    const router = express.Router();
    const handler = async (req: express.Request, res: express.Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verdict = verifyFeishuRequest(req.headers, raw, { encryptKey: this.options.encryptKey, verificationToken: this.options.verificationToken }, (this.options.clock ?? systemClock)().getTime());
      if (!verdict.ok) {
        this.options.log.warn({ path: req.path, reason: verdict.reason, requestId: res.getHeader('x-request-id') }, 'feishu request rejected');
        this.options.metrics?.eventsRejected.inc({ platform: 'feishu', reason: verdict.reason });
        res.status(verdict.status).json({ error: verdict.reason });
        return;
      }
      if (verdict.kind === 'challenge') {
        res.json({ challenge: verdict.challenge });
        return;
      }
      let result: unknown;
      try {
        result = await this.invoke(verdict.envelope);
      } catch (error) {
        // Not stored, so not acknowledged: Feishu delivers an unanswered event again (15 s, 5 min, 1 h, 6 h).
        this.options.log.error({ err: error, path: req.path }, 'feishu event not stored; asking Feishu to deliver it again');
        res.status(503).json({ error: 'temporarily unable to store the event; deliver it again' });
        return;
      }
      res.json(typeof result === 'object' && result !== null ? result : {});
    };
    const body = express.raw({ type: () => true, limit: '64kb' });
    router.post('/feishu/events', body, handler);
    router.post('/feishu/cards', body, handler);
    return router;
  }

  /** The one entry for both transports (the long connection calls the dispatcher the same way). */
  invoke(envelope: Record<string, unknown>): Promise<unknown> {
    return this.dispatcher.invoke(envelope, { needCheck: false });
  }

  private async onChatMessage(data: unknown): Promise<unknown> {
    const msg = incomingFromMessage(data, this.bot);
    if (!msg) return {};
    this.chatTypes.set(msg.chatId, msg.chatType);
    // Resolves once stored (a throw is a 503, or an error frame on the long connection).
    await this.worker.accept(msg, this.options.ackWithinMs ?? 800);
    return {};
  }

  private async onMenu(data: unknown): Promise<unknown> {
    const msg = incomingFromMenu(data);
    if (msg) await this.worker.accept(msg, this.options.ackWithinMs ?? 800);
    return {};
  }

  private async onBotAdded(data: unknown): Promise<unknown> {
    const group = groupFromBotAdded(data);
    if (!group) return {};
    this.chatTypes.set(group.chatId, 'group');
    await this.worker.accept({
      platform: 'feishu', tenant: group.tenant, chatId: group.chatId, chatType: 'group', senderId: 'feishu-system',
      text: '/welcome', mentionedBot: true, mentions: [], eventId: group.eventId,
    }, this.options.ackWithinMs ?? 800);
    return {};
  }

  /**
   * A card click must be answered within 3 s with a toast and, where the clicked card changed,
   * the new card. What the click says to the chat becomes the toast, seen only by the person
   * who clicked; longer answers and everything else are sent as messages.
   */
  private async onCardAction(data: unknown): Promise<unknown> {
    const chatId = (data as { context?: { open_chat_id?: unknown } }).context?.open_chat_id;
    const msg = incomingFromCardAction(data, typeof chatId === 'string' ? await this.chatTypeOf(chatId) : 'group');
    if (!msg) return { toast: { type: 'error', content: '无法识别这个按钮，请直接发送命令。' } };
    let received: IncomingMessage | undefined;
    try {
      received = await this.worker.receiveInline(msg);
    } catch (error) {
      // Card callbacks are never delivered again: say so rather than pretend it was taken.
      this.options.log.error({ err: error, eventId: msg.eventId }, 'feishu card click not stored');
      return { toast: { type: 'error', content: '暂时无法处理，请稍后再点一次。' } };
    }
    // A click delivered again: the first delivery answered it.
    if (!received) return { toast: { type: 'info', content: '已处理。' } };
    const handling = this.worker.handle(received);
    const replies = await Promise.race([handling, sleep(this.options.cardWithinMs ?? 2500).then(() => 'late' as const)]);
    if (replies === 'late') {
      this.worker.track(handling.then((late) => deliverReplies(this, late, msg.eventId)));
      return { toast: { type: 'info', content: '正在处理，结果稍后发送。' } };
    }
    const isToast = (r: Reply) => r.to.kind === 'chat' && r.to.id === msg.chatId && !r.replaceMessageId;
    const toastText = replies.filter(isToast).map((r) => renderText(r.message)).join('\n');
    const inline = replies.find((r) => r.replaceMessageId === msg.cardMessageId);
    const rest = replies.filter((r) => !isToast(r) && r !== inline);
    const isLong = toastText.length > TOAST_MAX;
    if (isLong) rest.push({ to: { platform: 'feishu', tenant: msg.tenant, kind: 'user', id: msg.senderId }, message: { lines: [toastText] } });
    this.worker.track(deliverReplies(this, rest, msg.eventId));
    const tone = replies.find(isToast)?.message.tone ?? 'info';
    return {
      toast: { type: tone, content: isLong ? '详情已私信发给你。' : toastText || '已处理。' },
      ...(inline ? { card: { type: 'raw', data: renderCard(inline.message) } } : {}),
    };
  }

  /** Card callbacks do not say whether the chat is a group; ask once and remember. */
  private async chatTypeOf(chatId: string): Promise<'group' | 'p2p'> {
    const known = this.chatTypes.get(chatId);
    if (known) return known;
    try {
      const response = await this.client.im.v1.chat.get({ path: { chat_id: chatId } });
      const type = response.data?.chat_mode === 'p2p' ? 'p2p' : 'group';
      if (response.code === 0) this.chatTypes.set(chatId, type);
      return type;
    } catch (error) {
      this.options.log.warn({ err: error, chatId }, 'feishu chat lookup failed; treating the chat as a group');
      return 'group';
    }
  }

  /** The bot's own open_id, to tell its mention from others'. */
  private async loadBotIdentity(): Promise<void> {
    try {
      const response = await this.client.request<{ code?: number; bot?: { open_id?: string; app_name?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
      this.bot = { openId: response.bot?.open_id, name: response.bot?.app_name };
    } catch (error) {
      this.options.log.warn({ err: error }, 'feishu bot info unavailable; recognising the bot by mention type');
    }
  }
}

/**
 * The SDK logs through this; its chatty info lines go to debug. Errors it passes become their
 * message: serialised whole, an axios error is the entire request (the redaction would catch
 * the secret, but not the noise).
 */
function sdkLoggerFrom(log: Logger) {
  const describe = (part: unknown): string => {
    if (typeof part === 'string') return part;
    if (Array.isArray(part)) return part.map(describe).join(' ');
    if (part instanceof Error) return part.message;
    return JSON.stringify(part) ?? String(part);
  };
  const join = (parts: unknown[]) => parts.map(describe).join(' ');
  return {
    error: (...parts: unknown[]) => log.error({ sdk: 'feishu' }, join(parts)),
    warn: (...parts: unknown[]) => log.warn({ sdk: 'feishu' }, join(parts)),
    info: (...parts: unknown[]) => log.debug({ sdk: 'feishu' }, join(parts)),
    debug: (...parts: unknown[]) => log.debug({ sdk: 'feishu' }, join(parts)),
    trace: (...parts: unknown[]) => log.trace({ sdk: 'feishu' }, join(parts)),
  };
}
