/* bench-sqs: (1) one hour of 1,000 messages/s through an SQS queue into a 200 ms function
 * with 5 % errors (3.6 M messages), trace off; (2) a 1,000,000-message backlog at rest:
 * bytes of peak RSS per queued message.
 * Usage: bench-sqs [flow|backlog] */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "lf-scenario.h"
#include "lf-sim.h"

static const char flow_json[] =
  "{\"format\": \"lambdaflow/1\", \"title\": \"bench: SQS 1,000/s, 5 % errors\", \"duration\": \"1h\","
  " \"settings\": {\"account_concurrency\": 1000},"
  " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {\"visibility_timeout\": \"30s\"}},"
  "   {\"id\": \"dlq\", \"type\": \"sqs_queue\"},"
  "   {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"200ms\", \"timeout\": \"5s\"}}],"
  " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {\"batch_size\": 10}},"
  "   {\"id\": \"rd\", \"type\": \"redrive\", \"from\": \"q\", \"to\": \"dlq\", \"props\": {\"max_receive_count\": 5}}],"
  " \"workload\": [{\"id\": \"load\", \"target\": \"q\", \"rate\": \"1000/s\"}],"
  " \"faults\": [{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"probability\": 0.05}]}";

static const char backlog_json[] =
  "{\"format\": \"lambdaflow/1\", \"title\": \"bench: 1,000,000 queued\", \"duration\": \"1s\","
  " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}],"
  " \"workload\": [{\"id\": \"load\", \"target\": \"q\", \"count\": 1000000}]}";

static long
peak_kib (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int
main (int argc, char **argv)
{
  gboolean backlog = argc > 1 && strcmp (argv[1], "backlog") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (backlog ? backlog_json : flow_json, -1, "bench", NULL, &error);
  g_autoptr(LfSim) sim = NULL;
  long before;
  gint64 t0, t1;
  LfMessageCounts c;

  if (s == NULL || (sim = lf_sim_new (s, &error)) == NULL)
    {
      fprintf (stderr, "bench-sqs: %s\n", error->message);
      return 1;
    }
  before = peak_kib ();
  t0 = g_get_monotonic_time ();
  lf_sim_run_until (sim, lf_scenario_get_duration (s), 0);
  t1 = g_get_monotonic_time ();
  lf_sim_count_messages (sim, &c);
  if (backlog)
    printf ("sqs backlog: %" G_GINT64_FORMAT " queued, peak RSS grew %.1f MiB: %.0f bytes per queued message\n",
            lf_sim_node_depth (sim, "q"), (double) (peak_kib () - before) / 1024.0,
            (double) (peak_kib () - before) * 1024.0 / (double) MAX (1, lf_sim_node_depth (sim, "q")));
  else
    printf ("sqs flow: %" G_GUINT64_FORMAT " messages, %" G_GUINT64_FORMAT " events in %.3f s wall "
            "(%.2f M events/s); %" G_GUINT64_FORMAT " lost; peak RSS %.1f MiB\n",
            c.published + c.copies, lf_sim_get_events (sim), (double) (t1 - t0) / 1e6,
            (double) lf_sim_get_events (sim) / ((double) (t1 - t0) / 1e6) / 1e6, c.lost, (double) peak_kib () / 1024.0);
  return c.lost == 0 ? 0 : 1;
}
