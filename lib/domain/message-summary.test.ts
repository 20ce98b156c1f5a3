import { describe, expect, it } from "vitest";
import { messageSummaryBody, parseMessageSummary } from "./message-summary";
import { countsFromTally } from "./mwi-counts";

describe("RFC 3842 simple-message-summary body", () => {
  it("writes Messages-Waiting, Message-Account and Voice-Message new/old (urgent new/urgent old) with CRLFs", () => {
    const body = messageSummaryBody({ messagesWaiting: true, newCount: 2, oldCount: 8, newUrgentCount: 1, oldUrgentCount: 0 }, "sip:4001@um.contoso.com");
    expect(body).toBe("Messages-Waiting: yes\r\nMessage-Account: sip:4001@um.contoso.com\r\nVoice-Message: 2/8 (1/0)\r\n");
  });

  it("says no when nothing is new, and still reports heard messages", () => {
    expect(messageSummaryBody({ messagesWaiting: false, newCount: 0, oldCount: 3, newUrgentCount: 0, oldUrgentCount: 1 }))
      .toBe("Messages-Waiting: no\r\nVoice-Message: 0/3 (0/1)\r\n");
  });

  it("round-trips through the parser and rejects bodies without Messages-Waiting", () => {
    const counts = { messagesWaiting: true, newCount: 5, oldCount: 0, newUrgentCount: 2, oldUrgentCount: 0 };
    expect(parseMessageSummary(messageSummaryBody(counts, "sip:x@y"))).toEqual({ ...counts, messageAccount: "sip:x@y" });
    expect(parseMessageSummary("Voice-Message: 1/0\r\n")).toBeNull();
    expect(parseMessageSummary("messages-waiting: YES\nvoice-message: 1/2\n")).toMatchObject({ messagesWaiting: true, newCount: 1, oldCount: 2, newUrgentCount: 0 });
  });
});

describe("counts from voice messages", () => {
  it("counts unheard as new and heard as old; urgent ones are a subset of each; protected count like others", () => {
    const c = countsFromTally([
      { heard: false, urgent: false, count: 3 }, { heard: false, urgent: true, count: 1 },
      { heard: true, urgent: true, count: 2 }, { heard: true, urgent: false, count: 4 },
    ]);
    expect(c).toEqual({ messagesWaiting: true, newCount: 4, oldCount: 6, newUrgentCount: 1, oldUrgentCount: 2 });
  });

  it("turns the lamp off when every message is heard", () => {
    expect(countsFromTally([{ heard: true, urgent: false, count: 2 }]).messagesWaiting).toBe(false);
    expect(countsFromTally([]).messagesWaiting).toBe(false);
  });
});
