import { getContact, searchContacts } from '../contacts/operations';
import type { OperationEndpoint } from './endpoint';
import { contactDetailSchema, contactListItemSchema, pagedOf } from './responses';

const tag = 'External contacts';

export const contactEndpoints = {
  searchContacts: {
    method: 'GET', path: '/contacts', operationId: 'searchContacts', tag, operation: searchContacts, request: 'query',
    summary: 'Search contacts by name, e-mail, phone or external ID',
    description: 'Only contacts of the divisions where the token may view contacts.',
    response: pagedOf(contactListItemSchema),
  },
  getContact: {
    method: 'GET', path: '/contacts/{id}', operationId: 'getContact', tag, operation: getContact, request: 'none',
    summary: 'A contact with every field, its organization and external IDs', response: contactDetailSchema,
  },
} satisfies Record<string, OperationEndpoint>;
