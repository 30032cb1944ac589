import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { InstanceObserver } from '../runtime/instance-clients.js';
import type { RunRecord } from './stores/stores.js';

/** What the metrics read when scraped: the live revision, and each event flow's queue depth. */
export interface MetricsSources {
  revision(): Promise<number>;
  /** Messages ready in each event flow's queue (flows whose queue could not be looked at are left out). */
  eventBacklogs(): Promise<Map<string, number>>;
}

/**
 * The engine's Prometheus metrics, in a registry of its own (never prom-client's global one):
 * runs by flow and status, records in/out/failed by step, HTTP calls by instance, endpoint and
 * status with latency histograms, event backlogs and dead-lettered messages, the live revision.
 * Labels are names from the project (flows, steps, instances, endpoints) and statuses: never a
 * URL, a header or a record, so no secret can reach them.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly runs: Counter<'flow' | 'status'>;
  private readonly runSeconds: Histogram<'flow'>;
  private readonly records: Counter<'flow' | 'step' | 'kind'>;
  private readonly calls: Counter<'instance' | 'endpoint' | 'status'>;
  private readonly callSeconds: Histogram<'instance' | 'endpoint'>;
  private readonly deadLetters: Counter<'flow'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.runs = new Counter({ name: 'weft_runs_total', help: 'Runs ended, by flow and status.', labelNames: ['flow', 'status'], registers });
    this.runSeconds = new Histogram({ name: 'weft_run_duration_seconds', help: 'How long runs took, start to end, by flow.', labelNames: ['flow'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800], registers });
    this.records = new Counter({ name: 'weft_records_total', help: 'Records each step took in, put out and failed, by flow, step and kind (in, out, failed).', labelNames: ['flow', 'step', 'kind'], registers });
    this.calls = new Counter({ name: 'weft_http_requests_total', help: "HTTP requests flows made (each attempt), by instance, endpoint and status ('error': no answer).", labelNames: ['instance', 'endpoint', 'status'], registers });
    this.callSeconds = new Histogram({ name: 'weft_http_request_duration_seconds', help: 'How long HTTP requests of flows took (each attempt), by instance and endpoint.', labelNames: ['instance', 'endpoint'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.deadLetters = new Counter({ name: 'weft_event_dead_lettered_total', help: 'Messages an event flow gave up on and dead-lettered, by flow.', labelNames: ['flow'], registers });
    new Gauge({
      name: 'weft_revision',
      help: 'The applied revision the engine runs (0: nothing applied).',
      registers,
      async collect() {
        this.set(await sources.revision());
      },
    });
    new Gauge({
      name: 'weft_event_backlog',
      help: "Messages waiting in each event flow's queue, as the broker counts them when scraped.",
      labelNames: ['flow'],
      registers,
      async collect() {
        this.reset();
        for (const [flow, ready] of await sources.eventBacklogs()) this.set({ flow }, ready);
      },
    });
  }

  /** Counts a run that ended: its status, its time, each step's records. */
  runEnded(run: RunRecord): void {
    this.runs.inc({ flow: run.flow, status: run.status });
    if (run.finishedAt) this.runSeconds.observe({ flow: run.flow }, Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
    for (const step of run.steps) {
      for (const kind of ['in', 'out', 'failed'] as const) if (step[kind] > 0) this.records.inc({ flow: run.flow, step: step.id, kind }, step[kind]);
    }
  }

  /** Counts an event flow's message dead-lettered. */
  deadLettered(flow: string): void {
    this.deadLetters.inc({ flow });
  }

  /** Sees every attempt of every HTTP request the flows make. */
  readonly observer: InstanceObserver = (instance, endpoint, _request, response, attempt) => {
    this.calls.inc({ instance, endpoint, status: response ? String(response.status) : 'error' });
    this.callSeconds.observe({ instance, endpoint }, attempt.durationMs / 1000);
  };

  /** The metrics in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
