import { randomUUID } from 'node:crypto';

import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { HandleMessage } from '../../bot/handle-message.js';
import type { IncomingMessage, OutgoingFile, OutgoingMessage, Recipient, SendResult } from '../../bot/types.js';
import { deliverReplies, type ChatPlatform } from '../chat-platform.js';
import { renderText } from './render-text.js';

/** The console's one group chat; the demo seed binds it to the demo branch. */
export const CONSOLE_GROUP_CHAT = 'console-group';
export const CONSOLE_TENANT = 'local';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who speaks first; `/as <name>` changes it. */
  speaker: string;
  /** Show a prompt and the banner (a terminal), or stay terse (piped input). */
  isInteractive: boolean;
  banner?: string[];
  /** Where files sent to the console (exported ledgers) are written; ./data/exports by default. */
  exportDir?: string;
}

/**
 * The terminal as a chat platform (Hubot's Shell adapter is the model): each input line is
 * a message in the console group chat from the current speaker, and replies are printed
 * with who they go to. Works with piped input and ends at its end.
 */
export class ConsolePlatform implements ChatPlatform {
  readonly name = 'console' as const;
  /** Settles when the input ends (or `/quit`). */
  readonly finished: Promise<void>;
  private speaker: string;
  private chatType: 'group' | 'p2p' = 'group';
  private counter = 0;
  // Event ids of one run must not collide with those of an earlier run in the same database.
  private readonly runId = randomUUID().slice(0, 8);
  private endInput: () => void = () => {};
  private readline: Interface | undefined;

  constructor(private readonly options: ConsoleOptions) {
    this.speaker = options.speaker;
    this.finished = new Promise((resolve) => {
      this.endInput = resolve;
    });
  }

  async start(onMessage: HandleMessage): Promise<void> {
    if (this.options.isInteractive && this.options.banner) this.print(this.options.banner.join('\n'));
    void this.readLines(onMessage);
    return Promise.resolve();
  }

  send(to: Recipient, message: OutgoingMessage): Promise<SendResult> {
    const where = to.kind === 'chat' ? (to.id === CONSOLE_GROUP_CHAT ? '群聊' : `私聊 ${to.id}`) : `私信 → ${to.label ?? to.id}`;
    const saved = message.file ? this.save(message.file) : undefined;
    this.print(`[${where}] zhibu：${indent([renderText(message), ...(saved ? [`文件已保存：${saved}`] : [])].join('\n'))}`);
    this.counter += 1;
    return Promise.resolve({ ok: true, messageId: `console-out-${this.counter}` });
  }

  stop(): Promise<void> {
    // An open terminal or pipe would keep the process alive after a SIGTERM.
    this.readline?.close();
    this.endInput();
    return Promise.resolve();
  }

  private async readLines(onMessage: HandleMessage): Promise<void> {
    const rl = createInterface({ input: this.options.input, terminal: this.options.isInteractive });
    this.readline = rl;
    const prompt = () => {
      if (!this.options.isInteractive) return;
      rl.setPrompt(`${this.speaker}${this.chatType === 'p2p' ? '（私聊）' : ''}> `);
      rl.prompt();
    };
    prompt();
    try {
      for await (const raw of rl) {
        const line = raw.trim();
        if (line === '/quit' || line === '/exit') break;
        if (line) await this.handleLine(line, onMessage);
        prompt();
      }
    } finally {
      rl.close();
      this.endInput();
    }
  }

  private async handleLine(line: string, onMessage: HandleMessage): Promise<void> {
    const as = /^\/as\s+(\S+)$/.exec(line);
    if (as?.[1]) {
      this.speaker = as[1];
      this.print(`（现在以「${this.speaker}」的身份发言）`);
      return;
    }
    if (line === '/private' || line === '/私聊' || line === '/group' || line === '/群聊') {
      this.chatType = line === '/private' || line === '/私聊' ? 'p2p' : 'group';
      this.print(this.chatType === 'p2p' ? '（现在在和 zhibu 私聊）' : '（回到群聊）');
      return;
    }
    const message = this.messageFor(line);
    await deliverReplies(this, await onMessage(message), message.eventId);
  }

  private messageFor(text: string): IncomingMessage {
    this.counter += 1;
    return {
      platform: 'console',
      tenant: CONSOLE_TENANT,
      chatId: this.chatType === 'group' ? CONSOLE_GROUP_CHAT : `p2p:${this.speaker}`,
      chatType: this.chatType,
      senderId: this.speaker,
      senderName: this.speaker,
      text,
      mentionedBot: true,
      mentions: [],
      eventId: `console-${this.runId}-${this.counter}`,
      // The terminal prints the answer at once; there is no platform to be down.
      inlineReplies: true,
    };
  }

  /** The console cannot hand over a file: it writes it and says where. */
  private save(file: OutgoingFile): string {
    const dir = resolve(this.options.exportDir ?? join('data', 'exports'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, basename(file.name));
    writeFileSync(path, file.content);
    return path;
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

function indent(text: string): string {
  return text.includes('\n') ? `\n  ${text.split('\n').join('\n  ')}` : text;
}
