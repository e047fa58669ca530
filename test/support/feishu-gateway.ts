import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import type express from 'express';
import protobuf from 'protobufjs/minimal.js';
import { WebSocketServer, type WebSocket } from 'ws';

// The SDK registers its pbbp2 frame codec in protobufjs' default root when it loads: the
// stand-in speaks exactly the frames the SDK reads and writes.
void lark.WSClient;
interface Header { key: string; value: string }
interface Frame { SeqID: number; LogID: number; service: number; method: number; headers: Header[]; payload?: Uint8Array }
interface FrameCodec { encode(frame: Frame): { finish(): Uint8Array }; decode(bytes: Uint8Array): Frame }
const codec = (protobuf.roots.default as unknown as { pbbp2?: { Frame?: FrameCodec } }).pbbp2?.Frame;
if (!codec) throw new Error('the Feishu SDK did not register its pbbp2 codec in protobufjs; the gateway stand-in cannot speak its frames');
const Frames: FrameCodec = codec;

/** How the endpoint request (`POST /callback/ws/endpoint`) and the socket upgrade are answered. */
export type GatewayMode = 'accept' | 'busy' | 'refuse';

export interface GatewayAck {
  messageId: string;
  type: string;
  code: number;
  /** The handler's answer (the toast and card for a card click), decoded. */
  data?: unknown;
}

const METHOD = { control: 0, data: 1 };

/**
 * The Feishu long-connection gateway, at the frame level: the endpoint request answers a
 * WebSocket URL and client config (or code 1 "system busy", or a refusal), the socket speaks
 * the SDK's pbbp2 protobuf frames: ping/pong control frames, data frames of type `event` or
 * `card` (optionally split into fragments), and the client's acks, recorded. Mounted on the
 * OpenAPI stand-in's server, since FEISHU_DOMAIN names one host for both.
 */
export function attachFeishuGateway(app: express.Express, getServer: () => Server, baseUrl: () => string, onPush: (envelope: unknown) => void = () => {}) {
  let mode: GatewayMode = 'accept';
  const sockets = new Set<WebSocket>();
  const acks: GatewayAck[] = [];
  const pings: number[] = [];
  let endpointRequests = 0;
  let connectionsOpened = 0;
  const wss = new WebSocketServer({ noServer: true });

  app.post('/callback/ws/endpoint', (req, res) => {
    endpointRequests += 1;
    const body = req.body as { AppID?: string; AppSecret?: string };
    // As Feishu refuses a bad secret (the SDK gives up on it).
    if (!body.AppSecret || body.AppSecret === 'wrong') {
      res.json({ code: 514, msg: 'auth failed', data: {} });
      return;
    }
    if (mode === 'busy') {
      res.json({ code: 1, msg: 'system busy', data: {} });
      return;
    }
    // Short intervals so reconnects take about a second rather than Feishu's two minutes.
    res.json({
      code: 0, msg: 'ok',
      data: { URL: `${baseUrl().replace('http', 'ws')}/ws?device_id=d-${randomUUID()}&service_id=7`, ClientConfig: { PingInterval: 2, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 1 } },
    });
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!(request.url ?? '').startsWith('/ws')) return;
    if (mode !== 'accept') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      connectionsOpened += 1;
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (bytes: Buffer) => onFrame(ws, Frames.decode(bytes)));
    });
  };
  let attachedTo: Server | undefined;
  const attach = () => {
    const server = getServer();
    if (attachedTo === server) return;
    server.on('upgrade', onUpgrade);
    attachedTo = server;
  };

  const onFrame = (ws: WebSocket, frame: Frame) => {
    const header = (key: string) => frame.headers.find((h) => h.key === key)?.value ?? '';
    if (frame.method === METHOD.control && header('type') === 'ping') {
      pings.push(frame.service);
      const pong = { PingInterval: 2, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 1 };
      ws.send(Frames.encode({ ...frame, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(pong)) }).finish());
      return;
    }
    if (frame.method !== METHOD.data) return;
    const answer = JSON.parse(Buffer.from(frame.payload ?? new Uint8Array()).toString('utf8')) as { code: number; data?: string };
    acks.push({
      messageId: header('message_id'), type: header('type'), code: answer.code,
      ...(answer.data ? { data: JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) as unknown } : {}),
    });
  };

  let seq = 0;
  return {
    attach,
    set mode(next: GatewayMode) {
      mode = next;
    },
    get mode() {
      return mode;
    },
    acks,
    pings,
    get connections() {
      return sockets.size;
    },
    get connectionsOpened() {
      return connectionsOpened;
    },
    get endpointRequests() {
      return endpointRequests;
    },
    /**
     * Sends an event envelope down every connection as a data frame of `type` (`event`, or
     * `card` as some gateways label card clicks), in `fragments` parts; returns the frame's
     * message_id (acks carry it).
     */
    push(envelope: unknown, options: { type?: 'event' | 'card'; fragments?: number; omitFragment?: number } = {}): string {
      const messageId = `fs-${randomUUID()}`;
      onPush(envelope);
      const bytes = Buffer.from(JSON.stringify(envelope), 'utf8');
      const sum = options.fragments ?? 1;
      const size = Math.ceil(bytes.length / sum);
      for (let part = 0; part < sum; part++) {
        if (part === options.omitFragment) continue;
        seq += 1;
        const frame: Frame = {
          SeqID: seq, LogID: seq, service: 7, method: METHOD.data,
          headers: [
            { key: 'type', value: options.type ?? 'event' }, { key: 'message_id', value: messageId }, { key: 'sum', value: String(sum) },
            { key: 'seq', value: String(part) }, { key: 'trace_id', value: `trace-${seq}` },
          ],
          payload: bytes.subarray(part * size, (part + 1) * size),
        };
        const encoded = Frames.encode(frame).finish();
        for (const ws of sockets) ws.send(encoded);
      }
      return messageId;
    },
    /** Drops every connection, as a gateway restart does. */
    drop() {
      for (const ws of sockets) ws.terminate();
    },
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}

export type FeishuGateway = ReturnType<typeof attachFeishuGateway>;
