// Addresses of the meeting screens (small, so any chunk can link to them without loading the screens).

export const meetingsPath = "/meetings";
export const meetingPath = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}`;
/** Meeting mode: one agenda item at a time, large type, for a projector. */
export const meetingModePath = (meetingId: string) => `${meetingPath(meetingId)}/mode`;
