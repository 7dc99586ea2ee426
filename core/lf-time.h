/* lf-time.h: simulated time is an integer count of microseconds */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 LfTime;

#define LF_USEC(n)    ((LfTime) (n))
#define LF_MSEC(n)    ((LfTime) (n) * G_GINT64_CONSTANT (1000))
#define LF_SEC(n)     ((LfTime) (n) * G_GINT64_CONSTANT (1000000))
#define LF_MINUTE(n)  (LF_SEC (n) * 60)
#define LF_HOUR(n)    (LF_SEC (n) * 3600)
#define LF_TIME_NEVER G_MAXINT64

/* "150ms", "1.5s", "30m", "6h", "4d" or a bare number of seconds ("90").
 * Returns FALSE (and sets error) when the text is not a duration. */
gboolean lf_time_parse_duration (const char *text, LfTime *out, GError **error);
/* "20/s", "5/m", "100/h": events per second */
gboolean lf_time_parse_rate     (const char *text, double *per_second, GError **error);
/* "1MB", "256KB", "1024", "6MB" (MB = MiB as AWS writes it) */
gboolean lf_time_parse_size     (const char *text, gint64 *bytes, GError **error);
/* Shortest exact text for a duration: 60000000 → "60s", 1500 → "1.5ms" */
char    *lf_time_format         (LfTime t);
double   lf_time_to_seconds     (LfTime t);

G_END_DECLS
