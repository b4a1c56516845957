/*
 * compare_recordings EXPECTED.csv ACTUAL.csv
 * Two CSV v1 recordings hold the same samples: same count, time_s within
 * 1 microsecond (after shifting both to start at 0), every value the same
 * float32. Used for the round trip CSV -> virtual sensor -> hiphike-dump -> CSV.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../host/csv_recording.h"

static int same(hh_vec3 a, hh_vec3 b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

int main(int argc, char **argv)
{
    csv_recording a, b;
    char error[512];
    size_t i, bad = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: compare_recordings EXPECTED.csv ACTUAL.csv\n");
        return 2;
    }
    if (csv_recording_load(argv[1], &a, error, sizeof error) != 0 ||
        csv_recording_load(argv[2], &b, error, sizeof error) != 0) {
        fprintf(stderr, "compare_recordings: %s\n", error);
        return 1;
    }
    if (a.count != b.count || a.has_magnetometer != b.has_magnetometer) {
        fprintf(stderr, "compare_recordings: %zu vs %zu rows, magnetometer %d vs %d\n", a.count, b.count,
                a.has_magnetometer, b.has_magnetometer);
        return 1;
    }
    for (i = 0; i < a.count; i++) {
        double ta = a.rows[i].time_s - a.rows[0].time_s, tb = b.rows[i].time_s - b.rows[0].time_s;
        int ok = fabs(ta - tb) <= 1e-6 && same(a.rows[i].acc_g, b.rows[i].acc_g) &&
                 same(a.rows[i].gyr_dps, b.rows[i].gyr_dps) &&
                 (!a.has_magnetometer || same(a.rows[i].mag_ut, b.rows[i].mag_ut));
        if (!ok && bad++ < 5)
            fprintf(stderr, "compare_recordings: row %zu differs (time %.6f vs %.6f)\n", i + 1, ta, tb);
    }
    printf("compare_recordings: %s vs %s: %zu rows, %s\n", argv[1], argv[2], a.count, bad ? "DIFFERENT" : "same");
    csv_recording_free(&a);
    csv_recording_free(&b);
    return bad ? 1 : 0;
}
