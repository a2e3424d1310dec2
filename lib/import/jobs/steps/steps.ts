import { importJob } from './import-step';
import type { ImportSteps } from './step-contract';
import { validateJob } from './validate-step';

export const importSteps: ImportSteps = { validate: validateJob, importRows: importJob };
