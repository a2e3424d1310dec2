'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { isImportFileName, isXlsFileName, isXlsxFileName } from '@/lib/import/upload/xlsx/detect-format';
import { PREVIEW_ROWS } from './preview-rows';
import type { PreviewReply, PreviewRequest } from './read-csv-start';
import { sendUpload, type UploadFacts, type UploadOutcome } from './upload-request';
import { reduceUploadStep, type PreviewRows, type UploadStepState } from './upload-state';

interface Limits {
  maxBytes: number;
  maxMb: number;
}

/**
 * The upload step's behaviour: on choosing a file, a web worker reads its first rows while the
 * file streams to the server; a file error found by either stops both.
 */
export function useUploadStep(initial: UploadStepState, { maxBytes, maxMb }: Limits) {
  const [state, dispatch] = useReducer(reduceUploadStep, initial);
  const router = useRouter();
  const worker = useRef<Worker | null>(null);
  const cancelUpload = useRef<(() => void) | null>(null);
  const progressFrame = useRef<number | null>(null);
  const latestProgress = useRef({ loaded: 0, total: 0 });

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    cancelUpload.current?.();
    cancelUpload.current = null;
    if (progressFrame.current !== null) cancelAnimationFrame(progressFrame.current);
    progressFrame.current = null;
  }, []);
  useEffect(() => stop, [stop]);
  // Started before a file is chosen, so the preview does not wait for the worker to load.
  const spare = useRef<Worker | null>(null);
  useEffect(() => {
    spare.current = startPreviewWorker();
    return () => spare.current?.terminate();
  }, []);

  const readPreview = useCallback((file: File) => {
    const reader = spare.current ?? startPreviewWorker();
    spare.current = startPreviewWorker();
    worker.current = reader;
    reader.addEventListener('message', (event: MessageEvent<PreviewReply>) => {
      reader.terminate();
      if (worker.current === reader) worker.current = null;
      dispatch({ type: 'previewRead', reply: event.data });
      // The server would refuse the file for the same reason: do not send the rest of it.
      if (event.data.kind === 'rejected') {
        cancelUpload.current?.();
        cancelUpload.current = null;
      }
    });
    reader.addEventListener('error', () => dispatch({ type: 'previewRead', reply: { kind: 'failed' } }));
    reader.postMessage({ file, rows: PREVIEW_ROWS } satisfies PreviewRequest);
  }, []);

  const choose = useCallback((file: File) => {
    stop();
    dispatch({ type: 'chosen', name: file.name, sizeBytes: file.size });
    if (isXlsFileName(file.name)) return dispatch({ type: 'refusedInBrowser', error: { key: 'uploads.errors.xlsNotSupported' } });
    if (!isImportFileName(file.name)) return dispatch({ type: 'refusedInBrowser', error: { key: 'uploads.errors.notCsv' } });
    if (file.size > maxBytes) {
      return dispatch({ type: 'refusedInBrowser', error: { key: 'uploads.errors.fileTooLarge', params: { maxMb } } });
    }
    // A workbook is a zip: its first rows come from the server once it has read the file.
    const workbook = isXlsxFileName(file.name);
    if (!workbook) readPreview(file);

    cancelUpload.current = sendUpload(file, maxMb, {
      // Progress events come faster than the screen refreshes: render the latest once a frame.
      onProgress(loaded, total) {
        latestProgress.current = { loaded, total };
        progressFrame.current ??= requestAnimationFrame(() => {
          progressFrame.current = null;
          dispatch({ type: 'progress', ...latestProgress.current });
        });
      },
      onSent: () => dispatch({ type: 'sent' }),
      onDone(outcome: UploadOutcome) {
        cancelUpload.current = null;
        dispatch({ type: 'answered', outcome });
        // Reload and Back then show this upload again (the page loads it from the server). A
        // workbook's page is loaded now: its first rows and sheets are the server's.
        if (outcome.ok && workbook) router.replace(`?upload=${outcome.upload.id}`);
        else if (outcome.ok) window.history.replaceState(null, '', `?upload=${outcome.upload.id}`);
      },
    });
  }, [maxBytes, maxMb, stop, readPreview, router]);

  const cancel = useCallback(() => {
    stop();
    dispatch({ type: 'cancelled' });
  }, [stop]);

  const clear = useCallback(() => {
    stop();
    dispatch({ type: 'cleared' });
    if (window.location.search) window.history.replaceState(null, '', window.location.pathname);
  }, [stop]);

  const reread = useCallback((upload: UploadFacts, preview: PreviewRows | null) => dispatch({ type: 'reread', upload, preview }), []);

  return { state, choose, cancel, clear, reread };
}


function startPreviewWorker(): Worker {
  return new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
}
