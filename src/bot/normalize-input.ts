/**
 * Chinese punctuation kept as typed: free text (a leave reason, a title) reads as Chinese with
 * it, and the parsers accept it where it matters (`15：00`, `请假：出差`).
 */
const KEPT = new Set(['，', '：', '；', '！', '？', '（', '）']);

/** What people end a chat line with, which no command means: 签到。 已缴 75！ 请假 出差～ */
const TRAILING = /[\s。．.！!？?～~…，,、;；]+$/u;

/**
 * A typed line as the commands read it, done once where text enters the conversation: NFKC
 * turns what an input method produces in full width into plain forms (`７５` -> `75`, `＝` ->
 * `=`, `／` -> `/`, `＠` -> `@`, the ideographic space -> a space), Chinese punctuation of
 * prose stays, and trailing punctuation goes from the first line (the command).
 */
export function normalizeInput(text: string): string {
  let plain = '';
  for (const ch of text) plain += KEPT.has(ch) ? ch : ch.normalize('NFKC');
  // Only the command's own line ends like a chat line; lines after it (a meeting record's
  // content) are kept as written, their last 。 included.
  const body = plain.trim();
  const end = body.indexOf('\n');
  if (end === -1) return body.replace(TRAILING, '').trim();
  return `${body.slice(0, end).replace(TRAILING, '')}${body.slice(end)}`;
}
