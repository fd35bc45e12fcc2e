// npm run eval: FID-FMNIST, class accuracy and time per image of sampling plans: T-Stitch at
// fractions r of steps on the small model (any order), the same-cost fewer-steps baseline, and the
// grid of three-model allocations. Uses the page's sampler core (src/core) unchanged and the
// shipped ONNX models through src/models' session wrappers. See docs/results/README.md.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { MODEL_ROLES, PLAN_ORDERS, SAMPLERS, type ModelRole, type PlanOrder, type SamplerName } from '../../src/core';
import { gflopsPerImage, type Evaluation, type EvaluationRow } from '../../src/models/evaluation';
import type { Manifest } from '../../src/models/manifest';
import { choiceFlag, intFlag, log, machineInfo, numFlag, parseFractions, runMain, sibling, writeText } from '../lib/cli';
import { fewerStepRows, gridRows, rolesUsed, selectPart, twoModelRows, type RowSpec } from './lib/evalPlans';
import { FASHION_MNIST_DIR, fashionMnistAvailable, loadFashionMnist } from './lib/idx';
import { scoreImages } from './lib/metrics';
import { DEFAULT_MODELS_DIR, loadManifest, openDenoisers, openEvaluator } from '../lib/models';
import { loadOrt, NODE_BACKENDS, type NodeBackend } from '../lib/ort';
import { markdown, plot } from './lib/evalReport';
import { describeRow, generate, warmUp } from './lib/evalSampling';

const HELP = `npm run eval -- [flags]
  What to measure (one of):
  --fractions LIST   T-Stitch with two models: fractions r of steps on the small model, 0,0.4,1 or
                     start:stop:step (default 0:1:0.1)
  --order NAME       with --fractions: small-first (T-Stitch, default) | large-first | interleaved
  --fewer-steps      with --fractions: the baseline at equal cost instead: the large model alone with as
                     many steps as T-Stitch at r costs in large-model forward passes (the manifest's GFLOPs)
  --grid STEP        every allocation of the steps to small, medium and large (in that order) with
                     shares on a grid of STEP (0.1: 66 allocations); needs a medium model
  --part I/N         run only every N-th row from the I-th (split a long run over N processes)
  Settings:
  --sampler NAME     ${SAMPLERS.join(' | ')} (default: the manifest's defaults.sampler)
  --eta N            DDIM eta (default: the manifest's defaults.eta)
  --steps N          sampling steps (default: the manifest's defaults.steps)
  --guidance W       classifier-free guidance scale (default: the manifest's defaults.guidance)
  --samples N        images per row, class-balanced, a multiple of the class count (default 1000)
  --seed N           image k uses noise seed (seed * 1000003 + k) mod 2^32, the same in every row (default 0)
  --batch N          images per sampler call (default 50; results do not depend on it)
  --backend NAME     node (onnxruntime-node, default) | wasm (onnxruntime-web in Node, 1 thread)
  --threads N        onnxruntime-node intra-op threads; 0 = its default, one per core (default 1)
  --models DIR       folder with manifest.json (default public/models)
  --out FILE.json    results (evaluation format 2); FILE.md (table) and FILE.svg (plot) are written next to it (default runs/eval.json)
  --no-real          skip the real-image reference (the FID floor at this sample count)
  --quick            preset: fractions 0,0.4,0.7,1, 20 steps, 100 samples (a smoke test, < 3 min on 2 cores)`;

export const QUICK = { fractions: '0,0.4,0.7,1', steps: 20, samples: 100 } as const;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      fractions: { type: 'string' },
      order: { type: 'string' },
      'fewer-steps': { type: 'boolean' },
      grid: { type: 'string' },
      part: { type: 'string' },
      sampler: { type: 'string' },
      eta: { type: 'string' },
      steps: { type: 'string' },
      guidance: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      models: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean' },
      'no-real': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  return values;
}

function config(values: ReturnType<typeof parse>, manifest: Manifest) {
  const quick = values.quick ?? false;
  const d = manifest.defaults;
  const samples = intFlag('samples', values.samples, quick ? QUICK.samples : 1000);
  const classes = manifest.classes.length;
  if (samples % classes !== 0) throw new Error(`--samples must be a multiple of the ${classes} classes (class-balanced), got ${samples}`);
  return {
    quick,
    sampler: choiceFlag<SamplerName>('sampler', values.sampler, d.sampler, SAMPLERS),
    eta: numFlag('eta', values.eta, d.eta),
    steps: intFlag('steps', values.steps, quick ? QUICK.steps : d.steps),
    guidance: numFlag('guidance', values.guidance, d.guidance),
    samples,
    seed: intFlag('seed', values.seed, 0, 0),
    batch: intFlag('batch', values.batch, 50),
    backend: choiceFlag<NodeBackend>('backend', values.backend, 'node', NODE_BACKENDS),
    threads: intFlag('threads', values.threads, 1, 0),
  };
}

/** The rows the flags ask for. */
function rowSpecs(values: ReturnType<typeof parse>, manifest: Manifest, steps: number): RowSpec[] {
  const gflops = Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));
  if (values.grid !== undefined) {
    if (values.fractions !== undefined || values['fewer-steps'] || values.order !== undefined)
      throw new Error('--grid goes without --fractions, --order and --fewer-steps');
    if (!manifest.denoisers.some((d) => d.role === 'medium')) throw new Error('--grid needs a medium model in the manifest');
    return selectPart(gridRows(Number(values.grid), steps), values.part);
  }
  const fractions = parseFractions(values.fractions ?? (values.quick ? QUICK.fractions : '0:1:0.1'));
  if (values['fewer-steps']) {
    if (values.order !== undefined) throw new Error('--fewer-steps runs the large model alone: no --order');
    return selectPart(fewerStepRows(fractions, steps, gflops), values.part);
  }
  const order = choiceFlag<PlanOrder>('order', values.order, 'small-first', PLAN_ORDERS);
  return selectPart(twoModelRows(fractions, steps, order), values.part);
}

/** The first samples/classes training images of each class: real images the test-split stats never saw. */
function heldOutReal(samples: number, numClasses: number) {
  const train = loadFashionMnist('train', 20000);
  const per = train.images.length / train.n;
  const want = samples / numClasses;
  const taken = new Array<number>(numClasses).fill(0);
  const images = new Float32Array(samples * per);
  const labels = new Uint8Array(samples);
  let k = 0;
  for (let i = 0; i < train.n && k < samples; i++) {
    const c = train.labels[i];
    if (taken[c] >= want) continue;
    taken[c]++;
    images.set(train.images.subarray(i * per, (i + 1) * per), k * per);
    labels[k++] = c;
  }
  if (k < samples) throw new Error(`only ${k} held-out training images found for ${samples} (class-balanced)`);
  return { images, labels };
}

async function main(): Promise<void> {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    console.log(HELP);
    return;
  }
  const t0 = performance.now();
  const modelsDir = resolve(values.models ?? DEFAULT_MODELS_DIR);
  const manifest = loadManifest(modelsDir);
  const cfg = config(values, manifest);
  const specs = rowSpecs(values, manifest, cfg.steps);
  const out = resolve(values.out ?? 'runs/eval.json');
  const o = await loadOrt(cfg.backend, { threads: cfg.threads });
  log(
    'eval',
    `${o.description}; ${cfg.samples} samples x ${specs.length} rows, ${cfg.sampler}, guidance ${cfg.guidance}, batch ${cfg.batch}`,
  );

  const denoisers = await openDenoisers(o, manifest, modelsDir, rolesUsed(specs));
  const evaluator = await openEvaluator(o, manifest, modelsDir);
  if (!evaluator) log('eval', `WARNING: ${modelsDir}/manifest.json has no "classifier" entry: FID and class accuracy are reported as null`);
  try {
    await warmUp(denoisers, manifest, cfg);
    const numClasses = manifest.classes.length;
    let reference: { source: string; samples: number; fid: number; classAccuracy: number } | null = null;
    if (evaluator && !values['no-real'] && !fashionMnistAvailable()) {
      log(
        'eval',
        `no Fashion-MNIST under ${FASHION_MNIST_DIR} (apt-get install -y dataset-fashion-mnist): skipping the real-image reference row`,
      );
    } else if (evaluator && !values['no-real']) {
      const real = heldOutReal(cfg.samples, numClasses);
      const s = await scoreImages(evaluator.session, evaluator.stats, real.images, real.labels, numClasses);
      reference = {
        source: `${cfg.samples} real Fashion-MNIST training images (class-balanced), against the test-split stats`,
        samples: cfg.samples,
        ...s,
      };
      log(
        'eval',
        `real images at this sample count: FID ${s.fid.toFixed(3)}, class accuracy ${(100 * s.classAccuracy).toFixed(1)}% (the floor for ${cfg.samples} samples)`,
      );
    }

    const gflops = Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops])) as Partial<Record<ModelRole, number>>;
    const rows: EvaluationRow[] = [];
    for (const spec of specs) {
      const gen = await generate(denoisers, manifest, cfg, spec);
      const labels = Int32Array.from({ length: cfg.samples }, (_, k) => k % numClasses);
      const scores = evaluator ? await scoreImages(evaluator.session, evaluator.stats, gen.images, labels, numClasses) : null;
      const sec = gen.ms / 1000 / cfg.samples;
      const modelMs = MODEL_ROLES.reduce((sum, r) => sum + gen.modelMs[r], 0);
      const row: EvaluationRow = {
        plan: { order: spec.order, fractions: spec.fractions },
        ...(spec.sameCostAs ? { sameCostAs: spec.sameCostAs } : {}),
        sampler: cfg.sampler,
        steps: spec.steps,
        samples: cfg.samples,
        guidance: cfg.guidance,
        eta: cfg.eta,
        seed: cfg.seed,
        fid: scores?.fid ?? null,
        classAccuracy: scores?.classAccuracy ?? null,
        gflopsPerImage: gflopsPerImage(spec.counts, gflops, cfg.guidance),
        secondsPerImage: sec,
        stepsPerModel: spec.counts,
        modelSecondsPerImage: Object.fromEntries(MODEL_ROLES.map((r) => [r, gen.modelMs[r] / 1000 / cfg.samples])),
        samplerOverheadShare: 1 - modelMs / gen.ms,
        run: 0,
      };
      rows.push(row);
      log(
        'eval',
        `${describeRow(spec)}: FID ${row.fid?.toFixed(3) ?? 'n/a'}, class accuracy ${row.classAccuracy === null ? 'n/a' : (100 * row.classAccuracy).toFixed(1) + '%'}, ${sec.toFixed(3)} s/image`,
      );
    }

    const command = `npm run eval --${process.argv
      .slice(2)
      .map((a) => ` ${a}`)
      .join('')}`;
    const result: Evaluation = {
      format: 2,
      tool: 'tools/research/eval.ts',
      models: manifest.denoisers.map((d) => ({ role: d.role, id: d.id, sha256: d.sha256, gflops: d.gflops })),
      classifier: evaluator
        ? {
            file: evaluator.entry.file,
            sha256: evaluator.entry.sha256,
            testAccuracy: evaluator.entry.testAccuracy,
            stats: evaluator.entry.stats,
            statsCount: evaluator.stats.count,
          }
        : null,
      references: reference ? [reference] : [],
      runs: [
        {
          command,
          runtime: o.description,
          date: new Date().toISOString(),
          wallSeconds: 0,
          batch: cfg.batch,
          classBalanced: true,
          backend: cfg.backend,
          threads: cfg.backend === 'node' ? cfg.threads : 1,
          noise: 'image k: createNoise((seed * 1000003 + k) mod 2^32), identical in every row',
          machine: await machineInfo(),
        },
      ],
      rows,
    };
    result.runs[0].wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
    writeText(out, JSON.stringify(result, null, 2) + '\n');
    writeText(sibling(out, '.md'), markdown(result));
    writeText(sibling(out, '.svg'), plot(result));
    log('eval', `wrote ${out} (+ .md, .svg) in ${result.runs[0].wallSeconds} s`);
  } finally {
    await denoisers.release();
    await evaluator?.session.release();
  }
}

runMain('eval', main);
