/** How many failed sign-ins the dashboard takes, and for how long it remembers them. */
export interface SignInLimits {
  /** Failures from one client address within the window, beyond which its sign-ins are refused. */
  perClient: number;
  /** Failures from all clients within the window, beyond which every sign-in is refused. */
  overall: number;
  windowMs: number;
}

export const defaultSignInLimits: SignInLimits = { perClient: 10, overall: 100, windowMs: 10 * 60_000 };

/**
 * The dashboard's failed sign-ins, remembered for a while. Past `perClient` failures from one
 * address, or `overall` from every address, within the window, a sign-in is refused (429 with
 * Retry-After) without its token being looked at, over however many connections the guesses
 * come. A sign-in under way counts as a failure until it succeeds: guesses sent all at once are
 * not all tried. What is remembered is bounded by `overall`.
 */
export class SignInLimiter {
  /** Failures within the window, oldest first. */
  private readonly failures: { at: number; client: string }[] = [];
  /** Sign-ins under way, per client. */
  private readonly pending = new Map<string, number>();
  private pendingCount = 0;

  constructor(
    private readonly limits: SignInLimits = defaultSignInLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Undefined when a sign-in from `client` may be tried now (it is then under way until `failed`,
   * `succeeded` or `abandoned`); else how many seconds to wait.
   */
  begin(client: string): number | undefined {
    const now = this.now();
    while (this.failures.length > 0 && this.failures[0]!.at <= now - this.limits.windowMs) this.failures.shift();
    const ofClient = this.failures.filter((failure) => failure.client === client);
    const waitFor = (failures: readonly { at: number }[]) => Math.max(1, Math.ceil(((failures[0]?.at ?? now) + this.limits.windowMs - now) / 1000));
    if (ofClient.length + (this.pending.get(client) ?? 0) >= this.limits.perClient) return ofClient.length > 0 ? waitFor(ofClient) : 1;
    if (this.failures.length + this.pendingCount >= this.limits.overall) return this.failures.length > 0 ? waitFor(this.failures) : 1;
    this.pending.set(client, (this.pending.get(client) ?? 0) + 1);
    this.pendingCount++;
    return undefined;
  }

  /** A sign-in under way gave a wrong token. */
  failed(client: string): void {
    this.end(client);
    this.failures.push({ at: this.now(), client });
  }

  /** A sign-in under way gave a right token: the client's failures are forgotten. */
  succeeded(client: string): void {
    this.end(client);
    for (let index = this.failures.length - 1; index >= 0; index--) if (this.failures[index]!.client === client) this.failures.splice(index, 1);
  }

  /** A sign-in under way ended without a token to judge (a malformed request). */
  abandoned(client: string): void {
    this.end(client);
  }

  private end(client: string): void {
    const count = this.pending.get(client) ?? 0;
    if (count <= 1) this.pending.delete(client);
    else this.pending.set(client, count - 1);
    if (count > 0) this.pendingCount--;
  }
}

/** The client a request came from, for counting its sign-ins: its socket's address (an IPv4 address mapped into IPv6 as the IPv4 one). */
export function clientAddress(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice('::ffff:'.length) : remoteAddress;
}
