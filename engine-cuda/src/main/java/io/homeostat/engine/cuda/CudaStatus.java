package io.homeostat.engine.cuda;

/**
 * Whether this machine can run the CUDA executor, and if not, why in words a user can act on.
 *
 * @param available     true when libcuda loaded, the driver is new enough and a device exists
 * @param reason        why not (empty when available)
 * @param driverVersion CUDA driver API version (e.g. 13000), 0 when unknown
 * @param devices       CUDA devices seen
 */
public record CudaStatus(boolean available, String reason, int driverVersion, int devices) {
    static CudaStatus unavailable(String reason, int driverVersion) {
        return new CudaStatus(false, reason, driverVersion, 0);
    }
}
