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
 * prose stays, and trailing punctuation goes.
 */
export function normalizeInput(text: string): string {
  let plain = '';
  for (const ch of text) plain += KEPT.has(ch) ? ch : ch.normalize('NFKC');
  return plain.replace(TRAILING, '').trim();
}
