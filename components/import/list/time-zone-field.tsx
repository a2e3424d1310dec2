'use client';

import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Sends the browser's time zone with the filters, so that the days picked are the days the user
 * lives in; until the script runs, the zone the page was drawn in (the server's, or the URL's).
 */
const neverChanges = () => () => {};
const browserTimeZone = (fallback: string) => () => Intl.DateTimeFormat().resolvedOptions().timeZone || fallback;

export function TimeZoneField({ initial, hintId }: { initial: string; hintId: string }) {
  const { t } = useTranslation();
  const timeZone = useSyncExternalStore(neverChanges, browserTimeZone(initial), () => initial);
  return (
    <>
      <input type="hidden" name="timeZone" value={timeZone} />
      <p id={hintId} className="field-hint muted">{t('importsList.filters.timeZone', { timeZone })}</p>
    </>
  );
}
