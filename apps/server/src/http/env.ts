import type { CurrentUser } from "../auth/sessions";

/** Per-request values set by middleware and read by routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `requireUser`; routes behind it can rely on it. */
    user: CurrentUser;
  };
}
