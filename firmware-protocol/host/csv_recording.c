#include "csv_recording.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096
#define MAX_COLUMNS 64

enum { C_TIME, C_AX, C_AY, C_AZ, C_GX, C_GY, C_GZ, C_MX, C_MY, C_MZ, C_COUNT };
static const char *const column_names[C_COUNT] = {"time_s",    "acc_x_g",   "acc_y_g",   "acc_z_g",
                                                  "gyr_x_dps", "gyr_y_dps", "gyr_z_dps", "mag_x_ut",
                                                  "mag_y_ut",  "mag_z_ut"};
#define REQUIRED_COLUMNS 7

static char *trim(char *s)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

/* Splits line at commas in place; returns the number of fields. */
static int split(char *line, char **fields)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (n == MAX_COLUMNS)
            return n;
        if (comma)
            *comma = '\0';
        fields[n++] = trim(p);
        if (!comma)
            return n;
        p = comma + 1;
    }
}

static void metadata(char *line, csv_recording *r)
{
    char *colon = strchr(line, ':'), *key, *value;
    if (!colon)
        return; /* a comment */
    *colon = '\0';
    key = trim(line + 1);
    value = trim(colon + 1);
    if (strcmp(key, "sensor") == 0) {
        strncpy(r->sensor, value, sizeof r->sensor - 1);
        r->sensor[sizeof r->sensor - 1] = '\0';
    } else if (strcmp(key, "rate_hz") == 0) {
        r->rate_hz = strtod(value, NULL);
        if (!(r->rate_hz > 0.0 && r->rate_hz < 100000.0))
            r->rate_hz = 0.0;
    }
}

int csv_recording_load(const char *path, csv_recording *r, char *error, size_t error_size)
{
    FILE *f = fopen(path, "r");
    char line[MAX_LINE], *fields[MAX_COLUMNS];
    int index[C_COUNT], have_header = 0, k;
    size_t capacity = 0, line_number = 0;

    memset(r, 0, sizeof *r);
    if (!f) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *text;
        int n;
        line_number++;
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(error, error_size, "%s:%zu: line longer than %d characters", path, line_number, MAX_LINE);
            goto fail;
        }
        text = trim(line);
        if (*text == '\0')
            continue;
        if (*text == '#') {
            if (!have_header)
                metadata(text, r);
            continue;
        }
        n = split(text, fields);
        if (!have_header) {
            for (k = 0; k < C_COUNT; k++) {
                int i;
                index[k] = -1;
                for (i = 0; i < n; i++)
                    if (strcmp(fields[i], column_names[k]) == 0)
                        index[k] = i;
                if (k < REQUIRED_COLUMNS && index[k] < 0) {
                    snprintf(error, error_size, "%s:%zu: header has no column '%s'", path, line_number,
                             column_names[k]);
                    goto fail;
                }
            }
            r->has_magnetometer = index[C_MX] >= 0 && index[C_MY] >= 0 && index[C_MZ] >= 0;
            have_header = 1;
            continue;
        }
        if (r->count == capacity) {
            size_t grown = capacity ? capacity * 2 : 1024;
            csv_row *rows = realloc(r->rows, grown * sizeof *rows);
            if (!rows) {
                snprintf(error, error_size, "%s:%zu: out of memory", path, line_number);
                goto fail;
            }
            r->rows = rows;
            capacity = grown;
        }
        {
            double values[C_COUNT] = {0};
            csv_row *row = &r->rows[r->count];
            int last = r->has_magnetometer ? C_COUNT : REQUIRED_COLUMNS;
            for (k = 0; k < last; k++) {
                char *end;
                if (index[k] >= n) {
                    snprintf(error, error_size, "%s:%zu: column '%s' missing (row has %d fields)", path,
                             line_number, column_names[k], n);
                    goto fail;
                }
                errno = 0;
                values[k] = strtod(fields[index[k]], &end);
                if (end == fields[index[k]] || *end != '\0' || errno == ERANGE || !isfinite(values[k])) {
                    snprintf(error, error_size, "%s:%zu: column '%s': not a finite number: '%s'", path,
                             line_number, column_names[k], fields[index[k]]);
                    goto fail;
                }
            }
            if (values[C_TIME] < 0.0 || (r->count > 0 && values[C_TIME] < r->rows[r->count - 1].time_s)) {
                snprintf(error, error_size, "%s:%zu: column 'time_s': %s goes backwards or is negative", path,
                         line_number, fields[index[C_TIME]]);
                goto fail;
            }
            row->time_s = values[C_TIME];
            row->acc_g.x = (float)values[C_AX];
            row->acc_g.y = (float)values[C_AY];
            row->acc_g.z = (float)values[C_AZ];
            row->gyr_dps.x = (float)values[C_GX];
            row->gyr_dps.y = (float)values[C_GY];
            row->gyr_dps.z = (float)values[C_GZ];
            row->mag_ut.x = (float)values[C_MX];
            row->mag_ut.y = (float)values[C_MY];
            row->mag_ut.z = (float)values[C_MZ];
            r->count++;
        }
    }
    if (!have_header) {
        snprintf(error, error_size, "%s: no header line (expected time_s,acc_x_g,...)", path);
        goto fail;
    }
    if (r->count == 0) {
        snprintf(error, error_size, "%s: no samples after the header", path);
        goto fail;
    }
    fclose(f);
    return 0;
fail:
    fclose(f);
    csv_recording_free(r);
    return -1;
}

void csv_recording_free(csv_recording *r)
{
    free(r->rows);
    r->rows = NULL;
    r->count = 0;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double csv_recording_rate_hz(const csv_recording *r)
{
    double intervals[1001], median;
    size_t n = 0, i;

    if (r->rate_hz > 0.0)
        return r->rate_hz;
    for (i = 1; i < r->count && n < 1001; i++)
        if (r->rows[i].time_s > r->rows[i - 1].time_s)
            intervals[n++] = r->rows[i].time_s - r->rows[i - 1].time_s;
    if (n == 0)
        return 100.0;
    qsort(intervals, n, sizeof intervals[0], compare_double);
    median = intervals[n / 2];
    return 1.0 / median;
}

long long csv_row_time_us(const csv_row *row)
{
    return llround(row->time_s * 1e6);
}
