import { endpoints } from '@/lib/api/endpoints';
import { apiRoute } from '@/lib/api/route';

export const GET = apiRoute(endpoints.getSource);
export const PUT = apiRoute(endpoints.updateSource);
export const DELETE = apiRoute(endpoints.deleteSource);
