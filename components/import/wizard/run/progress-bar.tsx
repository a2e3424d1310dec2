'use client';

import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface ProgressBarProps {
  label: string;
  done: number;
  /** 0 while the total is not known yet: the bar is then indeterminate. */
  total: number;
}

/** A labelled <progress> with "N of M rows" under it, numbers in the reader's format. */
export function ProgressBar({ label, done, total }: ProgressBarProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const number = new Intl.NumberFormat(i18n.language);
  const text = total > 0
    ? t('wizardRun.progress.rows', { done: number.format(Math.min(done, total)), total: number.format(total) })
    : t('wizardRun.progress.starting');
  return (
    <div className="field run-progress">
      <label htmlFor={id}>{label}</label>
      {total > 0
        ? <progress id={id} max={total} value={Math.min(done, total)} aria-valuetext={text} />
        : <progress id={id} aria-valuetext={text} />}
      <p className="muted">{text}</p>
    </div>
  );
}
