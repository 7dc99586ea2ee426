/* lf-time.c: durations, rates and sizes as the scenario file writes them */
#include "lf-time.h"

#include <math.h>
#include <string.h>

#include "lf-error.h"

static gboolean
parse_number_and_unit (const char  *text,
                       double      *number,
                       const char **unit)
{
  char *end = NULL;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (*number))
    return FALSE;
  *unit = end;
  return TRUE;
}

static double
duration_unit_scale (const char *unit)
{
  static const struct { const char *name; double us; } units[] = {
    { "",   1e6 }, { "us", 1.0 }, { "ms", 1e3 }, { "s", 1e6 },
    { "m",  60e6 }, { "h", 3600e6 }, { "d", 86400e6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].name) == 0)
      return units[i].us;
  return 0.0;
}

gboolean
lf_time_parse_duration (const char  *text,
                        LfTime      *out,
                        GError     **error)
{
  double number, scale;
  const char *unit;

  if (!parse_number_and_unit (text, &number, &unit) ||
      (scale = duration_unit_scale (unit)) == 0.0 ||
      fabs (number * scale) > (double) G_MAXINT64 / 2)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "“%s” is not a duration (a number with ms, s, m, h or d, such as “150ms” or “30m”)",
                   text ? text : "");
      return FALSE;
    }
  *out = (LfTime) llround (number * scale);
  return TRUE;
}

gboolean
lf_time_parse_rate (const char  *text,
                    double      *per_second,
                    GError     **error)
{
  double number, scale = 0.0;
  const char *unit;

  if (parse_number_and_unit (text, &number, &unit) && number >= 0)
    {
      if (strcmp (unit, "/s") == 0)
        scale = 1.0;
      else if (strcmp (unit, "/m") == 0)
        scale = 1.0 / 60.0;
      else if (strcmp (unit, "/h") == 0)
        scale = 1.0 / 3600.0;
    }
  if (scale == 0.0)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "“%s” is not a rate (a number per second, minute or hour, such as “20/s” or “5/m”)",
                   text ? text : "");
      return FALSE;
    }
  *per_second = number * scale;
  return TRUE;
}

gboolean
lf_time_parse_size (const char  *text,
                    gint64      *bytes,
                    GError     **error)
{
  static const struct { const char *name; double scale; } units[] = {
    { "", 1 }, { "B", 1 }, { "KB", 1024 }, { "MB", 1048576 }, { "GB", 1073741824 },
  };
  double number;
  const char *unit;

  if (parse_number_and_unit (text, &number, &unit) && number >= 0)
    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      if (g_ascii_strcasecmp (unit, units[i].name) == 0)
        {
          *bytes = (gint64) llround (number * units[i].scale);
          return TRUE;
        }
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "“%s” is not a size (bytes, or a number with KB, MB or GB, such as “256KB”)",
               text ? text : "");
  return FALSE;
}

char *
lf_time_format (LfTime t)
{
  static const struct { const char *name; LfTime us; } units[] = {
    { "d", LF_SEC (86400) }, { "h", LF_HOUR (1) }, { "m", LF_MINUTE (1) },
    { "s", LF_SEC (1) }, { "ms", LF_MSEC (1) },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (t == 0)
    return g_strdup ("0s");
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (t % units[i].us == 0)
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", t / units[i].us, units[i].name);
  if (t % 1000 == 0 || ABS (t) >= LF_SEC (1))
    {
      g_ascii_formatd (buf, sizeof buf, "%.6g", (double) t / 1e6);
      return g_strdup_printf ("%ss", buf);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT "us", t);
}

double
lf_time_to_seconds (LfTime t)
{
  return (double) t / 1e6;
}
