import type { HistoryEventLike } from '../history/types.js';

// Incremental history reads. The first poll reads the whole history forward (the SDK
// paginator); every later poll reads newest-first and stops at the last event already seen,
// so a steady-state poll is ONE GetExecutionHistory call however long the history is.

export interface HistoryPage {
  events?: HistoryEventLike[];
  nextToken?: string;
}

export interface HistoryPageRequest {
  executionArn: string;
  reverseOrder?: boolean;
  maxResults?: number;
  nextToken?: string;
  includeExecutionData?: boolean;
}

/** What the poller needs from the SDK wrapper (StepFunctions implements it). */
export interface HistorySource {
  getExecutionHistoryPage(request: HistoryPageRequest): Promise<HistoryPage>;
  executionHistoryPages(
    request: Omit<HistoryPageRequest, 'reverseOrder' | 'nextToken'>,
  ): AsyncIterable<HistoryPage>;
}

export interface PollerOptions {
  /** Ask for input/output payloads (only `--json` prints them). */
  includeExecutionData?: boolean;
  /** Events per page of the first, forward read. */
  fullPageSize?: number;
}

const MIN_TAIL_PAGE = 25;
const MAX_PAGE = 1000;

export class HistoryPoller {
  private lastId = 0;
  private lastBatch = 0;
  private readonly includeExecutionData: boolean;
  private readonly fullPageSize: number;

  constructor(
    private readonly source: HistorySource,
    readonly executionArn: string,
    options: PollerOptions = {},
  ) {
    this.includeExecutionData = options.includeExecutionData ?? false;
    this.fullPageSize = options.fullPageSize ?? MAX_PAGE;
  }

  /** The id of the newest event seen so far (0 before the first poll). */
  get lastEventId(): number {
    return this.lastId;
  }

  /** Continue as if every event up to `eventId` had been read (e.g. resuming a watch). */
  resumeAfter(eventId: number): void {
    this.lastId = eventId;
    this.lastBatch = 0;
  }

  /** The events added since the last poll, oldest first (all of them on the first poll). */
  async poll(): Promise<HistoryEventLike[]> {
    const events: HistoryEventLike[] = [];
    for await (const batch of this.pollBatches()) events.push(...batch);
    return events;
  }

  /**
   * The same, one batch per page of the first read, so a long history is processed (and its
   * payloads dropped) page by page instead of held whole. Later polls yield one batch.
   */
  async *pollBatches(): AsyncGenerator<HistoryEventLike[]> {
    let found = 0;
    const batches = this.lastId === 0 ? this.readAll() : this.readTail();
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      this.lastId = Math.max(this.lastId, batch[batch.length - 1].id ?? 0);
      found += batch.length;
      yield batch;
    }
    this.lastBatch = found;
  }

  private async *readAll(): AsyncGenerator<HistoryEventLike[]> {
    for await (const page of this.source.executionHistoryPages({
      executionArn: this.executionArn,
      maxResults: this.fullPageSize,
      includeExecutionData: this.includeExecutionData,
    })) {
      yield page.events ?? [];
    }
  }

  /**
   * Newest first until an event already seen. The first page is sized to what the last poll
   * found (small when quiet), so the response stays small on a long history.
   */
  private async *readTail(): AsyncGenerator<HistoryEventLike[]> {
    yield await this.readTailEvents();
  }

  private async readTailEvents(): Promise<HistoryEventLike[]> {
    const newestFirst: HistoryEventLike[] = [];
    let maxResults = Math.min(MAX_PAGE, Math.max(MIN_TAIL_PAGE, this.lastBatch * 2));
    let nextToken: string | undefined;
    for (;;) {
      const page = await this.source.getExecutionHistoryPage({
        executionArn: this.executionArn,
        reverseOrder: true,
        maxResults,
        includeExecutionData: this.includeExecutionData,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const event of page.events ?? []) {
        if ((event.id ?? 0) <= this.lastId) return newestFirst.reverse();
        newestFirst.push(event);
      }
      if (!page.nextToken) return newestFirst.reverse();
      nextToken = page.nextToken;
      maxResults = MAX_PAGE;
    }
  }
}
