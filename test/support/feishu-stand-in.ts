import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { attachFeishuGateway } from './feishu-gateway.js';

export interface FeishuCall {
  kind: 'create' | 'reply' | 'patch';
  /** The id of the message created, or the one replied to or patched. */
  messageId: string;
  replyTo?: string;
  receiveIdType?: string;
  receiveId?: string;
  msgType?: string;
  /** The parsed `content`. */
  content: unknown;
  uuid?: string;
  /** When the stand-in took it (wall clock, ms): how long an answer took to arrive. */
  at: number;
}

export type Failure = '429' | '230020' | '500' | '230002';

/**
 * A local stand-in for the Feishu OpenAPI, speaking its documented formats: issues tenant
 * tokens, records every message create, reply and patch (de-duplicating by `uuid` as Feishu
 * does), answers chat and bot-info lookups, and fails on demand with Feishu's rate-limit and
 * error answers. Point `FEISHU_DOMAIN` at `url`.
 */
export async function startFeishuStandIn(options: { botOpenId?: string; limits?: { perApp: number; perTarget: number } } = {}) {
  const calls: FeishuCall[] = [];
  const failures: Failure[] = [];
  let outage: Failure | undefined;
  const chatModes = new Map<string, 'group' | 'p2p'>();
  const byUuid = new Map<string, string>();
  // The chat of each message the stand-in has seen (pushed down the long connection, created,
  // replied): a reply counts against the per-chat limit of the chat it lands in, as in Feishu.
  const chatOfMessage = new Map<string, string>();
  let tokenRequests = 0;
  let counter = 0;
  let rejected429 = 0;
  /** The sends refused by the frequency control: when, and to which chat or person. */
  const refused: { at: number; target: string }[] = [];
  const app = express();
  app.use(express.json());

  app.post('/open-apis/auth/v3/tenant_access_token/internal', (req, res) => {
    tokenRequests += 1;
    const body = req.body as { app_id?: string; app_secret?: string };
    if (!body.app_id || !body.app_secret) {
      res.json({ code: 10003, msg: 'invalid param' });
      return;
    }
    res.json({ code: 0, msg: 'ok', tenant_access_token: 't-standin-token', expire: 7200 });
  });

  const authorized = (req: express.Request, res: express.Response): boolean => {
    if (req.headers.authorization === 'Bearer t-standin-token') return true;
    res.status(401).json({ code: 99991663, msg: 'Invalid access token for authorization.' });
    return false;
  };

  // Feishu's frequency control, when asked for: at most perApp sends a second, and perTarget
  // a second to one chat or person; beyond, 429 with the reset header.
  const recent: { at: number; target: string }[] = [];
  const overLimit = (target: string): boolean => {
    if (!options.limits) return false;
    const now = Date.now();
    while (recent.length > 0 && (recent[0]?.at ?? now) <= now - 1000) recent.shift();
    if (recent.length >= options.limits.perApp || recent.filter((r) => r.target === target).length >= options.limits.perTarget) return true;
    recent.push({ at: now, target });
    return false;
  };

  /** Answers with the next scripted failure, if any; true when it did. */
  const failed = (res: express.Response, target = ''): boolean => {
    if (overLimit(target)) {
      rejected429 += 1;
      refused.push({ at: Date.now(), target });
      res.status(429).set({ 'x-ogw-ratelimit-limit': String(options.limits?.perApp ?? 50), 'x-ogw-ratelimit-reset': '1' }).json({ code: 99991400, msg: 'request trigger frequency limit' });
      return true;
    }
    const failure = outage ?? failures.shift();
    if (!failure) return false;
    if (failure === '429') {
      rejected429 += 1;
      res.status(429).set({ 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' }).json({ code: 99991400, msg: 'request trigger frequency limit' });
    } else if (failure === '230020') {
      res.status(400).json({ code: 230020, msg: 'This operation triggers the frequency limit.' });
    } else if (failure === '230002') {
      res.json({ code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    } else {
      res.status(500).json({ code: 1, msg: 'internal error' });
    }
    return true;
  };

  const record = (res: express.Response, call: Omit<FeishuCall, 'messageId' | 'at'> & { messageId?: string }, chatId?: string) => {
    if (call.uuid && byUuid.has(call.uuid)) {
      res.json({ code: 0, msg: 'success', data: { message_id: byUuid.get(call.uuid) } });
      return;
    }
    counter += 1;
    const messageId = call.messageId ?? `om_standin_${counter}`;
    calls.push({ ...call, messageId, at: Date.now() });
    if (call.uuid) byUuid.set(call.uuid, messageId);
    if (chatId) chatOfMessage.set(messageId, chatId);
    res.json({ code: 0, msg: 'success', data: { message_id: messageId, msg_type: call.msgType } });
  };

  const parse = (content: unknown) => {
    try {
      return typeof content === 'string' ? (JSON.parse(content) as unknown) : content;
    } catch {
      return content;
    }
  };

  app.post('/open-apis/im/v1/messages', (req, res) => {
    const body = req.body as { receive_id?: string; msg_type?: string; content?: string; uuid?: string };
    if (!authorized(req, res) || failed(res, body.receive_id)) return;
    record(res, {
      kind: 'create', receiveIdType: typeof req.query.receive_id_type === 'string' ? req.query.receive_id_type : '', receiveId: body.receive_id, msgType: body.msg_type, content: parse(body.content),
      ...(body.uuid ? { uuid: body.uuid } : {}),
    }, body.receive_id);
  });

  app.post('/open-apis/im/v1/messages/:id/reply', (req, res) => {
    const chatId = chatOfMessage.get(req.params.id);
    if (!authorized(req, res) || failed(res, chatId ?? `message:${req.params.id}`)) return;
    const body = req.body as { msg_type?: string; content?: string; uuid?: string };
    record(res, { kind: 'reply', replyTo: req.params.id, msgType: body.msg_type, content: parse(body.content), ...(body.uuid ? { uuid: body.uuid } : {}) }, chatId);
  });

  app.patch('/open-apis/im/v1/messages/:id', (req, res) => {
    if (!authorized(req, res) || failed(res)) return;
    calls.push({ kind: 'patch', messageId: req.params.id, content: parse((req.body as { content?: string }).content), at: Date.now() });
    res.json({ code: 0, msg: 'success', data: {} });
  });

  app.get('/open-apis/im/v1/chats/:id', (req, res) => {
    if (!authorized(req, res)) return;
    res.json({ code: 0, msg: 'success', data: { chat_mode: chatModes.get(req.params.id) ?? 'group', name: 'stand-in chat' } });
  });

  // The long connection: the endpoint request and the WebSocket gateway (feishu-gateway.ts).
  let url = '';
  const gateway = attachFeishuGateway(app, () => server, () => url, (envelope) => {
    const message = (envelope as { event?: { message?: { message_id?: unknown; chat_id?: unknown } } }).event?.message;
    if (typeof message?.message_id === 'string' && typeof message.chat_id === 'string') chatOfMessage.set(message.message_id, message.chat_id);
  });

  app.get('/open-apis/bot/v3/info', (req, res) => {
    if (!authorized(req, res)) return;
    res.json({ code: 0, msg: 'ok', bot: { open_id: options.botOpenId ?? 'ou_bot0000000000', app_name: '支部助手' } });
  });

  // Uploads (im/v1/files), read from the multipart body as Feishu reads them.
  let uploadFailures = 0;
  const uploads: { fileKey: string; fileName: string; fileType: string; content: Buffer }[] = [];
  app.post('/open-apis/im/v1/files', express.raw({ type: () => true, limit: '40mb' }), (req, res) => {
    if (!authorized(req, res) || failed(res)) return;
    if (uploadFailures > 0) {
      uploadFailures -= 1;
      res.status(500).json({ code: 1, msg: 'internal error' });
      return;
    }
    const parts = readMultipart(req.headers['content-type'] ?? '', req.body as Buffer);
    const file = parts.get('file');
    if (!file || file.length === 0) {
      res.status(400).json({ code: 234001, msg: 'Invalid request param.' });
      return;
    }
    counter += 1;
    const fileKey = `file_v3_standin_${counter}`;
    uploads.push({ fileKey, fileName: parts.get('file_name')?.toString('utf8') ?? '', fileType: parts.get('file_type')?.toString('utf8') ?? '', content: file });
    res.json({ code: 0, msg: 'success', data: { file_key: fileKey } });
  });

  // Files and images people sent in messages (im/v1/messages/:id/resources/:key?type=file|image),
  // put here by tests; the type asked must be the one the message had.
  const resources = new Map<string, Buffer>();
  const resourceTypes = new Map<string, 'file' | 'image'>();
  app.get('/open-apis/im/v1/messages/:id/resources/:key', (req, res) => {
    if (!authorized(req, res)) return;
    const key = `${req.params.id}/${req.params.key}`;
    const content = resources.get(key);
    if (!content || req.query.type !== (resourceTypes.get(key) ?? 'file')) {
      res.status(400).json({ code: 234003, msg: 'File not in msg.' });
      return;
    }
    res.type('application/octet-stream').send(content);
  });

  let server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  gateway.attach();
  return {
    url,
    /** The long-connection gateway: modes, pushes, acks, drops. */
    gateway,
    /** Stops listening: calls are refused at the connection, as when Feishu is unreachable. */
    async goDown() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /** Listens again on the same port. */
    async comeBack() {
      server = app.listen(port, '127.0.0.1');
      await once(server, 'listening');
      gateway.attach();
    },
    calls,
    chatModes,
    uploads,
    /** The next `count` uploads fail with a 500. */
    failUploads(count: number) {
      uploadFailures += count;
    },
    /** Makes a file (or an image) downloadable as the resource `fileKey` of message `messageId`. */
    putResource(messageId: string, fileKey: string, content: Buffer, type: 'file' | 'image' = 'file') {
      resources.set(`${messageId}/${fileKey}`, content);
      resourceTypes.set(`${messageId}/${fileKey}`, type);
    },
    get tokenRequests() {
      return tokenRequests;
    },
    get rejected429() {
      return rejected429;
    },
    refused,
    /** Every message call fails this way until `endOutage()`: Feishu answering 500s or 429s for a while. */
    startOutage(kind: Failure) {
      outage = kind;
    },
    endOutage() {
      outage = undefined;
    },
    /** The next message calls fail this way, in order. */
    fail(...next: Failure[]) {
      failures.push(...next);
    },
    /** Text of each recorded text message, and card contents flattened to text. */
    texts(): string[] {
      return calls.map((c) => flatten(c.content));
    },
    close: () => new Promise<void>((resolve) => {
      gateway.close();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    }),
  };
}

export type FeishuStandIn = Awaited<ReturnType<typeof startFeishuStandIn>>;

/** The named parts of a multipart/form-data body. */
function readMultipart(contentType: string, body: Buffer): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary ? `--${boundary[1] ?? boundary[2] ?? ''}` : undefined;
  if (!marker || !Buffer.isBuffer(body)) return parts;
  let start = body.indexOf(marker);
  while (start >= 0) {
    const next = body.indexOf(marker, start + marker.length);
    if (next < 0) break;
    const part = body.subarray(start + marker.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, headerEnd).toString('utf8'))?.[1];
    if (name && headerEnd >= 0) parts.set(name, part.subarray(headerEnd + 4));
    start = next;
  }
  return parts;
}

/** The readable text of a message content: a text message's text, or a card's texts. */
export function flatten(content: unknown): string {
  if (typeof content !== 'object' || content === null) return String(content);
  if ('text' in content && typeof content.text === 'string') return content.text;
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const n = node as Record<string, unknown>;
      if (n.tag === 'plain_text' && typeof n.content === 'string') parts.push(n.content);
      for (const [key, value] of Object.entries(n)) if (key !== 'behaviors') walk(value);
    }
  };
  walk(content);
  return parts.join('\n');
}
