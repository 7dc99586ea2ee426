/* bench-sim: simulated events per second on a 1-hour async scenario at 200 events/s with
 * 30 % function errors (retries, a DLQ and an on-failure destination), trace off.
 * Usage: bench-sim [RATE] [DURATION]   (defaults "200/s" and "1h") */
#include <stdio.h>
#include <sys/resource.h>

#include "lf-scenario.h"
#include "lf-sim.h"

static const char scenario_fmt[] =
  "{\"format\": \"lambdaflow/1\", \"title\": \"bench: async at %s, 30%% errors\", \"seed\": 7,"
  " \"duration\": \"%s\","
  " \"nodes\": ["
  "  {\"id\": \"client\", \"type\": \"client\"},"
  "  {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"duration\": {\"dist\": \"uniform\", \"min\": \"50ms\", \"max\": \"300ms\"}}},"
  "  {\"id\": \"dlq\", \"type\": \"sqs_queue\"},"
  "  {\"id\": \"failed\", \"type\": \"sqs_queue\"}],"
  " \"edges\": ["
  "  {\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\", \"props\": {\"invocation_type\": \"Event\"}},"
  "  {\"id\": \"d\", \"type\": \"dlq\", \"from\": \"worker\", \"to\": \"dlq\"},"
  "  {\"id\": \"f\", \"type\": \"on_failure\", \"from\": \"worker\", \"to\": \"failed\"}],"
  " \"workload\": [{\"id\": \"load\", \"target\": \"client\", \"rate\": \"%s\", \"arrival\": \"poisson\"}],"
  " \"faults\": [{\"id\": \"boom\", \"target\": \"worker\", \"kind\": \"error\", \"probability\": 0.3}]}";

int
main (int argc, char **argv)
{
  const char *rate = argc > 1 ? argv[1] : "200/s";
  const char *duration = argc > 2 ? argv[2] : "1h";
  g_autofree char *json = g_strdup_printf (scenario_fmt, rate, duration, rate);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_data (json, -1, "bench", NULL, &error);
  g_autoptr(LfSim) sim = NULL;
  struct rusage ru;
  LfMessageCounts c;
  gint64 t0, t1;

  if (scenario == NULL || (sim = lf_sim_new (scenario, &error)) == NULL)
    {
      fprintf (stderr, "bench-sim: %s\n", error->message);
      return 1;
    }
  t0 = g_get_monotonic_time ();
  lf_sim_run_until (sim, lf_scenario_get_duration (scenario), 0);
  t1 = g_get_monotonic_time ();
  getrusage (RUSAGE_SELF, &ru);
  lf_sim_count_messages (sim, &c);
  printf ("sim: %s for %s: %" G_GUINT64_FORMAT " events in %.3f s: %.2f M events/s; "
          "%" G_GUINT64_FORMAT " messages (%" G_GUINT64_FORMAT " lost); peak RSS %.1f MiB\n",
          rate, duration, lf_sim_get_events (sim), (double) (t1 - t0) / 1e6,
          (double) lf_sim_get_events (sim) / ((double) (t1 - t0) / 1e6) / 1e6,
          c.published + c.copies, c.lost, (double) ru.ru_maxrss / 1024.0);
  return c.lost == 0 ? 0 : 1;
}
