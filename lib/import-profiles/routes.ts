/** The import profiles pages, in one place for links and redirects. */
export const profileRoutes = {
  list: () => '/import-profiles',
  deleted: () => '/import-profiles?deleted=1',
  view: (id: string) => `/import-profiles/${id}`,
  copied: (id: string) => `/import-profiles/${id}?copied=1`,
  edit: (id: string) => `/import-profiles/${id}/edit`,
};
