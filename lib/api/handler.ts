// Route handlers stay thin: authenticate, parse, call one service, answer JSON or problem+json.
import { dbReady } from "../db";
import { AppError, ValidationError } from "../errors";
import { requireAdmin, requirePrincipal, type Principal } from "../auth/principal";
import { errorResponse, jsonResponse } from "./problem";
import { parseListQuery } from "../services/paging";

export type Access = "admin" | "signed-in";

interface Args<P> {
  req: Request;
  who: Principal;
  params: P;
  query: ReturnType<typeof parseListQuery>;
}

export function handler<P extends Record<string, string> = Record<string, never>>(
  access: Access,
  fn: (a: Args<P>) => Promise<unknown>,
  opts: { status?: number } = {},
) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(req.url);
    try {
      await dbReady();
      const who = access === "admin" ? await requireAdmin(req.headers) : await requirePrincipal(req.headers);
      const result = await fn({ req, who, params: await ctx.params, query: parseListQuery(url.searchParams) });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return jsonResponse(result, opts.status ?? 200);
    } catch (e) {
      return errorResponse(e, url.pathname);
    }
  };
}

/**
 * The request's JSON body. Requiring application/json also keeps cross-site HTML forms (which
 * can't send it without a CORS preflight) from using a signed-in admin's cookie.
 */
export async function jsonBody(req: Request): Promise<unknown> {
  if (!/^application\/(.+\+)?json\b/i.test(req.headers.get("content-type") ?? "")) {
    throw new AppError(415, "Unsupported Media Type", "Send the body as JSON with Content-Type: application/json.");
  }
  try {
    return await req.json();
  } catch {
    throw ValidationError.field("", "The body is not valid JSON.");
  }
}
