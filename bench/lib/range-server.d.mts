/** Types of range-server.mjs (the one static server honouring byte ranges; see there). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Requests answered, ranges served and body bytes sent. */
export interface RangeStats {
  requests: number;
  ranges: number;
  bytes: number;
}

export interface RangeServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

export function rangeHandler(
  dir: string,
  options?: { keepOpen?: boolean; stats?: RangeStats },
): (req: IncomingMessage, res: ServerResponse) => void;
export function serveRangesHere(dir: string): Promise<RangeServer & { stats: RangeStats }>;
export function serveRanges(dir: string): Promise<RangeServer>;
