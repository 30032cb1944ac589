import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { BlockList, isIP as netIsIP, isIPv4, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { loadOnDemand } from './load-on-demand.js';

/** `spec.egress` of weft.yaml, as compiled into each instance of the bundle. */
export interface EgressSpec {
  /** When given, the only destinations: host names, `*.domain`, IP addresses and CIDR ranges. */
  allow?: string[];
  /** Destinations refused besides the defaults, in the same forms; a deny wins over an allow. */
  deny?: string[];
}

/** A request the egress policy refuses: never retried, never sent. */
export class EgressRefused extends Error {}

/**
 * 4, 6 or 0, as node:net's isIP; a text without a colon is never IPv6, so host names never make
 * V8 compile node:net's IPv6 pattern (milliseconds of every `weft validate`).
 */
function isIP(text: string): 0 | 4 | 6 {
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  return netIsIP(text) as 0 | 4 | 6;
}

/**
 * Refused by default: link-local ranges, where cloud metadata services answer (169.254.169.254),
 * and the metadata addresses outside them (AWS over IPv6, Alibaba Cloud).
 */
let linkLocalRanges: BlockList | undefined;

/** Made on first use: building it (V8 compiling node:net's IPv6 pattern) is milliseconds of every `weft validate`. */
function linkLocal(): BlockList {
  return (linkLocalRanges ??= blockList(['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254', '100.100.100.200']));
}

/** What a policy entry is: a host name (exact or `*.` for every subdomain), or addresses. */
type Entry = { host: string; wildcard: boolean } | { range: string };

/** Parses one `allow`/`deny` entry; undefined when it is none of the accepted forms. */
export function parseEgressEntry(text: string): Entry | undefined {
  const entry = text.trim().toLowerCase();
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address!.replace(/^\[|\]$/g, ''));
  if (family !== 0) {
    if (extra !== undefined) return undefined;
    if (bits === undefined) return { range: entry.replace(/^\[|\]$/g, '') };
    const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    return prefix <= (family === 4 ? 32 : 128) ? { range: `${address!.replace(/^\[|\]$/g, '')}/${prefix}` } : undefined;
  }
  const wildcard = entry.startsWith('*.');
  const host = (wildcard ? entry.slice(2) : entry).replace(/\.$/, '');
  // A DNS name: labels of letters, digits and hyphens (underscores occur in service records).
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(host) ? { host, wildcard } : undefined;
}

/**
 * Where the engine itself listens. A flow must not reach its own engine's admin API or webhooks
 * (an API that answers with a redirect, or settings that name it, would otherwise make the
 * engine call itself with whatever a record says). Filled in once the server listens.
 */
export class EngineAddresses {
  private readonly listeners: { host: string; port: number }[] = [];

  /** How many addresses are recorded (a policy's decisions depend on them). */
  get size(): number {
    return this.listeners.length;
  }

  listening(host: string, port: number): void {
    this.listeners.push({ host: host.toLowerCase().replace(/^\[|\]$/g, ''), port });
  }

  /** Whether a connection to this address and port would reach the engine. */
  includes(address: string, port: number): boolean {
    for (const listener of this.listeners) {
      if (listener.port !== port) continue;
      if (listener.host === address) return true;
      // localhost and the unspecified addresses: the engine answers on every local address then.
      if (listener.host === 'localhost' && isLoopback(address)) return true;
      if ((listener.host === '0.0.0.0' || listener.host === '::') && isLocal(address)) return true;
      // 0.0.0.0 as a destination is this machine on Linux: it reaches a loopback listener.
      if (isUnspecified(address) && isLoopback(listener.host)) return true;
    }
    return false;
  }
}

/** Resolves a host name to all its addresses (the system resolver; tests give their own). */
export type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void, options?: { hints?: number; order?: string }) => void;

const resolveWithSystem: Resolver = (hostname, callback, options = {}) =>
  systemDns().lookup(hostname, { all: true, ...(options.hints !== undefined && { hints: options.hints }), ...(options.order !== undefined && { order: options.order }) } as LookupAllOptions, callback);


/**
 * The egress policy of one instance: `spec.egress` of the project, the engine's own addresses,
 * and link-local ranges refused unless an allow entry names them by address. Checked on the
 * address a connection is made to (the lookup the socket itself uses), so a name that resolves
 * elsewhere the second time (DNS rebinding) cannot get past it.
 */
export class EgressGuard {
  private readonly allowHosts: { host: string; wildcard: boolean }[] = [];
  private readonly denyHosts: { host: string; wildcard: boolean }[] = [];
  private readonly allowRanges: BlockList | undefined;
  private readonly denyRanges: BlockList | undefined;
  private readonly restricted: boolean;
  private readonly decided = new Map<string, string | undefined>();

  constructor(
    spec: EgressSpec | undefined,
    private readonly engine: EngineAddresses | undefined,
    private readonly resolve: Resolver = resolveWithSystem,
  ) {
    const split = (texts: readonly string[] | undefined, hosts: { host: string; wildcard: boolean }[]) => {
      const ranges: string[] = [];
      for (const text of texts ?? []) {
        const entry = parseEgressEntry(text);
        // The compiler refuses bad entries; one that gets here anyway (a hand-made bundle) is not silently dropped from a deny list.
        if (!entry) throw new EgressRefused(`spec.egress: '${text}' is not a host name, *.domain, IP address or CIDR range`);
        if ('range' in entry) ranges.push(entry.range);
        else hosts.push(entry);
      }
      return ranges.length > 0 ? blockList(ranges) : undefined;
    };
    this.allowRanges = split(spec?.allow, this.allowHosts);
    this.denyRanges = split(spec?.deny, this.denyHosts);
    this.restricted = spec?.allow !== undefined;
  }

  /** Why a connection to this address (of this host name) and port is refused; undefined when it is allowed. */
  refusal(hostname: string, address: string, port: number): string | undefined {
    const ip = unmapped(address);
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const named = host === ip ? ip : `${host} (${ip})`;
    if (this.engine?.includes(ip, port)) return `${named} port ${port} is the engine's own address`;
    if (matchesHost(this.denyHosts, host) || contains(this.denyRanges, ip)) return `${named} is denied by spec.egress.deny`;
    const allowedByAddress = contains(this.allowRanges, ip);
    if (this.restricted && !allowedByAddress && !matchesHost(this.allowHosts, host)) return `${named} is not in spec.egress.allow`;
    if (contains(linkLocal(), ip) && !allowedByAddress) return `${named} is link-local, where cloud metadata services answer; list it in spec.egress.allow if it is meant`;
    return undefined;
  }

  /** Why a request to this host is refused before any lookup: a literal address, or a name the policy names. */
  hostRefusal(hostname: string, port: number): string | undefined {
    const key = `${hostname} ${port} ${this.engine?.size ?? 0}`;
    if (this.decided.has(key)) return this.decided.get(key);
    const refusal = this.hostRefusalOf(hostname, port);
    // A send step asks for the same host for every record: decided once (the engine's addresses
    // are part of the key, as `weft engine start` adds them once it listens).
    if (this.decided.size >= 1000) this.decided.clear();
    this.decided.set(key, refusal);
    return refusal;
  }

  private hostRefusalOf(hostname: string, port: number): string | undefined {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) return this.refusal(host, host, port);
    const name = host.toLowerCase().replace(/\.$/, '');
    if (this.engine?.includes(name, port)) return `${name} port ${port} is the engine's own address`;
    if (matchesHost(this.denyHosts, name)) return `${name} is denied by spec.egress.deny`;
    // With no address ranges allowed, a name not listed cannot resolve to anything allowed.
    if (this.restricted && this.allowRanges === undefined && !matchesHost(this.allowHosts, name)) return `${name} is not in spec.egress.allow`;
    return undefined;
  }

  /** The lookup a request's socket uses: the addresses this policy refuses are never connected to. */
  lookup(port: number): LookupFunction {
    return (hostname, options, callback) => {
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
      this.resolve(hostname, (error, addresses) => {
        if (error) return callback(error, []);
        const candidates = addresses.filter((entry) => family === 0 || entry.family === family);
        const refusals: string[] = [];
        const allowed = candidates.filter((entry) => {
          const refusal = this.refusal(hostname, entry.address, port);
          if (refusal) refusals.push(refusal);
          return refusal === undefined;
        });
        if (refusals.length === 0 && allowed.length === 0) {
          // Nothing to connect to is what DNS says, not the policy: a lookup failure like any other.
          return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), []);
        }
        if (allowed.length === 0) return callback(new EgressRefused(`refused by the egress policy: ${refusals[0]}`), []);
        if (options.all) return callback(null, allowed);
        callback(null, allowed[0]!.address, allowed[0]!.family);
      }, { hints: options.hints, order: (options as { order?: string }).order });
    };
  }
}

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, bits] = range.split('/');
    const type = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  return list;
}

function contains(list: BlockList | undefined, address: string): boolean {
  if (!list) return false;
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function matchesHost(entries: readonly { host: string; wildcard: boolean }[], host: string): boolean {
  return entries.some((entry) => (entry.wildcard ? host.endsWith(`.${entry.host}`) : host === entry.host));
}

/**
 * An IPv6 address that carries an IPv4 one as the IPv4 address it reaches: IPv4-mapped
 * (::ffff:169.254.169.254) and NAT64's well-known prefix (64:ff9b::a9fe:a9fe).
 */
function unmapped(address: string): string {
  const lower = address.toLowerCase().replace(/%.*$/, '');
  const nat64 = /^64:ff9b::(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/.exec(lower);
  if (nat64) return nat64[3] ?? `${parseInt(nat64[1]!, 16) >> 8}.${parseInt(nat64[1]!, 16) & 255}.${parseInt(nat64[2]!, 16) >> 8}.${parseInt(nat64[2]!, 16) & 255}`;
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return lower;
}

/** Whether a host or address only reaches this machine (localhost, 127.0.0.0/8, ::1 in any spelling). */
export function isLoopback(host: string): boolean {
  const address = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (address === 'localhost') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) === 6) return address === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(address) || /^::ffff:127\./.test(address);
  return false;
}

function isUnspecified(address: string): boolean {
  return address === '::' || (isIP(address) === 4 && address.startsWith('0.'));
}

/** An address of this machine: loopback, unspecified, or one of its interfaces'. */
function isLocal(address: string): boolean {
  if (isLoopback(address) || isUnspecified(address)) return true;
  return Object.values(networkInterfaces()).some((entries) => entries?.some((entry) => entry.address.toLowerCase() === address));
}

let dns: typeof import('node:dns') | undefined;

/** node:dns on the first lookup, not when `weft validate` loads the egress rule. */
function systemDns(): typeof import('node:dns') {
  return (dns ??= loadOnDemand<typeof import('node:dns')>('node:dns'));
}
