// T-Stitch in a few sentences, on the page itself.

export function Explainer() {
  return (
    <section className="explainer" aria-labelledby="explainer-heading">
      <h2 id="explainer-heading">How trajectory stitching works</h2>
      <ol>
        <li>
          A diffusion model makes an image by starting from pure noise and removing a little of it at every step, many
          steps in a row. Each step runs a neural network, the <em>denoiser</em>.
        </li>
        <li>
          The first, noisy steps only decide the rough shape. A <span className="role-small">small</span>, fast denoiser
          does that as well as a <span className="role-large">large</span> one. Details appear in the last steps, where
          the large model is worth its cost.
        </li>
        <li>
          So T-Stitch runs the small model for the first fraction <strong>r</strong> of the steps and hands the
          half-finished image, unchanged, to the large model for the rest. No retraining.
        </li>
      </ol>
      <p className="cite">
        Pan et al., “T-Stitch: Accelerating Sampling in Pre-trained Diffusion Models with Trajectory Stitching”, ICLR 2025
        (arXiv 2402.14167). Here: two DiT denoisers trained on Fashion-MNIST, running in your browser.
      </p>
    </section>
  );
}
