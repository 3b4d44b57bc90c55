/**
 * Fault injection for the Discord stand-in: what a flaky network and a busy Discord do
 * to a request, as rules tests add and remove. Pure bookkeeping: the HTTP layer asks
 * `Faults.take(request)` what to do with each request and carries it out.
 */

export type FaultAction =
  /**
   * answer with this status (a Discord error body; for 429 with `retry_after` and the rate-limit
   * headers); with `after`, the request is processed first (Discord did it, the answer says otherwise)
   */
  | {
      status: number;
      code?: number;
      message?: string;
      retryAfter?: number;
      global?: boolean;
      after?: boolean;
    }
  /** process the request, then close the connection without an answer (the answer is lost) */
  | { drop: "after" }
  /** close the connection without processing the request */
  | { drop: "before" }
  /** process the request, answer only after `delayMs` (beyond the client's timeout, the client aborts) */
  | { delayMs: number };

export interface FaultRule {
  method?: string;
  /** a route pattern with `:params` (`/channels/:channel/messages`), an exact path, or a predicate */
  path: string | ((path: string, method: string) => boolean);
  action: FaultAction;
  /** how many matching requests it applies to (default: every one until removed) */
  times?: number;
}

interface ActiveRule extends FaultRule {
  left: number;
}

function matches(pattern: FaultRule["path"], path: string, method: string): boolean {
  if (typeof pattern === "function") return pattern(path, method);
  const want = pattern.split("/");
  const got = path.split("/");
  return want.length === got.length && want.every((part, i) => part.startsWith(":") || part === got[i]);
}

export class Faults {
  private rules: ActiveRule[] = [];

  /** adds a rule; returns a function that removes it */
  add(rule: FaultRule): () => void {
    const active = { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** the action for this request, counting it against the rule's `times` */
  take(method: string, path: string): FaultAction | undefined {
    const rule = this.rules.find(
      (r) => r.left > 0 && (!r.method || r.method === method) && matches(r.path, path, method),
    );
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.action;
  }
}

/**
 * Discord's global rate limit as a token bucket: `perSecond` requests a second on
 * average, bursts up to `perSecond`. Interaction callbacks are not counted (Discord
 * exempts them). A request over the limit gets 429 with `retry_after` in seconds.
 */
export class GlobalRateLimit {
  private tokens: number;
  private last: number;
  /** 429s answered so far */
  limited = 0;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = perSecond;
    this.last = this.now();
  }

  /** null when the request may go through, otherwise seconds until it may */
  take(): number | null {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    this.limited += 1;
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond) / 1000;
  }
}

/**
 * Message nonces as Discord handles them with `enforce_nonce: true`: a nonce the same
 * author used in the same channel within the window returns that first message.
 */
export class NonceWindow {
  private seen = new Map<string, { messageId: string; at: number }>();

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** the message created earlier with this nonce, if it is still inside the window */
  find(channelId: string, authorId: string, nonce: string): string | undefined {
    const hit = this.seen.get(`${channelId}|${authorId}|${nonce}`);
    return hit && this.now() - hit.at < this.windowMs ? hit.messageId : undefined;
  }

  remember(channelId: string, authorId: string, nonce: string, messageId: string): void {
    this.seen.set(`${channelId}|${authorId}|${nonce}`, { messageId, at: this.now() });
  }
}
