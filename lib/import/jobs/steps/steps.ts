import { importJob } from './import-step';
import type { ImportSteps } from './step-contract';
import { validateJob } from './validate-step';
import { projectJob } from './project-step';
import { applyJobFixes } from '../../fixes/fix-step';

export const importSteps: ImportSteps = {
  validate: validateJob, importRows: importJob, applyFixes: applyJobFixes, project: projectJob,
};
