/**
 * The audit log's action names, shared by the server (which records them) and the administration
 * page (which offers them as filters and labels them). Pure data: the web imports it at run time.
 */

/** Dotted `<subject>.<verb>`, so that a search by prefix (`user.`) finds a family. */
export const AUDIT_ACTIONS = [
  'user.create',
  'user.update',
  'procedure.upsert',
  'organisation.upsert',
  'calendar.year.set',
  'calendar.org.set',
  'trusted_ca.add',
  'signing_key.create',
  'signing_key.import',
  'import.dossiers',
  'dossier.view',
  'dossier.list',
  'document.download',
  'register.download',
  'attachment.download',
  'audit.export',
  'trusted_ca.disable',
  'user.password_reset',
  'user.deactivate',
  'identity.binding_move',
  'user.password_change',
  'user.password_reset_used',
  'user.activate',
  'user.unlock',
  'document.revoke',
  // The outbox: a dead message put back to pending.
  'outbox.retry',
  // A unit moved under another parent from a day on (a dated reorganisation).
  'organisation.move',
  // A feedback (PAKN) item read by an officer: it carries the sender's personal data.
  'feedback.view',
  // Satisfaction surveys (issue 15): the sample export and the printed invitations carry personal data.
  'survey.questionnaire_create',
  'survey.round_create',
  'survey.round_sample',
  'survey.sample_export',
  'survey.invitations_print',
  'survey.round_close',
  // The PAR Index (issue 16): every step of an assessment, and the import of a criteria set.
  'par.set_import',
  'par.assessment_open',
  'par.self_save',
  'par.freeze',
  'par.submit',
  'par.appraise',
  'par.return',
  'par.resubmit',
  'par.appraised',
  'par.publish',
  'par.correct',
  // The annual reform plan (issue 16): every change to a plan, its targets, tasks and inspections.
  'plan.create',
  'plan.target_set',
  'plan.target_report',
  'plan.task_set',
  'plan.task_progress',
  'plan.inspection_add',
  // Notifications (issue 17): an administrator's new version of a message template.
  'notification.template_edit',
  // The catalogue import from the national procedure database (issue 18): an uploaded file's preview, and its application.
  'catalogue.import_preview',
  'catalogue.import_apply',
  // An officer's lookup of an applicant in the national population database (issue 18): personal data read.
  'population.lookup',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The choices of the action filter: each family of several actions as its prefix (`user.`: every
 * action on users), followed by its actions; families of one action as that action alone.
 */
export function auditFilterChoices(actions: readonly string[] = AUDIT_ACTIONS): string[] {
  const family = (a: string) => a.slice(0, a.indexOf('.') + 1);
  const families = [...new Set(actions.map(family))];
  return families.flatMap((f) => {
    const members = actions.filter((a) => family(a) === f);
    return members.length > 1 ? [f, ...members] : members;
  });
}
