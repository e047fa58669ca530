import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  /** The OpenAPI base; the gateway is `/v1.0/gateway/connections/open` under it. */
  apiBase: string;
  /** Called with each robot message frame; the frame is acknowledged when it resolves true. */
  onRobotFrame: (frame: DWClientDownStream) => Promise<boolean>;
  /**
   * Called with each card click (subscribed only when given); the frame is acknowledged with
   * what it resolves to (the card's new data), and left unacknowledged on undefined.
   */
  onCardFrame?: ((frame: DWClientDownStream) => Promise<unknown>) | undefined;
  /** Called when the gateway cannot be reached or refuses (the SDK retries every second, silently). */
  onGatewayError: (error: Error) => void;
  onConnected: () => void;
  /** Called when the socket closes or the gateway says it will (a SYSTEM `disconnect`). */
  onDisconnected?: () => void;
}

const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * DingTalk Stream mode through the official SDK, with what it lacks for a long-running
 * service: the gateway under `DINGTALK_API_BASE` (the SDK hard-codes api.dingtalk.com),
 * gateway failures reported instead of swallowed, a dead socket noticed (ping every 8 s),
 * one reconnection at a time with no heartbeat left over from the last, none after
 * `disconnect()`, and a frame it cannot parse dropped instead of crashing the process.
 *
 * @example
 * const client = new DingtalkStreamClient({ clientId, clientSecret, apiBase, onRobotFrame, onGatewayError });
 * await client.connect();
 */
export class DingtalkStreamClient extends DWClient {
  private isStopped = false;
  private isConnecting = false;
  private hasConnected = false;

  constructor(private readonly stream: StreamClientOptions) {
    super({ clientId: stream.clientId, clientSecret: stream.clientSecret, keepAlive: true, ua: 'zhibu' });
    this.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
      // Acknowledged once stored; the work happens after (at-least-once, de-duplicated by
      // msgId in the database). Unacknowledged, the gateway pushes the frame again.
      void stream.onRobotFrame(frame).then((isTaken) => {
        if (isTaken) this.socketCallBackResponse(frame.headers.messageId, {});
      });
    });
    const { onCardFrame } = stream;
    if (onCardFrame) {
      this.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) => {
        void onCardFrame(frame).then((response) => {
          if (response !== undefined) this.socketCallBackResponse(frame.headers.messageId, response);
        }, (error: unknown) => stream.onGatewayError(new Error(`a card callback could not be handled: ${error instanceof Error ? error.message : String(error)}`)));
      });
    }
  }

  /** "connected", "reconnecting" after a drop, "connecting" before the first connection. */
  state(): 'connected' | 'reconnecting' | 'connecting' | 'stopped' {
    if (this.isStopped) return 'stopped';
    if (this.connected) return 'connected';
    return this.hasConnected ? 'reconnecting' : 'connecting';
  }

  override async getEndpoint(): Promise<this> {
    try {
      const response = await fetch(`${this.stream.apiBase}/v1.0/gateway/connections/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions }),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown; code?: unknown; message?: unknown };
      if (!response.ok || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
        throw new Error(`the Stream gateway answered ${response.status} ${typeof body.code === 'string' ? body.code : ''} ${typeof body.message === 'string' ? body.message : ''}`.trim());
      }
      // `dw_url` is where the SDK's _connect() opens the WebSocket; private in its typings only.
      (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
      return this;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.stream.onGatewayError(failure);
      throw failure;
    }
  }

  /**
   * One connection attempt at a time: a failed socket makes the SDK schedule a retry twice
   * (from its close and its error handler), which would double the attempts each time.
   */
  override async connect(): Promise<void> {
    if (this.isStopped || this.isConnecting || this.connected) return;
    this.isConnecting = true;
    try {
      await super.connect();
    } finally {
      this.isConnecting = false;
    }
  }

  override async _connect(): Promise<void> {
    if (this.isStopped) return;
    // The SDK starts a heartbeat per connection and clears only the last one on disconnect.
    clearInterval((this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId);
    await super._connect();
    // `socket` is private in the SDK's typings only; the SDK's own close handler runs first.
    (this as unknown as { socket?: { on(event: 'close', listener: () => void): void } }).socket?.on('close', () => this.stream.onDisconnected?.());
    this.hasConnected = true;
    this.stream.onConnected();
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
      if (!this.connected) this.stream.onDisconnected?.();
    } catch (error) {
      this.stream.onGatewayError(new Error(`a Stream frame could not be handled: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  override disconnect(): void {
    this.isStopped = true;
    super.disconnect();
    clearInterval((this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId);
  }
}
