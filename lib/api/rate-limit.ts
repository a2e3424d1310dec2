import type { AppDatabase } from '../../db/client';
import { countTokenCall } from '../../db/queries/tokens';
import { config, type AppConfig } from '../config';

export const RATE_WINDOW_SECONDS = 60;

/** Calls allowed per token per minute: `API_RATE_LIMIT_PER_MINUTE` (default 600). */
export function apiRateLimit(settings: AppConfig = config()): number {
  return settings.API_RATE_LIMIT_PER_MINUTE;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window ends (at least 1). */
  resetSeconds: number;
}

/**
 * Counts the call against its token's window. Like the sign-in limit (lib/auth/rate-limit.ts)
 * the count lives in the database, so it holds across every instance; a fixed window on the
 * token's own row keeps it to one statement per call and no table growing with the traffic.
 */
export async function takeRateLimit(db: AppDatabase, tokenId: string, limit = apiRateLimit(), now = Date.now()): Promise<RateDecision> {
  const { count, windowStart } = await countTokenCall(db, tokenId, RATE_WINDOW_SECONDS);
  const endsIn = windowStart.getTime() + RATE_WINDOW_SECONDS * 1000 - now;
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.min(RATE_WINDOW_SECONDS, Math.max(1, Math.ceil(endsIn / 1000))),
  };
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
}
