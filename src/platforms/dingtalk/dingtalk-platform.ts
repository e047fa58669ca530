import express, { type RequestHandler, type Router } from 'express';
import type { DWClientDownStream } from 'dingtalk-stream';
import type { HandleMessage } from '../../bot/handle-message.js';
import type { Inbox } from '../../bot/inbox.js';
import type { LiveMessageStore } from '../../bot/live-messages.js';
import type { Attachment, Button, IncomingMessage, OutgoingMessage, PlatformName, Recipient, Reply, SendOptions, SendResult } from '../../bot/types.js';
import { renderText } from '../console/render-text.js';
import { deliverReplies, type ChatPlatform } from '../chat-platform.js';
import { checkInCardParams, DingtalkCards, readCardCallback } from './dingtalk-cards.js';
import { systemClock, type Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import { ConnectionSupervisor, type ConnectionReport, type SupervisorOptions } from '../connection-supervisor.js';
import { MessageWorker, sleep } from '../message-worker.js';
import type { SenderTiming } from '../with-retries.js';
import { Conversations, trustedWebhooks } from './conversations.js';
import { DingtalkApi } from './dingtalk-api.js';
import { DingtalkSender } from './dingtalk-sender.js';
import { renderDingtalkMessage } from './render-message.js';
import { DingtalkStreamClient } from './stream-client.js';
import { readRobotMessage, staffOfPrivateChat, type RobotMessageReading } from './to-incoming.js';
import { verifyDingtalkSignature } from './verify-request.js';
import { signatureUse, type CallbackSignatureStore } from './callback-replay.js';
import type { ExportLinkMinter } from '../../http/export-links.js';

/** Mints a signed one-tap check-in link for one person and activity; undefined when none can be made. */
export interface CheckInLinkMinter {
  mint(person: { platform: PlatformName; tenant: string; userId: string }, activityId: number): Promise<string | undefined>;
}

export interface DingtalkOptions {
  /** The app's Client ID (AppKey) and Client Secret (AppSecret). */
  clientId: string;
  clientSecret: string;
  /** The robot's RobotCode for OpenAPI sends; an enterprise app's own robot uses the client id. */
  robotCode?: string | undefined;
  mode: 'stream' | 'webhook';
  /** https://api.dingtalk.com, or a local stand-in in tests; the Stream gateway lives there too. */
  apiBase: string;
  log: Logger;
  /** Signed check-in links for private messages; without it, members are told to reply 签到. */
  checkInLinks?: CheckInLinkMinter | undefined;
  /** Signed download links for files (robots cannot send files); without it, the person is told so. */
  exportLinks?: ExportLinkMinter | undefined;
  timing?: SenderTiming | undefined;
  /** Where messages are stored on receipt, before DingTalk is acknowledged; without it (tests), none is. */
  inbox?: Inbox | undefined;
  /** The wall clock: signature timestamps and session-webhook expiry are instants. */
  clock?: Clock | undefined;
  metrics?: Metrics | undefined;
  /** Used callback signatures, shared by every instance; the HTTP callback needs it. */
  callbackSignatures?: CallbackSignatureStore | undefined;
  /** The Stream connection counts as unhealthy after this long without a connection (default 2 min). */
  connectionGraceMs?: number | undefined;
  /**
   * The id of the card template for live check-in cards (DINGTALK_CARD_TEMPLATE_ID, made in the
   * developer console, docs/DEPLOY.md); without it, check-in cards go as markdown with links.
   */
  cardTemplateId?: string | undefined;
  /** Where sent cards are recorded, to update their count and to know a click's group. */
  liveMessages?: LiveMessageStore | undefined;
  /** How long a card click may take before its answer comes later (DingTalk waits about 3 s). */
  cardWithinMs?: number | undefined;
  /** Supervisor timings (tests shorten them). */
  supervision?: Partial<Pick<SupervisorOptions, 'restartAfterMs' | 'backoff' | 'pollMs'>> | undefined;
}

/** A download of a file someone sent may take this long. */
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Without a limit from the caller, files larger than this are refused (rosters are small). */
const DEFAULT_MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024;

/** A robot message is a few KB; anything near this is not one. */
const BODY_LIMIT = '64kb';

/**
 * DingTalk: robot messages by Stream mode (`DWClient`, the default: zhibu connects out) or
 * by HTTP callback (`POST /dingtalk/events`, signature checked before the body is read); both
 * meet in `receive`. Replies go through the conversation's session webhook while it is valid,
 * else through the OpenAPI. With a card template (DINGTALK_CARD_TEMPLATE_ID), a live check-in
 * card goes to a group as an interactive card whose 签到 button calls back over Stream and
 * whose count `update` keeps current; otherwise, and for every other message (robot messages
 * cannot be edited), check-in buttons become signed links or a line to reply.
 */
export class DingtalkPlatform implements ChatPlatform {
  readonly name = 'dingtalk' as const;
  private readonly worker: MessageWorker;
  private readonly conversations: Conversations;
  private readonly sender: DingtalkSender;
  private readonly api: DingtalkApi;
  private readonly cards: DingtalkCards | undefined;
  private stream: DingtalkStreamClient | undefined;
  private supervisor: ConnectionSupervisor | undefined;
  private lastGatewayError = '';

  private readonly clock: Clock;

  constructor(private readonly options: DingtalkOptions) {
    this.clock = options.clock ?? systemClock;
    this.options = { ...options, apiBase: options.apiBase.replace(/\/+$/, '') };
    this.worker = new MessageWorker(this, options.log, options.inbox);
    this.conversations = new Conversations(trustedWebhooks(this.options.apiBase));
    const api = this.api = new DingtalkApi({ baseUrl: this.options.apiBase, appKey: options.clientId, appSecret: options.clientSecret, timing: options.timing, metrics: options.metrics });
    this.sender = new DingtalkSender(api, options.robotCode ?? options.clientId, this.conversations, options.log, () => this.clock().getTime());
    // A card's clicks arrive only over Stream: in webhook mode they would have nowhere to go.
    this.cards = options.cardTemplateId && options.mode === 'stream' ? new DingtalkCards(api, options.robotCode ?? options.clientId, options.cardTemplateId) : undefined;
  }

  /**
   * A picture or file someone sent: its downloadCode is exchanged for a short-lived URL
   * (`POST /v1.0/robot/messageFiles/download` {downloadCode, robotCode} -> {downloadUrl}),
   * which is then fetched. With `maxBytes`, reading stops after `maxBytes + 1` bytes.
   */
  async download(_tenant: string, attachment: Attachment, maxBytes?: number): Promise<Buffer> {
    const answer = await this.api.post('/v1.0/robot/messageFiles/download', { downloadCode: attachment.key, robotCode: this.options.robotCode ?? this.options.clientId });
    const url = answer.body?.downloadUrl;
    if (!answer.ok || typeof url !== 'string') throw new Error(`dingtalk file download refused: ${answer.error ?? 'no downloadUrl'}`);
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok || !response.body) throw new Error(`dingtalk file download failed: HTTP ${response.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      chunks.push(buffer);
      if (size > limit) {
        if (maxBytes === undefined) throw new Error(`dingtalk file is larger than ${limit} bytes`);
        return Buffer.concat(chunks).subarray(0, maxBytes + 1);
      }
    }
    return Buffer.concat(chunks);
  }

  async start(onMessage: HandleMessage): Promise<void> {
    this.worker.start(onMessage);
    if (this.options.mode !== 'stream') return;
    const { log, metrics, connectionGraceMs, supervision } = this.options;
    this.supervisor = new ConnectionSupervisor({
      // A client being replaced reads "stopped"; the new one is connecting.
      state: () => {
        const state = this.stream?.state();
        return state === 'connected' || state === 'reconnecting' ? state : 'connecting';
      },
      restart: () => this.restartStream(),
    }, { platform: 'dingtalk', log, metrics, graceMs: connectionGraceMs ?? 120_000, ...supervision });
    this.supervisor.start();
    await this.startStream();
  }

  private async startStream(): Promise<void> {
    this.stream = new DingtalkStreamClient({
      clientId: this.options.clientId, clientSecret: this.options.clientSecret, apiBase: this.options.apiBase,
      onRobotFrame: (frame) => this.onFrame(frame),
      ...(this.cards ? { onCardFrame: (frame: DWClientDownStream) => this.onCardFrame(frame) } : {}),
      onGatewayError: (error) => this.onGatewayError(error),
      onConnected: () => {
        this.lastGatewayError = '';
        this.supervisor?.check();
      },
      onDisconnected: () => this.supervisor?.check(),
    });
    // Never rejects: the SDK keeps retrying every second, and /healthz shows the state.
    await this.stream.connect();
  }

  private async restartStream(): Promise<void> {
    this.stream?.disconnect();
    await this.startStream();
  }

  async send(to: Recipient, message: OutgoingMessage, options: SendOptions = {}): Promise<SendResult> {
    const conversation = to.kind === 'chat' ? this.conversations.get(to.id) : undefined;
    const card = this.cards && to.kind === 'chat' && !conversation?.isPrivate && !staffOfPrivateChat(to.id) ? checkInCardParams(message) : undefined;
    if (this.cards && card) {
      const sent = await this.cards.toGroup(to.id, card, options.idempotencyKey);
      if (sent.ok && sent.messageId) {
        if (message.liveKey) await this.options.liveMessages?.record(message.liveKey, to, sent.messageId);
        return sent;
      }
      // DingTalk unreachable, busy or failing: the outbox sends the card again under the same
      // outTrackId. Markdown now, for a card DingTalk may in fact have taken, would show both.
      if (sent.isRetryable) return sent;
      // Refused (a template it does not know): the markdown with a line to reply 签到 still lets everyone check in.
      this.options.log.warn({ conversationId: to.id, error: sent.error }, 'dingtalk card not sent; sending the check-in card as markdown');
    }
    const person = to.kind === 'user' ? to.id : conversation?.isPrivate ? conversation.staffId : staffOfPrivateChat(to.id);
    const withFile = this.withFileLink(message, to.tenant, person);
    const links = person === undefined ? undefined : await this.mintLinks(withFile, to.tenant, person);
    const doc = renderDingtalkMessage(withFile, { isGroup: person === undefined, ...(links ? { links } : {}) });
    if (to.kind === 'user') return (await this.sender.toPeople([to.id], doc)).get(to.id) ?? { ok: false, error: 'not sent' };
    return this.sender.toConversation(to.id, doc);
  }

  /** Brings a sent card up to date (its live count); other DingTalk robot messages cannot be edited. */
  async update(_to: Recipient, messageId: string, message: OutgoingMessage): Promise<SendResult> {
    const card = checkInCardParams(message);
    if (!this.cards || !card) return { ok: true };
    return this.cards.update(messageId, card);
  }

  async stop(): Promise<void> {
    this.supervisor?.stop();
    this.stream?.disconnect();
    await this.worker.drain();
  }

  health(): string {
    return this.supervisor?.currentState() ?? 'webhook';
  }

  connection(): ConnectionReport | undefined {
    return this.supervisor?.report();
  }

  /**
   * The HTTP callback route. The `timestamp` and `sign` headers are checked before the body is
   * read; then the pair is bound to the message it carries (callback-replay.ts), so a captured
   * pair cannot carry another body. A rejected request is logged once with its reason and
   * changes nothing.
   */
  router(): Router {
    const signatures = this.options.callbackSignatures;
    if (!signatures) throw new Error('the DingTalk HTTP callback needs a callback signature store');
    const router = express.Router();
    const refuse = (req: express.Request, res: express.Response, status: number, reason: string) => {
      this.options.log.warn({ path: req.path, reason }, 'dingtalk request rejected');
      this.options.metrics?.eventsRejected.inc({ platform: 'dingtalk', reason });
      res.status(status).json({ error: reason });
    };
    const verify: RequestHandler = (req, res, next) => {
      const verdict = verifyDingtalkSignature(req.headers, this.options.clientSecret, this.clock().getTime());
      if (!verdict.ok) return refuse(req, res, 401, verdict.reason);
      res.locals.signedPair = { timestamp: verdict.timestamp, sign: verdict.sign };
      next();
    };
    // Keeps the raw bytes' hash: the pair is bound to the body as DingTalk sent it.
    const readBody = express.json({ type: () => true, limit: BODY_LIMIT, verify: (_req, res, raw) => { (res as express.Response).locals.rawBody = raw; } });
    const notReplayed: RequestHandler = async (req, res, next) => {
      const body: unknown = req.body;
      const messageId = typeof body === 'object' && body !== null && typeof (body as { msgId?: unknown }).msgId === 'string' ? (body as { msgId: string }).msgId : '';
      const use = signatureUse(res.locals.signedPair as { timestamp: string; sign: string }, (res.locals.rawBody as Buffer | undefined) ?? Buffer.alloc(0), messageId);
      const claim = await signatures.claim('dingtalk', use);
      if (claim !== 'reused') return next();
      this.options.log.warn({ messageId }, 'dingtalk signature reused for another message: a captured pair replayed');
      refuse(req, res, 401, 'signature already used for another message');
    };
    router.post('/dingtalk/events', verify, readBody, notReplayed, async (req, res) => {
      let reading: RobotMessageReading;
      try {
        reading = await this.receive(req.body);
      } catch (error) {
        this.options.log.error({ err: error, path: req.path }, 'dingtalk message not stored; asking DingTalk to deliver it again');
        res.status(503).json({ error: 'temporarily unable to store the message; deliver it again' });
        return;
      }
      if (reading.kind === 'invalid') return refuse(req, res, 400, reading.reason);
      res.json({});
    });
    return router;
  }

  /**
   * The one entry for both transports: reads a robot message, remembers its conversation,
   * stores it and hands it to the core in the background. Resolves once the message is stored,
   * so the delivery may be acknowledged; rejects when it cannot be stored.
   */
  async receive(data: unknown): Promise<RobotMessageReading> {
    const reading = readRobotMessage(data);
    if (reading.kind === 'ignored') this.options.log.debug({ reason: reading.reason }, 'dingtalk message ignored');
    if (reading.kind !== 'message') return reading;
    if (!this.conversations.remember(reading.conversation)) {
      this.options.log.warn({ conversationId: reading.conversation.conversationId }, 'dingtalk session webhook on an unknown host ignored');
    }
    await this.worker.accept(reading.msg);
    return reading;
  }

  /**
   * A Stream frame: true once it may be acknowledged (stored, or not a message to keep), false
   * when the message could not be stored, so it is left unacknowledged for DingTalk to push again.
   */
  private async onFrame(frame: DWClientDownStream): Promise<boolean> {
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      this.options.log.warn({ messageId: frame.headers.messageId }, 'dingtalk stream frame without JSON data dropped');
      return true;
    }
    try {
      const reading = await this.receive(data);
      if (reading.kind === 'invalid') this.options.log.warn({ reason: reading.reason }, 'dingtalk stream frame dropped');
      return true;
    } catch (error) {
      this.options.log.error({ err: error, messageId: frame.headers.messageId }, 'dingtalk message not stored; left unacknowledged for DingTalk to push again');
      return false;
    }
  }

  /**
   * A card click (Stream topic /v1.0/card/instances/callback), taken like a message: stored on
   * receipt, then handled. The acknowledgement carries the card's new public data (the live
   * count) and, privately for the person who clicked, what it did (`result`). Undefined, so
   * that the frame is not acknowledged and DingTalk pushes it again, when it cannot be stored.
   */
  private async onCardFrame(frame: DWClientDownStream): Promise<unknown> {
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      data = undefined;
    }
    const click = readCardCallback(data);
    const place = click ? await this.options.liveMessages?.locate('dingtalk', click.outTrackId).catch(() => undefined) : undefined;
    const tenant = place?.tenant ?? click?.corpId;
    if (!click?.params.command || !place || !tenant) {
      this.options.log.warn({ messageId: frame.headers.messageId }, 'dingtalk card click not understood; answered with a hint');
      return privately('无法识别这个按钮，请在群里发送「签到」。');
    }
    const msg: IncomingMessage = {
      platform: 'dingtalk', tenant, chatId: place.chatId, chatType: 'group', senderId: click.userId, text: click.params.command,
      mentionedBot: true, mentions: [], eventId: `card:${frame.headers.messageId}`, action: click.params, sentAt: this.clock(),
    };
    let received: IncomingMessage | undefined;
    try {
      received = await this.worker.receiveInline(msg);
    } catch (error) {
      this.options.log.error({ err: error, eventId: msg.eventId }, 'dingtalk card click not stored; left unacknowledged for DingTalk to push again');
      return undefined;
    }
    if (!received) return privately('已处理。');
    const handling = this.worker.handle(received);
    const replies = await Promise.race([handling, sleep(this.options.cardWithinMs ?? 2500).then(() => 'late' as const)]).catch((error: unknown) => {
      // Stored, so the sweep handles it again; the person may also click again (one check-in either way).
      this.options.log.error({ err: error, eventId: msg.eventId }, 'dingtalk card click failed; the sweep handles it again');
      return 'failed' as const;
    });
    if (replies === 'failed') return privately('暂时无法处理，请稍后再点一次。');
    if (replies === 'late') {
      this.worker.track(handling.then((late) => deliverReplies(this, late, msg.eventId)));
      return privately('正在处理，结果稍后发送。');
    }
    // What the core says to the group about a click is the clicker's answer, shown on the card to them alone.
    const isAnswer = (r: Reply) => r.to.kind === 'chat' && r.to.id === msg.chatId && !r.replaceMessageId;
    const inline = replies.find((r) => r.replaceMessageId === click.outTrackId);
    this.worker.track(deliverReplies(this, replies.filter((r) => !isAnswer(r) && r !== inline), msg.eventId));
    const answer = replies.filter(isAnswer).map((r) => renderText(r.message)).join('\n') || '已处理。';
    const card = inline ? checkInCardParams(inline.message) : undefined;
    return { ...privately(answer), ...(card ? { cardData: { cardParamMap: card } } : {}) };
  }

  /** The SDK retries every second; the log hears about a failure once, not every second. */
  private onGatewayError(error: Error): void {
    if (error.message === this.lastGatewayError) return;
    this.lastGatewayError = error.message;
    this.options.log.warn({ err: error }, 'dingtalk stream gateway failed; retrying every second');
  }

  /**
   * DingTalk robots cannot send files: a file becomes a button with a signed download link
   * that works for 15 minutes, for one person only; without links, a line says what to do.
   */
  private withFileLink(message: OutgoingMessage, tenant: string, person: string | undefined): OutgoingMessage {
    const { file, ...rest } = message;
    if (!file) return message;
    const url = person === undefined ? undefined : this.options.exportLinks?.mint(file, { platform: 'dingtalk', tenant, userId: person });
    if (!url) return { ...rest, lines: [...rest.lines, `钉钉机器人不能直接发送文件（${file.name}）。请在飞书中导出，或请管理员设置 ZHIBU_PUBLIC_URL 和 ZHIBU_LINK_SECRET 以启用下载链接。`] };
    return { ...rest, lines: [...rest.lines, '下载链接 15 分钟内有效，仅供本人使用。'], buttons: [...(rest.buttons ?? []), { label: `下载 ${file.name}`, url }] };
  }

  /** Signed check-in links for the 签到 buttons of a message to one person. */
  private async mintLinks(message: OutgoingMessage, tenant: string, userId: string): Promise<Map<Button, string> | undefined> {
    const minter = this.options.checkInLinks;
    if (!minter) return undefined;
    const links = new Map<Button, string>();
    for (const button of message.buttons ?? []) {
      const activityId = Number(button.action?.activityId);
      if (button.url || button.action?.command !== '签到' || !Number.isInteger(activityId) || activityId <= 0) continue;
      try {
        const url = await minter.mint({ platform: 'dingtalk', tenant, userId }, activityId);
        if (url) links.set(button, url);
      } catch (error) {
        this.options.log.warn({ err: error, activityId }, 'check-in link not minted; the member is told to reply instead');
      }
    }
    return links;
  }
}

/** A card callback's answer that shows `result` to the person who clicked, and updates the card's data by key. */
function privately(result: string) {
  return { cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true }, userPrivateData: { cardParamMap: { result } } };
}
