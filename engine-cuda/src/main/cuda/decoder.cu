// Homeostat CUDA executor kernels: the Llama decoder of engine/CpuBackend, in fp32, over a paged KV cache.
//
// Built to PTX by engine-cuda/build-ptx.sh (nvcc -ptx -arch=compute_80); the PTX is kept in resources so a
// machine without nvcc still builds, and PtxFreshnessTest fails when this file changes without a rebuild.
//
// Layouts (row-major, the input dimension contiguous, as on the CPU):
//   activations x[T, dim]; weights W[n, d]; out[T, n] = x[T, d] . W^T
//   qkv[T, dim + 2*kvDim]          fused Wq|Wk|Wv output
//   hb[T, 2*hidden]                fused W1|W3 output (gate | up)
//   K/V cache per layer [block][slot][kvDim]
//   meta: tokens[T] positions[T] tokenSeq[T] lastIdx[S] blockTables[S * maxBlocks]
//
// One block per row for the row-wise kernels; matmuls pick a warp-per-row kernel for few tokens (decode)
// and a 64x64 tiled kernel for many (prefill).

#include <float.h>

#define WARP 32

__device__ __forceinline__ float warpSum(float v) {
    for (int o = WARP / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffff, v, o);
    return v;
}

__device__ __forceinline__ float warpMax(float v) {
    for (int o = WARP / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffff, v, o));
    return v;
}

// Sum over the block (blockDim.x a multiple of 32, <= 1024). All threads get the result.
__device__ float blockSum(float v) {
    __shared__ float partial[32];
    __shared__ float total;
    int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP;
    v = warpSum(v);
    __syncthreads();
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float s = lane < (blockDim.x + WARP - 1) / WARP ? partial[lane] : 0.0f;
        s = warpSum(s);
        if (lane == 0) total = s;
    }
    __syncthreads();
    return total;
}

__device__ float blockMax(float v) {
    __shared__ float partial[32];
    __shared__ float total;
    int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP;
    v = warpMax(v);
    __syncthreads();
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float s = lane < (blockDim.x + WARP - 1) / WARP ? partial[lane] : -FLT_MAX;
        s = warpMax(s);
        if (lane == 0) total = s;
    }
    __syncthreads();
    return total;
}

extern "C" {

// x[t] = table[tokens[t]]; grid T.
__global__ void embed(float* __restrict__ x, const float* __restrict__ table, const int* __restrict__ tokens, int dim) {
    int t = blockIdx.x;
    const float* row = table + (size_t)tokens[t] * dim;
    for (int j = threadIdx.x; j < dim; j += blockDim.x) x[(size_t)t * dim + j] = row[j];
}

// out[r] = gain * in[src] / rms(in[src]), src = rows ? rows[r] : r; grid R.
__global__ void rmsnorm(float* __restrict__ out, const float* __restrict__ in, const float* __restrict__ gain,
                        const int* __restrict__ rows, int dim, float eps) {
    int r = blockIdx.x;
    int src = rows ? rows[r] : r;
    const float* xi = in + (size_t)src * dim;
    float ss = 0.0f;
    for (int j = threadIdx.x; j < dim; j += blockDim.x) ss += xi[j] * xi[j];
    ss = blockSum(ss);
    float inv = rsqrtf(ss / dim + eps);
    for (int j = threadIdx.x; j < dim; j += blockDim.x) out[(size_t)r * dim + j] = gain[j] * (inv * xi[j]);
}

// Few tokens (T <= 8): one warp per output row streams the weight row once for all T tokens.
// out[t, i] (+)= sum_j x[t, j] w[i, j]; block 256 threads = 8 rows; dynamic shared T*d floats.
__global__ void matmul_rows(float* __restrict__ out, const float* __restrict__ x, const float* __restrict__ w,
                            int T, int n, int d, int accumulate) {
    extern __shared__ float xs[];
    for (int k = threadIdx.x; k < T * d; k += blockDim.x) xs[k] = x[k];
    __syncthreads();
    int lane = threadIdx.x % WARP;
    int i = blockIdx.x * (blockDim.x / WARP) + threadIdx.x / WARP;
    if (i >= n) return;
    const float* wr = w + (size_t)i * d;
    float acc[8];
#pragma unroll
    for (int t = 0; t < 8; t++) acc[t] = 0.0f;
    for (int j = lane; j < d; j += WARP) {
        float wv = wr[j];
#pragma unroll
        for (int t = 0; t < 8; t++) if (t < T) acc[t] += wv * xs[t * d + j];
    }
#pragma unroll
    for (int t = 0; t < 8; t++) {
        if (t < T) {
            float s = warpSum(acc[t]);
            if (lane == 0) {
                size_t o = (size_t)t * n + i;
                out[o] = accumulate ? out[o] + s : s;
            }
        }
    }
}

// Many tokens: 64x64 output tile per block, 256 threads each computing 4x4, k-steps of 16 through shared memory.
#define TILE 64
#define TK 16
__global__ void matmul_tiled(float* __restrict__ out, const float* __restrict__ x, const float* __restrict__ w,
                             int T, int n, int d, int accumulate) {
    __shared__ float As[TK][TILE + 4];
    __shared__ float Bs[TK][TILE + 4];
    int tid = threadIdx.x;
    int tx = tid % 16, ty = tid / 16;
    int t0 = blockIdx.y * TILE, i0 = blockIdx.x * TILE;
    float acc[4][4];
#pragma unroll
    for (int a = 0; a < 4; a++)
#pragma unroll
        for (int b = 0; b < 4; b++) acc[a][b] = 0.0f;
    for (int k0 = 0; k0 < d; k0 += TK) {
#pragma unroll
        for (int e = tid; e < TILE * TK; e += 256) {
            int r = e / TK, kk = e % TK;
            int k = k0 + kk;
            int t = t0 + r, i = i0 + r;
            As[kk][r] = (t < T && k < d) ? x[(size_t)t * d + k] : 0.0f;
            Bs[kk][r] = (i < n && k < d) ? w[(size_t)i * d + k] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TK; kk++) {
            float a[4], b[4];
#pragma unroll
            for (int r = 0; r < 4; r++) a[r] = As[kk][ty * 4 + r];
#pragma unroll
            for (int c = 0; c < 4; c++) b[c] = Bs[kk][tx * 4 + c];
#pragma unroll
            for (int r = 0; r < 4; r++)
#pragma unroll
                for (int c = 0; c < 4; c++) acc[r][c] += a[r] * b[c];
        }
        __syncthreads();
    }
#pragma unroll
    for (int r = 0; r < 4; r++) {
        int t = t0 + ty * 4 + r;
        if (t >= T) continue;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            int i = i0 + tx * 4 + c;
            if (i >= n) continue;
            size_t o = (size_t)t * n + i;
            out[o] = accumulate ? out[o] + acc[r][c] : acc[r][c];
        }
    }
}

// RoPE on q and k of qkv in place (llama2.c convention: adjacent pairs within a head), then k and v into the
// paged cache; grid T.
__global__ void rope_store_kv(float* __restrict__ qkv, float* __restrict__ kcache, float* __restrict__ vcache,
                              const int* __restrict__ positions, const int* __restrict__ tokenSeq,
                              const int* __restrict__ blockTables, int maxBlocks,
                              const float* __restrict__ cosT, const float* __restrict__ sinT,
                              int dim, int kvDim, int headSize, int blockSize) {
    int t = blockIdx.x;
    float* row = qkv + (size_t)t * (dim + 2 * kvDim);
    int pos = positions[t];
    int half = headSize / 2;
    int seq = tokenSeq[t];
    int block = blockTables[seq * maxBlocks + pos / blockSize];
    size_t slot = ((size_t)block * blockSize + pos % blockSize) * kvDim;
    int qPairs = dim / 2, kPairs = kvDim / 2;
    for (int p = threadIdx.x; p < qPairs + kPairs; p += blockDim.x) {
        int idx = p < qPairs ? 2 * p : dim + 2 * (p - qPairs);
        int inHead = (p < qPairs ? 2 * p : 2 * (p - qPairs)) % headSize;
        int f = pos * half + inHead / 2;
        float c = cosT[f], s = sinT[f];
        float v0 = row[idx], v1 = row[idx + 1];
        float r0 = v0 * c - v1 * s;
        float r1 = v0 * s + v1 * c;
        row[idx] = r0;
        row[idx + 1] = r1;
        if (p >= qPairs) {
            int kIdx = 2 * (p - qPairs);
            kcache[slot + kIdx] = r0;
            kcache[slot + kIdx + 1] = r1;
        }
    }
    const float* v = row + dim + kvDim;
    for (int j = threadIdx.x; j < kvDim; j += blockDim.x) vcache[slot + j] = v[j];
}

// Causal attention of each token over positions 0..pos of its sequence through the block table;
// grid (T, heads); dynamic shared: headSize + maxContext floats.
__global__ void attention(float* __restrict__ out, const float* __restrict__ qkv,
                          const float* __restrict__ kcache, const float* __restrict__ vcache,
                          const int* __restrict__ positions, const int* __restrict__ tokenSeq,
                          const int* __restrict__ blockTables, int maxBlocks,
                          int dim, int kvDim, int headSize, int groupSize, int blockSize, float scale) {
    extern __shared__ float sh[];
    float* qs = sh;
    float* att = sh + headSize;
    int t = blockIdx.x, h = blockIdx.y;
    int pos = positions[t];
    const int* table = blockTables + tokenSeq[t] * maxBlocks;
    const float* q = qkv + (size_t)t * (dim + 2 * kvDim) + h * headSize;
    for (int j = threadIdx.x; j < headSize; j += blockDim.x) qs[j] = q[j];
    __syncthreads();
    int kvOff = (h / groupSize) * headSize;
    float localMax = -FLT_MAX;
    for (int p = threadIdx.x; p <= pos; p += blockDim.x) {
        size_t slot = ((size_t)table[p / blockSize] * blockSize + p % blockSize) * kvDim + kvOff;
        float s = 0.0f;
        for (int j = 0; j < headSize; j++) s += qs[j] * kcache[slot + j];
        s *= scale;
        att[p] = s;
        localMax = fmaxf(localMax, s);
    }
    float max = blockMax(localMax);
    float localSum = 0.0f;
    for (int p = threadIdx.x; p <= pos; p += blockDim.x) {
        float e = expf(att[p] - max);
        att[p] = e;
        localSum += e;
    }
    float sum = blockSum(localSum);  // its barriers also publish att[]
    float inv = 1.0f / sum;
    for (int j = threadIdx.x; j < headSize; j += blockDim.x) {
        float acc = 0.0f;
        for (int p = 0; p <= pos; p++) {
            size_t slot = ((size_t)table[p / blockSize] * blockSize + p % blockSize) * kvDim + kvOff;
            acc += (att[p] * inv) * vcache[slot + j];
        }
        out[(size_t)t * dim + h * headSize + j] = acc;
    }
}

// h[t, j] = silu(gate) * up from hb[t] = gate[hidden] | up[hidden]; grid T.
__global__ void swiglu(float* __restrict__ h, const float* __restrict__ hb, int hidden) {
    int t = blockIdx.x;
    const float* g = hb + (size_t)t * 2 * hidden;
    for (int j = threadIdx.x; j < hidden; j += blockDim.x) {
        float gv = g[j];
        h[(size_t)t * hidden + j] = gv / (1.0f + expf(-gv)) * g[hidden + j];
    }
}

// next[s] = argmax(logits[s]), lowest index on ties; grid S, block 1024.
__global__ void argmax(int* __restrict__ next, const float* __restrict__ logits, int vocab) {
    __shared__ float bestV[1024];
    __shared__ int bestI[1024];
    int s = blockIdx.x;
    const float* l = logits + (size_t)s * vocab;
    float bv = -FLT_MAX;
    int bi = 0x7fffffff;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        float v = l[i];
        if (v > bv) { bv = v; bi = i; }
    }
    bestV[threadIdx.x] = bv;
    bestI[threadIdx.x] = bi;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            float ov = bestV[threadIdx.x + stride];
            int oi = bestI[threadIdx.x + stride];
            if (ov > bestV[threadIdx.x] || (ov == bestV[threadIdx.x] && oi < bestI[threadIdx.x])) {
                bestV[threadIdx.x] = ov;
                bestI[threadIdx.x] = oi;
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) next[s] = bestI[0];
}

}  // extern "C"
