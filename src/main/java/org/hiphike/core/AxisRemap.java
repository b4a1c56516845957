package org.hiphike.core;

import java.util.Locale;

/**
 * Maps a sensor's axes onto the worn frame (x = wearer's right, y = up, z = backward), named by
 * signed sensor axes in the x-io style: {@code +X+Y+Z} is the default mounting, {@code -Y+X+Z}
 * means worn x = sensor -Y, worn y = sensor +X, worn z = sensor +Z. Only the 24 proper rotations
 * are accepted (a mirror image would swap left and right).
 */
public record AxisRemap(int[] axis, int[] sign, String name) {
    public static final AxisRemap IDENTITY = parse("+X+Y+Z");

    public static AxisRemap parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (!t.matches("([+-][XYZ]){3}")) {
            throw new IllegalArgumentException("axis remap '" + text + "' must be three signed axes such as +X+Y+Z or -Y+X+Z");
        }
        int[] axis = new int[3];
        int[] sign = new int[3];
        boolean[] used = new boolean[3];
        for (int i = 0; i < 3; i++) {
            sign[i] = t.charAt(2 * i) == '-' ? -1 : 1;
            axis[i] = t.charAt(2 * i + 1) - 'X';
            if (used[axis[i]]) throw new IllegalArgumentException("axis remap '" + text + "' uses an axis twice");
            used[axis[i]] = true;
        }
        // Determinant of the signed permutation: +1 for a rotation.
        int parity = (axis[0] == 0 ? (axis[1] == 1 ? 1 : -1) : axis[0] == 1 ? (axis[1] == 2 ? 1 : -1) : (axis[1] == 0 ? 1 : -1));
        if (parity * sign[0] * sign[1] * sign[2] != 1) {
            throw new IllegalArgumentException("axis remap '" + text + "' is a mirror image, not a rotation: flip the sign of one axis");
        }
        return new AxisRemap(axis, sign, t);
    }

    public boolean isIdentity() { return name.equals("+X+Y+Z"); }

    public Vec3 apply(Vec3 v) {
        double[] a = {v.x(), v.y(), v.z()};
        return new Vec3(sign[0] * a[axis[0]], sign[1] * a[axis[1]], sign[2] * a[axis[2]]);
    }

    public ImuSample apply(ImuSample s) {
        if (isIdentity()) return s;
        return new ImuSample(s.timeS(), apply(s.accG()), apply(s.gyroDps()), s.magUt() == null ? null : apply(s.magUt()));
    }
}
