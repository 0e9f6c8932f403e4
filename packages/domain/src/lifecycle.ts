import { DomainError } from "./errors";
import { STAGES, type Stage } from "./vocabulary";

/**
 * Lifecycle rule for portfolio projects: a project advances one stage at a time (each stage's
 * products feed the next one: no feasibility without a profile) and may step back one stage
 * when a review sends it back for rework. Anything else is an `invalid_stage_transition`.
 */
export function allowedStageMoves(from: Stage): Stage[] {
  const index = STAGES.indexOf(from);
  const moves: Stage[] = [];
  const previous = STAGES[index - 1];
  const next = STAGES[index + 1];
  if (next) moves.push(next);
  if (previous) moves.push(previous);
  return moves;
}

/** Throws `invalid_stage_transition` unless `from → to` is allowed by {@link allowedStageMoves}. */
export function assertStageMove(from: Stage, to: Stage): void {
  if (!allowedStageMoves(from).includes(to)) {
    throw new DomainError(
      "invalid_stage_transition",
      from === to
        ? `El proyecto ya está en la etapa «${from}».`
        : `No se puede pasar de «${from}» a «${to}»: solo se avanza o retrocede una etapa a la vez.`,
      { from, to, allowed: allowedStageMoves(from) },
    );
  }
}
