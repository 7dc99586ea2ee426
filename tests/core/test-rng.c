/* Seeded streams and distributions: no global RNG in core */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "lf-rng.h"

static void
test_streams (void)
{
  LfRng a, b, c;

  lf_rng_init (&a, 7, "worker");
  lf_rng_init (&b, 7, "worker");
  lf_rng_init (&c, 7, "other");
  for (int i = 0; i < 100; i++)
    {
      guint64 x = lf_rng_next (&a);
      g_assert_cmpuint (x, ==, lf_rng_next (&b));
      g_assert_cmpuint (x, !=, lf_rng_next (&c));
    }
  /* another seed, another stream */
  lf_rng_init (&a, 7, "worker");
  lf_rng_init (&b, 8, "worker");
  g_assert_cmpuint (lf_rng_next (&a), !=, lf_rng_next (&b));
  /* doubles are in [0, 1) */
  for (int i = 0; i < 10000; i++)
    {
      double x = lf_rng_double (&a);
      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (x, <, 1.0);
    }
}

static double
mean_of (LfDist *d, int n)
{
  LfRng rng;
  double sum = 0;

  lf_rng_init (&rng, 3, "dist");
  for (int i = 0; i < n; i++)
    sum += (double) lf_dist_sample (d, &rng);
  return sum / n;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
test_distributions (void)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  LfDist d;
  LfRng rng;
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (p, "{\"dist\": \"lognormal\", \"median\": \"1s\", \"p99\": \"60s\"}", -1, NULL);
  g_assert_true (lf_dist_parse (json_parser_get_root (p), &d, NULL));
  lf_rng_init (&rng, 11, "s3");
  for (int i = 0; i < 20000; i++)
    {
      double x = (double) lf_dist_sample (&d, &rng) / 1e6;
      g_array_append_val (v, x);
    }
  g_array_sort (v, cmp_double);
  g_assert_cmpfloat (fabs (g_array_index (v, double, 10000) - 1.0), <, 0.1);     /* median 1 s */
  g_assert_cmpfloat (fabs (g_array_index (v, double, 19800) - 60.0), <, 12.0);   /* p99 60 s */

  json_parser_load_from_data (p, "{\"dist\": \"exponential\", \"mean\": \"200ms\"}", -1, NULL);
  g_assert_true (lf_dist_parse (json_parser_get_root (p), &d, NULL));
  g_assert_cmpfloat (fabs (mean_of (&d, 20000) - 200000.0), <, 8000.0);

  json_parser_load_from_data (p, "{\"dist\": \"uniform\", \"min\": \"1s\", \"max\": \"3s\"}", -1, NULL);
  g_assert_true (lf_dist_parse (json_parser_get_root (p), &d, NULL));
  g_assert_cmpfloat (fabs (mean_of (&d, 20000) - 2e6), <, 3e4);

  json_parser_load_from_data (p, "\"150ms\"", -1, NULL);
  g_assert_true (lf_dist_parse (json_parser_get_root (p), &d, NULL));
  g_assert_cmpint (d.kind, ==, LF_DIST_CONSTANT);
  g_assert_cmpint (d.a, ==, 150000);

  json_parser_load_from_data (p, "{\"dist\": \"gamma\", \"mean\": \"1s\"}", -1, NULL);
  g_assert_false (lf_dist_parse (json_parser_get_root (p), &d, &error));
  g_assert_nonnull (strstr (error->message, "gamma"));
  g_clear_error (&error);
  json_parser_load_from_data (p, "{\"dist\": \"uniform\", \"min\": \"3s\", \"max\": \"1s\"}", -1, NULL);
  g_assert_false (lf_dist_parse (json_parser_get_root (p), &d, &error));
  g_clear_error (&error);
  json_parser_load_from_data (p, "{\"dist\": \"lognormal\", \"median\": \"1s\"}", -1, NULL);
  g_assert_false (lf_dist_parse (json_parser_get_root (p), &d, &error));
  g_assert_nonnull (strstr (error->message, "p99"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/streams", test_streams);
  g_test_add_func ("/rng/distributions/S3-2", test_distributions);
  return g_test_run ();
}
