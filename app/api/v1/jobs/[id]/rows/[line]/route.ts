import { endpoints } from '@/lib/api/endpoints';
import { apiRoute } from '@/lib/api/route';

export const PATCH = apiRoute(endpoints.fixJobRow);
