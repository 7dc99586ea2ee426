/* lambdaflow-sim: the headless command line (spec/cli.md) */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lf-error.h"
#include "lf-events.h"
#include "lf-render.h"
#include "lf-cli.h"
#include "lf-video.h"
#include "lf-scenario.h"
#include "lf-sim.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char usage_text[] =
  "Usage:\n"
  "  lambdaflow-sim run SCENARIO [--duration D] [--seed N] [--set PATH=VALUE]...\n"
  "                              [--trace FILE|-] [--report text|json] [--progress]\n"
  "  lambdaflow-sim validate SCENARIO...\n"
  "  lambdaflow-sim event SOURCE [--set K=V]...\n"
  "  lambdaflow-sim render SCENARIO --at T --output FILE.png|.svg|.pdf [--size WxH] [--seed N]\n"
  "  lambdaflow-sim video SCENARIO --output FILE.webm [--size WxH] [--fps N] [--frames DIR]\n"
  "  lambdaflow-sim --version | --help\n"
  "\n"
  "Runs a Lambda Flow scenario without a display, deterministically.\n"
  "Exit status: 0 ran (or valid), 1 invalid scenario, 2 usage error, 3 I/O error.\n";

static int
usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("lambdaflow-sim: %s\n\n%s", msg, usage_text);
  return EXIT_USAGE;
}

/* Loads FILE; on failure prints why and returns NULL with *status set. */
static LfScenario *
load (const char *file, GPtrArray **problems, int *status)
{
  g_autoptr(GError) error = NULL;
  LfScenario *scenario = lf_scenario_load_from_file (file, problems, &error);

  if (scenario == NULL)
    {
      g_printerr ("lambdaflow-sim: %s\n", error->message);
      *status = g_error_matches (error, LF_ERROR, LF_ERROR_IO) ||
                error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR ? EXIT_IO : EXIT_INVALID;
    }
  return scenario;
}

/* ---- validate --------------------------------------------------------------------- */

static int
cmd_validate (int argc, char **argv)
{
  int status = EXIT_OK;

  if (argc < 1)
    return usage_error ("validate needs at least one scenario file");
  for (int i = 0; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(LfScenario) scenario = NULL;
      int s = EXIT_OK;

      if (argv[i][0] == '-')
        return usage_error ("unknown option “%s”", argv[i]);
      scenario = load (argv[i], &problems, &s);
      if (scenario == NULL)
        {
          status = MAX (status, s);
          continue;
        }
      lf_cli_print_problems (argv[i], problems, TRUE);
      if (lf_problems_have_errors (problems))
        status = MAX (status, EXIT_INVALID);
      else
        g_print ("%s: valid\n", argv[i]);
    }
  return status;
}

/* ---- run -------------------------------------------------------------------------- */

typedef struct {
  const char *file;
  const char *duration;
  const char *seed;
  const char *trace;
  const char *report;
  gboolean    progress;
  GPtrArray  *sets;
} RunOptions;

static int
parse_run_options (int argc, char **argv, RunOptions *o)
{
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      const char **slot = NULL;

      if (g_str_equal (a, "--progress"))
        {
          o->progress = TRUE;
          continue;
        }
      if (g_str_equal (a, "--duration")) slot = &o->duration;
      else if (g_str_equal (a, "--seed")) slot = &o->seed;
      else if (g_str_equal (a, "--trace")) slot = &o->trace;
      else if (g_str_equal (a, "--report")) slot = &o->report;
      else if (g_str_equal (a, "--set"))
        {
          if (i + 1 >= argc)
            return usage_error ("--set needs PATH=VALUE");
          g_ptr_array_add (o->sets, argv[++i]);
          continue;
        }
      else if (a[0] == '-' && a[1] != '\0')
        return usage_error ("unknown option “%s”", a);
      else if (o->file == NULL)
        {
          o->file = a;
          continue;
        }
      else
        return usage_error ("run takes one scenario, not “%s” too", a);
      if (i + 1 >= argc)
        return usage_error ("%s needs a value", a);
      *slot = argv[++i];
    }
  if (o->file == NULL)
    return usage_error ("run needs a scenario file");
  if (o->report && !g_str_equal (o->report, "text") && !g_str_equal (o->report, "json"))
    return usage_error ("--report takes text or json, not “%s”", o->report);
  return EXIT_OK;
}

static int
apply_overrides (LfScenario *scenario, RunOptions *o)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < o->sets->len; i++)
    {
      const char *kv = g_ptr_array_index (o->sets, i);
      const char *eq = strchr (kv, '=');
      g_autofree char *path = NULL;

      if (eq == NULL || eq == kv)
        return usage_error ("--set takes PATH=VALUE, not “%s”", kv);
      path = g_strndup (kv, (gsize) (eq - kv));
      if (!lf_scenario_set (scenario, path, eq + 1, &error))
        return usage_error ("--set %s: %s", kv, error->message);
    }
  if (o->seed)
    {
      guint64 seed;
      if (!g_ascii_string_to_unsigned (o->seed, 10, 0, G_MAXUINT64, &seed, NULL))
        return usage_error ("--seed takes a non-negative integer, not “%s”", o->seed);
      lf_scenario_set_seed (scenario, seed);
    }
  if (o->duration)
    {
      LfTime d;
      if (!lf_time_parse_duration (o->duration, &d, &error) || d < 0)
        return usage_error ("--duration: %s", error ? error->message : "must not be negative");
      lf_scenario_set_duration (scenario, d);
    }
  return EXIT_OK;
}

static void
run_simulation (LfSim *sim, LfTime end, gboolean progress)
{
  gint64 started = g_get_monotonic_time (), last = started;
  LfTime step = MAX (end / 100, LF_SEC (1));

  for (LfTime t = MIN (step, end); ; t = MIN (t + step, end))
    {
      lf_sim_run_until (sim, t, 0);
      if (progress && g_get_monotonic_time () - started > G_USEC_PER_SEC &&
          g_get_monotonic_time () - last > G_USEC_PER_SEC / 4)
        {
          last = g_get_monotonic_time ();
          g_printerr ("\r%5.1f%%  simulated %.0f s of %.0f s, %" G_GUINT64_FORMAT " events",
                      100.0 * (double) t / (double) MAX (end, 1), lf_time_to_seconds (t),
                      lf_time_to_seconds (end), lf_sim_get_events (sim));
        }
      if (t >= end)
        break;
    }
  if (progress && g_get_monotonic_time () - started > G_USEC_PER_SEC)
    g_printerr ("\n");
}

static int
cmd_run (int argc, char **argv)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  RunOptions o = { .sets = sets };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *text = NULL;
  FILE *trace = NULL, *report_out = stdout;
  gint64 started;
  int status;

  if ((status = parse_run_options (argc, argv, &o)) != EXIT_OK)
    return status;
  if ((scenario = load (o.file, &problems, &status)) == NULL)
    return status;
  if ((status = apply_overrides (scenario, &o)) != EXIT_OK)
    return status;
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = lf_scenario_validate (scenario);
  lf_cli_print_problems (o.file, problems, TRUE);
  if (lf_problems_have_errors (problems))
    return EXIT_INVALID;
  if ((sim = lf_sim_new (scenario, &error)) == NULL)
    {
      g_printerr ("lambdaflow-sim: %s: %s\n", o.file, error->message);
      return EXIT_INVALID;
    }
  if (o.trace && g_str_equal (o.trace, "-"))
    trace = stdout, report_out = stderr;
  else if (o.trace && (trace = fopen (o.trace, "w")) == NULL)
    {
      g_printerr ("lambdaflow-sim: cannot write the trace to %s: %s\n", o.trace, g_strerror (errno));
      return EXIT_IO;
    }
  lf_sim_set_trace_stream (sim, trace);
  started = g_get_monotonic_time ();
  run_simulation (sim, lf_scenario_get_duration (scenario), o.progress);
  report = lf_sim_build_report (sim, (double) (g_get_monotonic_time () - started) / 1e3);
  if (trace && trace != stdout && fclose (trace) != 0)
    {
      g_printerr ("lambdaflow-sim: cannot write the trace to %s\n", o.trace);
      return EXIT_IO;
    }
  fflush (stdout);
  if (o.report && g_str_equal (o.report, "json"))
    text = json_to_string (report, TRUE);
  else
    text = lf_sim_report_to_text (sim, report);
  fprintf (report_out, "%s\n", text);
  return EXIT_OK;
}

/* ---- event ------------------------------------------------------------------------ */

static int
cmd_event (int argc, char **argv)
{
  g_autoptr(GHashTable) overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *text = NULL;
  const char *source = NULL;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--set") && i + 1 < argc)
        {
          const char *kv = argv[++i], *eq = strchr (kv, '=');
          if (eq == NULL || eq == kv)
            return usage_error ("--set takes KEY=VALUE, not “%s”", kv);
          g_hash_table_insert (overrides, g_strndup (kv, (gsize) (eq - kv)), g_strdup (eq + 1));
        }
      else if (argv[i][0] == '-')
        return usage_error ("unknown option “%s”", argv[i]);
      else if (source == NULL)
        source = argv[i];
      else
        return usage_error ("event takes one source");
    }
  if (source == NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) lf_event_sources ());
      return usage_error ("event needs a source: %s", list);
    }
  if ((event = lf_event_sample (source, overrides, &error)) == NULL)
    return usage_error ("%s", error->message);
  text = json_to_string (event, TRUE);
  g_print ("%s\n", text);
  return EXIT_OK;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    return usage_error ("a command is needed");
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("lambdaflow-sim %s\n", LF_VERSION);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      g_print ("%s", usage_text);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "run"))
    return cmd_run (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "validate"))
    return cmd_validate (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "event"))
    return cmd_event (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "render"))
    return lf_render_main (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "video"))
    return lf_video_main (argc - 2, argv + 2);
  return usage_error ("unknown command “%s”", argv[1]);
}
