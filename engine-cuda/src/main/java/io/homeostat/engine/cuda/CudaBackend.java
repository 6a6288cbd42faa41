package io.homeostat.engine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import io.homeostat.engine.exec.DecoderBackend;
import io.homeostat.engine.exec.ExecutorException;
import io.homeostat.engine.exec.StepBatch;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.Rope;
import java.util.ArrayList;
import java.util.List;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The decoder's forward pass on an NVIDIA GPU through the JCuda driver API: the same math, layout and
 * block tables as {@code CpuBackend}, in fp32, so results can be compared with the CPU reference.
 *
 * <p>Everything is allocated once at start with plain {@code cuMemAlloc}: the weights (Wq|Wk|Wv and
 * W1|W3 fused per layer so one matmul launch serves each), the paged K/V cache sized from the pool
 * configuration, and activations for up to {@code maxTokens} tokens per step. A step uploads one packed
 * int array of metadata (tokens, positions, sequence of each token, last token of each sequence, block
 * tables), launches ~9 kernels per layer on one stream, and reads back either the argmax per sequence or
 * the logits. Every driver call is checked (JCuda exceptions on); a failure becomes an
 * {@link ExecutorException} for the worker's retry / FAILED path, not retryable when the context is lost.
 */
public final class CudaBackend implements DecoderBackend {
    private static final int ROWS_KERNEL_MAX_TOKENS = 8;
    private static final int SHARED_LIMIT = 48 * 1024;

    private final ModelConfig c;
    private final int blocks;
    private final int blockSize;
    private final int maxTokens;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String deviceName;
    private final DecoderModule k;
    private final List<DeviceBuffer> allocations = new ArrayList<>();
    private final DeviceBuffer embedding;
    private final DeviceBuffer classifier;
    private final DeviceBuffer rmsFinal;
    private final DeviceBuffer[] rmsAtt;
    private final DeviceBuffer[] wqkv;
    private final DeviceBuffer[] wo;
    private final DeviceBuffer[] rmsFfn;
    private final DeviceBuffer[] w13;
    private final DeviceBuffer[] w2;
    private final DeviceBuffer[] keyCache;
    private final DeviceBuffer[] valueCache;
    private final DeviceBuffer ropeCos;
    private final DeviceBuffer ropeSin;
    private final DeviceBuffer x;
    private final DeviceBuffer xb;
    private final DeviceBuffer att;
    private final DeviceBuffer qkv;
    private final DeviceBuffer hb;
    private final DeviceBuffer h;
    private final DeviceBuffer last;
    private final DeviceBuffer logits;
    private final DeviceBuffer next;
    private final DeviceBuffer meta;
    private int[] metaHost = new int[0];
    private boolean broken;

    /**
     * @param ordinal   CUDA device ordinal
     * @param kvBlocks  KV blocks to allocate on the device
     * @param maxTokens tokens (and sequences) per forward step
     */
    public CudaBackend(ModelWeights w, int kvBlocks, int blockSize, int maxTokens, int ordinal) {
        CudaStatus status = CudaProbe.status();
        if (!status.available()) {
            throw new IllegalStateException("CUDA executor unavailable: " + status.reason());
        }
        JCudaDriver.setExceptionsEnabled(true);
        this.c = w.config();
        this.blocks = kvBlocks;
        this.blockSize = blockSize;
        this.maxTokens = maxTokens;
        CUdevice device = new CUdevice();
        cuDeviceGet(device, ordinal);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        long[] total = {0};
        cuDeviceTotalMem(total, device);
        this.deviceName = new String(name, 0, indexOfNul(name), java.nio.charset.StandardCharsets.US_ASCII).trim();
        cuCtxCreate(context, 0, device);
        try {
            cuStreamCreate(stream, 0);
            this.k = new DecoderModule();
            int dim = c.dim();
            int kv = c.kvDim();
            int hidden = c.hiddenDim();
            int layers = c.layers();
            embedding = keep(DeviceBuffer.upload(w.tokenEmbedding));
            classifier = c.sharedClassifier() ? embedding : keep(DeviceBuffer.upload(w.classifier));
            rmsFinal = keep(DeviceBuffer.upload(w.rmsFinal));
            rmsAtt = new DeviceBuffer[layers];
            wqkv = new DeviceBuffer[layers];
            wo = new DeviceBuffer[layers];
            rmsFfn = new DeviceBuffer[layers];
            w13 = new DeviceBuffer[layers];
            w2 = new DeviceBuffer[layers];
            keyCache = new DeviceBuffer[layers];
            valueCache = new DeviceBuffer[layers];
            long cacheFloats = (long) kvBlocks * blockSize * kv;
            for (int l = 0; l < layers; l++) {
                rmsAtt[l] = keep(DeviceBuffer.upload(w.rmsAtt[l]));
                wqkv[l] = keep(DeviceBuffer.upload(concat(w.wq[l], w.wk[l], w.wv[l])));
                wo[l] = keep(DeviceBuffer.upload(w.wo[l]));
                rmsFfn[l] = keep(DeviceBuffer.upload(w.rmsFfn[l]));
                w13[l] = keep(DeviceBuffer.upload(concat(w.w1[l], w.w3[l])));
                w2[l] = keep(DeviceBuffer.upload(w.w2[l]));
                keyCache[l] = keep(DeviceBuffer.floats(cacheFloats));
                valueCache[l] = keep(DeviceBuffer.floats(cacheFloats));
            }
            Rope rope = new Rope(c);
            ropeCos = keep(DeviceBuffer.upload(rope.cos));
            ropeSin = keep(DeviceBuffer.upload(rope.sin));
            x = keep(DeviceBuffer.floats((long) maxTokens * dim));
            xb = keep(DeviceBuffer.floats((long) maxTokens * dim));
            att = keep(DeviceBuffer.floats((long) maxTokens * dim));
            qkv = keep(DeviceBuffer.floats((long) maxTokens * (dim + 2L * kv)));
            hb = keep(DeviceBuffer.floats((long) maxTokens * 2L * hidden));
            h = keep(DeviceBuffer.floats((long) maxTokens * hidden));
            last = keep(DeviceBuffer.floats((long) maxTokens * dim));
            logits = keep(DeviceBuffer.floats((long) maxTokens * c.vocabSize()));
            next = keep(DeviceBuffer.ints(maxTokens));
            int maxBlocks = (c.seqLen() + blockSize - 1) / blockSize;
            meta = keep(DeviceBuffer.ints(4L * maxTokens + (long) maxTokens * maxBlocks));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private DeviceBuffer keep(DeviceBuffer b) {
        allocations.add(b);
        return b;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return deviceName;
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    @Override
    public int kvBlocks() {
        return blocks;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void forward(StepBatch step, float[] out) throws ExecutorException {
        guarded(() -> {
            run(step);
            int n = step.seqCount() * c.vocabSize();
            cuStreamSynchronize(stream);
            logits.read(out, n);
        });
    }

    @Override
    public void forwardArgmax(StepBatch step, int[] nextTokens, float[] scratch) throws ExecutorException {
        guarded(() -> {
            run(step);
            DecoderModule.launch(k.argmax, stream, step.seqCount(), 1, 1024, 0, next.ptr, logits.ptr, c.vocabSize());
            cuStreamSynchronize(stream);
            next.read(nextTokens, step.seqCount());
        });
    }

    private void run(StepBatch step) {
        int tokens = step.tokenCount();
        int seqs = step.seqCount();
        if (tokens > maxTokens) {
            throw new IllegalArgumentException("step of " + tokens + " tokens exceeds the CUDA executor's "
                    + maxTokens + " (cuda.max-step-tokens)");
        }
        cuCtxSetCurrent(context);
        int maxBlocks = step.maxBlocksPerSequence();
        // meta = tokens | positions | tokenSeq | lastIdx | blockTables
        int size = 3 * tokens + seqs + seqs * maxBlocks;
        if (metaHost.length < size) {
            metaHost = new int[size];
        }
        System.arraycopy(step.tokens(), 0, metaHost, 0, tokens);
        System.arraycopy(step.positions(), 0, metaHost, tokens, tokens);
        System.arraycopy(step.tokenSequence(), 0, metaHost, 2 * tokens, tokens);
        for (int s = 0; s < seqs; s++) {
            metaHost[3 * tokens + s] = step.lastToken(s);
        }
        System.arraycopy(step.blockTables(), 0, metaHost, 3 * tokens + seqs, seqs * maxBlocks);
        meta.write(metaHost, size);
        CUdeviceptr tokenIds = meta.at(0);
        CUdeviceptr positions = meta.at(tokens);
        CUdeviceptr tokenSeq = meta.at(2L * tokens);
        CUdeviceptr lastIdx = meta.at(3L * tokens);
        CUdeviceptr tables = meta.at(3L * tokens + seqs);

        int dim = c.dim();
        int kv = c.kvDim();
        int hidden = c.hiddenDim();
        int hs = c.headSize();
        float eps = ModelConfig.NORM_EPS;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int attShared = (hs + c.seqLen()) * 4;
        DecoderModule.launch(k.embed, stream, tokens, 1, 128, 0, x.ptr, embedding.ptr, tokenIds, dim);
        for (int l = 0; l < c.layers(); l++) {
            DecoderModule.launch(k.rmsnorm, stream, tokens, 1, 128, 0, xb.ptr, x.ptr, rmsAtt[l].ptr, new CUdeviceptr(), dim, eps);
            matmul(qkv, xb, wqkv[l], tokens, dim + 2 * kv, dim, false);
            DecoderModule.launch(k.ropeStoreKv, stream, tokens, 1, 128, 0, qkv.ptr, keyCache[l].ptr, valueCache[l].ptr,
                    positions, tokenSeq, tables, maxBlocks, ropeCos.ptr, ropeSin.ptr, dim, kv, hs, blockSize);
            DecoderModule.launch(k.attention, stream, tokens, c.heads(), 128, attShared, att.ptr, qkv.ptr,
                    keyCache[l].ptr, valueCache[l].ptr, positions, tokenSeq, tables, maxBlocks, dim, kv, hs,
                    c.groupSize(), blockSize, scale);
            matmul(x, att, wo[l], tokens, dim, dim, true);
            DecoderModule.launch(k.rmsnorm, stream, tokens, 1, 128, 0, xb.ptr, x.ptr, rmsFfn[l].ptr, new CUdeviceptr(), dim, eps);
            matmul(hb, xb, w13[l], tokens, 2 * hidden, dim, false);
            DecoderModule.launch(k.swiglu, stream, tokens, 1, 256, 0, h.ptr, hb.ptr, hidden);
            matmul(x, h, w2[l], tokens, dim, hidden, true);
        }
        DecoderModule.launch(k.rmsnorm, stream, seqs, 1, 128, 0, last.ptr, x.ptr, rmsFinal.ptr, lastIdx, dim, eps);
        matmul(logits, last, classifier, seqs, c.vocabSize(), dim, false);
    }

    /** out[T, n] (+)= in[T, d] · w[n, d]ᵀ */
    private void matmul(DeviceBuffer out, DeviceBuffer in, DeviceBuffer w, int tokens, int n, int d, boolean accumulate) {
        int acc = accumulate ? 1 : 0;
        int shared = tokens * d * 4;
        if (tokens <= ROWS_KERNEL_MAX_TOKENS && shared <= SHARED_LIMIT) {
            DecoderModule.launch(k.matmulRows, stream, (n + 7) / 8, 1, 256, shared, out.ptr, in.ptr, w.ptr, tokens, n, d, acc);
        } else {
            DecoderModule.launch(k.matmulTiled, stream, (n + 63) / 64, (tokens + 63) / 64, 256, 0, out.ptr, in.ptr, w.ptr,
                    tokens, n, d, acc);
        }
    }

    private interface DeviceWork {
        void run();
    }

    private void guarded(DeviceWork work) throws ExecutorException {
        if (broken) {
            throw new ExecutorException("CUDA context on " + deviceName + " is unusable after an earlier error", false);
        }
        try {
            work.run();
        } catch (CudaException e) {
            boolean sticky = isSticky(e.getMessage());
            broken = sticky;
            throw new ExecutorException("CUDA error on " + deviceName + ": " + e.getMessage(), e, !sticky);
        } catch (IllegalArgumentException e) {
            throw new ExecutorException(e.getMessage(), e, false);
        }
    }

    /** Errors after which the context cannot be used again (CUDA's "sticky" errors). */
    private static boolean isSticky(String message) {
        if (message == null) {
            return false;
        }
        for (int code : new int[] {CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_LAUNCH_FAILED,
                CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION, CUresult.CUDA_ERROR_MISALIGNED_ADDRESS,
                CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR, CUresult.CUDA_ERROR_ECC_UNCORRECTABLE}) {
            if (message.contains(CUresult.stringFor(code))) {
                return true;
            }
        }
        return false;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    @Override
    public void close() {
        try {
            cuCtxSetCurrent(context);
            for (DeviceBuffer b : allocations) {
                b.close();
            }
            allocations.clear();
            if (k != null) {
                k.close();
            }
            cuStreamDestroy(stream);
        } catch (CudaException e) {
            // the context may already be broken; destroying it below releases everything anyway
        } finally {
            cuCtxDestroy(context);
        }
    }
}
