import { endpoints } from '@/lib/api/endpoints';
import { apiRoute } from '@/lib/api/route';

export const GET = apiRoute(endpoints.getProfile);
export const PUT = apiRoute(endpoints.updateProfile);
export const DELETE = apiRoute(endpoints.deleteProfile);
