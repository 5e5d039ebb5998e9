/**
 * The lines `_plain_sgd` prints with verbose > 0 (sklearn/linear_model/_sgd_fast.pyx.tp, 1.2.1), with
 * Python's %-formatting: "%.2f" rounds the exact binary value half to even, where JavaScript's toFixed
 * rounds an exact tie up, and keeps the sign of -0.
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let s = a.toFixed(digits);
  // toFixed(100) is the exact decimal expansion of the double (up to 100 digits, enough for a tie).
  const exact = a < 1e21 ? a.toFixed(Math.min(100, digits + 60)) : '';
  const tail = exact.slice(exact.indexOf('.') + 1 + digits);
  if (/^50*$/.test(tail)) {
    // an exact tie: round half to even
    const down = truncate(exact, digits);
    const lastDigit = Number(down[down.length - 1]);
    s = lastDigit % 2 === 0 ? down : s;
  }
  return negative ? `-${s}` : s;
}

function truncate(exact: string, digits: number): string {
  const dot = exact.indexOf('.');
  return digits === 0 ? exact.slice(0, dot) : exact.slice(0, dot + 1 + digits);
}

export function epochLine(epoch: number): string {
  return `-- Epoch ${epoch}`;
}

export function epochReport(norm: number, nnz: number, bias: number, count: number, avgLoss: number): string {
  return `Norm: ${pyFixed(norm, 2)}, NNZs: ${nnz}, Bias: ${pyFixed(bias, 6)}, T: ${count}, Avg. loss: ${pyFixed(avgLoss, 6)}`;
}

export function timeLine(seconds: number): string {
  return `Total training time: ${pyFixed(seconds, 2)} seconds.`;
}

export function convergenceLine(epochs: number, seconds: number): string {
  return `Convergence after ${epochs} epochs took ${pyFixed(seconds, 2)} seconds`;
}
