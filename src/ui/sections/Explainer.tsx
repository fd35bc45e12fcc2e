// T-Stitch in a few sentences, on the page itself, with words that fit the set in use.
import type { Manifest } from '../../models/manifest';

/** "DiT-S/4 and DiT-L/4": the models' architecture names (or ids), small to large. */
function modelNames(m: Manifest): string {
  const order = { small: 0, medium: 1, large: 2 } as const;
  const names = [...m.denoisers]
    .sort((a, b) => order[a.role] - order[b.role])
    .map((d) => (typeof d.architecture?.name === 'string' ? d.architecture.name : d.id));
  return names.length > 2 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join(' and ');
}

export function Explainer({ manifest, local }: { manifest: Manifest; local: boolean }) {
  return (
    <section className="explainer" aria-labelledby="explainer-heading">
      <h2 id="explainer-heading">How trajectory stitching works</h2>
      <ol>
        <li>
          A diffusion model makes an image by starting from pure noise and removing a little of it at every step, many steps in a row. Each
          step runs a neural network, the <em>denoiser</em>.
        </li>
        <li>
          The first, noisy steps only decide the rough shape. A <span className="role-small">small</span>, fast denoiser does that as well
          as a <span className="role-large">large</span> one. Details appear in the last steps, where the large model is worth its cost.
        </li>
        <li>
          So T-Stitch runs the small model for the first fraction <strong>r</strong> of the steps and hands the half-finished image,
          unchanged, to the large model for the rest. No retraining.
        </li>
      </ol>
      <p className="cite">
        Pan et al., “T-Stitch: Accelerating Sampling in Pre-trained Diffusion Models with Trajectory Stitching”, ICLR 2025 (arXiv
        2402.14167). Here: {manifest.title} ({modelNames(manifest)}){local ? ', read from your disk' : ''}, running in your browser.
      </p>
    </section>
  );
}
