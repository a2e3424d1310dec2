import { endpoints } from '@/lib/api/endpoints';
import { apiRoute } from '@/lib/api/route';

export const GET = apiRoute(endpoints.getJobProjection);
