import { describe, expect, it } from 'vitest';
import { planSteps, samplingTimesteps } from '../core';
import { captionsAt, cueSteps, handOffCue, handOffLabel, handOffs, markedHandOffs } from './stepText';

describe('hand-offs', () => {
  it('marks where the large model takes over (r = 0.4 of 50 steps: step 21)', () => {
    const roles = planSteps({ small: 20, medium: 0, large: 30 });
    const marks = markedHandOffs(roles, 'small-first');
    expect(marks).toEqual([{ index: 20, from: 'small', to: 'large' }]);
    expect(handOffLabel(marks[0])).toBe('large model from step 21');
  });

  it('marks both hand-offs with three models', () => {
    const roles = planSteps({ small: 2, medium: 3, large: 5 });
    expect(markedHandOffs(roles, 'small-first').map(handOffLabel)).toEqual(['medium model from step 3', 'large model from step 6']);
    // Said for the first two steps of each model that takes over (10 steps: cueSteps is 2).
    expect([-1, 0, 1, 2, 3, 4, 5, 6, 7, 9].map((i) => handOffCue(roles, 'small-first', i))).toEqual([
      null,
      null,
      null,
      'hand-off: medium model takes over',
      'hand-off: medium model takes over',
      null,
      'hand-off: large model takes over',
      'hand-off: large model takes over',
      null,
      null,
    ]);
  });

  it('large first: the small model takes over', () => {
    const roles = planSteps({ small: 4, medium: 0, large: 6 }, 'large-first');
    expect(markedHandOffs(roles, 'large-first').map(handOffLabel)).toEqual(['small model from step 7']);
    expect(handOffCue(roles, 'large-first', 5)).toBeNull();
    expect(handOffCue(roles, 'large-first', 6)).toBe('hand-off: small model takes over');
  });

  it('interleaved: no single hand-off, so none is marked or cued (the timeline shows the turns)', () => {
    const roles = planSteps({ small: 5, medium: 0, large: 5 }, 'interleaved');
    expect(handOffs(roles).length).toBe(9);
    expect(markedHandOffs(roles, 'interleaved')).toEqual([]);
    expect(roles.map((_, i) => handOffCue(roles, 'interleaved', i)).every((c) => c === null)).toBe(true);
  });

  it('says it for longer in a longer run', () => {
    const roles = planSteps({ small: 20, medium: 0, large: 30 });
    expect(cueSteps(50)).toBe(6);
    expect(handOffCue(roles, 'small-first', 25)).toBe('hand-off: large model takes over');
    expect(handOffCue(roles, 'small-first', 26)).toBeNull();
  });

  it('says nothing for one model', () => {
    expect(handOffCue(planSteps({ small: 0, medium: 0, large: 8 }), 'small-first', 3)).toBeNull();
    expect(markedHandOffs(planSteps({ small: 0, medium: 0, large: 8 }), 'small-first')).toEqual([]);
  });
});

describe('captions true at every step', () => {
  const ts = samplingTimesteps(1000, 4); // 999, 666, 333, 0

  it('x_t is noisy at the timestep it has reached, until the last step leaves the final image', () => {
    expect(ts).toEqual([999, 666, 333, 0]);
    expect(captionsAt(ts, 0)).toEqual({ x: 'x_t at t = 666 (noisy)', x0: 'predicted clean image x̂₀' });
    expect(captionsAt(ts, 2).x).toBe('x_t at t = 0 (noisy)');
    expect(captionsAt(ts, 3)).toEqual({ x: 'final image', x0: 'x̂₀ = the final image' });
  });

  it('says when nothing is done yet', () => {
    expect(captionsAt(ts, -1)).toEqual({ x: 'x_t: step 1 not done yet', x0: 'x̂₀: not predicted yet' });
  });
});
