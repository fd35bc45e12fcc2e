// npm run gpu:pack: the GPU kit (issue 14 item 6) in .gpu/: Node, onnxruntime-node (linux x64),
// the bundled measurement, the plain (first) export as skeletons, Debian's Vulkan loader and
// run.sh, xz-compressed and cut into parts that each fit, beside the repository's working tree, in
// what one call to the GPU machine carries (64 MiB). docs/results/gpu-kit.md says how to run it.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { denoiserFor } from '../../src/models/manifest';
import { intFlag, log, runMain } from '../lib/cli';
import { loadManifest, readVerified } from '../lib/models';
import { bundle } from './build';
import { filesToLeaveBehind, icuSymbol, mib, MiB, planParts, zeroIcuData, type TreeFile } from './packLib';
import { makeSkeleton, sha256 } from './skeleton';

const HELP = `npm run gpu:pack -- [flags]
  --out DIR         the kit's folder, ignored by git (default .gpu); everything in it is replaced
  --work DIR        intermediate files (default runs/gpu-build)
  --plain-dir DIR   the plain export to carry (default: made here with python3 training/export.py --plain)
  --no-skeleton     carry the plain models whole (+~10 MiB) instead of rebuilding them from the checkpoints
  --keep-icu        keep Node's ICU data (+~8 MiB; the kit's Node then has Intl)
  --margin-mib N    room kept free beside the tree and a part (default 1)
Needs Linux x86-64, xz, strip and nm (binutils), tar, and for the plain export python3 with torch.`;

const REPO = resolve(import.meta.dirname, '../..');
const say = (m: string) => log('gpu:pack', m);

function sh(cmd: string, args: string[], opts: { cwd?: string } = {}): string {
  return execFileSync(cmd, args, { cwd: opts.cwd ?? REPO, encoding: 'utf8', maxBuffer: 256 * MiB, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `shell` in bash, as a promise: the xz runs go in parallel. */
function bash(shell: string): Promise<void> {
  return new Promise((done, fail) => {
    const p = spawn('bash', ['-o', 'pipefail', '-c', shell], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? done() : fail(new Error(`failed (${code}): ${shell}`))));
  });
}

const size = (p: string) => statSync(p).size;
const TAR = 'tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0';

/** The working tree as the device tool sends it: tracked files and untracked ones git does not ignore. */
function travellingTree(): TreeFile[] {
  const paths = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  const files = [...new Set(paths)]
    .filter((p) => existsSync(join(REPO, p)) && statSync(join(REPO, p)).isFile())
    .map((p) => ({ path: p, bytes: size(join(REPO, p)) }));
  const shared = join(REPO, 'shared');
  if (existsSync(shared)) {
    for (const f of readdirSync(shared, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) files.push({ path: relative(REPO, join(f.parentPath, f.name)), bytes: size(join(f.parentPath, f.name)) });
    }
  }
  return files;
}

/** The plain (first) export of the shipped small and large checkpoints, as `training/export.py --plain` writes it. */
function plainExport(work: string, ids: { id: string; role: string }[]): string {
  const dir = join(work, 'plain');
  rmSync(dir, { recursive: true, force: true });
  for (const { id, role } of ids) {
    say(`plain export of ${id}: /usr/bin/python3 training/export.py --plain`);
    sh('/usr/bin/python3', [
      'training/export.py',
      '--plain',
      '--ckpt',
      `training/checkpoints/${id}.pt`,
      '--id',
      id,
      '--role',
      role,
      '--out-dir',
      dir,
    ]);
  }
  return dir;
}

/** onnxruntime-node's files that load at run time on linux x64, and onnxruntime-common's CommonJS build. */
function copyOnnxruntime(dest: string): void {
  const nm = join(REPO, 'node_modules');
  const keep = (f: string) => !f.endsWith('.map') && !f.endsWith('.d.ts');
  const copyTree = (from: string, to: string) =>
    cpSync(from, to, { recursive: true, filter: (src) => statSync(src).isDirectory() || keep(src) });
  copyFileSync(join(nm, 'onnxruntime-node/package.json'), join(mkdirp(join(dest, 'onnxruntime-node')), 'package.json'));
  copyTree(join(nm, 'onnxruntime-node/dist'), join(dest, 'onnxruntime-node/dist'));
  copyTree(join(nm, 'onnxruntime-node/bin/napi-v6/linux/x64'), join(dest, 'onnxruntime-node/bin/napi-v6/linux/x64'));
  copyFileSync(join(nm, 'onnxruntime-common/package.json'), join(mkdirp(join(dest, 'onnxruntime-common')), 'package.json'));
  copyTree(join(nm, 'onnxruntime-common/dist/cjs'), join(dest, 'onnxruntime-common/dist/cjs'));
}

const mkdirp = (d: string) => (mkdirSync(d, { recursive: true }), d);

/** Debian's libvulkan1 (apt-get download), else the copy this machine has installed from it. */
function vulkanLoader(work: string, dest: string): string {
  const debs = mkdirp(join(work, 'deb'));
  let deb = readdirSync(debs).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
  if (!deb) {
    try {
      sh('apt-get', ['download', 'libvulkan1'], { cwd: debs });
      deb = readdirSync(debs).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
    } catch (e) {
      say(`apt-get download libvulkan1 failed (${(e as Error).message.split('\n')[0]}); using this machine's copy`);
    }
  }
  mkdirp(dest);
  if (deb) {
    const x = join(work, 'deb-x');
    rmSync(x, { recursive: true, force: true });
    sh('dpkg-deb', ['-x', join(debs, deb), x]);
    copyFileSync(realpathSync(join(x, 'usr/lib/x86_64-linux-gnu/libvulkan.so.1')), join(dest, 'libvulkan.so.1'));
    return deb;
  }
  copyFileSync(realpathSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1'), join(dest, 'libvulkan.so.1'));
  return `${basename(realpathSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1'))} (installed copy)`;
}

/** This Node, stripped, and without its ICU data unless asked to keep it. */
function nodeBinary(work: string, keepIcu: boolean): { path: string; icu: string } {
  const path = join(work, 'node');
  copyFileSync(process.execPath, path);
  sh('strip', [path]);
  let icu = 'kept';
  if (!keepIcu) {
    const sym = icuSymbol(sh('nm', ['-S', '--defined-only', process.execPath]));
    if (!sym) icu = `kept (no icudt symbol in ${process.execPath})`;
    else {
      const bytes = new Uint8Array(readFileSync(path));
      zeroIcuData(bytes, sym);
      writeFileSync(path, bytes);
      icu = `left out (${sym.name}, ${mib(sym.size)} zeroed)`;
    }
  }
  chmodSync(path, 0o755);
  sh(path, ['-e', 'process.exit(process.version === ' + JSON.stringify(process.version) + ' ? 0 : 1)']);
  return { path, icu };
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    args: process.argv.slice(2),
    options: {
      out: { type: 'string' },
      work: { type: 'string' },
      'plain-dir': { type: 'string' },
      'no-skeleton': { type: 'boolean' },
      'keep-icu': { type: 'boolean' },
      'margin-mib': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (v.help) return console.log(HELP);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the kit is for linux x64; this is ${process.platform} ${process.arch}`);
  const out = resolve(v.out ?? '.gpu');
  const work = resolve(v.work ?? 'runs/gpu-build');
  const margin = intFlag('margin-mib', v['margin-mib'], 1, 0) * MiB;
  const kit = join(work, 'kit');
  rmSync(kit, { recursive: true, force: true });
  mkdirp(kit);

  // The measurement, bundled.
  const bundled = join(work, 'bundle');
  for (const f of await bundle(bundled)) copyFileSync(join(bundled, f), join(kit, f));

  // The plain (first) export of the shipped pair: "before" the lean export.
  const lean = loadManifest(join(REPO, 'public/models'));
  const pair = (['small', 'large'] as const).map((role) => ({ role, id: denoiserFor(lean, role).id }));
  const plainDir = v['plain-dir'] ? resolve(v['plain-dir']) : plainExport(work, pair);
  const plain = loadManifest(plainDir);
  const plainOut = mkdirp(join(kit, 'plain'));
  plain.denoisers = plain.denoisers.filter((d) => d.role === 'small' || d.role === 'large');
  writeFileSync(join(plainOut, 'manifest.json'), JSON.stringify(plain, null, 2) + '\n');
  for (const { role, id } of pair) {
    const e = denoiserFor(plain, role);
    const model = readVerified(plainDir, e.file, e.sha256);
    if (v['no-skeleton']) {
      writeFileSync(join(plainOut, e.file), model);
      continue;
    }
    const ckptPath = `training/checkpoints/${id}.pt`;
    const { skeleton, recipe } = makeSkeleton(model, new Uint8Array(readFileSync(join(REPO, ckptPath))), {
      file: e.file,
      checkpoint: ckptPath,
    });
    const covered = recipe.spans.reduce((s, x) => s + x.length, 0);
    say(`plain ${e.file}: ${recipe.spans.length} weights (${mib(covered)} of ${mib(model.length)}) come from ${ckptPath}`);
    writeFileSync(join(plainOut, `${e.file}.skel`), skeleton);
    writeFileSync(join(plainOut, `${e.file}.recipe.json`), JSON.stringify(recipe) + '\n');
  }

  const node = nodeBinary(work, v['keep-icu'] ?? false);
  const ortDir = join(work, 'ort');
  rmSync(ortDir, { recursive: true, force: true });
  copyOnnxruntime(mkdirp(join(ortDir, 'node_modules')));
  const deb = vulkanLoader(work, join(kit, 'vulkan'));

  const commit = (() => {
    try {
      return sh('git', ['rev-parse', '--short', 'HEAD']).trim();
    } catch {
      return 'unknown';
    }
  })();
  const ortVersion = JSON.parse(readFileSync(join(REPO, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version as string;
  const summary =
    `node ${process.version} (ICU ${node.icu.split(' (')[0]}), onnxruntime-node ${ortVersion} linux x64, ${deb}, ` +
    `plain export ${v['no-skeleton'] ? 'whole' : 'as skeletons'}; packed at ${commit} on ${new Date().toISOString().slice(0, 10)}`;
  writeFileSync(join(kit, 'kit-summary.txt'), summary + '\n');

  // Three xz streams (their sizes are the breakdown), in parallel, then one tar of them.
  const packed = join(work, 'packed');
  rmSync(packed, { recursive: true, force: true });
  mkdirp(packed);
  say('compressing (xz -9e; a few minutes)');
  await Promise.all([
    bash(`xz --x86 --lzma2=preset=9e -T1 -c '${node.path}' > '${packed}/node.xz'`),
    bash(`${TAR} -C '${ortDir}' -cf - node_modules | xz --x86 --lzma2=preset=9e -T1 > '${packed}/onnxruntime.tar.xz'`),
    bash(`${TAR} -C '${kit}' -cf - . | xz -9e -T1 > '${packed}/rest.tar.xz'`),
  ]);
  const whole = join(work, 'kit.tar');
  await bash(`${TAR} -C '${packed}' -cf '${whole}' node.xz onnxruntime.tar.xz rest.tar.xz`);
  const kitBytes = size(whole);
  const breakdown = [
    ['node.xz', `Node ${process.version}, stripped, ICU ${node.icu}`, size(node.path)],
    [
      'onnxruntime.tar.xz',
      `onnxruntime-node ${ortVersion} (JS, binding, libonnxruntime.so.1 with WebGPU) + onnxruntime-common`,
      Number(sh('du', ['-sb', ortDir]).split('\t')[0]),
    ],
    ['rest.tar.xz', 'measure.mjs + unskeleton.mjs, plain export, libvulkan.so.1, summary', Number(sh('du', ['-sb', kit]).split('\t')[0])],
  ] as const;

  // Parts that fit beside the working tree.
  const tree = travellingTree();
  const treeBytes = tree.reduce((s, f) => s + f.bytes, 0);
  const plan = planParts(kitBytes, treeBytes, margin);
  rmSync(out, { recursive: true, force: true });
  const bytes = readFileSync(whole);
  const names = plan.parts.map((_, i) => `kit.tar.${String(i).padStart(2, '0')}`);
  const sums =
    [
      ...names.map((n, i) => {
        const from = plan.parts.slice(0, i).reduce((s, x) => s + x, 0);
        const chunk = bytes.subarray(from, from + plan.parts[i]);
        writeFileSync(join(mkdirp(join(out, `p${i + 1}`)), n), chunk);
        return `${sha256(chunk)}  ${n}`;
      }),
      `${sha256(bytes)}  kit.tar`,
    ].join('\n') + '\n';
  for (let i = 1; i <= plan.parts.length; i++) {
    writeFileSync(join(out, `p${i}`, 'kit.sha256'), sums);
    copyFileSync(join(REPO, 'tools/gpu/run.sh'), join(out, `p${i}`, 'run.sh'));
    chmodSync(join(out, `p${i}`, 'run.sh'), 0o755);
  }

  const needed = [
    'public/models/manifest.json',
    ...pair.map((p) => `public/models/${denoiserFor(lean, p.role).file}`),
    ...pair.map((p) => `training/checkpoints/${p.id}.pt`),
  ];
  const leave = plan.parts.length > 1 ? filesToLeaveBehind(tree, needed, kitBytes, margin) : [];
  const n = plan.parts.length;
  const lines = [
    `kit: ${mib(kitBytes)} (xz) in ${out}/p1..p${n}: ${summary}`,
    ...breakdown.map(([f, what, raw]) => `  ${f.padEnd(19)} ${mib(size(join(packed, f))).padStart(10)} (from ${mib(raw)}): ${what}`),
    `working tree that travels with every call: ${mib(treeBytes)} (${tree.length} files); room beside it: ${mib(plan.room)} (64 MiB less ${mib(margin)} margin)`,
    n === 1
      ? `ONE call: run(command="bash .gpu/p1/run.sh", carry=[".gpu/p1"], timeout_s=600)`
      : `${n} parts of at most ${mib(Math.max(...plan.parts))}: a staged run, one part per call, each call within the machine's 30 s warm time of the last:\n` +
        names
          .map(
            (_, i) =>
              `  call ${i + 1}: run(command="bash .gpu/p${i + 1}/run.sh${i + 1 < n ? ' stage' : ''}", carry=[".gpu/p${i + 1}"]${i + 1 < n ? ', timeout_s=120' : ', timeout_s=600'})`,
          )
          .join('\n') +
        `\nor ONE call, carry=[".gpu"], with these ${leave.length} files (${mib(leave.reduce((s, f) => s + f.bytes, 0))}) moved out of the checkout during it (git checkout -- restores them):\n` +
        leave.map((f) => `  ${f.path} (${mib(f.bytes)})`).join('\n'),
  ];
  writeFileSync(join(out, 'PLAN.txt'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

runMain('gpu:pack', main);
