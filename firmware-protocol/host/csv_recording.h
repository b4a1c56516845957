/* Reader of hiphike recording files, CSV v1 (the product's formats and
 * definitions, section 3): metadata lines starting with '#', one header line,
 * columns found by name. Desktop only (stdio, malloc). */
#ifndef HIPHIKE_CSV_RECORDING_H
#define HIPHIKE_CSV_RECORDING_H

#include <stddef.h>
#include "../hiphike_protocol.h"

typedef struct {
    double time_s;  /* sensor clock from the start of the recording */
    hh_vec3 acc_g;   /* worn frame: x right, y up, z backward */
    hh_vec3 gyr_dps;
    hh_vec3 mag_ut;  /* when has_magnetometer */
} csv_row;

typedef struct {
    csv_row *rows;
    size_t count;
    int has_magnetometer; /* all of mag_x_ut, mag_y_ut, mag_z_ut present */
    char sensor[32];      /* metadata "sensor", or "" */
    double rate_hz;       /* metadata "rate_hz", or 0 */
} csv_recording;

/* Returns 0, or -1 with a message naming the line and column in error. */
int csv_recording_load(const char *path, csv_recording *recording, char *error, size_t error_size);
void csv_recording_free(csv_recording *recording);

/* The metadata rate when given, else 1 / median interval; 100 when unknown. */
double csv_recording_rate_hz(const csv_recording *recording);

/* The sensor timestamp of a row in microseconds (rounded), as the virtual
 * sensor sends it before the 32-bit wrap. */
long long csv_row_time_us(const csv_row *row);

#endif
