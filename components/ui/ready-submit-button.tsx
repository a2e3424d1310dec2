'use client';

import type { ReactNode } from 'react';
import { useHydrated } from './use-hydrated';

/**
 * A form's submit button that waits for the page's scripts: React resets a select to its
 * server-drawn value when it hydrates, so a choice made before that would be sent unseen.
 */
export function ReadySubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const hydrated = useHydrated();
  return <button type="submit" className={className} disabled={!hydrated}>{children}</button>;
}
