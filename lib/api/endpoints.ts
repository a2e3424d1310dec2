import { isPublicEndpoint, type ApiEndpoint, type OperationEndpoint } from './endpoint';
import { contactEndpoints } from './endpoints-contacts';
import { fixEndpoints } from './endpoints-fixes';
import { jobEndpoints } from './endpoints-jobs';
import { profileEndpoints } from './endpoints-profiles';
import { sourceEndpoints } from './endpoints-sources';
import { uploadEndpoints } from './endpoints-uploads';

/**
 * Every endpoint of the REST API (/api/v1): one entry per method and path, naming the operation
 * it runs (whose zod schema validates the input) and the schema of its answer. The OpenAPI
 * document is generated from this list, and each route file is one line taking its entry.
 */
export const endpoints = {
  openApi: {
    method: 'GET', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'API',
    summary: 'This OpenAPI 3.1 document (no token needed)', public: true,
  },
  ...uploadEndpoints,
  ...jobEndpoints,
  ...fixEndpoints,
  ...profileEndpoints,
  ...sourceEndpoints,
  ...contactEndpoints,
} satisfies Record<string, ApiEndpoint>;

export type EndpointName = keyof typeof endpoints;

export const ALL_ENDPOINTS: readonly ApiEndpoint[] = Object.values(endpoints);

export const OPERATION_ENDPOINTS: readonly OperationEndpoint[] = ALL_ENDPOINTS
  .filter((endpoint): endpoint is OperationEndpoint => !isPublicEndpoint(endpoint));
