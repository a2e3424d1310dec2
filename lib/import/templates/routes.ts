/** The downloads of GET /api/templates (app/api/templates/route.ts), in one place for links. */
const query = (kind: 'template' | 'sample', profileId?: string) =>
  `/api/templates?kind=${kind}${profileId ? `&profile=${encodeURIComponent(profileId)}` : ''}`;

export const templateRoutes = {
  template: (profileId?: string) => query('template', profileId),
  sample: (profileId?: string) => query('sample', profileId),
};
