import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, WEBGPU_ARGS } from './browsers';

// Chromium keeps only the last --disable-features / --enable-features: ours must carry Playwright's.
const lists = (args: string[], kind: string) => args.filter((a) => a.startsWith(`--${kind}-features=`));

describe('the Chromium flags', () => {
  it('disable the address bar popup and keep every feature Playwright disables', () => {
    const [disabled, ...more] = lists(CHROMIUM_ARGS, 'disable');
    expect(more).toEqual([]);
    expect(disabled.split('=')[1].split(',')).toEqual(expect.arrayContaining(['HttpsUpgrades', 'PaintHolding', 'WebUIOmniboxPopup']));
  });

  it('enable Vulkan for SwiftShader WebGPU and keep what Playwright enables', () => {
    const [enabled, ...more] = lists(WEBGPU_ARGS, 'enable');
    expect(more).toEqual([]);
    expect(enabled.split('=')[1].split(',')).toEqual(expect.arrayContaining(['Vulkan', 'CDPScreenshotNewSurface']));
  });
});
