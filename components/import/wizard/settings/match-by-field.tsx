'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors,
  type Announcements, type DragEndEvent, type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { MATCH_IDENTIFIERS, type MatchIdentifier } from '@/lib/import/rows/fields';
import { SortableIdentifier } from './sortable-identifier';

interface Props {
  value: readonly string[];
  onChange(next: MatchIdentifier[]): void;
  /** An i18n key. */
  error?: string;
}

type Focus = { identifier: string; direction: 'up' | 'down' } | null;

/**
 * "Match contacts by": a checkbox per identifier; the chosen ones in the order they are tried,
 * reordered by dragging the handle (mouse or touch), by keyboard on the handle (Space, arrows,
 * Space), or with the Move up / Move down buttons. Every move is announced.
 */
export function MatchByField({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const baseId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const [focus, setFocus] = useState<Focus>(null);
  const [status, setStatus] = useState('');
  const chosen = value.filter((id): id is MatchIdentifier => (MATCH_IDENTIFIERS as readonly string[]).includes(id));
  const others = MATCH_IDENTIFIERS.filter((id) => !chosen.includes(id));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const label = (id: UniqueIdentifier) => t(`profiles.identifiers.${String(id)}`);
  const place = (id: UniqueIdentifier | undefined) => ({ position: chosen.indexOf(id as MatchIdentifier) + 1, total: chosen.length });

  // dnd-kit reports "over" its own place right after the pick-up: announce only real moves, so
  // that "Picked up" is not replaced before it is read.
  const lastOver = useRef<UniqueIdentifier | null>(null);
  // The announcements change only when the order does (a new array each render otherwise).
  const chosenOrder = chosen.join();
  const announcements = useMemo<Announcements>(() => ({
    onDragStart: ({ active }) => {
      lastOver.current = active.id;
      return t('wizardSettings.matchBy.dnd.picked', { name: label(active.id), ...place(active.id) });
    },
    onDragOver: ({ active, over }) => {
      if ((over?.id ?? null) === lastOver.current) return undefined;
      lastOver.current = over?.id ?? null;
      return over
        ? t('wizardSettings.matchBy.dnd.over', { name: label(active.id), ...place(over.id) })
        : t('wizardSettings.matchBy.dnd.outside', { name: label(active.id) });
    },
    onDragEnd: ({ active, over }) => (over
      ? t('wizardSettings.matchBy.dnd.dropped', { name: label(active.id), ...place(over.id) })
      : t('wizardSettings.matchBy.dnd.cancelled', { name: label(active.id) })),
    onDragCancel: ({ active }) => t('wizardSettings.matchBy.dnd.cancelled', { name: label(active.id) }),
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [t, chosenOrder]);

  // A moved item's button keeps the focus (React moves the element; browsers may drop its focus).
  useEffect(() => {
    if (!focus || !listRef.current) return;
    const selector = (direction: string) => `button[data-move="${direction}"][data-identifier="${focus.identifier}"]`;
    const button = listRef.current.querySelector<HTMLButtonElement>(selector(focus.direction));
    const target = button && !button.disabled ? button
      : listRef.current.querySelector<HTMLButtonElement>(selector(focus.direction === 'up' ? 'down' : 'up'));
    target?.focus();
    setFocus(null);
  }, [focus]);

  const move = (index: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    if (to < 0 || to >= chosen.length) return;
    const identifier = chosen[index];
    onChange(arrayMove(chosen, index, to));
    setStatus(t('wizardSettings.matchBy.dnd.dropped', { name: label(identifier), position: to + 1, total: chosen.length }));
    setFocus({ identifier, direction });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onChange(arrayMove(chosen, chosen.indexOf(active.id as MatchIdentifier), chosen.indexOf(over.id as MatchIdentifier)));
  };
  const describedBy = [`${baseId}-hint`, error ? `${baseId}-error` : ''].filter(Boolean).join(' ');

  return (
    <fieldset className="field match-by" aria-describedby={describedBy}>
      <legend>{t('wizardSettings.matchBy.label')}</legend>
      <p id={`${baseId}-hint`} className="muted field-hint">{t('wizardSettings.matchBy.hint')}</p>
      {chosen.length === 0 && <p className="muted">{t('wizardSettings.matchBy.noneChosen')}</p>}
      <DndContext id={baseId} sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('wizardSettings.matchBy.dnd.instructions') } }}>
        <SortableContext items={chosen} strategy={verticalListSortingStrategy}>
          <ol ref={listRef} className="sortable-list" aria-label={t('wizardSettings.matchBy.chosenList')}>
            {chosen.map((identifier, index) => (
              <SortableIdentifier key={identifier} identifier={identifier} label={label(identifier)}
                isFirst={index === 0} isLast={index === chosen.length - 1}
                onMove={(direction) => move(index, direction)}
                onRemove={() => onChange(chosen.filter((id) => id !== identifier))} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {others.length > 0 && (
        <ul className="plain-list match-by-others" aria-label={t('wizardSettings.matchBy.otherList')}>
          {others.map((identifier) => (
            <li key={identifier}>
              <label className="checkbox-label">
                <input type="checkbox" checked={false} onChange={() => onChange([...chosen, identifier])} />
                {label(identifier)}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="visually-hidden">{status}</p>
      {error && <p id={`${baseId}-error`} className="field-error">{t(error)}</p>}
    </fieldset>
  );
}
