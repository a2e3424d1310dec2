'use client';

import { useId } from 'react';

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

interface ChoiceFieldProps {
  legend: string;
  choices: readonly Choice[];
  value: string;
  onChange(value: string): void;
  /** An already translated message. */
  error?: string;
}

/** One choice among a few, each with what it does in words (radio buttons in a fieldset). */
export function ChoiceField({ legend, choices, value, onChange, error }: ChoiceFieldProps) {
  const baseId = useId();
  return (
    <fieldset className="field" aria-describedby={error ? `${baseId}-error` : undefined}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <div key={choice.value} className="radio-option">
          <input type="radio" id={`${baseId}-${choice.value}`} name={baseId} value={choice.value}
            checked={value === choice.value} onChange={() => onChange(choice.value)}
            aria-describedby={choice.hint ? `${baseId}-${choice.value}-hint` : undefined} />
          <label htmlFor={`${baseId}-${choice.value}`}>{choice.label}</label>
          {choice.hint && <p id={`${baseId}-${choice.value}-hint`} className="muted field-hint">{choice.hint}</p>}
        </div>
      ))}
      {error && <p id={`${baseId}-error`} className="field-error">{error}</p>}
    </fieldset>
  );
}
