/**
 * What the console itself does with a typed line, before anything reaches the bot: change who
 * speaks or where, "send" a file, press a button, or quit. Anything else is a chat message.
 */
export type ConsoleAction =
  | { kind: 'as'; speaker: string }
  | { kind: 'where'; chatType: 'group' | 'p2p' }
  | { kind: 'file'; path: string }
  | { kind: 'press'; index: number }
  | { kind: 'quit' }
  | { kind: 'usage'; text: string };

const SWITCHES: Record<string, ConsoleAction> = {
  '/private': { kind: 'where', chatType: 'p2p' },
  '/私聊': { kind: 'where', chatType: 'p2p' },
  '/group': { kind: 'where', chatType: 'group' },
  '/群聊': { kind: 'where', chatType: 'group' },
  '/quit': { kind: 'quit' },
  '/exit': { kind: 'quit' },
  '/退出': { kind: 'quit' },
};

/** The console's own commands, for the banner and for a wrong use of one of them. */
export const CONSOLE_HELP = '控制台命令：/as 姓名（换人发言）｜/private 私聊 ｜/group 回到群聊 ｜/file 路径（把文件发给 zhibu）｜/按 编号（点消息里的按钮）｜/quit（或 Ctrl-D）退出';

export function readConsoleLine(line: string): ConsoleAction | undefined {
  const fixed = SWITCHES[line];
  if (fixed) return fixed;
  const [word = '', ...rest] = line.split(/\s+/u);
  const argument = rest.join(' ').trim();
  switch (word) {
    case '/as':
    case '/换人':
      return argument && !/\s/u.test(argument) ? { kind: 'as', speaker: argument } : { kind: 'usage', text: '用法：/as 姓名，例如 /as 李四' };
    case '/file':
    case '/文件':
      return argument ? { kind: 'file', path: unquote(argument) } : { kind: 'usage', text: '用法：/file 文件路径，例如 /file ./名册.xlsx' };
    case '/press':
    case '/按': {
      const index = Number(argument);
      return Number.isInteger(index) && index >= 1 ? { kind: 'press', index } : { kind: 'usage', text: '用法：/按 编号，例如 /按 1（编号见消息下方的按钮）' };
    }
    default:
      return undefined;
  }
}

/** A path dragged into a terminal often arrives quoted. */
function unquote(text: string): string {
  const quoted = /^(['"])(.*)\1$/u.exec(text);
  return quoted?.[2] ?? text;
}
