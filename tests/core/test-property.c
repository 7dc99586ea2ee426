/* Property: over 200 seeds with random fault rates on a scenario with all four event
 * sources, FIFO message groups are processed in order [FIFO-2] with at most one in-flight
 * batch per group, a batch possibly holding several groups [FIFO-3], records of one
 * partition key reach the function in sequence order [KIN-1, KIN-3], and no message is
 * lost. */
#include "lf-test-util.h"

#include <string.h>

typedef struct {
  GHashTable *group_of;     /* msg → group number + 1 (payments) */
  GHashTable *key_of;       /* msg → partition key + 1 (clicks) */
  GHashTable *done;         /* msgs deleted, redriven, discarded (payments) */
  GHashTable *delivered;    /* clicks msgs already delivered once */
  GArray     *pending[64];  /* payments: msgs per group, in send order */
  guint32     last_key[256];/* clicks: highest first delivery per key */
  guint       in_flight[64];/* payments: invocations out per group */
  GHashTable *req_groups;   /* payment-worker request → guint64* mask of its groups */
  guint       checks;
  guint       mixed;        /* payment-worker invocations holding more than one group */
  char       *failure;
} Check;

static void
fail (Check *c, char *text)
{
  if (c->failure == NULL)
    c->failure = text;
  else
    g_free (text);
}

static gint
num_after_dash (const char *s)
{
  const char *d = s ? strrchr (s, '-') : NULL;
  return d ? atoi (d + 1) : 0;
}

static void
check_fifo_start (Check *c, const LfRecord *r)
{
  for (guint i = 0; i < r->n_msgs; i++)
    {
      guint g = GPOINTER_TO_UINT (g_hash_table_lookup (c->group_of, GUINT_TO_POINTER (r->msgs[i])));
      GArray *order = g && g < 64 ? c->pending[g] : NULL;
      if (order == NULL)
        continue;
      /* every earlier message of the group is done or in this very batch, before it */
      for (guint j = 0; j < order->len; j++)
        {
          guint32 earlier = g_array_index (order, guint32, j);
          gboolean in_batch = FALSE;
          if (earlier == r->msgs[i])
            break;
          for (guint k = 0; k < i; k++)
            in_batch |= r->msgs[k] == earlier;
          if (!in_batch && !g_hash_table_contains (c->done, GUINT_TO_POINTER (earlier)))
            fail (c, g_strdup_printf ("t=%" G_GINT64_FORMAT ": m%u of group %u invoked before m%u was done",
                                      r->t, r->msgs[i], g, earlier));
        }
      c->checks++;
    }
}

/* FIFO-3: at most one in-flight batch per group (a batch may hold several) */
static void
check_fifo_in_flight (Check *c, const LfRecord *r)
{
  guint64 mask = 0, *held;

  for (guint i = 0; i < r->n_msgs; i++)
    {
      guint g = GPOINTER_TO_UINT (g_hash_table_lookup (c->group_of, GUINT_TO_POINTER (r->msgs[i])));
      if (g > 0 && g < 64)
        mask |= G_GUINT64_CONSTANT (1) << g;
    }
  for (guint g = 1; g < 64; g++)
    if (mask & (G_GUINT64_CONSTANT (1) << g))
      {
        if (c->in_flight[g] > 0)
          fail (c, g_strdup_printf ("t=%" G_GINT64_FORMAT ": a second batch of group %u in flight (request %u)",
                                    r->t, g, r->request));
        c->in_flight[g]++;
      }
  if (mask & (mask - 1))
    c->mixed++;
  held = g_new (guint64, 1);
  *held = mask;
  g_hash_table_insert (c->req_groups, GUINT_TO_POINTER (r->request), held);
}

static void
check_fifo_end (Check *c, const LfRecord *r)
{
  guint64 *held = g_hash_table_lookup (c->req_groups, GUINT_TO_POINTER (r->request));

  if (held == NULL)
    return;
  for (guint g = 1; g < 64; g++)
    if (*held & (G_GUINT64_CONSTANT (1) << g))
      c->in_flight[g]--;
  g_hash_table_remove (c->req_groups, GUINT_TO_POINTER (r->request));
}

static void
check_stream_start (Check *c, const LfRecord *r)
{
  for (guint i = 0; i < r->n_msgs; i++)
    {
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (c->key_of, GUINT_TO_POINTER (r->msgs[i])));
      if (k == 0 || k >= 256 || g_hash_table_contains (c->delivered, GUINT_TO_POINTER (r->msgs[i])))
        continue;
      g_hash_table_add (c->delivered, GUINT_TO_POINTER (r->msgs[i]));
      if (r->msgs[i] < c->last_key[k])
        fail (c, g_strdup_printf ("t=%" G_GINT64_FORMAT ": m%u of key %u first delivered after m%u",
                                  r->t, r->msgs[i], k, c->last_key[k]));
      c->last_key[k] = MAX (c->last_key[k], r->msgs[i]);
      c->checks++;
    }
}

static void
on_record (const LfRecord *r, gpointer data)
{
  Check *c = data;

  if (r->kind == LF_REC_ENQUEUE && g_strcmp0 (r->node, "payments") == 0)
    {
      guint g = (guint) num_after_dash (r->group);
      g_hash_table_insert (c->group_of, GUINT_TO_POINTER (r->msg), GUINT_TO_POINTER (g));
      if (g < 64)
        {
          if (c->pending[g] == NULL)
            c->pending[g] = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_val (c->pending[g], r->msg);
        }
    }
  else if (r->kind == LF_REC_ENQUEUE && g_strcmp0 (r->node, "clicks") == 0)
    g_hash_table_insert (c->key_of, GUINT_TO_POINTER (r->msg), GUINT_TO_POINTER (num_after_dash (r->partition_key)));
  else if ((r->kind == LF_REC_DELETE && g_strcmp0 (r->node, "payments") == 0) ||
           (r->kind == LF_REC_REDRIVE && g_strcmp0 (r->from, "payments") == 0))
    g_hash_table_add (c->done, GUINT_TO_POINTER (r->msg));
  else if (r->kind == LF_REC_DISCARD)
    for (guint i = 0; i < r->n_msgs; i++)
      g_hash_table_add (c->done, GUINT_TO_POINTER (r->msgs[i]));
  else if (r->kind == LF_REC_INVOKE_START && g_strcmp0 (r->node, "payment-worker") == 0)
    {
      check_fifo_start (c, r);
      check_fifo_in_flight (c, r);
    }
  else if (r->kind == LF_REC_INVOKE_END && g_strcmp0 (r->node, "payment-worker") == 0)
    check_fifo_end (c, r);
  else if (r->kind == LF_REC_INVOKE_START && g_strcmp0 (r->node, "click-worker") == 0)
    check_stream_start (c, r);
}

static void
set_number (LfScenario *s, const char *path, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GError) error = NULL;

  g_ascii_dtostr (buf, sizeof buf, v);
  g_assert_true (lf_scenario_set (s, path, buf, &error));
  g_assert_no_error (error);
}

/* over `seeds` seeds; shallow: 40 payment groups read by at most 2 batches at once, so
 * that groups hold fewer messages than the batch size and batches mix them [FIFO-3] */
static void
order_over_seeds (guint seeds, gboolean shallow)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", "all-sources.lflow.json", NULL);
  g_autoptr(LfScenario) s = lf_scenario_load_from_file (path, NULL, NULL);
  const char *faults[] = { "order-errors", "payment-errors", "click-errors", "click-throttles", "cart-errors" };
  guint total = 0, mixed = 0;

  g_assert_nonnull (s);
  lf_scenario_set_duration (s, LF_MINUTE (3));
  if (shallow)
    {
      set_number (s, "payment-flow.message_groups", 40);
      set_number (s, "payments-esm.maximum_concurrency", 2);
    }
  for (guint seed = 1; seed <= seeds; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(LfSim) sim = NULL;
      Check c = { 0 };

      lf_scenario_set_seed (s, seed);
      for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
        {
          g_autofree char *p = g_strdup_printf ("%s.probability", faults[i]);
          set_number (s, p, g_rand_double_range (rand, 0.0, 0.5));
        }
      c.group_of = g_hash_table_new (NULL, NULL);
      c.key_of = g_hash_table_new (NULL, NULL);
      c.done = g_hash_table_new (NULL, NULL);
      c.delivered = g_hash_table_new (NULL, NULL);
      c.req_groups = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      sim = lf_sim_new (s, NULL);
      g_assert_nonnull (sim);
      lf_sim_add_trace_func (sim, on_record, &c);
      lf_sim_run_until (sim, lf_scenario_get_duration (s), 0);
      lf_test_assert_conserved (sim);
      if (c.failure)
        g_error ("seed %u: %s", seed, c.failure);
      total += c.checks;
      mixed += c.mixed;
      g_hash_table_unref (c.group_of);
      g_hash_table_unref (c.key_of);
      g_hash_table_unref (c.done);
      g_hash_table_unref (c.delivered);
      g_hash_table_unref (c.req_groups);
      for (guint g = 0; g < 64; g++)
        g_clear_pointer (&c.pending[g], g_array_unref);
    }
  g_assert_cmpuint (total, >, seeds * 100);
  if (shallow)
    g_assert_cmpuint (mixed, >, seeds * 10);   /* the property was tried on mixed batches */
}

static void
test_order_over_seeds (void)
{
  order_over_seeds (200, FALSE);
}

/* The same over 100 seeds with 40 message groups and MaximumConcurrency 2: most groups are
 * shallower than the batch size, so batches mix groups; each group still has at most one
 * batch in flight and keeps its order, and nothing is lost [FIFO-2, FIFO-3, FIFO-5]. */
static void
test_mixed_batches_over_seeds (void)
{
  order_over_seeds (100, TRUE);
}

/* The same over 50 seeds with live changes every 30 s [lf_sim_set]: the click mapping's
 * ParallelizationFactor (1–10) and tumbling window (none or 10–60 s), the payment queue's
 * visibility timeout, retention and max_receive_count, the order queue's visibility
 * timeout and retention: order still holds [FIFO-2, KIN-3,
 * STREAM-8, SQS-4, SQS-11] and no message is lost. */
static void
test_live_changes_over_seeds (void)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", "all-sources.lflow.json", NULL);
  g_autoptr(LfScenario) s = lf_scenario_load_from_file (path, NULL, NULL);
  guint total = 0, changes = 0;

  g_assert_nonnull (s);
  lf_scenario_set_duration (s, LF_MINUTE (3));
  for (guint seed = 1; seed <= 50; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed + 1000);
      g_autoptr(LfSim) sim = NULL;
      Check c = { 0 };

      lf_scenario_set_seed (s, seed);
      c.group_of = g_hash_table_new (NULL, NULL);
      c.key_of = g_hash_table_new (NULL, NULL);
      c.done = g_hash_table_new (NULL, NULL);
      c.delivered = g_hash_table_new (NULL, NULL);
      c.req_groups = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      sim = lf_sim_new (s, NULL);
      g_assert_nonnull (sim);
      lf_sim_add_trace_func (sim, on_record, &c);
      for (guint k = 1; k <= 6; k++)
        {
          g_autofree char *pf = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 11));
          g_autofree char *tw = g_strdup_printf ("\"%ds\"", g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 10, 61));
          g_autofree char *vt = g_strdup_printf ("\"%ds\"", g_rand_int_range (rand, 3, 61));
          g_autofree char *ret = g_strdup_printf ("\"%ds\"", g_rand_int_range (rand, 60, 601));
          g_autofree char *mrc = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 6));
          g_autofree char *ovt = g_strdup_printf ("\"%ds\"", g_rand_int_range (rand, 3, 61));
          g_autofree char *oret = g_strdup_printf ("\"%ds\"", g_rand_int_range (rand, 60, 601));
          const char *paths[] = { "clicks-esm.parallelization_factor", "clicks-esm.tumbling_window",
                                  "payments.visibility_timeout", "payments.retention",
                                  "payments-redrive.max_receive_count",
                                  "orders.visibility_timeout", "orders.retention" };
          const char *values[] = { pf, tw, vt, ret, mrc, ovt, oret };

          lf_sim_run_until (sim, LF_SEC (30) * k, 0);
          for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
            {
              g_autoptr(GError) error = NULL;
              g_assert_true (lf_sim_set (sim, paths[i], values[i], &error));
              g_assert_no_error (error);
              changes++;
            }
        }
      lf_sim_run_until (sim, LF_MINUTE (5), 0);
      lf_test_assert_conserved (sim);
      if (c.failure)
        g_error ("seed %u: %s", seed, c.failure);
      total += c.checks;
      g_hash_table_unref (c.group_of);
      g_hash_table_unref (c.key_of);
      g_hash_table_unref (c.done);
      g_hash_table_unref (c.delivered);
      g_hash_table_unref (c.req_groups);
      for (guint g = 0; g < 64; g++)
        g_clear_pointer (&c.pending[g], g_array_unref);
    }
  g_assert_cmpuint (changes, ==, 50 * 6 * 7);
  g_assert_cmpuint (total, >, 50 * 100);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/property/order-over-200-seeds/FIFO-2/FIFO-3/KIN-3", test_order_over_seeds);
  g_test_add_func ("/property/mixed-fifo-batches-over-100-seeds/FIFO-2/FIFO-3/FIFO-5", test_mixed_batches_over_seeds);
  g_test_add_func ("/property/live-changes-over-50-seeds/KIN-3/STREAM-8/SQS-11", test_live_changes_over_seeds);
  return g_test_run ();
}
