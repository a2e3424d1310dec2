import { respondAsCurrentUser } from '@/lib/actions/bind';
import { createRole, listRoles } from '@/lib/admin/roles-operations';

export async function GET() {
  return respondAsCurrentUser(listRoles, {});
}

/** Body: `{ name, description?, permissions?: Permission[] }`; answers 201 with the new role. */
export async function POST(request: Request) {
  const body: unknown = await request.json().catch(() => undefined);
  return respondAsCurrentUser(createRole, body, 201);
}
