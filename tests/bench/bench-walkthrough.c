/* Going back in a tour: for every bundled scenario with a walkthrough, the wall time of
 * lf_walkthrough_go_to to each step from the last one (the exact replay from t = 0), and
 * with LF_BENCH_ASYNC=1, of the bounded replay (lf_walkthrough_request) — the longest
 * slice (the request's own first one, or a main-loop iteration) and the total time until
 * it lands. Prints one line per
 * scenario: steps, the slowest and median jump. Usage: bench-walkthrough DIR */
#include <stdio.h>
#include <stdlib.h>

#include "lf-walkthrough.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static int
cmp_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int argc, char **argv)
{
  const char *dir_path = argc > 1 ? argv[1] : "data/scenarios";
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean async = g_strcmp0 (g_getenv ("LF_BENCH_ASYNC"), "1") == 0;
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "no directory %s\n", dir_path);
      return 1;
    }
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".lflow.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cmp_name);
  printf ("%-40s %5s %12s %12s %14s\n", "scenario", "steps", "max jump ms", "median ms",
          async ? "max slice ms" : "");
  for (guint n = 0; n < names->len; n++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, n), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(LfSession) session = lf_session_new ();
      g_autoptr(LfWalkthrough) tour = NULL;
      g_autofree double *times = NULL;
      double max_slice = 0;
      guint steps;

      if (!lf_session_load_file (session, file, NULL))
        continue;
      tour = lf_walkthrough_new (session);
      steps = lf_walkthrough_get_n_steps (tour);
      if (steps == 0)
        continue;
      times = g_new0 (double, steps);
      for (guint k = 0; k < steps; k++)
        {
          double t0;

          lf_walkthrough_go_to (tour, steps - 1);      /* from the end … */
          t0 = now_ms ();
          if (!async)
            lf_walkthrough_go_to (tour, k);            /* … back to step k */
          else
            {
              lf_walkthrough_request (tour, k);     /* its first slice runs here */
              max_slice = MAX (max_slice, now_ms () - t0);
              while (lf_walkthrough_get_pending (tour) >= 0)
                {
                  double s0 = now_ms ();
                  g_main_context_iteration (NULL, TRUE);
                  max_slice = MAX (max_slice, now_ms () - s0);
                }
            }
          times[k] = now_ms () - t0;
          g_assert_cmpint (lf_walkthrough_get_current (tour), ==, (int) k);
        }
      qsort (times, steps, sizeof (double), cmp_double);
      if (async)
        printf ("%-40s %5u %12.1f %12.1f %14.1f\n", (char *) g_ptr_array_index (names, n), steps,
                times[steps - 1], times[steps / 2], max_slice);
      else
        printf ("%-40s %5u %12.1f %12.1f\n", (char *) g_ptr_array_index (names, n), steps,
                times[steps - 1], times[steps / 2]);
    }
  return 0;
}
