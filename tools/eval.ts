// npm run eval: FID-FMNIST, class accuracy and time per image of stitched sampling, per fraction r
// of steps on the small model. Uses the page's sampler core (src/core sample()) unchanged and the
// shipped ONNX models through src/runtime's session wrappers. See docs/results/README.md.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { alphaBars, idealSpeedup, sample, smallSteps, stitchingPlan, type SamplerName } from '../src/core';
import type { Manifest } from '../src/runtime/manifest';
import { choiceFlag, intFlag, log, machineInfo, numFlag, parseFractions, sibling, writeText } from './lib/cli';
import { FASHION_MNIST_DIR, fashionMnistAvailable, loadFashionMnist } from './lib/idx';
import { scoreImages } from './lib/metrics';
import { DEFAULT_MODELS_DIR, loadManifest, openDenoisers, openEvaluator, type Denoisers } from './lib/models';
import { batchNoise } from './lib/noise';
import { loadOrt, NODE_BACKENDS, type NodeBackend } from './lib/ort';
import { markdown, plot, type Row } from './lib/evalReport';

const HELP = `npm run eval -- [flags]
  --fractions LIST   fractions r of steps on the small model: 0,0.4,1 or start:stop:step (default 0:1:0.1)
  --sampler NAME     ddim | ddpm (default: the manifest's defaults.sampler)
  --eta N            DDIM eta (default: the manifest's defaults.eta)
  --steps N          sampling steps (default: the manifest's defaults.steps)
  --guidance W       classifier-free guidance scale (default: the manifest's defaults.guidance)
  --samples N        images per fraction, class-balanced, a multiple of the class count (default 1000)
  --seed N           image k uses noise seed (seed * 1000003 + k) mod 2^32, the same at every r (default 0)
  --batch N          images per sampler call (default 50; results do not depend on it)
  --backend NAME     node (onnxruntime-node, default) | wasm (onnxruntime-web in Node, 1 thread)
  --threads N        onnxruntime-node intra-op threads; 0 = its default, one per core (default 1)
  --models DIR       folder with manifest.json (default public/models)
  --out FILE.json    results; FILE.md (table) and FILE.svg (plot) are written next to it (default runs/eval.json)
  --no-real          skip the real-image reference row
  --quick            preset: fractions 0,0.4,0.7,1, 20 steps, 100 samples (a smoke test, < 3 min on 2 cores)`;

export const QUICK = { fractions: '0,0.4,0.7,1', steps: 20, samples: 100 } as const;


function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      fractions: { type: 'string' }, sampler: { type: 'string' }, eta: { type: 'string' }, steps: { type: 'string' },
      guidance: { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' },
      backend: { type: 'string' }, threads: { type: 'string' }, models: { type: 'string' }, out: { type: 'string' }, quick: { type: 'boolean' },
      'no-real': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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
    fractions: parseFractions(values.fractions ?? (quick ? QUICK.fractions : '0:1:0.1')),
    sampler: choiceFlag<SamplerName>('sampler', values.sampler, d.sampler, ['ddim', 'ddpm']),
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
  const out = resolve(values.out ?? 'runs/eval.json');
  const o = await loadOrt(cfg.backend, { threads: cfg.threads });
  log('eval', `${o.description}; ${cfg.samples} samples x ${cfg.fractions.length} fractions, ${cfg.sampler} ${cfg.steps} steps, guidance ${cfg.guidance}, batch ${cfg.batch}`);

  const denoisers = await openDenoisers(o, manifest, modelsDir);
  const evaluator = await openEvaluator(o, manifest, modelsDir);
  if (!evaluator) log('eval', `WARNING: ${modelsDir}/manifest.json has no "classifier" entry: FID and class accuracy are reported as null`);
  try {
    await warmUp(denoisers, manifest, cfg);
    const numClasses = manifest.classes.length;
    let reference: { source: string; samples: number; fid: number; classAccuracy: number } | null = null;
    if (evaluator && !values['no-real'] && !fashionMnistAvailable()) {
      log('eval', `no Fashion-MNIST under ${FASHION_MNIST_DIR} (apt-get install -y dataset-fashion-mnist): skipping the real-image reference row`);
    } else if (evaluator && !values['no-real']) {
      const real = heldOutReal(cfg.samples, numClasses);
      const s = await scoreImages(evaluator.session, evaluator.stats, real.images, real.labels, numClasses);
      reference = { source: `${cfg.samples} real Fashion-MNIST training images (class-balanced), against the test-split stats`, samples: cfg.samples, ...s };
      log('eval', `real images at this sample count: FID ${s.fid.toFixed(3)}, class accuracy ${(100 * s.classAccuracy).toFixed(1)}% (the floor for ${cfg.samples} samples)`);
    }

    const gflops = { small: manifest.denoisers.find((d) => d.role === 'small')?.gflops, large: manifest.denoisers.find((d) => d.role === 'large')?.gflops };
    const rows: Row[] = [];
    for (const fraction of cfg.fractions) {
      const gen = await generate(denoisers, manifest, cfg, fraction);
      const labels = Int32Array.from({ length: cfg.samples }, (_, k) => k % numClasses);
      const scores = evaluator ? await scoreImages(evaluator.session, evaluator.stats, gen.images, labels, numClasses) : null;
      const k = smallSteps(cfg.steps, fraction);
      const sec = gen.ms / 1000 / cfg.samples;
      const row: Row = {
        fraction,
        smallSteps: k,
        largeSteps: cfg.steps - k,
        fid: scores?.fid ?? null,
        classAccuracy: scores?.classAccuracy ?? null,
        secondsPerImage: sec,
        calls: { small: k, large: cfg.steps - k },
        totalCalls: gen.calls,
        modelSecondsPerImage: { small: gen.modelMs.small / 1000 / cfg.samples, large: gen.modelMs.large / 1000 / cfg.samples },
        samplerOverheadShare: 1 - (gen.modelMs.small + gen.modelMs.large) / gen.ms,
        speedup: null,
        flopLimitSpeedup: gflops.small && gflops.large ? idealSpeedup(k / cfg.steps, gflops.small, gflops.large) : null,
      };
      rows.push(row);
      log('eval', `r=${fraction}: FID ${row.fid?.toFixed(3) ?? 'n/a'}, class accuracy ${row.classAccuracy === null ? 'n/a' : (100 * row.classAccuracy).toFixed(1) + '%'}, ` +
        `${sec.toFixed(3)} s/image, calls small ${k} / large ${cfg.steps - k} per image`);
    }
    const base = rows.find((r) => r.fraction === 0);
    if (base) for (const r of rows) r.speedup = base.secondsPerImage / r.secondsPerImage;

    const command = `npm run eval --${process.argv.slice(2).map((a) => ` ${a}`).join('')}`;
    const result = {
      tool: 'tools/eval.ts',
      config: {
        command,
        samples: cfg.samples, steps: cfg.steps, sampler: cfg.sampler, eta: cfg.eta, guidance: cfg.guidance, seed: cfg.seed,
        batch: cfg.batch, fractions: cfg.fractions, quick: cfg.quick, classBalanced: true,
        backend: cfg.backend, threads: cfg.backend === 'node' ? cfg.threads : 1, runtime: o.description,
        models: manifest.denoisers.map((d) => ({ role: d.role, id: d.id, sha256: d.sha256, gflops: d.gflops })),
        classifier: evaluator ? { file: evaluator.entry.file, sha256: evaluator.entry.sha256, testAccuracy: evaluator.entry.testAccuracy, stats: evaluator.entry.stats, statsCount: evaluator.stats.count } : null,
        noise: 'image k: createNoise((seed * 1000003 + k) mod 2^32), identical at every fraction',
        machine: await machineInfo(),
        date: new Date().toISOString(),
        wallSeconds: 0,
      },
      reference,
      rows,
    };
    result.config.wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
    writeText(out, JSON.stringify(result, null, 2) + '\n');
    writeText(sibling(out, '.md'), markdown(result));
    writeText(sibling(out, '.svg'), plot(result));
    log('eval', `wrote ${out} (+ .md, .svg) in ${result.config.wallSeconds} s`);
  } finally {
    await denoisers.release();
    await evaluator?.session.release();
  }
}

type Config = ReturnType<typeof config>;

/** One throw-away call per model at the batch size the run uses (allocation, first-run costs). */
async function warmUp(d: Denoisers, manifest: Manifest, cfg: Config): Promise<void> {
  const n = Math.min(cfg.batch, cfg.samples) * (cfg.guidance !== 1 ? 2 : 1);
  const { channels, height, width } = manifest.image;
  for (const s of [d.small, d.large]) {
    await s.denoise(new Float32Array(n * channels * height * width), manifest.schedule.T - 1, new Int32Array(n).fill(manifest.nullClass), n);
  }
}

/** cfg.samples images at `fraction`, in batches, through the core's sample() loop; image k has class k % classes. */
async function generate(d: Denoisers, manifest: Manifest, cfg: Config, fraction: number) {
  const alphaBar = alphaBars(manifest.schedule);
  const per = manifest.image.channels * manifest.image.height * manifest.image.width;
  const images = new Float32Array(cfg.samples * per);
  const calls = { small: 0, large: 0 };
  const modelMs = { small: 0, large: 0 };
  let ms = 0;
  const batches = Math.ceil(cfg.samples / cfg.batch);
  for (let b = 0; b < batches; b++) {
    const indices = Array.from({ length: Math.min(cfg.batch, cfg.samples - b * cfg.batch) }, (_, i) => b * cfg.batch + i);
    const start = performance.now();
    const res = await sample({
      alphaBar,
      sampler: cfg.sampler,
      eta: cfg.eta,
      steps: cfg.steps,
      plan: stitchingPlan(cfg.steps, fraction),
      guidance: cfg.guidance,
      nullClass: manifest.nullClass,
      classes: Int32Array.from(indices, (k) => k % manifest.classes.length),
      shape: manifest.image,
      noise: batchNoise(cfg.seed, indices, per),
      denoisers: { small: d.small.denoise, large: d.large.denoise },
    });
    const elapsed = performance.now() - start;
    ms += elapsed;
    images.set(res.x0, indices[0] * per);
    for (const role of ['small', 'large'] as const) {
      calls[role] += res.calls[role];
      modelMs[role] += res.modelMs[role];
    }
    log('eval', `r=${fraction} batch ${b + 1}/${batches}: ${(elapsed / 1000 / indices.length).toFixed(3)} s/image`);
  }
  return { images, calls, modelMs, ms };
}

main().catch((e: unknown) => {
  process.stderr.write(`[eval] ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
