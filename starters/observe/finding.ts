import type { ObservedRun } from './observed-run';

/** How one would-have compares with what AWS says happened; listed in this order. */
export const VERDICTS = ['disagree', 'unknown', 'agree', 'not-compared'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One comparison: a write the run would have made (or knowingly not made) next to what happened. */
export interface Finding {
  verdict: Verdict;
  /** The AWS call, as recorded (CompleteLifecycleAction, CreateImage, UpdateService…). */
  call: string;
  target: string;
  /** The would-have: when (first time), its detail, and how many times it was recorded; absent when the run would not have made the call. */
  wouldHave?: { at: string; detail: string; count: number };
  /** What AWS says happened, when it says anything. */
  actual?: { at?: string; what: string };
  /** The comparison as one sentence, for people. */
  text: string;
}

export function verdictRank(verdict: Verdict): number {
  return VERDICTS.indexOf(verdict);
}

/** A run's verdict is its worst compared finding; a run with nothing comparable is not-compared. */
export function runVerdict(findings: Finding[]): Verdict {
  return findings.reduce<Verdict>((worst, f) => (verdictRank(f.verdict) < verdictRank(worst) ? f.verdict : worst), 'not-compared');
}

/** UTC clock time; the date too when it is not the run's start date, so a line stays short but never ambiguous. */
export function clock(iso: string, run: Pick<ObservedRun, 'startTime'>): string {
  const time = iso.slice(11, 19);
  return iso.slice(0, 10) === run.startTime.slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** The error of a failed AWS read as a finding's "actual": the comparison is unknown, never a guess. */
export function unreadable(err: unknown, what: string): { verdict: 'unknown'; text: string } {
  const e = err as { name?: string; message?: string };
  return { verdict: 'unknown', text: `could not read ${what}: ${e.name ?? 'Error'}: ${e.message ?? String(err)}` };
}
