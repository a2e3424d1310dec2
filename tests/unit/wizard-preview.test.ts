import { describe, expect, it } from 'vitest';
import type { ImportSettings } from '@/lib/import/rows/types';
import { buildPreview } from '@/lib/import/wizard/preview';

const settings: ImportSettings = {
  externalSourceId: 's', matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert', importFields: [],
  columnMapping: {}, defaultCountry: 'US', emptyCellsClear: false,
};

describe('the wizard preview', () => {
  it('shows the organization\'s details as they will be imported, and marks a bad one', () => {
    const headers = ['External ID', 'External Organization External ID', 'External Organization Phone', 'External Organization Country Code'];
    const preview = buildPreview(settings, headers, [['C1', 'O1', '01 42 68 53 00', 'fr'], ['C2', 'O1', 'call us', 'FR']]);
    expect(preview.rows[0].cells.map((cell) => cell.value)).toEqual(['C1', 'O1', '+33142685300', 'FR']);
    expect(preview.rows[1].cells[2]).toMatchObject({ value: 'call us', errors: [{ code: 'invalidPhone' }] });
  });
});
