import { z } from 'zod';
import {
  createImportProfile, deleteImportProfile, duplicateImportProfile, getImportProfile, listImportProfiles, updateImportProfile,
} from '../import-profiles/operations';
import type { OperationEndpoint } from './endpoint';
import {
  deletedProfileSchema, duplicatedProfileSchema, profileDetailSchema, profileListItemSchema, profileSchema,
} from './responses';

const tag = 'Import profiles';
const AUTOMATION_USER = '`automationUserId` is whose rights the profile\'s drop-folder imports run with (null: nobody, files are '
  + 'refused). A caller may name only themselves, unless they hold admin:users:manage in every division (403 otherwise, '
  + 'field error profilesPage.automationUserNotSelf); the profile may not be saved by anyone else while it names someone else.';

export const profileEndpoints = {
  listProfiles: {
    method: 'GET', path: '/import-profiles', operationId: 'listImportProfiles', tag, operation: listImportProfiles,
    request: 'none', summary: 'Import profiles the token may see, by name', response: z.array(profileListItemSchema),
  },
  createProfile: {
    method: 'POST', path: '/import-profiles', operationId: 'createImportProfile', tag, operation: createImportProfile,
    request: 'json', summary: 'Create an import profile',
    description: AUTOMATION_USER,
    response: profileSchema, successStatus: 201, extraStatuses: [404, 409],
  },
  getProfile: {
    method: 'GET', path: '/import-profiles/{id}', operationId: 'getImportProfile', tag, operation: getImportProfile,
    request: 'none', summary: 'An import profile with every setting', response: profileDetailSchema,
  },
  updateProfile: {
    method: 'PUT', path: '/import-profiles/{id}', operationId: 'updateImportProfile', tag, operation: updateImportProfile,
    request: 'json', summary: 'Save every setting of an import profile',
    description: `Without \`columnMapping\`, \`importFields\` or \`automationUserId\` the saved ones stay as they are. ${AUTOMATION_USER}`,
    response: profileSchema, extraStatuses: [409],
  },
  deleteProfile: {
    method: 'DELETE', path: '/import-profiles/{id}', operationId: 'deleteImportProfile', tag, operation: deleteImportProfile,
    request: 'none', summary: 'Delete an import profile (the jobs that used it keep their copy of its settings)',
    response: deletedProfileSchema,
  },
  duplicateProfile: {
    method: 'POST', path: '/import-profiles/{id}/duplicate', operationId: 'duplicateImportProfile', tag,
    operation: duplicateImportProfile, request: 'none', defaults: ({ locale }) => ({ locale }),
    summary: 'Copy an import profile, named "<name> (copy)" in the language asked (Accept-Language)',
    response: duplicatedProfileSchema, successStatus: 201,
  },
} satisfies Record<string, OperationEndpoint>;
