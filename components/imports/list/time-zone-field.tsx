'use client';

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Sends the browser's time zone with the filters, so that the days picked are the days the user
 * lives in; until the script runs, the zone the page was drawn in (the server's, or the URL's).
 */
export function TimeZoneField({ initial, hintId }: { initial: string; hintId: string }) {
  const { t } = useTranslation();
  const [timeZone, setTimeZone] = useState(initial);
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (own) setTimeZone(own);
  }, []);
  return (
    <>
      <input type="hidden" name="timeZone" value={timeZone} />
      <p id={hintId} className="field-hint muted">{t('importsList.filters.timeZone', { timeZone })}</p>
    </>
  );
}
