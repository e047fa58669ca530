// The baseline for the inbound benchmark: a bare express route that parses the same JSON body
// and answers 200. Run as its own process, like the bot.
import express from 'express';

const app = express();
app.post('/feishu/cards', express.json({ limit: '64kb' }), (req, res) => {
  res.json({ ok: typeof (req.body as { encrypt?: unknown }).encrypt === 'string' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stderr.write(`${JSON.stringify({ port, msg: 'http listening' })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
