/* Durations, rates and sizes as the scenario file writes them (scenario-format.md "Values") */
#include <string.h>
#include <glib.h>

#include "lf-error.h"
#include "lf-time.h"

static void
test_durations (void)
{
  struct { const char *text; LfTime us; } ok[] = {
    { "150ms", LF_MSEC (150) }, { "1.5s", LF_MSEC (1500) }, { "30m", LF_MINUTE (30) },
    { "6h", LF_HOUR (6) }, { "4d", LF_SEC (4 * 86400) }, { "90", LF_SEC (90) }, { "0s", 0 },
    { "0.25", LF_MSEC (250) }, { "900s", LF_SEC (900) },
  };
  const char *bad[] = { "", "s", "10 s", "10x", "ten", "1.5.2s", " 5s", "5sec", "inf", "nan" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      LfTime t = -1;
      g_autoptr(GError) error = NULL;
      g_assert_true (lf_time_parse_duration (ok[i].text, &t, &error));
      g_assert_no_error (error);
      g_assert_cmpint (t, ==, ok[i].us);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      LfTime t;
      g_autoptr(GError) error = NULL;
      g_assert_false (lf_time_parse_duration (bad[i], &t, &error));
      g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "duration"));
    }
}

static void
test_rates_and_sizes (void)
{
  double r;
  gint64 b;

  g_assert_true (lf_time_parse_rate ("20/s", &r, NULL));
  g_assert_cmpfloat_with_epsilon (r, 20.0, 1e-12);
  g_assert_true (lf_time_parse_rate ("30/m", &r, NULL));
  g_assert_cmpfloat_with_epsilon (r, 0.5, 1e-12);
  g_assert_true (lf_time_parse_rate ("360/h", &r, NULL));
  g_assert_cmpfloat_with_epsilon (r, 0.1, 1e-12);
  g_assert_false (lf_time_parse_rate ("20", &r, NULL));
  g_assert_false (lf_time_parse_rate ("-1/s", &r, NULL));
  g_assert_false (lf_time_parse_rate ("5/d", &r, NULL));
  g_assert_true (lf_time_parse_size ("1MB", &b, NULL));
  g_assert_cmpint (b, ==, 1048576);
  g_assert_true (lf_time_parse_size ("256KB", &b, NULL));
  g_assert_cmpint (b, ==, 262144);
  g_assert_true (lf_time_parse_size ("6291456", &b, NULL));
  g_assert_cmpint (b, ==, 6291456);
  g_assert_false (lf_time_parse_size ("1 MB", &b, NULL));
}

static void
test_format_round_trip (void)
{
  LfTime samples[] = { 0, 1, 1500, LF_MSEC (250), LF_SEC (60), LF_SEC (90), LF_MSEC (1500), LF_HOUR (6), LF_SEC (86400) };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *text = lf_time_format (samples[i]);
      LfTime back = -1;
      g_assert_true (lf_time_parse_duration (text, &back, NULL) || g_str_has_suffix (text, "us"));
      if (!g_str_has_suffix (text, "us"))
        g_assert_cmpint (back, ==, samples[i]);
    }
  {
    g_autofree char *a = lf_time_format (LF_SEC (60));
    g_autofree char *b = lf_time_format (LF_MSEC (1500));
    g_assert_cmpstr (a, ==, "1m");
    g_assert_cmpstr (b, ==, "1500ms");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time/durations", test_durations);
  g_test_add_func ("/time/rates-and-sizes/LIM-3", test_rates_and_sizes);
  g_test_add_func ("/time/format-round-trip", test_format_round_trip);
  return g_test_run ();
}
