import type { Db } from '../../db/client.js';
import { CONSOLE_GROUP_CHAT, CONSOLE_TENANT } from './console-platform.js';

/** What the console's group chat is called in the prompt: its branch's group (`第一党支部群`), or 群聊 while unbound. */
export async function consoleGroupName(db: Db): Promise<string> {
  const binding = await db.chatBinding.findUnique({
    where: { platform_tenant_chatId: { platform: 'console', tenant: CONSOLE_TENANT, chatId: CONSOLE_GROUP_CHAT } },
    select: { branch: { select: { name: true } } },
  });
  return binding ? `${binding.branch.name}群` : '群聊';
}
