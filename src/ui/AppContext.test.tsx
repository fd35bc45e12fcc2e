// Components read the store handed down by context (useAppState), so a test renders them against
// a store it makes: two stores, two pictures, nothing shared.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../page/store';
import { defaultSettings } from '../view/settings';
import { AppStoreContext } from './AppContext';
import { PlanStrip } from './stage/PlanStrip';

const render = (store: AppStore) =>
  renderToStaticMarkup(
    <AppStoreContext.Provider value={store}>
      <PlanStrip />
    </AppStoreContext.Provider>,
  );

describe('components against a store a test makes', () => {
  it('draws the plan of the store it is given', () => {
    // A render on the server shows the store's starting state (zustand's getInitialState).
    const a = createAppStore({ settings: { ...defaultSettings(), steps: 5, smallSteps: 2 } });
    const b = createAppStore({ settings: { ...defaultSettings(), steps: 3, smallSteps: 0 } });
    expect(render(a)).toContain('Stitching plan: 2 steps on the small model, then 3 steps on the large model');
    expect(render(a).match(/plan-cell/g)).toHaveLength(5);
    expect(render(b)).toContain('Stitching plan: 0 steps on the small model, then 3 steps on the large model');
  });

  it('says where it is used without a store, instead of reading a global one', () => {
    expect(() => renderToStaticMarkup(<PlanStrip />)).toThrow(/outside <AppStoreContext.Provider>/);
  });
});
