import type { Message } from '@/lib/actions/result';
import type { PreviewReply } from './read-csv-start';
import type { UploadFacts, UploadOutcome } from './upload-request';

export interface PreviewRows {
  headers: string[];
  rows: string[][];
}

export type PreviewState = { kind: 'reading' } | ({ kind: 'ready' } & PreviewRows) | { kind: 'unavailable' };

export type UploadState =
  | { kind: 'sending'; loaded: number; total: number }
  | { kind: 'checking' }
  | { kind: 'accepted'; upload: UploadFacts }
  | { kind: 'refused' };

/** The upload step: a chosen file (or one uploaded before), its preview, its upload, the error shown. */
export interface UploadStepState {
  file: { name: string; sizeBytes: number } | null;
  preview: PreviewState;
  upload: UploadState | null;
  error: Message | null;
  cancelled: boolean;
}

export type UploadStepAction =
  | { type: 'chosen'; name: string; sizeBytes: number }
  | { type: 'refusedInBrowser'; error: Message }
  | { type: 'previewRead'; reply: PreviewReply }
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'sent' }
  | { type: 'answered'; outcome: UploadOutcome }
  /** The server read the accepted file again in another encoding. */
  | { type: 'reread'; upload: UploadFacts; preview: PreviewRows | null }
  | { type: 'cancelled' }
  | { type: 'cleared' };

export const EMPTY_STEP: UploadStepState = { file: null, preview: { kind: 'unavailable' }, upload: null, error: null, cancelled: false };

/** The step as the server shows an earlier upload (`/imports/new?upload=<id>`). */
export function restoredStep(upload: UploadFacts, preview: PreviewRows | null): UploadStepState {
  return {
    file: { name: upload.fileName, sizeBytes: upload.sizeBytes },
    preview: preview ? { kind: 'ready', ...preview } : { kind: 'unavailable' },
    upload: { kind: 'accepted', upload },
    error: null,
    cancelled: false,
  };
}

export function reduceUploadStep(state: UploadStepState, action: UploadStepAction): UploadStepState {
  switch (action.type) {
    case 'chosen':
      return {
        file: { name: action.name, sizeBytes: action.sizeBytes }, preview: { kind: 'reading' },
        upload: { kind: 'sending', loaded: 0, total: action.sizeBytes }, error: null, cancelled: false,
      };
    case 'refusedInBrowser':
      return { ...state, preview: state.preview.kind === 'reading' ? { kind: 'unavailable' } : state.preview,
        upload: { kind: 'refused' }, error: state.error ?? action.error };
    case 'previewRead': {
      const { reply } = action;
      if (reply.kind === 'read') return { ...state, preview: { kind: 'ready', headers: reply.headers, rows: reply.rows } };
      if (reply.kind === 'rejected') return reduceUploadStep(state, { type: 'refusedInBrowser', error: reply.error });
      return { ...state, preview: { kind: 'unavailable' } };
    }
    case 'progress':
      return state.upload?.kind === 'sending' ? { ...state, upload: { kind: 'sending', loaded: action.loaded, total: action.total } } : state;
    case 'sent':
      return state.upload?.kind === 'sending' ? { ...state, upload: { kind: 'checking' } } : state;
    case 'answered':
      if (state.upload?.kind === 'refused' || !state.file) return state;
      return action.outcome.ok
        ? { ...state, upload: { kind: 'accepted', upload: action.outcome.upload } }
        : { ...state, upload: { kind: 'refused' }, error: state.error ?? action.outcome.error };
    case 'reread':
      if (state.upload?.kind !== 'accepted') return state;
      return {
        ...state, upload: { kind: 'accepted', upload: action.upload },
        preview: action.preview ? { kind: 'ready', ...action.preview } : { kind: 'unavailable' },
      };
    case 'cancelled':
      return { ...EMPTY_STEP, cancelled: true };
    case 'cleared':
      return EMPTY_STEP;
  }
}

/** Next is allowed only once the server accepted the file and nothing was found wrong with it. */
export function canGoNext(state: UploadStepState): boolean {
  return state.upload?.kind === 'accepted' && state.error === null;
}

