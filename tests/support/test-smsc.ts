// A real SMPP 3.4 server for tests (the `smpp` package's server side), standing in for an SMSC:
// it checks the bind, answers submit_sm with message ids, and can then send a delivery receipt
// (deliver_sm). Per destination a test can make it reject (ESME_RTHROTTLED, ESME_RSUBMITFAIL…),
// hold the answer (to crash a worker mid-send), or drop the connection mid-session.
import type { AddressInfo } from "node:net";
import smpp, { type PDU, type Session } from "smpp";

export interface ReceivedSubmit {
  at: number;
  /** destination_addr as sent (E.164 digits, no "+"). */
  to: string;
  text: string;
  dataCoding: number;
  /** [ref, total, seq] of a concatenated part, else null. */
  concat: [number, number, number] | null;
  messageId: string;
}

export interface SubmitDecision {
  /** command_status for the submit_sm_resp (0 = accepted). */
  status?: number;
  /** Answer after this many ms. */
  holdMs?: number;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
  /** Delivery receipt after acceptance: DELIVRD (default), UNDELIV, or none. */
  receipt?: "DELIVRD" | "UNDELIV" | null;
}

export interface TestSmsc {
  port: number;
  submits: ReceivedSubmit[];
  /** Successful binds so far (a reconnect adds one). */
  binds: () => number;
  /** Decides the answer to each submit_sm; `n` counts earlier submits to the same number. */
  decide: (s: ReceivedSubmit, n: number) => SubmitDecision;
  /** Whole texts received for a number (concatenated parts joined). */
  textsTo: (digits: string) => string[];
  /** Cuts every client connection (an SMSC restart, a network blip). */
  dropAll: () => void;
  close: () => Promise<void>;
}

export async function startTestSmsc(o: { systemId: string; password: string }): Promise<TestSmsc> {
  let bindCount = 0;
  let nextId = 1000;
  const sessions = new Set<Session>();
  const smsc: TestSmsc = {
    port: 0,
    submits: [],
    binds: () => bindCount,
    decide: () => ({}),
    textsTo: (digits) => {
      const texts: string[] = [];
      const parts = new Map<number, string[]>();
      for (const s of smsc.submits.filter((x) => x.to === digits)) {
        if (!s.concat) { texts.push(s.text); continue; }
        const [ref, total, seq] = s.concat;
        const list = parts.get(ref) ?? [];
        list[seq - 1] = s.text;
        parts.set(ref, list);
        if (list.filter(Boolean).length === total) { texts.push(list.join("")); parts.delete(ref); }
      }
      return texts;
    },
    dropAll: () => { for (const s of sessions) s.destroy(); },
    close: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = smpp.createServer((session: Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    session.on("error", () => undefined);
    let bound = false;
    session.on("bind_transceiver", (pdu: PDU) => {
      if (pdu.system_id !== o.systemId || pdu.password !== o.password) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RBINDFAIL }));
        return;
      }
      bound = true;
      bindCount++;
      session.send(pdu.response({ system_id: "test-smsc" }));
    });
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => { session.send(pdu.response()); session.close(); });
    session.on("submit_sm", (pdu: PDU) => {
      if (!bound) { session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS })); return; }
      const sm = pdu.short_message as { message?: string; udh?: Buffer[] };
      const udh = sm.udh?.find((u) => u[0] === 0x00);
      const messageId = String(nextId++);
      const record: ReceivedSubmit = {
        at: Date.now(), to: String(pdu.destination_addr), text: String(sm.message ?? ""), dataCoding: Number(pdu.data_coding),
        concat: udh ? [udh[2], udh[3], udh[4]] : null, messageId,
      };
      const n = smsc.submits.filter((x) => x.to === record.to).length;
      smsc.submits.push(record);
      const d = smsc.decide(record, n);
      const answer = () => {
        if (d.drop) { session.destroy(); return; }
        const status = d.status ?? 0;
        session.send(pdu.response(status === 0 ? { message_id: messageId } : { command_status: status }));
        const receipt = d.receipt === undefined ? "DELIVRD" : d.receipt;
        if (status !== 0 || !receipt) return;
        setTimeout(() => session.deliver_sm({
          source_addr: record.to, destination_addr: String(pdu.source_addr), esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvrd:${receipt === "DELIVRD" ? "001" : "000"} submit date:2611260701 done date:2611260701 stat:${receipt} err:${receipt === "DELIVRD" ? "000" : "001"} text:`,
          receipted_message_id: messageId, message_state: receipt === "DELIVRD" ? 2 : 5,
        }), 20);
      };
      if (d.holdMs) setTimeout(answer, d.holdMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  smsc.port = (server.address() as AddressInfo).port;
  return smsc;
}
