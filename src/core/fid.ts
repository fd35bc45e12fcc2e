/**
 * Fréchet distance between Gaussian fits of classifier features (FID, Heusel et al. 2017),
 * and classification accuracy of generated images. Matrices are row-major Float64Array (d*d).
 */

/** Mean and covariance of a feature set, as np.mean(f, 0) and np.cov(f, rowvar=False). */
export interface FeatureStats {
  mu: Float64Array;
  sigma: Float64Array;
}

/** Mean and unbiased (n - 1) covariance of n feature rows of length d. */
export function featureStats(features: Float32Array, n: number, d: number): FeatureStats {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 2 || d < 1) {
    throw new Error(`featureStats needs n >= 2 rows and d >= 1 columns, got n=${n}, d=${d}`);
  }
  if (features.length !== n * d) {
    throw new Error(`features has ${features.length} values but n*d = ${n}*${d} = ${n * d}`);
  }
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += features[i * d + j];
  for (let j = 0; j < d; j++) mu[j] /= n;

  const sigma = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = features[i * d + j] - mu[j];
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      for (let k = j; k < d; k++) sigma[j * d + k] += rj * row[k]; // upper triangle only
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = sigma[j * d + k] / (n - 1);
      sigma[j * d + k] = v;
      sigma[k * d + j] = v;
    }
  }
  return { mu, sigma };
}

/**
 * Eigen-decomposition of a symmetric d*d matrix by the cyclic Jacobi method
 * (Golub & Van Loan, Matrix Computations, "Jacobi methods"). Returns eigenvalues and the eigenvectors as the
 * columns of a row-major matrix, so a = V diag(values) V^T. Float64, fine for d <= 256.
 */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  if (a.length !== d * d) throw new Error(`matrix has ${a.length} values, expected d*d = ${d * d}`);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) m[i * d + j] = 0.5 * (a[i * d + j] + a[j * d + i]); // exact symmetry
  }
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;

  let total = 0;
  for (let i = 0; i < d * d; i++) total += m[i] * m[i];
  const tol = Number.EPSILON * Number.EPSILON * total;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += 2 * m[p * d + q] ** 2;
    if (off <= tol) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (apq === 0) continue;
        // The rotation J(p, q, theta) that zeroes m[p][q] (Numerical Recipes sec. 11.1).
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // m <- m J
          const mkp = m[k * d + p],
            mkq = m[k * d + q];
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          // m <- J^T m
          const mpk = m[p * d + k],
            mqk = m[q * d + k];
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          // v <- v J accumulates the eigenvectors
          const vkp = v[k * d + p],
            vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = m[i * d + i];
  return { values, vectors: v };
}

/**
 * sqrt of PSD eigenvalues, with those below the rounding floor max|lambda| * d * eps set to 0
 * (numpy.linalg.matrix_rank's tolerance): on a rank-deficient covariance they are round-off
 * of either sign, and their square roots (~1e-8 each) would not cancel in the FID.
 */
function sqrtEigenvalues(values: Float64Array): Float64Array {
  let max = 0;
  for (const l of values) max = Math.max(max, Math.abs(l));
  const floor = max * values.length * Number.EPSILON;
  return values.map((l) => (l > floor ? Math.sqrt(l) : 0));
}

/** Square root of a symmetric PSD matrix, V diag(sqrt(lambda)) V^T. */
export function sqrtPsd(a: Float64Array, d: number): Float64Array {
  const { values, vectors: v } = symmetricEigen(a, d);
  const root = sqrtEigenvalues(values);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += v[i * d + k] * root[k] * v[j * d + k];
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return out;
}

function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  }
  return out;
}

/**
 * FID = ||mu1 - mu2||^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)) (Heusel et al. 2017).
 * tr((S1 S2)^(1/2)) is the sum of sqrt-eigenvalues of the symmetric PSD matrix
 * S1^(1/2) S2 S1^(1/2), which has the same spectrum as S1 S2 but no complex round-off.
 */
export function frechetDistance(mu1: Float64Array, sigma1: Float64Array, mu2: Float64Array, sigma2: Float64Array, d: number): number {
  if (mu1.length !== d || mu2.length !== d) {
    throw new Error(`means must have d = ${d} values, got ${mu1.length} and ${mu2.length}`);
  }
  if (sigma1.length !== d * d || sigma2.length !== d * d) {
    throw new Error(`covariances must have d*d = ${d * d} values, got ${sigma1.length} and ${sigma2.length}`);
  }
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < d; i++) {
    meanTerm += (mu1[i] - mu2[i]) ** 2;
    traces += sigma1[i * d + i] + sigma2[i * d + i];
  }
  const root1 = sqrtPsd(sigma1, d);
  const inner = matmul(matmul(root1, sigma2, d), root1, d);
  let trSqrt = 0;
  for (const r of sqrtEigenvalues(symmetricEigen(inner, d).values)) trSqrt += r;
  return meanTerm + traces - 2 * trSqrt;
}

/** Share of rows whose argmax over numClasses logits equals the label. */
export function classAccuracy(logits: Float32Array, labels: ArrayLike<number>, numClasses: number): number {
  const n = labels.length;
  if (n < 1) throw new Error('classAccuracy needs at least one label');
  if (logits.length !== n * numClasses) {
    throw new Error(`logits has ${logits.length} values but labels*numClasses = ${n}*${numClasses} = ${n * numClasses}`);
  }
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      if (logits[i * numClasses + c] > logits[i * numClasses + best]) best = c;
    }
    if (best === labels[i]) correct++;
  }
  return correct / n;
}
