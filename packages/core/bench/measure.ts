export interface Round {
  readonly ops: number;
  readonly microsPerOp: number;
}

/** Whatever the measured function returns is folded in here, so the work cannot be optimised away. */
let sink = 0;

/**
 * Runs `fn` in batches until about `budgetMs` has passed. Batches keep the clock reads out of
 * the per-call cost; the batch size grows until one batch takes about a millisecond.
 */
export function measure(fn: () => number, budgetMs: number): Round {
  let batch = 1;
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  let now = start;
  while (now < deadline) {
    const batchStart = now;
    for (let i = 0; i < batch; i++) sink += fn();
    ops += batch;
    now = process.hrtime.bigint();
    if (now - batchStart < 1_000_000n) batch *= 2;
  }
  if (sink === -1) console.log('unreachable');
  return { ops, microsPerOp: Number(now - start) / 1e3 / ops };
}

export function median(rounds: readonly Round[]): number {
  const sorted = rounds.map((r) => r.microsPerOp).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
