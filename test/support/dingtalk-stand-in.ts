import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer, type WebSocket } from 'ws';

export const CLIENT_ID = 'dingstandinappkey01';
export const CLIENT_SECRET = 'standin-app-secret-0123456789';
const ACCESS_TOKEN = 'dt-standin-token';

export interface DingtalkCall {
  kind: 'oto' | 'group' | 'session';
  robotCode?: string;
  userIds?: string[];
  openConversationId?: string;
  /** The session id of a session-webhook post. */
  session?: string;
  /** msgKey for the OpenAPI, msgtype for a session webhook. */
  msgKey: string;
  /** The parsed msgParam, or the session webhook body's content. */
  param: Record<string, unknown>;
}

/** An interactive card as the stand-in keeps it: created and delivered, then updated. */
export interface DingtalkCard {
  outTrackId: string;
  cardTemplateId: string;
  openSpaceId: string;
  robotCode: string;
  callbackType: string;
  /** The public card data, as last set (createAndDeliver, then each PUT). */
  params: Record<string, string>;
  updates: number;
}

export type Failure = 'qps' | '500' | 'bad-token';

/**
 * A local stand-in for DingTalk, speaking its documented formats (notes/platforms.md,
 * sections h and i): issues access tokens, records 1:1 and group sends and session-webhook
 * posts, answers with flow-controlled and invalid user lists and QPS-limit 403s on demand,
 * and runs the Stream gateway: `POST /v1.0/gateway/connections/open` hands out a one-time
 * ticket for the WebSocket at `/connect`, which pushes robot frames and records the acks.
 * Point `DINGTALK_API_BASE` at `url`.
 */
export async function startDingtalkStandIn() {
  const calls: DingtalkCall[] = [];
  /** When each call was taken (wall clock, ms), by its index in `calls`. */
  const callTimes: number[] = [];
  const record = (call: DingtalkCall) => {
    calls.push(call);
    callTimes.push(Date.now());
  };
  const failures: Failure[] = [];
  const invalidUsers = new Set<string>();
  const flowControlledUsers = new Set<string>();
  const refusedSessions = new Set<string>();
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const upFrames: Record<string, unknown>[] = [];
  const gatewayRequests: Record<string, unknown>[] = [];
  let tokenRequests = 0;
  let rejectedQps = 0;
  let counter = 0;
  let url = '';
  const app = express();
  app.use(express.json());

  app.post('/v1.0/oauth2/accessToken', (req, res) => {
    tokenRequests += 1;
    const body = req.body as { appKey?: string; appSecret?: string };
    if (body.appKey !== CLIENT_ID || body.appSecret !== CLIENT_SECRET) {
      res.status(400).json({ code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: randomUUID() });
      return;
    }
    res.json({ accessToken: ACCESS_TOKEN, expireIn: 7200 });
  });

  /** Answers with the next scripted failure, or an unknown token; true when it did. */
  const refused = (req: express.Request, res: express.Response): boolean => {
    const failure = failures.shift();
    if (req.headers['x-acs-dingtalk-access-token'] !== ACCESS_TOKEN || failure === 'bad-token') {
      res.status(401).json({ code: 'InvalidAuthentication', message: '不合法的access_token', requestid: randomUUID() });
      return true;
    }
    if (failure === 'qps') {
      rejectedQps += 1;
      res.status(403).json({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: '调用该接口触发了限流', requestid: randomUUID() });
      return true;
    }
    if (failure === '500') {
      res.status(500).json({ code: 'ServiceUnavailable', message: 'internal error', requestid: randomUUID() });
      return true;
    }
    return false;
  };

  const param = (text: unknown): Record<string, unknown> => (typeof text === 'string' ? (JSON.parse(text) as Record<string, unknown>) : {});

  app.post('/v1.0/robot/oToMessages/batchSend', (req, res) => {
    if (refused(req, res)) return;
    const body = req.body as { robotCode?: string; userIds?: string[]; msgKey?: string; msgParam?: string };
    const userIds = body.userIds ?? [];
    if (userIds.length === 0 || userIds.length > 20) {
      res.status(400).json({ code: 'invalidParameter.userIds.invalid', message: 'userIds 最多 20 个', requestid: randomUUID() });
      return;
    }
    const invalid = userIds.filter((id) => invalidUsers.has(id));
    const throttled = userIds.filter((id) => flowControlledUsers.has(id));
    const delivered = userIds.filter((id) => !invalid.includes(id) && !throttled.includes(id));
    if (delivered.length > 0) record({ kind: 'oto', robotCode: body.robotCode ?? '', userIds: delivered, msgKey: body.msgKey ?? '', param: param(body.msgParam) });
    counter += 1;
    res.json({ processQueryKey: `pqk-${counter}`, invalidStaffIdList: invalid, flowControlledStaffIdList: throttled });
  });

  app.post('/v1.0/robot/groupMessages/send', (req, res) => {
    if (refused(req, res)) return;
    const body = req.body as { robotCode?: string; openConversationId?: string; msgKey?: string; msgParam?: string };
    record({ kind: 'group', robotCode: body.robotCode ?? '', openConversationId: body.openConversationId ?? '', msgKey: body.msgKey ?? '', param: param(body.msgParam) });
    counter += 1;
    res.json({ processQueryKey: `pqk-${counter}` });
  });

  // Files people sent the robot: a downloadCode is exchanged for a short-lived URL
  // (/v1.0/robot/messageFiles/download {downloadCode, robotCode} -> {downloadUrl}), then fetched.
  const files = new Map<string, Buffer>();
  const fileTokens = new Map<string, string>();
  app.post('/v1.0/robot/messageFiles/download', (req, res) => {
    if (refused(req, res)) return;
    const body = req.body as { downloadCode?: string; robotCode?: string };
    if (!body.downloadCode || !files.has(body.downloadCode) || !body.robotCode) {
      res.status(400).json({ code: 'invalidParameter.downloadCode', message: '下载码无效', requestid: randomUUID() });
      return;
    }
    const token = randomUUID();
    fileTokens.set(token, body.downloadCode);
    res.json({ downloadUrl: `${url}/files/${token}.file` });
  });
  app.get('/files/:name', (req, res) => {
    const code = fileTokens.get(req.params.name.replace(/\.file$/u, ''));
    const content = code ? files.get(code) : undefined;
    if (!content) {
      res.status(404).send('not found');
      return;
    }
    res.type('application/octet-stream').send(content);
  });

  // Interactive cards (card instance APIs): create and deliver to a group space, update by outTrackId.
  const cards = new Map<string, DingtalkCard>();
  let isRefusingCards = false;
  app.post('/v1.0/card/instances/createAndDeliver', (req, res) => {
    if (refused(req, res)) return;
    const body = req.body as { cardTemplateId?: string; outTrackId?: string; openSpaceId?: string; callbackType?: string; cardData?: { cardParamMap?: Record<string, string> }; imGroupOpenDeliverModel?: { robotCode?: string } };
    if (isRefusingCards || !body.cardTemplateId) {
      res.status(400).json({ code: 'param.cardTemplateIdEmpty', message: '卡片模版 Id 为空', requestid: randomUUID() });
      return;
    }
    if (!body.outTrackId || cards.has(body.outTrackId)) {
      res.status(400).json({ code: 'param.outTrackIdDuplicated', message: 'outTrackId 重复', requestid: randomUUID() });
      return;
    }
    const spaceId = body.openSpaceId ?? '';
    cards.set(body.outTrackId, {
      outTrackId: body.outTrackId, cardTemplateId: body.cardTemplateId, openSpaceId: spaceId, robotCode: body.imGroupOpenDeliverModel?.robotCode ?? '',
      callbackType: body.callbackType ?? '', params: body.cardData?.cardParamMap ?? {}, updates: 0,
    });
    res.json({ success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType: 'IM_GROUP', spaceId: spaceId.replace('dtv1.card//IM_GROUP.', ''), success: true }] } });
  });
  app.put('/v1.0/card/instances', (req, res) => {
    if (refused(req, res)) return;
    const body = req.body as { outTrackId?: string; cardData?: { cardParamMap?: Record<string, string> }; cardUpdateOptions?: { updateCardDataByKey?: boolean } };
    const card = cards.get(body.outTrackId ?? '');
    if (!card) {
      res.status(400).json({ code: 'param.cardNotExist', message: '卡片不存在', requestid: randomUUID() });
      return;
    }
    card.params = body.cardUpdateOptions?.updateCardDataByKey ? { ...card.params, ...body.cardData?.cardParamMap } : (body.cardData?.cardParamMap ?? {});
    card.updates += 1;
    res.json({ success: true, result: true });
  });

  // Session webhooks answer like custom robots: HTTP 200 and an errcode.
  app.post('/robot/sendBySession', (req, res) => {
    const session = typeof req.query.session === 'string' ? req.query.session : '';
    if (refusedSessions.has(session)) {
      res.json({ errcode: 300001, errmsg: 'session 已过期' });
      return;
    }
    const body = req.body as { msgtype?: string } & Record<string, unknown>;
    const msgtype = body.msgtype ?? '';
    record({ kind: 'session', session, msgKey: msgtype, param: (body[msgtype] ?? {}) as Record<string, unknown> });
    res.json({ errcode: 0, errmsg: 'ok' });
  });

  // How the gateway answers: accept; busy (the ticket request fails with a 503); refuse (the
  // ticket is issued, the WebSocket upgrade refused).
  let gatewayMode: 'accept' | 'busy' | 'refuse' = 'accept';
  app.post('/v1.0/gateway/connections/open', (req, res) => {
    const body = req.body as { clientId?: string; clientSecret?: string };
    gatewayRequests.push(req.body as Record<string, unknown>);
    if (gatewayMode === 'busy') {
      res.status(503).json({ code: 'ServiceUnavailable', message: 'system busy' });
      return;
    }
    if (body.clientId !== CLIENT_ID || body.clientSecret !== CLIENT_SECRET) {
      res.status(400).json({ code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
      return;
    }
    const ticket = randomUUID();
    tickets.add(ticket);
    res.json({ endpoint: `${url.replace('http', 'ws')}/connect`, ticket });
  });

  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const requested = new URL(request.url ?? '/', url);
    const ticket = requested.searchParams.get('ticket') ?? '';
    // A ticket opens one connection, once.
    if (requested.pathname !== '/connect' || !tickets.delete(ticket) || gatewayMode === 'refuse') {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('message', (data: Buffer) => upFrames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
      ws.on('close', () => sockets.delete(ws));
      ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'CONNECTED', messageId: randomUUID(), contentType: 'application/json', time: String(Date.now()) }, data: '' }));
    });
  });

  return {
    url,
    calls,
    callTimes,
    /** Frames the client sent up: acks of pushed messages. */
    upFrames,
    gatewayRequests,
    get tokenRequests() {
      return tokenRequests;
    },
    get rejectedQps() {
      return rejectedQps;
    },
    get connections() {
      return sockets.size;
    },
    /** The next OpenAPI message calls fail this way, in order. */
    fail(...next: Failure[]) {
      failures.push(...next);
    },
    /** batchSend reports these users in `invalidStaffIdList` / `flowControlledStaffIdList`. */
    invalidUsers,
    flowControlledUsers,
    /** Session webhooks answering "expired" (errcode 300001). */
    refusedSessions,
    /** A session webhook URL of this stand-in, as a callback carries it. */
    sessionWebhook: (session: string) => `${url}/robot/sendBySession?session=${session}`,
    /** Pushes a robot message down every connection as a CALLBACK frame; returns its messageId. */
    push(message: unknown): string {
      const messageId = `spush-${randomUUID()}`;
      const frame = {
        specVersion: '1.0', type: 'CALLBACK',
        headers: { appId: 'standin-app', connectionId: 'c1', contentType: 'application/json', messageId, time: String(Date.now()), topic: '/v1.0/im/bot/messages/get' },
        data: JSON.stringify(message),
      };
      for (const ws of sockets) ws.send(JSON.stringify(frame));
      return messageId;
    },
    /** Cards created, by outTrackId. */
    cards,
    /** createAndDeliver refuses every card (a template id DingTalk does not know). */
    set refuseCards(value: boolean) {
      isRefusingCards = value;
    },
    /**
     * Pushes a card click as DingTalk does (a CALLBACK frame on /v1.0/card/instances/callback):
     * `staffId` clicked the button with `params` on card `outTrackId`; returns the frame's messageId.
     */
    pushCardClick(spec: { outTrackId: string; staffId: string; corpId: string; params: Record<string, string>; messageId?: string }): string {
      const messageId = spec.messageId ?? `scard-${randomUUID()}`;
      const data = {
        extension: '{}', corpId: spec.corpId, userId: spec.staffId, outTrackId: spec.outTrackId, type: 'actionCallback',
        content: JSON.stringify({ cardPrivateData: { actionIds: ['checkin'], params: spec.params } }),
      };
      const frame = {
        specVersion: '1.0', type: 'CALLBACK',
        headers: { appId: 'standin-app', connectionId: 'c1', contentType: 'application/json', messageId, time: String(Date.now()), topic: '/v1.0/card/instances/callback' },
        data: JSON.stringify(data),
      };
      for (const ws of sockets) ws.send(JSON.stringify(frame));
      return messageId;
    },
    /** The responses a frame was acknowledged with (`data.response`), in order: one per delivery acknowledged. */
    acksOf(messageId: string): unknown[] {
      return upFrames
        .filter((f) => (f.headers as { messageId?: string } | undefined)?.messageId === messageId)
        .map((f) => (JSON.parse(String(f.data)) as { response?: unknown }).response);
    },
    /** Sends raw text down every connection (a frame the client cannot parse). */
    pushRaw(text: string) {
      for (const ws of sockets) ws.send(text);
    },
    set gatewayMode(mode: 'accept' | 'busy' | 'refuse') {
      gatewayMode = mode;
    },
    /** Sends a SYSTEM frame (`ping` is echoed by the client, `disconnect` asks it to reconnect). */
    system(topic: 'ping' | 'disconnect'): string {
      const messageId = `ssys-${randomUUID()}`;
      const frame = { specVersion: '1.0', type: 'SYSTEM', headers: { contentType: 'application/json', messageId, time: String(Date.now()), topic }, data: JSON.stringify({ opaque: messageId }) };
      const current = [...sockets];
      for (const ws of current) ws.send(JSON.stringify(frame));
      // DingTalk closes the socket 10 s after a disconnect frame; here, at once.
      if (topic === 'disconnect') setTimeout(() => current.forEach((ws) => ws.close()), 200);
      return messageId;
    },
    /** Makes `content` downloadable by `downloadCode`, as a picture or file message carries it. */
    putFile(downloadCode: string, content: Buffer) {
      files.set(downloadCode, content);
    },
    /** Drops every connection, as a gateway restart does. */
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    /** The text a recorded call shows: content, or a markdown/action card's text. */
    texts(): string[] {
      return calls.map((c) => {
        const text = c.param.content ?? c.param.text;
        return typeof text === 'string' ? text : '';
      });
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type DingtalkStandIn = Awaited<ReturnType<typeof startDingtalkStandIn>>;
