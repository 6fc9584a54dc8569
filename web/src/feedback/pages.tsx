/** The portal's feedback pages, one lazy chunk (app.tsx): the portal entry stays small. */
export { SendFeedbackPage } from './send.tsx';
export { FollowFeedbackPage } from './follow.tsx';
export { QaPage } from './qa.tsx';
