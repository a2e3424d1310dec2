import { respondAsCurrentUser } from '@/lib/actions/bind';
import { createUser, listUsers } from '@/lib/admin/users-operations';

export async function GET() {
  return respondAsCurrentUser(listUsers, {});
}

/** Body: `{ name, email, password }`; answers 201 with the new user (never its password hash). */
export async function POST(request: Request) {
  const body: unknown = await request.json().catch(() => undefined);
  return respondAsCurrentUser(createUser, body, 201);
}
