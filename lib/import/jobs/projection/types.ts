/** What the import will change, as its dry run (the `projecting` step) found it: see docs/jobs-and-revert.md. */

/** A contact the import will create, delete or drop. `line`: the file's line when known. */
export interface ContactSample {
  contactId: number | null;
  line: number | null;
  name: string;
  email: string | null;
}

/** A contact the import will update: only the fields that change, as text (null: empty). */
export interface ChangeSample {
  contactId: number;
  line: number | null;
  name: string;
  changes: { field: string; before: string | null; after: string | null }[];
}

/** A contact that will absorb others (mergeAll): the survivor, and those merged into it. */
export interface MergeSample {
  line: number | null;
  survivor: { contactId: number; name: string };
  absorbed: { contactId: number; name: string }[];
}

export interface ProjectionSampleSet {
  created: ContactSample[];
  updated: ChangeSample[];
  merged: MergeSample[];
  deleted: ContactSample[];
  dropped: ContactSample[];
}

export interface ProjectionCounts {
  inserted: number;
  updated: number;
  merged: number;
  unchanged: number;
  deleted: number;
  skipped: number;
  /** Valid rows the engine refuses (e.g. too many external IDs): they will not be imported. */
  failed: number;
  /** Drop and insert: the source's contacts deleted before the rows are applied. */
  dropped: number;
}

export interface ProjectionView {
  status: 'none' | 'running' | 'done' | 'failed';
  /** Computed at an older fix version than the job's: fixes came since, a new one is on its way. */
  stale: boolean;
  fixVersion: number;
  progress: { done: number; total: number };
  counts: ProjectionCounts;
  samples: ProjectionSampleSet;
  errorCode: string | null;
  loadType: 'upsert' | 'dropAndInsert' | 'deleteListed';
}

/** Samples kept of each kind of change. */
export const SAMPLES_PER_KIND = 5;

export const emptySamples = (): ProjectionSampleSet => ({ created: [], updated: [], merged: [], deleted: [], dropped: [] });

export const zeroCounts = (): ProjectionCounts => ({
  inserted: 0, updated: 0, merged: 0, unchanged: 0, deleted: 0, skipped: 0, failed: 0, dropped: 0,
});
