/** The chat platforms zhibu speaks on. */
export type PlatformName = 'feishu' | 'dingtalk' | 'console';

/** A person named in a message: an @-mention on a platform, a name on the console. */
export interface Mention {
  /** The platform's user id (Feishu open_id, DingTalk staffId, the console name). */
  userId: string;
  name: string;
}

/**
 * One thing a person said or clicked, in platform-neutral form. Adapters build it; the
 * conversation core answers it.
 *
 * @example
 * { platform: 'console', tenant: 'local', chatId: 'console-group', chatType: 'group',
 *   senderId: '张三', senderName: '张三', text: '签到', mentionedBot: true, mentions: [], eventId: 'c-1' }
 */
export interface IncomingMessage {
  platform: PlatformName;
  /** Feishu tenant_key, DingTalk corpId, "local" on the console. */
  tenant: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  senderId: string;
  senderName?: string;
  /** Plain text with the mention of the bot removed. */
  text: string;
  mentionedBot: boolean;
  /** People mentioned in the text, in order, the bot excluded. */
  mentions: Mention[];
  /** The platform's id for this delivery (Feishu message_id, DingTalk msgId), for de-duplication. */
  eventId: string;
  /** The platform's id of the message, where replies can thread to it. */
  messageId?: string;
  /** For a card button: the value the button carries. */
  action?: Record<string, string>;
  /** A file sent in the message (private chat), fetched through its platform when needed. */
  attachment?: Attachment;
  /**
   * The caller shows the replies itself (a card click's toast, a check-in link's page), so
   * none is queued in the outbox; it sends the others.
   */
  inlineReplies?: boolean;
  /** When the platform says the message was sent (Feishu create_time, DingTalk createAt). */
  sentAt?: Date;
  /** When zhibu stored the event on receipt; a message handled later (a redelivery, a crash) keeps it. */
  receivedAt?: Date;
  /**
   * Stored on receipt already claimed for handling by this process (a card click, answered
   * at once): the core does not claim it a second time. Never part of the stored payload, so
   * the sweep claims what it takes up again.
   */
  claimedOnReceipt?: boolean;
}

/**
 * A file or picture someone sent: what its platform needs to fetch it (Feishu: message_id and
 * file_key or image_key; DingTalk: the msgId and the downloadCode).
 */
export interface Attachment {
  name: string;
  key: string;
  messageId: string;
  /** A picture (Feishu image message, DingTalk picture) or any other file; a file when unset. */
  kind?: 'file' | 'image';
  /**
   * Whether a file sent outside a meeting-record dialogue is read as a roster to import: where
   * the preview's 确认导入 button can come back with the file (Feishu, the console). DingTalk
   * files reach dialogues only; rosters are imported there with the CLI.
   */
  canImport?: boolean;
  /** The file's bytes when already fetched (handle-message reads a private file's header to tell a tree from a roster). */
  content?: Buffer;
}

/**
 * Fetches the content of a file someone sent, through the platform it came from. With
 * `maxBytes`, at most `maxBytes + 1` bytes are read: enough to tell that a file is too large.
 */
export type FetchAttachment = (from: { platform: PlatformName; tenant: string }, attachment: Attachment, maxBytes?: number) => Promise<Buffer>;

/** Where a message goes: a chat, or one person in private. */
export interface Recipient {
  platform: PlatformName;
  tenant: string;
  kind: 'chat' | 'user';
  id: string;
  /** For display on the console and in logs. */
  label?: string;
}

export interface Button {
  label: string;
  /** Sent back as `IncomingMessage.action` when clicked. */
  action?: Record<string, string>;
  /** Opened instead, where a platform's buttons can only open links. */
  url?: string;
  style?: 'primary' | 'default' | 'danger';
}

/**
 * A small, platform-neutral document that each adapter renders natively: a Feishu card,
 * a DingTalk ActionCard or markdown, plain text on the console.
 */
export interface OutgoingMessage {
  title?: string;
  lines: string[];
  /**
   * Marks a message that will be kept up to date (e.g. "activity:42" for a check-in card):
   * platforms that can edit messages remember where they sent it.
   */
  liveKey?: string;
  /** How the message feels: a toast's type, a card's colour. Neutral when unset. */
  tone?: 'success' | 'info' | 'warning' | 'error';
  buttons?: Button[];
  table?: { headers: string[]; rows: string[][] };
  /** A file sent with the message, in private chat (an exported ledger). */
  file?: OutgoingFile;
  /** Headed blocks of lines after `lines` (a digest's parts). */
  sections?: MessageSection[];
  /** A small chart: a Feishu card draws it; other platforms show text bars. */
  chart?: MessageChart;
}

export interface MessageSection {
  title: string;
  lines: string[];
}

export interface MessageChart {
  title: string;
  kind: 'line' | 'bar';
  points: { label: string; value: number }[];
  /** Shown after each value: "%", "人". */
  unit?: string;
}

/**
 * A file a reply carries. Feishu uploads it and sends it as a file message; the console
 * writes it to disk; platforms whose robots cannot send files (DingTalk) send a short-lived
 * signed download link instead, which rebuilds the file from `ledger`.
 */
export interface OutgoingFile {
  name: string;
  content: Buffer;
  /** What the file is, so a download link can rebuild it rather than keep it. */
  ledger?: { branchId: number; period: string; format?: 'xlsx' | 'zip' };
  /** …or the printable meeting record of one activity. */
  record?: { branchId: number; activityId: number };
  /** …or the upper level's year-end pack of these organisations ('all': every top-level one). */
  treePack?: { rootIds: readonly number[] | 'all'; year: number };
}

/** An answer of the conversation core: what to say, and to whom. */
export interface Reply {
  to: Recipient;
  message: OutgoingMessage;
  /** Thread the answer to this platform message where the platform can. */
  inReplyTo?: string;
  /**
   * Replace this earlier message (a card with a live count, say) instead of sending a new
   * one. Platforms that cannot edit messages drop such replies.
   */
  replaceMessageId?: string;
  /**
   * Replies to a group that may go as one when several are waiting for the chat's turn (a party
   * day's burst of check-ins): "张三、李四签到成功：主题党日。" instead of one message each. Sent
   * alone, the reply is `message` as it is.
   */
  combine?: CombinableReply;
}

/** How a reply reads when combined with others of the same `key`: their subjects, then the predicate. */
export interface CombinableReply {
  key: string;
  subject: string;
  predicate: string;
}

/** How one message is sent. */
export interface SendOptions {
  /** The platform message to thread the new one to. */
  inReplyTo?: string;
  /** A stable key for this message: a retried send with the same key is shown once. */
  idempotencyKey?: string;
}

export interface SendResult {
  ok: boolean;
  /** The platform's id of the sent message. */
  messageId?: string;
  /** Why it failed, for logs and the outbox row. */
  error?: string;
  /** Whether trying again later may succeed (rate limits, 5xx, network); false for a bad recipient. */
  isRetryable?: boolean;
  /** How long the platform asked us to wait before the next try. */
  retryAfterMs?: number;
}
