import { z } from 'zod';
import { pagingFields } from '../paging';

export const importJobListSchema = z.object({ ...pagingFields });
