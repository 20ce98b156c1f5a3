// The REST calls a voice-mail platform makes for every call it answers — a voice message left, a
// missed call — served by their App Router route handlers without going through Next's router.
//
// Why: at the rate issue #4 asks for (200 voice messages/s on one machine) Next's own handling of
// a request (routing, tracing, request/response adaptation, web streams) cost ~2–3 ms of CPU per
// call against ~1 ms for the work itself (bench/cpu-per-request.ts), and the web process was the
// one saturated core (bench/notify-latency.ts). The handler is the very same function the route
// exports (app/api/v1/…/route.ts), given a standard Request and answered with its Response, so
// auth, validation, problem+json errors and the service are shared, not copied.
//
// Only token-authenticated calls (Authorization: Bearer …) take this path, which is how platforms
// and scripts call; a browser session (cookies) goes through Next as every other request does.
import type { IncomingMessage, ServerResponse } from "node:http";
import * as missedCalls from "../app/api/v1/mailboxes/[idOrAlias]/missed-calls/route";
import * as voiceMessages from "../app/api/v1/mailboxes/[idOrAlias]/voice-messages/route";
import { errorResponse } from "../lib/api/problem";
import { AppError } from "../lib/errors";

type RouteHandler = (req: Request, ctx: { params: Promise<{ idOrAlias: string }> }) => Promise<Response>;

const ROUTES: { method: string; path: RegExp; handler: RouteHandler }[] = [
  { method: "POST", path: /^\/api\/v1\/mailboxes\/([^/]+)\/voice-messages\/?$/, handler: voiceMessages.POST },
  { method: "POST", path: /^\/api\/v1\/mailboxes\/([^/]+)\/missed-calls\/?$/, handler: missedCalls.POST },
];

/** A JSON body far larger than any voice message or missed call. */
export const MAX_BODY_BYTES = 1 << 20;

/**
 * Serves the request if it is one of the fast routes and returns true; otherwise returns false
 * and leaves it untouched for Next.
 */
export function serveFastRoute(req: IncomingMessage, res: ServerResponse): boolean {
  if (!/^Bearer\s/i.test(req.headers.authorization ?? "")) return false;
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  for (const route of ROUTES) {
    if (req.method !== route.method) continue;
    const m = route.path.exec(pathname);
    if (!m) continue;
    let idOrAlias: string;
    try {
      idOrAlias = decodeURIComponent(m[1]);
    } catch {
      return false; // a malformed escape: Next answers it as it would any bad URL
    }
    void respond(req, res, route.handler, idOrAlias, pathname);
    return true;
  }
  return false;
}

async function respond(req: IncomingMessage, res: ServerResponse, handler: RouteHandler, idOrAlias: string, pathname: string) {
  let response: Response;
  try {
    const body = await readBody(req);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    // The handlers read only the path and query from the URL; a fixed origin keeps a malformed
    // Host header from mattering.
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: new Uint8Array(body) as Uint8Array<ArrayBuffer> });
    response = await handler(request, { params: Promise.resolve({ idOrAlias }) });
  } catch (err) {
    response = errorResponse(err, pathname);
  }
  try {
    const payload = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => { out[name] = value; });
    out["content-length"] = String(payload.length);
    if (!req.complete) {
      out.connection = "close";
      res.on("finish", () => req.destroy());
    }
    res.writeHead(response.status, out);
    res.end(payload);
  } catch {
    res.destroy();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the answer closes the connection (the rest of the body is never read).
        req.removeAllListeners("data");
        req.pause();
        reject(new AppError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      parts.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}
