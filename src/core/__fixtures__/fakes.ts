/** Closed-form fake denoisers shared with training/reference/make_core_reference.py. */
import type { Denoiser } from '../sample';
import type { ModelRole } from '../plan';

type Formula = (x: number, t: number, y: number, T: number) => number;

const formulas: Record<ModelRole, Formula> = {
  small: (x, _t, y) => 0.3 * x + 0.05 * (y + 1),
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
  return { small: make('small'), large: make('large') };
}
