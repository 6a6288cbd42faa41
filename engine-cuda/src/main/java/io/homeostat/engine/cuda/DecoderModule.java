package io.homeostat.engine.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

/**
 * The kernels of {@code src/main/cuda/decoder.cu}, loaded from the PTX kept in resources, and one way to
 * launch them: arguments are device pointers, ints and floats, in the kernel's parameter order.
 */
final class DecoderModule implements AutoCloseable {
    static final String PTX_RESOURCE = "/io/homeostat/engine/cuda/decoder.ptx";

    private final CUmodule module = new CUmodule();
    final CUfunction embed = new CUfunction();
    final CUfunction rmsnorm = new CUfunction();
    final CUfunction matmulRows = new CUfunction();
    final CUfunction matmulTiled = new CUfunction();
    final CUfunction ropeStoreKv = new CUfunction();
    final CUfunction attention = new CUfunction();
    final CUfunction swiglu = new CUfunction();
    final CUfunction argmax = new CUfunction();

    DecoderModule() {
        cuModuleLoadData(module, ptx());
        cuModuleGetFunction(embed, module, "embed");
        cuModuleGetFunction(rmsnorm, module, "rmsnorm");
        cuModuleGetFunction(matmulRows, module, "matmul_rows");
        cuModuleGetFunction(matmulTiled, module, "matmul_tiled");
        cuModuleGetFunction(ropeStoreKv, module, "rope_store_kv");
        cuModuleGetFunction(attention, module, "attention");
        cuModuleGetFunction(swiglu, module, "swiglu");
        cuModuleGetFunction(argmax, module, "argmax");
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
    static byte[] ptx() {
        try (InputStream in = DecoderModule.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + PTX_RESOURCE + " missing from the engine-cuda jar");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void launch(CUfunction f, CUstream stream, int gridX, int gridY, int block, int sharedBytes, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof CUdeviceptr p) {
                params[i] = Pointer.to(p);
            } else if (a instanceof Integer v) {
                params[i] = Pointer.to(new int[] {v});
            } else if (a instanceof Float v) {
                params[i] = Pointer.to(new float[] {v});
            } else {
                throw new IllegalArgumentException("unsupported kernel argument " + a);
            }
        }
        cuLaunchKernel(f, gridX, gridY, 1, block, 1, 1, sharedBytes, stream, Pointer.to(params), null);
    }

    @Override
    public void close() {
        cuModuleUnload(module);
    }
}
