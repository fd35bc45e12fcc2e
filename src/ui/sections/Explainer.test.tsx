import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../models/readManifest';
import { sampleManifest } from '../../models/testManifest';
import { Explainer } from './Explainer';

describe('the explainer describes the set in use', () => {
  it('names the set and its models, and says when they were read from disk', () => {
    const base = sampleManifest();
    const m = parseManifest({
      ...base,
      title: 'FiLM-ResNet pair',
      denoisers: [
        { ...base.denoisers[1], architecture: { family: 'ResNet', name: 'FiLM-ResNet-L' } },
        { ...base.denoisers[0], architecture: { family: 'ResNet', name: 'FiLM-ResNet-S' } },
      ],
    });
    const text = renderToStaticMarkup(<Explainer manifest={m} local />).replace(/<[^>]+>/g, '');
    expect(text).toContain('Here: FiLM-ResNet pair (FiLM-ResNet-S and FiLM-ResNet-L), read from your disk, running in');
    expect(text).not.toContain('Fashion-MNIST');
    const shipped = renderToStaticMarkup(<Explainer manifest={parseManifest(base)} local={false} />).replace(/<[^>]+>/g, '');
    expect(shipped).toContain('Here: test pair (s and l), running in');
  });
});
