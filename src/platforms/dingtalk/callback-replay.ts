import { createHash } from 'node:crypto';
import { isUniqueViolation, type Db } from '../../db/client.js';
import { CALLBACK_SKEW_MS } from './verify-request.js';

/** One use of a callback's (timestamp, sign) pair: the message it carried. */
export interface SignatureUse {
  /** SHA-256 of the timestamp and sign: the pair is a credential while valid, so it is not kept. */
  pairHash: string;
  messageId: string;
  bodyHash: string;
  /** When the pair stops being accepted anyway, and the record may go. */
  expiresAt: Date;
}

/**
 * `first`: the pair was not seen before; `repeat`: seen with this very message and body (a
 * redelivery, which the inbound de-duplication then answers with nothing); `reused`: seen
 * with another message or body, which is what a captured pair looks like.
 */
export type SignatureClaim = 'first' | 'repeat' | 'reused';

/** Where used pairs are remembered, shared by every instance. */
export interface CallbackSignatureStore {
  claim(platform: string, use: SignatureUse): Promise<SignatureClaim>;
}

/**
 * What a callback's pair is bound to. DingTalk's sign covers only the timestamp and the app
 * secret, so without this one captured pair could carry any body for the whole skew window.
 */
export function signatureUse(pair: { timestamp: string; sign: string }, body: Buffer, messageId: string): SignatureUse {
  return {
    pairHash: sha256(`${pair.timestamp}\n${pair.sign}`),
    messageId,
    bodyHash: sha256(body),
    expiresAt: new Date(Number(pair.timestamp) + CALLBACK_SKEW_MS),
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Used pairs in the database (`CallbackSignature`): the unique key (platform, pairHash) lets
 * exactly one request, on any instance, be the first to use a pair.
 */
export function createCallbackSignatureStore(db: Db): CallbackSignatureStore {
  return {
    async claim(platform, use) {
      try {
        await db.callbackSignature.create({ data: { platform, ...use } });
        return 'first';
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const seen = await db.callbackSignature.findUnique({ where: { platform_pairHash: { platform, pairHash: use.pairHash } } });
      return seen?.messageId === use.messageId && seen.bodyHash === use.bodyHash ? 'repeat' : 'reused';
    },
  };
}
