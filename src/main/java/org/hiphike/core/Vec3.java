package org.hiphike.core;

/**
 * An immutable 3-vector. The frame and unit are those of the field that holds it
 * ({@code accG} is in g in the sensor frame, {@code gyroDps} in degrees per second).
 */
public record Vec3(double x, double y, double z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    public Vec3 plus(Vec3 o) { return new Vec3(x + o.x, y + o.y, z + o.z); }
    public Vec3 minus(Vec3 o) { return new Vec3(x - o.x, y - o.y, z - o.z); }
    public Vec3 times(double k) { return new Vec3(x * k, y * k, z * k); }
    public double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
    public Vec3 cross(Vec3 o) { return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x); }
    public double norm() { return Math.sqrt(x * x + y * y + z * z); }

    /** This vector scaled to length 1; the zero vector stays zero. */
    public Vec3 unit() {
        double n = norm();
        return n == 0 ? ZERO : times(1.0 / n);
    }

    public boolean isFinite() { return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z); }

    public double[] toArray() { return new double[] {x, y, z}; }
}
