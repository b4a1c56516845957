/* Axis alignment: see hiphike_alignment.h. */
#include "hiphike_alignment.h"

int hh_alignment_parse(const char *name, hh_alignment *a)
{
    int i, used = 0, parity = 0, j;

    for (i = 0; i < 3; i++) {
        char s = name[2 * i], c;
        if (s != '+' && s != '-')
            return -1; /* also stops at the terminator of a short name */
        c = name[2 * i + 1];
        if (c < 'X' || c > 'Z')
            return -1;
        a->sign[i] = (int8_t)(s == '+' ? 1 : -1);
        a->axis[i] = (uint8_t)(c - 'X');
        if (used & (1 << a->axis[i]))
            return -1;
        used |= 1 << a->axis[i];
    }
    if (name[6] != '\0')
        return -1;
    /* Determinant = (sign of the permutation) x (product of the signs): +1 only. */
    for (i = 0; i < 3; i++)
        for (j = i + 1; j < 3; j++)
            if (a->axis[i] > a->axis[j])
                parity ^= 1;
    if ((parity ? -1 : 1) * a->sign[0] * a->sign[1] * a->sign[2] != 1)
        return -1;
    return 0;
}

void hh_alignment_name(const hh_alignment *a, char name[7])
{
    int i;
    for (i = 0; i < 3; i++) {
        name[2 * i] = a->sign[i] > 0 ? '+' : '-';
        name[2 * i + 1] = (char)('X' + a->axis[i]);
    }
    name[6] = '\0';
}

hh_vec3 hh_alignment_apply(const hh_alignment *a, hh_vec3 chip)
{
    float in[3], out[3];
    hh_vec3 r;
    int i;
    in[0] = chip.x;
    in[1] = chip.y;
    in[2] = chip.z;
    for (i = 0; i < 3; i++)
        out[i] = a->sign[i] > 0 ? in[a->axis[i]] : -in[a->axis[i]];
    r.x = out[0];
    r.y = out[1];
    r.z = out[2];
    return r;
}
