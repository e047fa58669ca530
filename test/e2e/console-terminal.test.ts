import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZHIBU_BIN } from '../support/run-zhibu.js';
import { waitFor } from '../support/wait-for.js';

// util-linux `script` gives the bot a pseudo-terminal, as a person's terminal would: its stdin
// is then a TTY, readline runs in terminal mode, and what we write are keystrokes.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The terminal's output without colours and cursor moves, as a person reads it. */
const CSI = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;?]*[A-Za-z]`, 'gu');
const plain = (text: string) => text.replace(CSI, '').replace(/\r/gu, '');

class Terminal {
  private raw = '';
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => { this.raw += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { this.raw += chunk.toString('utf8'); });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get screen(): string {
    return plain(this.raw);
  }

  /** Everything printed after `mark`, the length of the screen when it was taken. */
  since(mark: number): string {
    return this.screen.slice(mark);
  }

  async type(keys: string, until: (after: string) => boolean, what: string): Promise<string> {
    const mark = this.screen.length;
    this.child.stdin.write(keys);
    await waitFor(() => until(this.since(mark)), `${what}; the terminal shows:\n${this.since(mark)}`, 20_000);
    return this.since(mark);
  }
}

describe.runIf(hasScript)('the console on a real terminal (a pseudo-terminal through script)', () => {
  let dir: string;
  let terminal: Terminal;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-pty-'));
    writeFileSync(join(dir, '名册.csv'), '\uFEFF姓名,状态,入党日期\n钱七,full,2012-07-01\n');
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(ZHIBU_BIN)} serve`, '/dev/null'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ZHIBU_REMINDERS: 'off', TERM: 'xterm', COLUMNS: '120', LINES: '40' },
    });
    terminal = new Terminal(child);
    await waitFor(() => terminal.screen.includes('张三@第一党支部群> '), `the first prompt; the terminal shows:\n${terminal.screen}`, 50_000);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the banner with the console commands, and a prompt naming who speaks and where', () => {
    expect(terminal.screen).toContain('你现在是支部书记张三');
    expect(terminal.screen).toContain('/group 回到群聊');
    expect(terminal.screen).toContain('/file 路径（把文件发给 zhibu）');
  });

  it('echoes what is typed and answers below it', async () => {
    const after = await terminal.type('签到\r', (s) => s.includes('签到成功') && s.endsWith('> '), 'the check-in answer');
    expect(terminal.screen).toContain('张三@第一党支部群> 签到\n');
    expect(after).toContain('[群聊] zhibu：张三签到成功');
  });

  it('/as and /private change the prompt; /group goes back to the group', async () => {
    expect(await terminal.type('/as 李四\r', (s) => s.includes('李四@第一党支部群> '), 'the new speaker')).toContain('（现在以「李四」的身份发言）');
    expect(await terminal.type('/private\r', (s) => s.includes('李四@私聊> '), 'private chat')).toContain('发送 /group 回到群聊');
    await terminal.type('/group\r', (s) => s.includes('（回到群聊）') && s.includes('李四@第一党支部群> '), 'back in the group');
  });

  it('Ctrl-C drops the line being typed and gives a fresh prompt, as a shell does; nothing is sent', async () => {
    const after = await terminal.type('请假 不想去\x03', (s) => s.includes('^C') && s.endsWith('李四@第一党支部群> '), 'a fresh prompt');
    expect(after).not.toContain('zhibu：');
    const next = await terminal.type('/as 张三\r', (s) => s.includes('张三@第一党支部群> '), 'the next line');
    expect(next).not.toContain('请假');
  });

  it('the demo secretary, an admin by his role, is not told to become one', async () => {
    const after = await terminal.type('/whoami\r', (s) => s.includes('ZHIBU_ADMINS') && s.endsWith('> '), 'the account');
    expect(after).toContain('你已是管理员（由角色授予），无需再加入 ZHIBU_ADMINS。');
    expect(after).toContain('角色：书记、管理员');
  });

  it('keeps a history: the up arrow brings back the last line', async () => {
    const after = await terminal.type('\x1b[A\r', (s) => s.includes('ZHIBU_ADMINS') && s.endsWith('> '), 'the recalled line answered');
    expect(after).toContain('/whoami');
  });

  it('/file sends a roster to the bot; /按 1 presses the preview\'s button and imports it', async () => {
    await terminal.type('/private\r', (s) => s.includes('张三@私聊> '), 'private chat');
    expect(await terminal.type('/file ./不存在.csv\r', (s) => s.endsWith('> '), 'the refusal')).toContain('（找不到文件「./不存在.csv」）');
    const preview = await terminal.type('/file ./名册.csv\r', (s) => s.includes('/按 编号') && s.endsWith('> '), 'the preview');
    expect(preview).toContain('新增 1 人');
    expect(preview).toMatch(/\[1 确认导入\]/u);
    const done = await terminal.type('/按 1\r', (s) => s.includes('已导入') && s.endsWith('> '), 'the import');
    expect(done).toContain('已导入「第一党支部」名册');
  });

  it('Ctrl-D on an empty line quits; the lines typed are kept for the next run', async () => {
    terminal.type('\x04', () => true, 'nothing').catch(() => {});
    expect(await terminal.exited).toBe(0);
    const history = readFileSync(join(dir, 'data', 'console-history'), 'utf8').split('\n');
    expect(history).toEqual(expect.arrayContaining(['签到', '/as 李四', '/whoami', '/file ./名册.csv', '/按 1']));
    expect(history).not.toContain('请假 不想去');
  });
});
