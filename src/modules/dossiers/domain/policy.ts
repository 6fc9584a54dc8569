/**
 * Who may do what to a dossier. Pure: the service works out where the actor stands relative to the
 * dossier (owner? receiving or current organisation inside the actor's subtree?) and passes it in.
 */
import { errors, type DomainError } from '../../../kernel/errors.ts';
import type { ActionName, DossierState, Role } from './types.ts';

export interface ActorPosition {
  userId: string;
  role: Role;
  /** The actor applied for this dossier. */
  isApplicant: boolean;
  /** The dossier's receiving organisation lies in the actor's organisation subtree. */
  coversReceivingOrg: boolean;
  /** The organisation now holding the dossier lies in the actor's organisation subtree. */
  coversCurrentOrg: boolean;
  /** Some organisation that has held the dossier lies in the actor's subtree (read access only). */
  coversParticipantOrg?: boolean;
  /**
   * A system actor instead of a person (its `role` is then ignored): 'delivery' is the postal
   * integration, which may only record `return_result` by post when the post reports delivery
   * (src/modules/delivery, issue 17); `decide` checks the channel and tracking code.
   */
  system?: 'delivery';
}

/** The role the action log records for a system actor. */
export const SYSTEM_ACTOR_ROLE = { delivery: 'system:delivery' } as const;

const ACTION_ROLES: Record<ActionName, readonly Role[]> = {
  accept: ['reception', 'leader'],
  reject: ['reception', 'leader'],
  request_supplement: ['reception', 'specialist', 'leader'],
  supplement: ['citizen'],
  withdraw: ['citizen'],
  rate: ['citizen'],
  hand_over: ['reception', 'specialist', 'leader'],
  return_to_step: ['specialist', 'leader'],
  apologize: ['reception', 'specialist', 'leader'],
  stop: ['leader'],
  complete: ['specialist', 'leader'],
  return_result: ['reception', 'leader'],
};

/** Actions done at the one-stop desk act on the receiving organisation; the rest on the current one. */
const DESK_ACTIONS: readonly ActionName[] = ['accept', 'reject', 'return_result'];
const STEP_ACTIONS: readonly ActionName[] = ['hand_over', 'return_to_step', 'complete'];

export function canView(actor: ActorPosition): boolean {
  if (actor.system) return true;
  switch (actor.role) {
    case 'citizen':
      return actor.isApplicant;
    default:
      return actor.coversReceivingOrg || actor.coversCurrentOrg || actor.coversParticipantOrg === true;
  }
}

/** Why the actor may not act (a 403 to raise), or null when they may. Pure and cheap: no throwing. */
export function refusal(action: ActionName, actor: ActorPosition, state: DossierState): (() => DomainError) | null {
  if (actor.system) return actor.system === 'delivery' && action === 'return_result' ? null : () => errors.forbiddenAction(action);
  if (!ACTION_ROLES[action].includes(actor.role)) return () => errors.forbiddenAction(action);
  if (actor.role === 'citizen') return actor.isApplicant ? null : () => errors.forbiddenAction(action);
  const beforeAcceptance = state.currentStep < 0;
  const onReceivingSide = DESK_ACTIONS.includes(action) || beforeAcceptance;
  const covered = onReceivingSide ? actor.coversReceivingOrg : actor.coversCurrentOrg;
  if (!covered) return () => errors.forbiddenAction(action);
  if (STEP_ACTIONS.includes(action) && actor.role !== 'leader') {
    const step = state.process.steps[state.currentStep];
    if (step && step.role !== actor.role) return () => errors.wrongStepRole(step.role);
  }
  return null;
}

/** Throws a 403 DomainError when the actor may not perform the action on this dossier. */
export function authorize(action: ActionName, actor: ActorPosition, state: DossierState): void {
  const refused = refusal(action, actor, state);
  if (refused) throw refused();
}

/** For listing the actions available now: the same rule without building an error per refusal. */
export function isAuthorized(action: ActionName, actor: ActorPosition, state: DossierState): boolean {
  return refusal(action, actor, state) === null;
}
