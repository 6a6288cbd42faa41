package io.homeostat.engine.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Finds out, once per JVM, whether CUDA can be used, without letting a missing driver escape as an
 * {@link UnsatisfiedLinkError}: JCuda's driver binding needs only {@code libcuda.so.1} (the NVIDIA driver),
 * so on a machine without it the native load fails and we say exactly that.
 */
public final class CudaProbe {
    /** JCuda 12.0 needs a driver that speaks the CUDA 12.0 driver API or newer. */
    public static final int MIN_DRIVER_VERSION = 12000;
    /** CUDA_ERROR_SYSTEM_DRIVER_MISMATCH in cuda.h; JCuda 12.0 has no constant for it. */
    private static final int CUDA_ERROR_SYSTEM_DRIVER_MISMATCH = 803;
    private static volatile CudaStatus status;

    private CudaProbe() {
    }

    public static CudaStatus status() {
        CudaStatus s = status;
        if (s == null) {
            synchronized (CudaProbe.class) {
                if (status == null) {
                    status = probe();
                }
                s = status;
            }
        }
        return s;
    }

    private static CudaStatus probe() {
        int init;
        try {
            JCudaDriver.setExceptionsEnabled(false);
            init = JCudaDriver.cuInit(0);
        } catch (UnsatisfiedLinkError e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage();
            String why = detail.contains("libcuda") ? "no NVIDIA driver: libcuda.so.1 could not be loaded"
                    : detail.contains("undefined symbol") ? "NVIDIA driver too old for JCuda 12 (a driver API symbol is missing)"
                    : "the JCuda native library could not be loaded";
            return CudaStatus.unavailable(why + " (" + firstLine(detail) + ")", 0);
        } catch (LinkageError | SecurityException e) {
            return CudaStatus.unavailable("the JCuda native library could not be loaded (" + e + ")", 0);
        }
        int[] version = {0};
        JCudaDriver.cuDriverGetVersion(version);
        if (init == CUDA_ERROR_SYSTEM_DRIVER_MISMATCH || (version[0] > 0 && version[0] < MIN_DRIVER_VERSION)) {
            return CudaStatus.unavailable("NVIDIA driver too old: it supports CUDA " + format(version[0])
                    + ", the CUDA executor needs " + format(MIN_DRIVER_VERSION) + " or newer", version[0]);
        }
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return CudaStatus.unavailable("no CUDA device (driver " + format(version[0]) + " loaded, no GPU visible)",
                    version[0]);
        }
        if (init != CUresult.CUDA_SUCCESS) {
            return CudaStatus.unavailable("cuInit failed: " + CUresult.stringFor(init), version[0]);
        }
        int[] count = {0};
        JCudaDriver.cuDeviceGetCount(count);
        if (count[0] == 0) {
            return CudaStatus.unavailable("no CUDA device", version[0]);
        }
        return new CudaStatus(true, "", version[0], count[0]);
    }

    static String format(int v) {
        return v <= 0 ? "unknown" : (v / 1000) + "." + (v % 1000) / 10;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
