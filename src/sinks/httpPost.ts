/** One HTTP POST to a receiver, classified the way every receiver is retried. */

export type PostOutcome =
  | { kind: 'delivered'; status: number }
  /** 429, 5xx, a timeout or a network failure: try again later (after retryAfterMs when the receiver said). */
  | { kind: 'retry'; status: number | undefined; reason: string; retryAfterMs?: number }
  /** Any other answer: the receiver will never take this request; the body says why. */
  | { kind: 'rejected'; status: number; body: string };

export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Statuses that mean delivered; default every 2xx. */
  accepted?: (status: number) => boolean;
}

/** Response bodies kept in a rejection (a dead letter must stay small). */
export const MAX_KEPT_BODY = 4096;

export async function postJson(request: PostRequest): Promise<PostOutcome> {
  const accepted = request.accepted ?? ((status: number) => status >= 200 && status < 300);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'driftwatch', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      // A redirect is a wrong URL, not an outage: it is refused (dead-lettered) like any other non-retryable answer.
      redirect: 'manual',
    });
  } catch (error) {
    const name = (error as Error).name;
    const reason = name === 'TimeoutError' ? `no answer within ${request.timeoutMs} ms` : `${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`;
    return { kind: 'retry', status: undefined, reason };
  }
  let body = '';
  try {
    body = (await response.text()).slice(0, MAX_KEPT_BODY);
  } catch (error) {
    if (accepted(response.status)) return { kind: 'delivered', status: response.status };
    return { kind: 'retry', status: response.status, reason: `answer cut off: ${(error as Error).message}` };
  }
  if (accepted(response.status)) return { kind: 'delivered', status: response.status };
  if (response.status === 429 || response.status >= 500 || response.status === 408) {
    return { kind: 'retry', status: response.status, reason: `answered ${response.status}`, ...retryAfter(response.headers.get('retry-after')) };
  }
  return { kind: 'rejected', status: response.status, body };
}

function retryAfter(header: string | null): { retryAfterMs?: number } {
  if (header === null) return {};
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  const at = Date.parse(header);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - Date.now()) };
}
