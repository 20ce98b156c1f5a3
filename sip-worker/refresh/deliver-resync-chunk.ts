// One chunk of a resync job (up to RESYNC_CHUNK_SIZE lamps of its scope, in id order), sent
// sub-batch by sub-batch: mark the sub-batch in flight (a lamp change in it waits for it), send
// the lamps' current states (sendLampStates), then write the attempts, states, hand-overs and the
// chunk's progress in one transaction. A chunk taken over after a crash resumes after its cursor.
//
// Uncapped, a sub-batch is the whole chunk; under the per-gateway rate cap it is about one
// second's worth, so progress moves and a change never waits long behind a resync.
import type { Logger } from "pino";
import {
  finishSubBatch, markSubBatch, nextChunkMailboxes, renewChunkLeases, type ClaimedResyncChunk,
} from "../../lib/data/mwi-resync-chunks";
import type { DeliveryAttemptRecord } from "../../lib/data/mwi-delivery";
import type { DeliveredState } from "../../lib/data/mwi-refresh";
import { sendLampStates, type LampSendDeps } from "./send-lamp-states";

export interface ResyncChunkDeps extends LampSendDeps {
  /** Lamps per sub-batch. */
  subBatchSize: number;
}

export interface ResyncChunkResult {
  /** Lamps finished by the chunk itself (sent, superseded by a pending change, or with nothing to send). */
  done: number;
  /** Lamps handed to the full delivery path as outbox rows. */
  handedOver: number;
  /** False when the chunk stopped because another worker took it over. */
  finished: boolean;
}

export async function deliverResyncChunk(chunk: ClaimedResyncChunk, deps: ResyncChunkDeps): Promise<ResyncChunkResult> {
  const now = deps.now ?? (() => new Date());
  const log: Logger = deps.logger;
  let { cursor, done, handedOver } = chunk;
  const renewEvery = Math.max(200, Math.floor(deps.leaseMs / 3));
  const renewTimer = setInterval(() => {
    void renewChunkLeases([chunk.id], deps.workerId, new Date(now().getTime() + deps.leaseMs))
      .catch((err) => log.warn({ err }, "renewing a resync chunk's lease failed"));
  }, renewEvery);
  const lost = (): ResyncChunkResult => {
    log.warn({ chunkId: chunk.id, jobId: chunk.jobId }, "resync chunk taken over by another worker; leaving it to them");
    return { done, handedOver, finished: false };
  };

  try {
    for (;;) {
      const ids = await nextChunkMailboxes({ ...chunk, cursor }, deps.subBatchSize);
      const lastId = ids.at(-1) ?? null;
      const last = ids.length < deps.subBatchSize || lastId === chunk.toMailboxId;
      if (lastId && !(await markSubBatch(chunk.id, deps.workerId, ids[0], lastId, new Date(now().getTime() + deps.leaseMs)))) return lost();

      const delivered: DeliveredState[] = [];
      const attempts: DeliveryAttemptRecord[] = [];
      const handOver: string[] = [];
      let finishedHere = 0;
      await sendLampStates(ids.map((id) => ({ item: id, mailboxId: id, queuedAt: chunk.requestedAt, source: "resync" as const, outboxId: null })), deps, {
        write: async (part) => {
          for (const { item: _, ...d } of part.delivered) delivered.push(d);
          attempts.push(...part.attempts);
          handOver.push(...part.handOver);
          finishedHere += part.delivered.length + part.finished.length;
        },
      });
      handedOver += handOver.length;
      // Lamps that left the scope since the job was asked for count as done (nothing to send),
      // and lamps that joined it do not push `done` past the job's total.
      done = last ? Math.max(0, chunk.size - handedOver) : Math.min(Math.max(0, chunk.size - handedOver), done + finishedHere);
      const kept = await finishSubBatch({
        chunk, workerId: deps.workerId, now: now(), lastMailboxId: lastId, last, done, handedOver, delivered, attempts, handOver,
      });
      if (!kept) return lost();
      cursor = lastId ?? cursor;
      if (last) return { done, handedOver, finished: true };
    }
  } finally {
    clearInterval(renewTimer);
  }
}
