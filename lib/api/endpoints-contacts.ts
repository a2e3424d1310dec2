import { getContact, searchContacts } from '../contacts/operations';
import type { OperationEndpoint } from './endpoint';
import { contactDetailSchema, contactSearchPageSchema } from './responses';

const tag = 'External contacts';

export const contactEndpoints = {
  searchContacts: {
    method: 'GET', path: '/contacts', operationId: 'searchContacts', tag, operation: searchContacts, request: 'query',
    summary: 'Search contacts by name, e-mail, phone or external ID',
    description: 'Only contacts of the divisions where the token may view contacts. Matches are counted up to 1,000 '
      + '(or to the end of the page asked for, if further): when there are more, `totalIsCapped` is true, `total` is '
      + 'that bound (there are more than `total` matches) and `pageCount` runs to the page holding match `total` + 1. '
      + 'Pages end within the first 10,000 contacts (a deeper page is refused with errors.pageTooDeep). A search with '
      + 'more than 2,000 scattered matches is sorted among the first ones found (`orderIsPartial`).',
    response: contactSearchPageSchema,
  },
  getContact: {
    method: 'GET', path: '/contacts/{id}', operationId: 'getContact', tag, operation: getContact, request: 'none',
    summary: 'A contact with every field, its organization and external IDs', response: contactDetailSchema,
  },
} satisfies Record<string, OperationEndpoint>;
