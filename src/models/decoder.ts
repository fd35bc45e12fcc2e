// Wraps a latent set's decoder (docs/ARCHITECTURE.md, manifest format 2 `decoder`):
// latent float32[N,C,H,W] -> image float32[N,C',H',W'] in [-1, 1]. Same injected-namespace pattern
// as session.ts; opened by the runtime worker next to the denoisers.
import type { ImageShape } from '../core';
import { ModelFileError } from './fileChecks';
import {
  imageShapeMismatch,
  openSession,
  signatureMismatch,
  typeMismatch,
  type ModelSession,
  type OrtLike,
  type SessionOptions,
} from './session';

/** A latent set's decoder: latents [n, C, H, W] (already divided by the latent scale) to images. */
export interface DecoderSession extends ModelSession {
  decode(latent: Float32Array, n: number): Promise<Float32Array>;
}

/** Create a session for a decoder (input `latent`, output `image`: docs/ARCHITECTURE.md) and wrap it. */
export async function createDecoderSession(
  ort: OrtLike,
  model: Uint8Array,
  opts: SessionOptions & { file: string; output: ImageShape },
): Promise<DecoderSession> {
  const { id, backend, image, output, file } = opts;
  const { run, release } = await openSession(ort, model, opts, (session) => {
    const wrong = signatureMismatch(`Decoder file "${file}"`, session, ['latent'], ['image']);
    if (wrong) return new ModelFileError(file, wrong);
    const typed = typeMismatch(
      `Decoder file "${file}"`,
      session,
      [{ name: 'latent', type: 'float32', rank: 4 }],
      [{ name: 'image', type: 'float32', rank: 4 }],
    );
    if (typed) return new ModelFileError(file, typed);
    const mismatch = imageShapeMismatch(session.inputMetadata, image, 'latent');
    if (mismatch) return new ModelFileError(file, `Decoder file "${file}" ${mismatch}.`);
    // Its declared output against the manifest's decoder.output, known now rather than at Generate.
    const declared = imageShapeMismatch(session.outputMetadata, output, 'image', { verb: 'gives', field: 'decoder.output' });
    return declared ? new ModelFileError(file, `Decoder file "${file}" ${declared}.`) : null;
  });
  const perLatent = image.channels * image.height * image.width;
  const perImage = output.channels * output.height * output.width;
  const decode = (latent: Float32Array, n: number) =>
    run('Decoder', async (session) => {
      if (latent.length !== n * perLatent) throw new Error(`Decoder "${id}": ${latent.length} values for n=${n} latents of ${perLatent}`);
      const out = (await session.run({ latent: new ort.Tensor('float32', latent, [n, image.channels, image.height, image.width]) })).image;
      if (!out || out.type !== 'float32' || !(out.data instanceof Float32Array) || out.data.length !== n * perImage) {
        throw new ModelFileError(
          file,
          `Decoder file "${file}" on ${backend} returned image of type ${out?.type} and dims [${out?.dims.join(', ')}]; ` +
            `the manifest's decoder.output says float32 [${n}, ${output.channels}, ${output.height}, ${output.width}].`,
        );
      }
      return out.data;
    });
  return { id, backend, decode, release };
}
