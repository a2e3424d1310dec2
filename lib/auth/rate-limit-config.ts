/** Shared with the sign-in form, which names the wait in its message. */
export const SIGN_IN_WINDOW_MINUTES = 15;
