import type { ReactNode } from 'react';

/**
 * A table that may be wider than the page: it scrolls inside its own frame (focusable, so the
 * keyboard scrolls it too, and named for screen readers), and the page itself never scrolls
 * sideways. Give the key column `sticky-col` to keep it in view.
 */
export function TableFrame({ label, labelledBy, caption, className, children }: {
  /** The frame's name: the id of the heading that names it, else a text. */
  labelledBy?: string;
  label?: string;
  /** The table's caption, for screen readers. */
  caption?: string;
  className?: string;
  children: ReactNode;
}) {
  const name = labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': label };
  return (
    <div className="table-frame" role="region" {...name} tabIndex={0}>
      <table className={className ? `table ${className}` : 'table'}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}
