/* bench-scheduler: push+pop pairs per second on the (time, seq) heap with N pending.
 * Usage: bench-scheduler [PENDING] [OPS]   (defaults 100000 and 20000000) */
#include <stdio.h>
#include <stdlib.h>

#include "lf-rng.h"
#include "lf-scheduler.h"

static void
nop (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
}

int
main (int argc, char **argv)
{
  gsize pending = argc > 1 ? strtoul (argv[1], NULL, 10) : 100000;
  gsize ops = argc > 2 ? strtoul (argv[2], NULL, 10) : 20000000;
  LfScheduler s;
  LfRng rng;
  LfEvent ev;
  gint64 t0, t1;
  guint64 check = 0;

  lf_scheduler_init (&s);
  lf_rng_init (&rng, 1, "bench");
  for (gsize i = 0; i < pending; i++)
    lf_scheduler_push (&s, (LfTime) (lf_rng_next (&rng) % LF_SEC (60)), nop, NULL, NULL, 0);
  t0 = g_get_monotonic_time ();
  for (gsize i = 0; i < ops; i++)
    {
      lf_scheduler_pop (&s, &ev);
      check += (guint64) ev.time;
      /* a typical model: the next event 0–10 s after the current one, many ties */
      lf_scheduler_push (&s, ev.time + (LfTime) (lf_rng_next (&rng) % 10000) * 1000, nop, NULL, NULL, 0);
    }
  t1 = g_get_monotonic_time ();
  printf ("scheduler: %zu pending, %zu push+pop pairs in %.3f s: %.2f M pairs/s, %.1f ns per pair (check %" G_GUINT64_FORMAT ")\n",
          pending, ops, (double) (t1 - t0) / 1e6, (double) ops / ((double) (t1 - t0) / 1e6) / 1e6,
          (double) (t1 - t0) * 1e3 / (double) ops, check % 1000);
  lf_scheduler_clear (&s);
  return 0;
}
