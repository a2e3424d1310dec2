import { describe, expect, it } from 'vitest';
import { copyLine } from '@/db/copy';
import { contactCopyLine, WRITTEN_COLUMNS } from '@/lib/import/engine/contact-columns';
import { emptyFields, emptyPhoneDisplay, type ContactState } from '@/lib/import/engine/contact-state';

// The engine writes a contact's COPY line straight from its state; it must say what copyLine
// says for the same values in WRITTEN_COLUMNS order (escapes, nulls, booleans, JSON).
function contact(overrides: Partial<ContactState> = {}): ContactState {
  return {
    id: 42, createdAt: new Date(0), fields: emptyFields(), phoneDisplay: emptyPhoneDisplay(), customFields: {},
    organizationId: null, externalIds: [], otherExternalIds: [], deletedAt: null, mergedInto: null, ...overrides,
  };
}

describe('contactCopyLine', () => {
  it('is copyLine of the id, the shared columns and every written column, with its newline', () => {
    const full = contact({
      fields: { ...emptyFields(), firstName: 'Tab\there', lastName: 'Back\\slash\nnew\rline', workPhone: '+16175550100',
        surveyOptOut: false, callable: true },
      phoneDisplay: { ...emptyPhoneDisplay(), workPhone: '(617) 555-0100' },
      customFields: { tier: 'gold\tplus', 'a\\b': 'c' },
      organizationId: 7, deletedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), mergedInto: 9,
    });
    const line = contactCopyLine(full, 'division-1\t2024-01-01T00:00:00.000Z\t2024-01-01T00:00:00.000Z');
    const columns = line.slice(0, -1).split('\t');
    expect(columns).toHaveLength(4 + WRITTEN_COLUMNS.length);
    const expected = copyLine([42, 'division-1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z',
      ...Object.values(full.fields), ...Object.values(full.phoneDisplay), JSON.stringify(full.customFields), 7,
      '2024-01-02T03:04:05.000Z', 9]);
    expect(line).toBe(`${expected}\n`);
    expect(line).toContain('\tTab\\there\t\\N\tBack\\\\slash\\nnew\\rline\t');
    expect(line).toContain('\tfalse\ttrue\t');
  });

  it('writes \\N for every empty column, the custom fields included', () => {
    const line = contactCopyLine(contact({ id: -3 }), 'd\tt\tt');
    expect(line).toBe(`-3\td\tt\tt${'\t\\N'.repeat(WRITTEN_COLUMNS.length)}\n`);
  });
});
