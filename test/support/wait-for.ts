/**
 * Waits until `condition` holds, for work that finishes after an HTTP answer (a webhook
 * acknowledges first and replies after). Polls; fails with `what` after `timeoutMs`.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
