// Image tensors ([C, H, W] in [-1, 1]) to RGBA pixels.

/** RGBA bytes for one image; 1 channel is drawn as grey, 3 as RGB. Values are clipped to [-1, 1]. */
export function toRgba(data: Float32Array, channels: number, height: number, width: number): Uint8ClampedArray<ArrayBuffer> {
  const plane = height * width;
  if (data.length < channels * plane) throw new Error(`image has ${data.length} values, expected ${channels * plane}`);
  const out = new Uint8ClampedArray(new ArrayBuffer(plane * 4));
  const byte = (v: number) => Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);
  for (let p = 0; p < plane; p++) {
    const r = byte(data[p]);
    const g = channels >= 3 ? byte(data[plane + p]) : r;
    const b = channels >= 3 ? byte(data[2 * plane + p]) : r;
    out[4 * p] = r;
    out[4 * p + 1] = g;
    out[4 * p + 2] = b;
    out[4 * p + 3] = 255;
  }
  return out;
}
