'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { useHydrated } from '@/components/ui/use-hydrated';

interface Props {
  identifier: string;
  label: string;
  isFirst: boolean;
  isLast: boolean;
  onMove(direction: 'up' | 'down'): void;
  onRemove(): void;
}

/** One chosen identifier: a drag handle, its checkbox, and Move up / Move down. */
export function SortableIdentifier({ identifier, label, isFirst, isLast, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const {
    attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging,
  } = useSortable({ id: identifier, attributes: { roleDescription: t('wizardSettings.matchBy.dnd.roleDescription') } });
  // Before hydration the handle has no listeners yet: disabled, so a drag then is not lost silently.
  const hydrated = useHydrated();
  const style = { transform: CSS.Translate.toString(transform), transition };

  return (
    <li ref={setNodeRef} style={style} className={isDragging ? 'sortable-item dragging' : 'sortable-item'}
      data-identifier={identifier}>
      <button type="button" ref={setActivatorNodeRef} className="drag-handle"
        {...attributes} {...listeners} disabled={!hydrated} aria-label={t('wizardSettings.matchBy.dragHandle', { name: label })}>
        <span aria-hidden="true">⠿</span>
      </button>
      <label className="checkbox-label">
        <input type="checkbox" checked onChange={onRemove} />
        {label}
      </label>
      <span className="sortable-moves">
        <button type="button" className="button small" data-move="up" data-identifier={identifier} disabled={isFirst || !hydrated}
          aria-label={t('wizardSettings.matchBy.moveUpItem', { name: label })} onClick={() => onMove('up')}>
          {t('wizardSettings.matchBy.moveUp')}
        </button>
        <button type="button" className="button small" data-move="down" data-identifier={identifier} disabled={isLast || !hydrated}
          aria-label={t('wizardSettings.matchBy.moveDownItem', { name: label })} onClick={() => onMove('down')}>
          {t('wizardSettings.matchBy.moveDown')}
        </button>
      </span>
    </li>
  );
}
