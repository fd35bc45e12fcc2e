// What the measurements say, in sentences written from the numbers in evaluation.json: the page
// never states a conclusion the file does not support, and says so when a baseline wins.
import { paretoFront, rowFamilies, type Evaluation, type EvaluationRow, type RowFamily } from '../models/evaluation';

export interface Finding {
  /** The question, as a researcher asks it. */
  question: string;
  answer: string;
}

const fid = (r: EvaluationRow) => r.fid!.toFixed(2);
const r2 = (v: number) => v.toFixed(2);
const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** The two-model T-Stitch family the page's main chart draws: the most rows, the manifest's sampler and steps first. */
export function mainFamily(e: Evaluation, defaults?: { sampler: string; steps: number }): RowFamily | undefined {
  const candidates = rowFamilies(e).filter((f) => f.order === 'small-first' && !f.threeModels);
  const score = (f: RowFamily) => f.rows.length + (defaults && f.sampler === defaults.sampler && f.steps === defaults.steps ? 1000 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

/** Families measured like `main` (same samples and guidance, and the steps the baselines are tied to). */
export function alike(e: Evaluation, main: RowFamily) {
  const fams = rowFamilies(e).filter((f) => f.samples === main.samples && f.guidance === main.guidance);
  return {
    fewer: fams.find((f) => f.order === 'fewer-steps' && f.sampler === main.sampler && f.steps === main.steps),
    largeFirst: fams.find((f) => f.order === 'large-first' && f.sampler === main.sampler && f.steps === main.steps),
    interleaved: fams.find((f) => f.order === 'interleaved' && f.sampler === main.sampler && f.steps === main.steps),
    otherSampler: fams.find((f) => f.order === 'small-first' && !f.threeModels && f.sampler !== main.sampler),
  };
}

/** The row of `fam` with an FID at small-model fraction `small`. */
export const rowAt = (fam: RowFamily | undefined, small: number) =>
  fam?.rows.find((r) => r.fid !== null && close(r.plan.fractions.small, small));

function fewerSteps(main: RowFamily, fewer: RowFamily): Finding | null {
  const pairs = fewer.rows
    .filter((b) => b.fid !== null && b.sameCostAs)
    .map((b) => ({ baseline: b, stitched: rowAt(main, b.sameCostAs!.fractions.small) }))
    .filter((p): p is { baseline: EvaluationRow; stitched: EvaluationRow } => p.stitched !== undefined)
    .sort((a, b) => a.stitched.plan.fractions.small - b.stitched.plan.fractions.small);
  if (pairs.length === 0) return null;
  const head = pairs.find((p) => close(p.stitched.plan.fractions.small, 0.4)) ?? pairs[0];
  const wins = pairs.filter((p) => p.stitched.fid! < p.baseline.fid!).map((p) => r2(p.stitched.plan.fractions.small));
  const losses = pairs.filter((p) => p.stitched.fid! >= p.baseline.fid!).map((p) => r2(p.stitched.plan.fractions.small));
  const verdict =
    losses.length === 0
      ? `T-Stitch scores the lower FID at every measured r (${wins.join(', ')}).`
      : wins.length === 0
        ? `The fewer-step baseline scores the lower FID at every measured r (${losses.join(', ')}): here, cutting the large model's steps is the better use of the same compute.`
        : `T-Stitch scores the lower FID at r = ${wins.join(', ')}; the fewer-step baseline wins at r = ${losses.join(', ')}.`;
  return {
    question: 'Why not just run the large model with fewer steps?',
    answer:
      `At the cost of T-Stitch with r = ${r2(head.stitched.plan.fractions.small)} of ${main.steps} steps, the large model alone gets ` +
      `${head.baseline.steps} steps and scores FID ${fid(head.baseline)}, against ${fid(head.stitched)} for T-Stitch. ${verdict}`,
  };
}

function order(main: RowFamily, largeFirst?: RowFamily, interleaved?: RowFamily): Finding | null {
  const shares = [...new Set([...(largeFirst?.rows ?? []), ...(interleaved?.rows ?? [])].map((r) => r.plan.fractions.small))];
  const share = shares.find((s) => close(s, 0.5)) ?? shares[0];
  if (share === undefined) return null;
  const results = [
    { name: 'small first (T-Stitch)', row: rowAt(main, share) },
    { name: 'large first', row: rowAt(largeFirst, share) },
    { name: 'interleaved', row: rowAt(interleaved, share) },
  ].filter((x): x is { name: string; row: EvaluationRow } => x.row !== undefined);
  if (results.length < 2) return null;
  const best = [...results].sort((a, b) => a.row.fid! - b.row.fid!)[0];
  return {
    question: 'Does the order matter?',
    answer:
      `With ${r2(share)} of the ${main.steps} steps on the small model, ${results.map((x) => `${x.name} scores FID ${fid(x.row)}`).join(', ')}. ` +
      (best.name.startsWith('small first')
        ? 'Small first is best: the small model is good enough for the rough layout of the early steps, not for the late detail.'
        : `Here ${best.name} is best, unlike in the paper.`),
  };
}

function solver(main: RowFamily, other: RowFamily): Finding | null {
  const large = rowAt(other, 0);
  const stitched =
    rowAt(other, 0.4) ??
    other.rows
      .filter((r) => r.fid !== null && r.plan.fractions.small > 0)
      .sort((a, b) => a.plan.fractions.small - b.plan.fractions.small)[0];
  if (!large || !stitched) return null;
  const ratio = stitched.fid! / large.fid!;
  return {
    question: `Does it still work with ${other.sampler === 'dpmpp2m' ? 'DPM-Solver++' : other.sampler.toUpperCase()} and ${other.steps} steps?`,
    answer:
      `With ${other.sampler === 'dpmpp2m' ? 'DPM-Solver++(2M)' : other.sampler.toUpperCase()} at ${other.steps} steps, r = ${r2(stitched.plan.fractions.small)} scores ` +
      `FID ${fid(stitched)} against ${fid(large)} for the large model alone (${ratio <= 1.05 ? 'within 5%: the trade still holds' : `${((ratio - 1) * 100).toFixed(0)}% higher: fewer, larger steps leave less room for the small model`}).` +
      ` With ${main.sampler.toUpperCase()} at ${main.steps} steps the same comparison is in the chart above.`,
  };
}

/** " To stay within 10% of the large model's FID, ..." : the cheapest plan of each kind that does, when both exist. */
function sameQuality(grid: RowFamily, two: EvaluationRow[]): string {
  const large = two.find((r) => r.plan.fractions.large === 1);
  if (!large) return '';
  const bar = large.fid! * 1.1;
  const cheapest = (rows: EvaluationRow[]) =>
    rows
      .filter((r) => r.fid !== null && r.gflopsPerImage !== null && r.fid <= bar)
      .sort((a, b) => a.gflopsPerImage! - b.gflopsPerImage!)[0];
  const bestTwo = cheapest(two);
  const bestThree = cheapest(grid.rows.filter((r) => r.plan.fractions.medium > 0));
  if (!bestTwo || !bestThree) return '';
  const plan = (r: EvaluationRow) => `${r.plan.fractions.small} / ${r.plan.fractions.medium} / ${r.plan.fractions.large}`;
  const saving = 1 - bestThree.gflopsPerImage! / bestTwo.gflopsPerImage!;
  return (
    ` To stay within 10% of the large model's FID (${fid(large)}), the cheapest two-model plan is ${plan(bestTwo)} at ${bestTwo.gflopsPerImage!.toFixed(2)} GFLOPs` +
    ` and the cheapest with the medium model ${plan(bestThree)} at ${bestThree.gflopsPerImage!.toFixed(2)} GFLOPs` +
    (saving > 0 ? ` (${(100 * saving).toFixed(0)}% less).` : saving < 0 ? `: at that quality the medium model costs more.` : '.')
  );
}

function threeModels(grid: RowFamily): Finding | null {
  const two = grid.rows.filter((r) => r.plan.fractions.medium === 0 && r.fid !== null && r.gflopsPerImage !== null);
  const front = paretoFront(grid.rows).filter((r) => r.plan.fractions.medium > 0);
  const gains = front
    .map((r) => {
      const rival = two.filter((t) => t.gflopsPerImage! <= r.gflopsPerImage! + 1e-9).sort((a, b) => a.fid! - b.fid!)[0];
      return rival ? { three: r, two: rival, gain: rival.fid! - r.fid! } : null;
    })
    .filter((g): g is { three: EvaluationRow; two: EvaluationRow; gain: number } => g !== null)
    .sort((a, b) => b.gain - a.gain);
  const plan = (r: EvaluationRow) => `${r.plan.fractions.small} / ${r.plan.fractions.medium} / ${r.plan.fractions.large}`;
  const n = grid.rows.length;
  if (gains.length === 0 || gains[0].gain <= 0) {
    return {
      question: 'Why stop at two models?',
      answer: `Of the ${n} small / medium / large allocations measured (${grid.sampler.toUpperCase()} ${grid.steps} steps, ${grid.samples} images each), none beats the best two-model plan of equal or lower cost: here the medium model does not pay for itself.`,
    };
  }
  const g = gains[0];
  return {
    question: 'Why stop at two models?',
    answer:
      `Of the ${n} small / medium / large allocations measured (${grid.sampler.toUpperCase()} ${grid.steps} steps, ${grid.samples} images each), ` +
      `the three-model plan ${plan(g.three)} scores FID ${fid(g.three)} at ${g.three.gflopsPerImage!.toFixed(2)} GFLOPs per image, while the best ` +
      `two-model plan that costs no more (${plan(g.two)}, ${g.two.gflopsPerImage!.toFixed(2)} GFLOPs) scores ${fid(g.two)}. ` +
      `${front.length} of the ${paretoFront(grid.rows).length} points on the Pareto front use the medium model.` +
      sameQuality(grid, two),
  };
}

/** One finding per question the file can answer; none for a question it has no rows for. */
export function findings(e: Evaluation, defaults?: { sampler: string; steps: number }): Finding[] {
  const main = mainFamily(e, defaults);
  const out: (Finding | null)[] = [];
  if (main) {
    const { fewer, largeFirst, interleaved, otherSampler } = alike(e, main);
    if (fewer) out.push(fewerSteps(main, fewer));
    out.push(order(main, largeFirst, interleaved));
    if (otherSampler) out.push(solver(main, otherSampler));
  }
  const grid = rowFamilies(e).find((f) => f.threeModels);
  if (grid) out.push(threeModels(grid));
  return out.filter((f): f is Finding => f !== null);
}
