package org.hiphike.sim;

import org.hiphike.core.Vec3;

/**
 * A 3x3 matrix, used here for rotation matrices. A rotation {@code R} of a body maps vectors from
 * the body frame to the frame it is expressed in: {@code v_world = R · v_body}; its columns are the
 * body axes in that frame.
 */
public record Mat3(double xx, double xy, double xz,
                   double yx, double yy, double yz,
                   double zx, double zy, double zz) {

    public static final Mat3 IDENTITY = new Mat3(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /** Rotation by {@code angleRad} about the unit {@code axis} (right-hand rule). */
    public static Mat3 axisAngle(Vec3 axis, double angleRad) {
        Vec3 u = axis.unit();
        double c = Math.cos(angleRad), s = Math.sin(angleRad), k = 1 - c;
        double x = u.x(), y = u.y(), z = u.z();
        return new Mat3(
                c + x * x * k, x * y * k - z * s, x * z * k + y * s,
                y * x * k + z * s, c + y * y * k, y * z * k - x * s,
                z * x * k - y * s, z * y * k + x * s, c + z * z * k);
    }

    /** Rotation about the x axis by {@code angleRad}. */
    public static Mat3 rotX(double angleRad) {
        double c = Math.cos(angleRad), s = Math.sin(angleRad);
        return new Mat3(1, 0, 0, 0, c, -s, 0, s, c);
    }

    /** Rotation about the y axis by {@code angleRad}. */
    public static Mat3 rotY(double angleRad) {
        double c = Math.cos(angleRad), s = Math.sin(angleRad);
        return new Mat3(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    /** Rotation about the z axis by {@code angleRad}. */
    public static Mat3 rotZ(double angleRad) {
        double c = Math.cos(angleRad), s = Math.sin(angleRad);
        return new Mat3(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    public Vec3 times(Vec3 v) {
        return new Vec3(xx * v.x() + xy * v.y() + xz * v.z(),
                yx * v.x() + yy * v.y() + yz * v.z(),
                zx * v.x() + zy * v.y() + zz * v.z());
    }

    /** {@code thisᵀ · v}: for a rotation, expresses a vector of the outer frame in the body frame. */
    public Vec3 transposeTimes(Vec3 v) {
        return new Vec3(xx * v.x() + yx * v.y() + zx * v.z(),
                xy * v.x() + yy * v.y() + zy * v.z(),
                xz * v.x() + yz * v.y() + zz * v.z());
    }

    public Mat3 times(Mat3 o) {
        return new Mat3(
                xx * o.xx + xy * o.yx + xz * o.zx, xx * o.xy + xy * o.yy + xz * o.zy, xx * o.xz + xy * o.yz + xz * o.zz,
                yx * o.xx + yy * o.yx + yz * o.zx, yx * o.xy + yy * o.yy + yz * o.zy, yx * o.xz + yy * o.yz + yz * o.zz,
                zx * o.xx + zy * o.yx + zz * o.zx, zx * o.xy + zy * o.yy + zz * o.zy, zx * o.xz + zy * o.yz + zz * o.zz);
    }

    public Mat3 transpose() {
        return new Mat3(xx, yx, zx, xy, yy, zy, xz, yz, zz);
    }

    public Mat3 plus(Mat3 o) {
        return new Mat3(xx + o.xx, xy + o.xy, xz + o.xz, yx + o.yx, yy + o.yy, yz + o.yz, zx + o.zx, zy + o.zy, zz + o.zz);
    }

    public Mat3 times(double k) {
        return new Mat3(xx * k, xy * k, xz * k, yx * k, yy * k, yz * k, zx * k, zy * k, zz * k);
    }

    /** First column: the body x axis in the outer frame. */
    public Vec3 columnX() { return new Vec3(xx, yx, zx); }

    /**
     * The angular rate vector in the body frame from a rotation and its time derivative:
     * {@code ω_body = vee(Rᵀ · dR/dt)}, using the skew-symmetric part. Units: those of {@code derivative}
     * per radian (radians per second for a derivative per second).
     */
    public static Vec3 bodyRate(Mat3 rotation, Mat3 derivative) {
        Mat3 w = rotation.transpose().times(derivative);
        return new Vec3((w.zy - w.yz) / 2, (w.xz - w.zx) / 2, (w.yx - w.xy) / 2);
    }
}
