import { respondAsCurrentUser } from '@/lib/actions/bind';
import { createSource, listSources } from '@/lib/sources/operations';

export async function GET() {
  return respondAsCurrentUser(listSources, undefined);
}

export async function POST(request: Request) {
  // A body that is not JSON reaches the operation as no input: 400 after the permission check.
  const body: unknown = await request.json().catch(() => undefined);
  return respondAsCurrentUser(createSource, body, 201);
}
