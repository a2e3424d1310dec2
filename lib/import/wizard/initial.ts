import type { ImportProfile } from '../../../db/queries/import-profiles';
import { MATCH_IDENTIFIERS, type MatchIdentifier } from '../rows/fields';
import { NEW_PROFILE, type WizardDraft, type WizardSettingsInput } from './schemas';
import { fieldRowsForProfile, reconcileFieldRows } from './fields';

/** What a profile contributes to the form (no name, nothing about the job itself). */
export type WizardProfile = Pick<ImportProfile, 'id' | 'name' | 'externalSourceId' | 'matchBy' | 'mergeMode' | 'loadType'
  | 'importFields' | 'columnMapping' | 'defaultCountry' | 'emptyCellsClear' | 'defaultDivisionId'>
  & Partial<Pick<ImportProfile, 'unmatchedRows' | 'matchedRows'>>;

interface Choices {
  uploadId: string;
  headers: readonly string[];
  profiles: readonly WizardProfile[];
  sourceIds: readonly string[];
  divisionIds: readonly string[];
  userIds: readonly string[];
}

const isIdentifier = (value: string): value is MatchIdentifier => (MATCH_IDENTIFIERS as readonly string[]).includes(value);
const oneOf = (value: string | undefined, allowed: readonly string[], fallback: string) =>
  value !== undefined && allowed.includes(value) ? value : fallback;

/** The form filled from a saved profile: every setting as saved, the file mapped as it remembers. */
export function valuesFromProfile(
  current: WizardSettingsInput, profile: WizardProfile, headers: readonly string[], divisionIds: readonly string[],
): WizardSettingsInput {
  return {
    ...current,
    profileId: profile.id,
    profileName: '',
    saveProfile: false,
    externalSourceId: profile.externalSourceId ?? '',
    matchBy: profile.matchBy.filter(isIdentifier),
    mergeMode: profile.mergeMode,
    loadType: profile.loadType,
    confirmDrop: false,
    divisionId: oneOf(profile.defaultDivisionId ?? undefined, divisionIds, current.divisionId),
    defaultCountry: profile.defaultCountry,
    emptyCellsClear: profile.emptyCellsClear,
    unmatchedRows: profile.unmatchedRows ?? 'create',
    matchedRows: profile.matchedRows ?? 'update',
    fields: fieldRowsForProfile(headers, profile),
  };
}

/**
 * The form as the page opens: the draft of this upload where it still fits (the profile, source,
 * division and user it names are still offered), else the defaults. A drop-and-insert
 * confirmation is never carried over: it is given again for the number shown now.
 */
export function initialWizardValues(choices: Choices, draft: WizardDraft | null): WizardSettingsInput {
  const { headers, profiles, sourceIds, divisionIds, userIds } = choices;
  const defaults: WizardSettingsInput = {
    uploadId: choices.uploadId,
    profileId: NEW_PROFILE,
    profileName: '',
    saveProfile: false,
    externalSourceId: sourceIds.length === 1 ? sourceIds[0] : '',
    matchBy: ['externalId'],
    mergeMode: 'updateFirst',
    loadType: 'upsert',
    confirmDrop: false,
    divisionId: divisionIds[0] ?? '',
    description: '',
    onBehalfOf: '',
    defaultCountry: 'US',
    emptyCellsClear: false,
    unmatchedRows: 'create',
    matchedRows: 'update',
    fields: fieldRowsForProfile(headers),
  };
  if (!draft) return defaults;
  const matchBy = draft.matchBy?.filter(isIdentifier);
  return {
    ...defaults,
    profileId: oneOf(draft.profileId, profiles.map((p) => p.id), NEW_PROFILE),
    profileName: draft.profileName ?? defaults.profileName,
    saveProfile: draft.saveProfile ?? false,
    externalSourceId: oneOf(draft.externalSourceId, sourceIds, defaults.externalSourceId),
    matchBy: matchBy ? [...new Set(matchBy)] : defaults.matchBy,
    mergeMode: draft.mergeMode ?? defaults.mergeMode,
    loadType: draft.loadType ?? defaults.loadType,
    divisionId: oneOf(draft.divisionId, divisionIds, defaults.divisionId),
    description: draft.description ?? '',
    onBehalfOf: oneOf(draft.onBehalfOf, userIds, ''),
    defaultCountry: draft.defaultCountry ?? defaults.defaultCountry,
    emptyCellsClear: draft.emptyCellsClear ?? false,
    unmatchedRows: draft.unmatchedRows ?? defaults.unmatchedRows,
    matchedRows: draft.matchedRows ?? defaults.matchedRows,
    fields: draft.fields ? reconcileFieldRows(headers, draft.fields, defaults.fields) : defaults.fields,
  };
}
