/** The wizard's URLs: one per step, so Back, reload and a shared link keep the state. */
export const WIZARD_STEPS = ['upload', 'settings', 'validation', 'import'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const wizardRoutes = {
  upload: () => '/imports/new',
  settings: (uploadId: string) => `/imports/new/${uploadId}`,
  validation: (jobId: string) => `/imports/jobs/${jobId}/validation`,
  import: (jobId: string) => `/imports/jobs/${jobId}/import`,
  /** The job page (issue 5); until it exists the import step is the fullest view of a job. */
  job: (jobId: string) => `/imports/jobs/${jobId}`,
};
