package io.homeostat.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/** One plain device allocation ({@code cuMemAlloc}, never managed memory) and its size. */
final class DeviceBuffer implements AutoCloseable {
    final CUdeviceptr ptr = new CUdeviceptr();
    final long bytes;
    private boolean freed;

    private DeviceBuffer(long bytes) {
        this.bytes = bytes;
        cuMemAlloc(ptr, Math.max(bytes, 4));
    }

    static DeviceBuffer floats(long count) {
        return new DeviceBuffer(count * Sizeof.FLOAT);
    }

    static DeviceBuffer ints(long count) {
        return new DeviceBuffer(count * Sizeof.INT);
    }

    static DeviceBuffer upload(float[] data) {
        DeviceBuffer b = floats(data.length);
        cuMemcpyHtoD(b.ptr, Pointer.to(data), (long) data.length * Sizeof.FLOAT);
        return b;
    }

    void write(int[] data, int count) {
        check((long) count * Sizeof.INT);
        cuMemcpyHtoD(ptr, Pointer.to(data), (long) count * Sizeof.INT);
    }

    void read(float[] into, int count) {
        check((long) count * Sizeof.FLOAT);
        cuMemcpyDtoH(Pointer.to(into), ptr, (long) count * Sizeof.FLOAT);
    }

    void read(int[] into, int count) {
        check((long) count * Sizeof.INT);
        cuMemcpyDtoH(Pointer.to(into), ptr, (long) count * Sizeof.INT);
    }

    /** A device pointer {@code elements} 4-byte elements into the buffer. */
    CUdeviceptr at(long elements) {
        return ptr.withByteOffset(elements * 4);
    }

    private void check(long n) {
        if (n > bytes) {
            throw new IllegalArgumentException("transfer of " + n + " bytes exceeds buffer of " + bytes);
        }
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            cuMemFree(ptr);
        }
    }
}
