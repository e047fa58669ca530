import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { HandleMessage } from '../../bot/handle-message.js';
import type { Attachment, Button, IncomingMessage, OutgoingFile, OutgoingMessage, Recipient, SendResult } from '../../bot/types.js';
import { deliverReplies, type ChatPlatform } from '../chat-platform.js';
import { HISTORY_SIZE, loadHistory, saveHistory } from './console-history.js';
import { readConsoleLine, type ConsoleAction } from './console-line.js';
import { renderText } from './render-text.js';

/** The console's one group chat; the demo seed binds it to the demo branch. */
export const CONSOLE_GROUP_CHAT = 'console-group';
export const CONSOLE_TENANT = 'local';

/** A roster is a few dozen KB; anything this large is not what /file is for. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who speaks first; `/as <name>` changes it. */
  speaker: string;
  /** A terminal: prompt, echo, line editing and history. Piped input stays terse. */
  isInteractive: boolean;
  banner?: string[];
  /** Where files sent to the console (exported ledgers) are written; ./data/exports by default. */
  exportDir?: string;
  /** The group chat's name for the prompt (`第一党支部群`), asked before each prompt since /bind can change it. */
  groupName?: () => Promise<string>;
  /** Where typed lines are kept between runs (interactive only). */
  historyFile?: string;
}

/** A button shown on the console, pressed with `/按 <n>`: where it was shown decides where the press comes from. */
interface ShownButton {
  button: Button & { action: Record<string, string> };
  chatType: 'group' | 'p2p';
}

/**
 * The terminal as a chat platform (Hubot's Shell adapter is the model): each input line is
 * a message from the current speaker in the group chat or in private, and replies are printed
 * with who they go to. On a terminal it behaves like a shell: a prompt naming who speaks and
 * where, echo and line editing, history (kept in `historyFile`), Ctrl-C drops the line, Ctrl-D
 * on an empty line quits. Piped input is read to its end with nothing but the replies printed.
 */
export class ConsolePlatform implements ChatPlatform {
  readonly name = 'console' as const;
  /** Settles when the input ends (or `/quit`). */
  readonly finished: Promise<void>;
  private speaker: string;
  private chatType: 'group' | 'p2p' = 'group';
  private counter = 0;
  // Event ids must differ between runs: the inbound de-duplication outlives the process.
  private readonly runId = randomUUID().slice(0, 8);
  private endInput: () => void = () => {};
  private readline: Interface | undefined;
  private isPrompting = false;
  private buttons: ShownButton[] = [];

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
    const where = to.kind === 'user' ? `私信 → ${to.label ?? to.id}` : to.id === CONSOLE_GROUP_CHAT ? '群聊' : `私信 → ${to.id.replace(/^p2p:/u, '')}`;
    const saved = message.file ? this.save(message.file) : undefined;
    const pressable = this.remember(message.buttons ?? [], to.kind === 'chat' && to.id === CONSOLE_GROUP_CHAT ? 'group' : 'p2p');
    const text = renderText(pressable.length > 0 ? { ...message, buttons: message.buttons?.filter((b) => !b.action) } : message);
    const buttonLine = pressable.length > 0 ? [`${pressable.map((p) => `[${p.number} ${p.label}]`).join(' ')}（发送 /按 编号 点按钮）`] : [];
    this.print(`[${where}] zhibu：${indent([text, ...buttonLine, ...(saved ? [`文件已保存：${saved}`] : [])].filter(Boolean).join('\n'))}`);
    this.counter += 1;
    return Promise.resolve({ ok: true, messageId: `console-out-${this.counter}` });
  }

  /** A file "sent" with /file: its path is the key. */
  download(_tenant: string, attachment: Attachment, maxBytes?: number): Promise<Buffer> {
    const content = readFileSync(attachment.key);
    return Promise.resolve(maxBytes === undefined ? content : content.subarray(0, maxBytes + 1));
  }

  stop(): Promise<void> {
    // An open terminal or pipe would keep the process alive after a SIGTERM.
    this.readline?.close();
    this.endInput();
    return Promise.resolve();
  }

  private async readLines(onMessage: HandleMessage): Promise<void> {
    const { isInteractive, historyFile } = this.options;
    const rl = createInterface({
      input: this.options.input,
      ...(isInteractive ? { output: this.options.output, terminal: true, historySize: HISTORY_SIZE, removeHistoryDuplicates: true, history: historyFile ? loadHistory(historyFile) : [] } : { terminal: false }),
    });
    this.readline = rl;
    if (isInteractive) {
      // As in a shell: Ctrl-C abandons the line being typed and gives a fresh prompt.
      rl.on('SIGINT', () => {
        this.options.output.write('^C\n');
        rl.write(null, { ctrl: true, name: 'e' });
        rl.write(null, { ctrl: true, name: 'u' });
        void this.prompt();
      });
      if (historyFile) rl.on('history', (lines: string[]) => saveHistory(historyFile, lines));
    }
    await this.prompt();
    try {
      for await (const raw of rl) {
        this.isPrompting = false;
        const line = raw.trim();
        const action = readConsoleLine(line);
        if (action?.kind === 'quit') break;
        if (action) await this.act(action, onMessage);
        else if (line) await this.deliver(this.messageFor({ text: line }), onMessage);
        await this.prompt();
      }
    } finally {
      this.isPrompting = false;
      // Ctrl-D leaves the cursor after the prompt; the shell's own prompt starts on a new line.
      if (isInteractive) this.options.output.write('\n');
      rl.close();
      this.endInput();
    }
  }

  private async prompt(): Promise<void> {
    const rl = this.readline;
    if (!this.options.isInteractive || !rl) return;
    const where = this.chatType === 'p2p' ? '私聊' : ((await this.options.groupName?.()) ?? '群聊');
    rl.setPrompt(`${this.speaker}@${where}> `);
    rl.prompt(true);
    this.isPrompting = true;
  }

  private async act(action: Exclude<ConsoleAction, { kind: 'quit' }>, onMessage: HandleMessage): Promise<void> {
    switch (action.kind) {
      case 'as':
        this.speaker = action.speaker;
        return this.print(`（现在以「${this.speaker}」的身份发言）`);
      case 'where':
        this.chatType = action.chatType;
        return this.print(this.chatType === 'p2p' ? '（现在在和 zhibu 私聊；发送 /group 回到群聊）' : '（回到群聊）');
      case 'usage':
        return this.print(`（${action.text}）`);
      case 'file':
        return this.sendFile(action.path, onMessage);
      case 'press': {
        const shown = this.buttons[action.index - 1];
        if (!shown) return this.print(`（没有编号为 ${action.index} 的按钮）`);
        return this.deliver(this.messageFor({ text: '', action: shown.button.action }, shown.chatType), onMessage);
      }
    }
  }

  /** The console's way to send a file: the bot fetches it through `download`, as it would from Feishu. */
  private async sendFile(path: string, onMessage: HandleMessage): Promise<void> {
    const full = resolve(path);
    let size: number;
    try {
      const stat = statSync(full);
      if (!stat.isFile()) return this.print(`（「${path}」不是文件）`);
      size = stat.size;
    } catch {
      return this.print(`（找不到文件「${path}」）`);
    }
    if (size > MAX_FILE_BYTES) return this.print(`（文件「${path}」太大，名册文件通常只有几十 KB）`);
    const message = this.messageFor({ text: '' });
    await this.deliver({ ...message, attachment: { name: basename(full), key: full, messageId: message.eventId, canImport: true } }, onMessage);
  }

  private async deliver(message: IncomingMessage, onMessage: HandleMessage): Promise<void> {
    await deliverReplies(this, await onMessage(message), message.eventId);
  }

  private messageFor(content: Pick<IncomingMessage, 'text' | 'action'>, chatType = this.chatType): IncomingMessage {
    this.counter += 1;
    return {
      platform: 'console',
      tenant: CONSOLE_TENANT,
      chatId: chatType === 'group' ? CONSOLE_GROUP_CHAT : `p2p:${this.speaker}`,
      chatType,
      senderId: this.speaker,
      senderName: this.speaker,
      mentionedBot: true,
      mentions: [],
      eventId: `console-${this.runId}-${this.counter}`,
      // The terminal prints the answer at once; there is no platform to be down.
      inlineReplies: true,
      ...content,
    };
  }

  /** Buttons that carry an action are numbered for /按; the numbers restart with each message that has some. */
  private remember(buttons: readonly Button[], chatType: 'group' | 'p2p'): { number: number; label: string }[] {
    const pressable = buttons.filter((b): b is ShownButton['button'] => b.action !== undefined);
    if (pressable.length === 0) return [];
    this.buttons = pressable.map((button) => ({ button, chatType }));
    return pressable.map((b, i) => ({ number: i + 1, label: b.label }));
  }

  /** The console cannot hand over a file: it writes it and says where. */
  private save(file: OutgoingFile): string {
    const dir = resolve(this.options.exportDir ?? join('data', 'exports'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, basename(file.name));
    writeFileSync(path, file.content);
    return path;
  }

  /** Prints above the prompt when one is showing (a reminder arriving while someone types), then redraws it. */
  private print(text: string): void {
    const { output } = this.options;
    if (this.isPrompting && this.readline) {
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      this.readline.prompt(true);
      return;
    }
    output.write(`${text}\n`);
  }
}

function indent(text: string): string {
  return text.includes('\n') ? `\n  ${text.split('\n').join('\n  ')}` : text;
}
