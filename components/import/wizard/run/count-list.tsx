import { getRequestLocale } from '@/app/_server/i18n';

export interface Count {
  /** Unique within the page: the ids that tie each value to its label. */
  id: string;
  label: string;
  value: number;
}

/**
 * Counts as a definition list, each value labelled by its term (aria-labelledby), so that
 * assistive technology and tests read "Imported contacts: 985".
 */
export async function CountList({ counts, label }: { counts: Count[]; label?: string }) {
  const number = new Intl.NumberFormat(await getRequestLocale());
  return (
    <dl className="details run-counts" aria-label={label}>
      {counts.map(({ id, label: term, value }) => (
        <div key={id} className="run-count">
          <dt id={`count-${id}`}>{term}</dt>
          <dd aria-labelledby={`count-${id}`}>{number.format(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
