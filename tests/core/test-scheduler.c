/* The event list: (time, seq) order, ties in scheduling order (DESIGN.md, STYLE.md §10) */
#include <glib.h>

#include "lf-rng.h"
#include "lf-scheduler.h"

static void
nop (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
}

static void
test_order_and_ties (void)
{
  LfScheduler s;
  LfEvent ev;
  LfTime last_time = -1;
  guint64 last_tag = 0;

  lf_scheduler_init (&s);
  /* tag = the order in which ties must come out */
  for (guint64 i = 1; i <= 1000; i++)
    lf_scheduler_push (&s, (LfTime) ((i * 7919) % 10) * 1000, nop, NULL, NULL, i);
  g_assert_cmpuint (lf_scheduler_size (&s), ==, 1000);
  g_assert_cmpint (lf_scheduler_peek_time (&s), ==, 0);
  while (lf_scheduler_pop (&s, &ev))
    {
      g_assert_cmpint (ev.time, >=, last_time);
      if (ev.time == last_time)
        g_assert_cmpuint (ev.tag, >, last_tag);
      last_time = ev.time;
      last_tag = ev.tag;
    }
  g_assert_cmpint (lf_scheduler_peek_time (&s), ==, LF_TIME_NEVER);
  lf_scheduler_clear (&s);
}

static int
cmp_pair (gconstpointer a, gconstpointer b)
{
  const LfEvent *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Interleaved pushes and pops agree with a sorted reference */
static void
test_against_reference (void)
{
  LfScheduler s;
  LfRng rng;
  g_autoptr(GArray) ref = g_array_new (FALSE, FALSE, sizeof (LfEvent));
  LfEvent ev;

  lf_scheduler_init (&s);
  lf_rng_init (&rng, 99, "sched");
  for (guint round = 0; round < 20000; round++)
    {
      if (lf_rng_double (&rng) < 0.6 || s.len == 0)
        {
          LfTime t = (LfTime) (lf_rng_next (&rng) % 50);
          lf_scheduler_push (&s, t, nop, NULL, NULL, round);
          ev = (LfEvent) { t, s.next_seq - 1, nop, NULL, NULL, round };
          g_array_append_val (ref, ev);
          g_array_sort (ref, cmp_pair);
        }
      else
        {
          LfEvent want = g_array_index (ref, LfEvent, 0);
          g_assert_true (lf_scheduler_pop (&s, &ev));
          g_assert_cmpint (ev.time, ==, want.time);
          g_assert_cmpuint (ev.seq, ==, want.seq);
          g_assert_cmpuint (ev.tag, ==, want.tag);      /* the payload travels with its key */
          g_array_remove_index (ref, 0);
        }
    }
  g_assert_cmpuint (lf_scheduler_size (&s), ==, ref->len);
  lf_scheduler_clear (&s);
}

/* seq is renumbered before it would overflow; ties keep their order through it */
static void
test_renumber (void)
{
  LfScheduler s;
  LfEvent ev;

  lf_scheduler_init (&s);
  for (guint64 i = 1; i <= 50; i++)
    lf_scheduler_push (&s, (LfTime) (i % 3), nop, NULL, NULL, i);
  s.next_seq = (G_GUINT64_CONSTANT (1) << 36) - 10;   /* near the 36-bit limit */
  for (guint64 i = 51; i <= 100; i++)
    lf_scheduler_push (&s, (LfTime) (i % 3), nop, NULL, NULL, i);
  g_assert_cmpuint (s.next_seq, <, 200);               /* renumbered */
  for (LfTime t = 0; t < 3; t++)
    {
      guint64 last = 0;
      for (guint64 i = 1; i <= 100; i++)
        if ((LfTime) (i % 3) == t)
          {
            g_assert_true (lf_scheduler_pop (&s, &ev));
            g_assert_cmpint (ev.time, ==, t);
            g_assert_cmpuint (ev.tag, ==, i);           /* scheduling order within a tie */
            g_assert_cmpuint (ev.tag, >, last);
            last = ev.tag;
          }
    }
  g_assert_false (lf_scheduler_pop (&s, &ev));
  lf_scheduler_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scheduler/order-and-ties", test_order_and_ties);
  g_test_add_func ("/scheduler/against-reference", test_against_reference);
  g_test_add_func ("/scheduler/renumber", test_renumber);
  return g_test_run ();
}
