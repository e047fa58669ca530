import type * as lark from '@larksuiteoapi/node-sdk';

interface FrameHeader {
  key: string;
  value: string;
}

interface Frame {
  headers: FrameHeader[];
}

/** The WSClient members used here: private in the SDK's typings, plain methods at run time (1.74). */
interface WsInternals {
  handleEventData(frame: Frame): Promise<void>;
  sendMessage(frame: Frame): void;
}

/**
 * Card clicks (`card.action.trigger`) on the long connection may come as data frames of type
 * `card`, which node-sdk 1.74 drops without an ack or a log (it handles only `event`); public
 * reports disagree on which type the live gateway uses, so both must work. A `card` frame is
 * handed to the SDK as an `event` frame, so it reaches the same dispatcher and handler, and
 * its acknowledgement (carrying the toast and card) goes back labelled `card` as it came.
 */
export function acceptCardFrames(ws: lark.WSClient): void {
  const internals = ws as unknown as WsInternals;
  if (typeof internals.handleEventData !== 'function' || typeof internals.sendMessage !== 'function') {
    throw new Error('@larksuiteoapi/node-sdk WSClient changed: handleEventData/sendMessage not found; check card frames by hand');
  }
  const relabelled = new WeakSet<FrameHeader>();
  const handleEventData = internals.handleEventData.bind(ws);
  const sendMessage = internals.sendMessage.bind(ws);
  internals.handleEventData = (frame: Frame) => {
    const type = frame.headers.find((h) => h.key === 'type');
    if (type?.value === 'card') {
      type.value = 'event';
      relabelled.add(type);
    }
    return handleEventData(frame);
  };
  internals.sendMessage = (frame: Frame) => {
    for (const header of frame.headers) {
      if (relabelled.has(header)) header.value = 'card';
    }
    sendMessage(frame);
  };
}
