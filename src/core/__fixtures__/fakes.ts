/** Closed-form fake denoisers shared with training/reference/make_core_reference.py (small, large; medium is TypeScript only). */
import type { Denoiser } from '../sample';
import type { ModelRole } from '../plan';

type Formula = (x: number, t: number, y: number, T: number) => number;

const formulas: Record<ModelRole, Formula> = {
  small: (x, _t, y) => 0.3 * x + 0.05 * (y + 1),
  medium: (x, t, y, T) => 0.27 * Math.tanh(x) + 0.045 * (y + 1) - (0.005 * t) / T,
  large: (x, t, y, T) => 0.25 * Math.tanh(x) + 0.04 * (y + 1) - (0.01 * t) / T,
};

export interface FakeCall {
  role: ModelRole;
  t: number;
  n: number;
  y: number[];
}

/** Both fake denoisers for a T-step schedule; every call is appended to `log`. */
export function fakeDenoisers(T: number, log: FakeCall[] = []): Record<ModelRole, Denoiser> {
  const make = (role: ModelRole): Denoiser => async (x, t, y, n) => {
    log.push({ role, t, n, y: Array.from(y) });
    const per = x.length / n;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = formulas[role](x[i], t, y[Math.floor(i / per)], T);
    return out;
  };
  return { small: make('small'), medium: make('medium'), large: make('large') };
}

/** The batch, image shape, seed and fake denoisers of one reference setup (core_reference.json). */
export function referenceBatch(setup: { classes: number[]; shape: number[]; seed: number; nullClass: number }, T: number, log: FakeCall[] = []) {
  const [channels, height, width] = setup.shape;
  return {
    nullClass: setup.nullClass,
    classes: Int32Array.from(setup.classes),
    shape: { channels, height, width },
    seed: setup.seed,
    denoisers: fakeDenoisers(T, log),
  };
}
