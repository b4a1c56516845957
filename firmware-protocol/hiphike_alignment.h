/*
 * Axis alignment: from the IMU chip's axes to the sensor frame as worn
 * (x = wearer's right, y = up, z = backward). Named as in x-io Fusion's
 * FusionRemapAlignment: "+Y-X+Z" means worn x = chip +Y, worn y = chip -X,
 * worn z = chip +Z. Only the 24 proper rotations are accepted, so a right-
 * handed chip frame stays right-handed and gyroscope signs stay consistent
 * with the right-hand rule. Portable C99, no allocation.
 */
#ifndef HIPHIKE_ALIGNMENT_H
#define HIPHIKE_ALIGNMENT_H

#include "hiphike_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint8_t axis[3]; /* chip axis (0 = X, 1 = Y, 2 = Z) for worn x, y, z */
    int8_t sign[3];  /* +1 or -1 */
} hh_alignment;

/* Parses a name like "+Y-X+Z". Returns 0, or -1 when the name is not one of
 * the 24 proper rotations (malformed, an axis twice, or a mirror image). */
int hh_alignment_parse(const char *name, hh_alignment *alignment);

/* Writes the name ("+Y-X+Z", 7 bytes with the terminator) into name. */
void hh_alignment_name(const hh_alignment *alignment, char name[7]);

/* Chip-frame vector (acceleration, angular rate or magnetic field) to the worn frame. */
hh_vec3 hh_alignment_apply(const hh_alignment *alignment, hh_vec3 chip);

#ifdef __cplusplus
}
#endif

#endif /* HIPHIKE_ALIGNMENT_H */
